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
    from schools.models import School
    from symphony.portal.demo import seed_demo_trust

    if not School.objects.exists():
        seed_demo_trust()
    return live_server


def login(page, live_server, email, password="symphony-demo"):
    """Sign in through the real login page, and through the second step (schools.mfa) as
    the person would with their authenticator app: set it up on the first sign-in of a
    role that needs it, or enter the app's current code."""
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(password)
    # Wait for the page the form leads to, not the login page's own load event.
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    if "/accounts/mfa/setup/" in page.url:
        set_up_mfa(page)
        with page.expect_navigation():
            page.get_by_role("link", name="I have kept them: continue").click()
    elif "/accounts/mfa/" in page.url:
        enter_code(page, current_code(email))


def set_up_mfa(page) -> list[str]:
    """On the set-up page: add the shown key to "the app", enter its code; returns the
    recovery codes shown."""
    from base64 import b32decode

    from django_otp.oath import totp

    key = page.locator("#mfa-key").inner_text().replace(" ", "")
    page.get_by_role("textbox", name="Code").fill(f"{totp(b32decode(key)):06d}")
    with page.expect_navigation():
        page.get_by_role("button", name="Turn on two-step sign-in").click()
    return page.locator("#recovery-codes li").all_inner_texts()


def current_code(email) -> str:
    """The code the person's app shows now (one time step on if this one was used)."""
    import time

    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.get(user__email=email, confirmed=True)
    clock = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    clock.time = time.time()
    if clock.t() <= device.last_t:  # the server refuses a code twice: use the next one
        clock.time += device.step * (device.last_t - clock.t() + 1)
    return f"{clock.token():0{device.digits}d}"


def enter_code(page, code):
    page.get_by_role("textbox", name="Code").fill(code)
    with page.expect_navigation():
        page.get_by_role("button", name="Continue").click()
    page.wait_for_load_state()


def assert_accessible(page, *, fits=True):
    """Inject axe-core (vendored from npm) and fail on any serious or critical violation;
    then check the page reflows (WCAG 1.4.10: no scrolling sideways) at a laptop's and a
    tablet's width (``assert_fits``), so every page a flow checks is checked for both."""
    # Evaluated through the DevTools protocol, so the page's strict CSP stays on.
    page.evaluate(AXE.read_text(encoding="utf-8"))
    results = page.evaluate("async () => await axe.run(document)")
    serious = [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in results["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert not serious, "\n".join(serious)
    if fits:
        assert_fits(page)


# A laptop (1366 x 768) and a tablet held upright (820 x 1180): every page fits both.
SIZES = ((1366, 768), (820, 1180))
# null when the page fits; else its width and the first few elements that stick out.
_OVERFLOW = """() => {
  const width = window.innerWidth;
  const wide = document.documentElement.scrollWidth;
  if (wide <= width) return null;
  const name = (e) => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "")
    + (typeof e.className === "string" && e.className.trim()
       ? "." + e.className.trim().split(/\\s+/).join(".") : "");
  const out = [...document.querySelectorAll("main *, header *, footer *")]
    .filter((e) => e.getBoundingClientRect().right > width + 0.5).slice(0, 6).map(name);
  return {wide, out};
}"""


def assert_fits(page, *, sizes=SIZES, axe=False):
    """The page does not scroll sideways (``document.documentElement.scrollWidth <=
    window.innerWidth``) at a laptop's and a tablet's width, and with ``axe`` passes axe at
    each; the viewport is put back as it was."""
    original = page.viewport_size
    try:
        for width, height in sizes:
            page.set_viewport_size({"width": width, "height": height})
            found = page.evaluate(_OVERFLOW)
            assert found is None, (
                f"{page.url} scrolls sideways at {width} px: {found['wide']} px wide; "
                f"sticking out: {found['out']}"
            )
            if axe:
                assert_accessible(page, fits=False)
    finally:
        if original:
            page.set_viewport_size(original)


def visit(page, url, **check):
    """Go to ``url`` and check it fits (``assert_fits``): the one way browser tests open a
    page."""
    page.goto(url)
    page.wait_for_load_state()
    assert_fits(page, **check)
    return page
