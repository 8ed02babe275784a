from tests.categorisation.conftest import decide, meeting  # noqa: F401
