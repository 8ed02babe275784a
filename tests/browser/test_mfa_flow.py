"""Two-step sign-in end to end: the DoP's first sign-in sets up an authenticator app and
shows the recovery codes; the next sign-in asks for a code, and a recovery code works
once."""

from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, current_code, enter_code, set_up_mfa


def sign_in_with_password(page, live, email):
    page.goto(f"{live.url}/accounts/login/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill("symphony-demo")
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()


def sign_out(page):
    page.get_by_role("button", name="Account").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Sign out").click()


def test_the_dop_sets_up_two_step_sign_in_and_uses_it(page, live):
    sign_in_with_password(page, live, "dop@example.org")
    # The DoP reaches the whole trust's records: no page opens before the second step.
    expect(page).to_have_url(f"{live.url}/accounts/mfa/setup/?next=/")
    page.goto(f"{live.url}/categorisation/")
    expect(page.get_by_role("heading", name="Set up two-step sign-in")).to_be_visible()
    expect(page.get_by_role("img", name="QR code for your authenticator app")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("textbox", name="Code").fill("000000")
    page.get_by_role("button", name="Turn on two-step sign-in").click()
    expect(page.get_by_text("That code did not match")).to_be_visible()
    page.wait_for_timeout(1500)  # django-otp makes a wrong code wait a second before the next
    codes = set_up_mfa(page)
    assert len(codes) == 10
    assert_accessible(page)
    page.get_by_role("link", name="I have kept them: continue").click()
    # On to the page first asked for.
    expect(page.get_by_role("heading", name="Categorisation", exact=True)).to_be_visible()
    sign_out(page)

    # The next sign-in asks for the app's code.
    sign_in_with_password(page, live, "dop@example.org")
    expect(page.get_by_role("heading", name="Two-step sign-in")).to_be_visible()
    assert_accessible(page)
    enter_code(page, current_code("dop@example.org"))
    expect(page.get_by_role("heading", name="Trust dashboard")).to_be_visible()
    sign_out(page)

    # A recovery code works once.
    sign_in_with_password(page, live, "dop@example.org")
    enter_code(page, codes[0])
    expect(page.get_by_role("status").filter(has_text="recovery code")).to_contain_text(
        "You used a recovery code; 9 left"
    )
    sign_out(page)
    sign_in_with_password(page, live, "dop@example.org")
    page.get_by_role("textbox", name="Code").fill(codes[0])
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text("That code did not work")).to_be_visible()


def test_a_headteacher_signs_in_without_a_second_step(page, live):
    sign_in_with_password(page, live, "head.glenhills@example.org")
    expect(page).to_have_url(f"{live.url}/")
