"""bandit (static security analysis) finds nothing of medium or high severity in the
portal's code, and every finding silenced with ``# nosec`` names the check and says why."""

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
APPS = ["symphony", "schools", "categorisation", "reviews", "governance", "finance"]
BANDIT = Path(sys.executable).parent / "bandit"
# "# nosec B608: the table name is a constant" - the check's id, a colon and a reason.
JUSTIFIED = re.compile(r"#\s*nosec\s+B\d{3}(?:\s*,\s*B\d{3})*\s*:\s*\S.{4,}")


@pytest.fixture(scope="module")
def report():
    if not BANDIT.exists():
        pytest.fail(f"bandit is not installed in the virtualenv ({BANDIT}): pip install -e .[dev]")
    result = subprocess.run(
        [
            str(BANDIT),
            "-r",
            *APPS,
            "-x",
            "*/migrations/*,*/tests/*",
            "-f",
            "json",
            "-q",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode in (0, 1), result.stderr  # 1: findings (judged below)
    return json.loads(result.stdout)


def test_no_medium_or_high_finding(report):
    serious = [
        f"{r['filename']}:{r['line_number']} {r['test_id']} {r['issue_severity']}: "
        f"{r['issue_text']}"
        for r in report["results"]
        if r["issue_severity"] in ("MEDIUM", "HIGH")
    ]
    assert serious == []
    assert not report["errors"], report["errors"]
    assert report["metrics"]["_totals"]["loc"] > 10_000  # it really read the portal


def test_every_nosec_names_its_check_and_a_reason():
    unjustified = []
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts or "tests" in path.parts:
                continue
            for number, line in enumerate(path.read_text().splitlines(), start=1):
                if "nosec" in line and not JUSTIFIED.search(line):
                    unjustified.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert unjustified == []
