"""Browser tests: Playwright drives Debian's Chromium against ``live_server``.

Where no Chromium is installed they skip and say why; in CI (``CI=true``) or with
``SYMPHONY_REQUIRE_BROWSER=1`` a missing browser fails the run instead, so a skipped
browser test is never counted as passing there.
"""

import os
import shutil
from pathlib import Path

import pytest

# live_server with Playwright's sync API runs Django's ORM beside an event loop.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
AXE = Path(__file__).resolve().parent.parent / "vendor" / "axe-core" / "axe.min.js"
REQUIRED = (
    os.environ.get("CI", "").lower() == "true" or os.environ.get("SYMPHONY_REQUIRE_BROWSER") == "1"
)


@pytest.fixture(autouse=True)
def _chromium_present():
    if Path(CHROMIUM).exists():
        return
    message = f"no Chromium at {CHROMIUM} (apt-get install -y chromium)"
    if REQUIRED:
        pytest.fail(f"browser tests must run here: {message}")
    pytest.skip(f"browser test skipped: {message}")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # Bootstrap honours reduced motion: menus open at once instead of sliding, so a click
    # never lands on a link that is still moving.
    return {**browser_context_args, "reduced_motion": "reduce"}


@pytest.fixture
def live(live_server, transactional_db):
    """The live server with the demo trust loaded (transactional tests empty the tables)."""
    from schools.demo import seed_demo_trust
    from schools.models import School

    if not School.objects.exists():
        seed_demo_trust()
    return live_server


def login(page, live_server, email, password="symphony-demo"):
    """Sign in through the real login page."""
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(password)
    # Wait for the page the form leads to, not the login page's own load event.
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def assert_accessible(page):
    """Inject axe-core (vendored from npm) and fail on any serious or critical violation."""
    # Evaluated through the DevTools protocol, so the page's strict CSP stays on.
    page.evaluate(AXE.read_text(encoding="utf-8"))
    results = page.evaluate("async () => await axe.run(document)")
    serious = [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in results["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert not serious, "\n".join(serious)
