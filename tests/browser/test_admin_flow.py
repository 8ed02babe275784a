"""The admin site as the central team meets it, in the browser: it maintains reference
records and cannot rewrite a governed record or raise anyone's privileges; every change it
makes is on the audit trail, field by field, for the CEO to read."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, login, visit

pytestmark = pytest.mark.browser


def _published_review():
    from reviews.models import PeerReview

    return PeerReview.objects.filter(status=PeerReview.Status.PUBLISHED).first()


def test_the_cfo_maintains_a_school_but_cannot_rewrite_a_review_or_raise_a_role(live, page):
    from schools.models import School, User

    login(page, live, "cfo@example.org")

    # A published, moderated review is shown to be read, not changed.
    review = _published_review()
    visit(page, f"{live.url}/admin/reviews/peerreview/{review.pk}/change/")
    expect(page.get_by_role("heading", level=2).first).to_be_visible()
    assert page.locator("input[name=_save]").count() == 0
    assert page.locator("select[name=overall_outcome]").count() == 0

    # Their own account: the role and admin access cannot be set by them.
    cfo = User.objects.get(email="cfo@example.org")
    visit(page, f"{live.url}/admin/schools/user/{cfo.pk}/change/")
    assert page.locator("select[name=role]").count() == 0
    assert page.locator("input[name=is_superuser]").count() == 0
    assert page.locator("input[name=_save]").count() == 0

    # A school's details are the central team's to keep.
    school = School.objects.get(name__startswith="Fairfield")
    visit(page, f"{live.url}/admin/schools/school/{school.pk}/change/")
    page.locator("input[name=lgb_chair]").fill("Dr Ada Bright")
    with page.expect_navigation():
        page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    school.refresh_from_db()
    assert school.lgb_chair == "Dr Ada Bright"

    # The CEO reads that change on the audit trail: who, the field, from what to what.
    page.context.clear_cookies()
    login(page, live, "ceo@example.org")
    visit(page, f"{live.url}/audit/?who=cfo%40example.org")
    row = page.locator("tbody tr").filter(has_text="Dr Ada Bright").first
    expect(row).to_contain_text("cfo@example.org")
    expect(row).to_contain_text(re.compile("chair of the local governing body", re.I))
    assert_accessible(page)
