"""The DoP invites a reviewer from outside the trust from the review page; the team lists
them with their organisation and the review counts them (accessible pages throughout)."""

from playwright.sync_api import expect

from reviews.models import PeerReview
from schools.models import User
from tests.browser.conftest import assert_accessible, login


def test_dop_invites_an_external_reviewer(page, live):
    review = PeerReview.objects.get(school__name="Old Mill", status="priorities_agreed")
    login(page, live, "dop@example.org")
    page.goto(f"{live}/reviews/{review.pk}/")
    page.get_by_role("link", name="Invite a reviewer from outside the trust").click()
    assert_accessible(page)
    page.get_by_label("Full name").fill("Olu Outside")
    page.get_by_label("E-mail address").fill("olu@inspiring.example")
    page.get_by_label("Organisation").fill("Inspiring Leaders")
    page.get_by_role("button", name="Send the invitation").click()
    expect(page.get_by_role("status")).to_contain_text("joined the review team")
    expect(page.get_by_text("external reviewer, Inspiring Leaders")).to_be_visible()
    expect(page.locator("#external-count")).to_contain_text("1")
    assert_accessible(page)
    assert User.objects.get(email="olu@inspiring.example").is_external
