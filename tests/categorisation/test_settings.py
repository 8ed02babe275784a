"""The categorisation settings refuse a value they do not know, by name, at start-up."""

import os
import subprocess
import sys

import pytest


def _start(**env):
    return subprocess.run(
        [sys.executable, "-c", "import symphony.settings.test"],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    ("name", "value", "ok"),
    [
        ("SYMPHONY_START_OF_YEAR_DEADLINE", "first_meeting", True),
        ("SYMPHONY_START_OF_YEAR_DEADLINE", "10-31", True),
        ("SYMPHONY_START_OF_YEAR_DEADLINE", "02-29", True),
        ("SYMPHONY_START_OF_YEAR_DEADLINE", "02-30", False),
        ("SYMPHONY_START_OF_YEAR_DEADLINE", "31 October", False),
        ("SYMPHONY_CAPACITY_READING", "category_1", True),
        ("SYMPHONY_CAPACITY_READING", "ofsted_good", True),
        ("SYMPHONY_CAPACITY_READING", "good", False),
    ],
)
def test_a_setting_outside_its_values_stops_the_start_with_its_name(name, value, ok):
    started = _start(**{name: value})
    assert (started.returncode == 0) is ok, started.stderr
    if not ok:
        assert f"ImproperlyConfigured: {name} must be" in started.stderr
