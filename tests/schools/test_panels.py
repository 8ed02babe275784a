"""The school page shows the panels the apps register (``schools.panels``), in order, and
only what each panel gives the user."""

import pytest
from django.urls import reverse

from schools import panels


def test_the_apps_register_their_panels():
    # history: the CEO's view of the changes made to the school's records in the admin site
    assert [p.name for p in panels.panels(panels.SIDE)] == ["category", "lgb", "history"]
    assert [p.name for p in panels.panels(panels.MAIN)] == ["reviews"]


@pytest.fixture
def extra_panel(monkeypatch, tmp_path, settings):
    (tmp_path / "extra.html").write_text("<p id='extra'>Extra for {{ who }}</p>")
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], tmp_path]}
    ]

    def context(request, school):
        return None if request.user.role == "trustee" else {"who": school.name}

    panel = panels.Panel("extra", panels.SIDE, 15, "extra.html", context)
    monkeypatch.setitem(panels._PANELS, "extra", panel)


def test_a_registered_panel_is_drawn_on_the_school_page(extra_panel, client_for, school):
    url = reverse("schools:detail", args=[school("Glen Hills").pk])
    body = client_for("ceo").get(url).content.decode()
    assert "<p id='extra'>Extra for Glen Hills</p>" in body
    # between the category panel (10) and the LGB panel (20)
    assert body.index("id='extra'") < body.index("Local Governing Body")


def test_a_panel_that_gives_nothing_shows_nothing(extra_panel, client_for, school):
    url = reverse("schools:detail", args=[school("Glen Hills").pk])
    assert "id='extra'" not in client_for("trustee").get(url).content.decode()
