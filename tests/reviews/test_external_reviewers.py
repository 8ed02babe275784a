"""Reviewers from outside the trust (Trust Self-Evaluation 2025: "ensure that external
members join peer reviews to build in further QA"): the DoP's invitation, the account it
makes (external, never linked to a school), the e-mail with the link to choose a password,
two-step sign-in, and what they may open: their one review and its school, from the day the
team is named to the last day of the team's window, and nothing else."""

import datetime
import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import transaction
from django.forms.models import model_to_dict
from django.test import Client
from django.utils import timezone

from reviews import selectors
from reviews.models import PeerReview
from reviews.services import external_reviewers as invitations
from schools import mfa
from schools.admin import EmailUserChangeForm
from schools.models import AuditEvent, Role, User
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db

INVITE = {
    "full_name": "Ann <b>Outside</b>",
    "email": "Ann.Outside@Inspiring.example",
    "organisation": "Inspiring Leaders & Co",
}


@pytest.fixture
def planned(review_at, tdg):
    return review_at("planned", school_name="Foxton", team=[tdg])


def _invite(client_for, review, captured, **changes):
    with captured(execute=True):
        return client_for("dop").post(f"/reviews/{review.pk}/team/invite/", {**INVITE, **changes})


def test_the_dop_invites_someone_from_outside_the_trust(
    client_for, planned, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    response = _invite(client_for, planned, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    user = User.objects.get(email="ann.outside@inspiring.example")
    assert user.role == Role.EXTERNAL_REVIEWER and user.is_external
    assert user.organisation == "Inspiring Leaders & Co"
    assert not user.has_usable_password() and not user.schools.exists()
    assert planned.team.filter(user=user, is_lead=False).exists()
    event = AuditEvent.objects.filter(record_type="reviews.reviewteammember").latest("pk")
    assert "from outside the trust" in event.detail and event.user.email == "dop@example.org"
    # The invitation: one e-mail, names escaped in its HTML part, a link to set a password.
    (message,) = mail.outbox
    assert message.to == [user.email]
    html = message.alternatives[0][0]
    assert "Ann &lt;b&gt;Outside&lt;/b&gt;" in html and "<b>Outside" not in html
    assert "Inspiring Leaders &amp; Co" in html
    link = re.search(r"https?://\S+/accounts/reset/\S+/", message.body).group(0)
    # The link lets them choose their own password.
    visitor = Client()
    form_page = visitor.get(urlsplit(link).path, follow=True)
    assert form_page.status_code == 200 and "new_password1" in form_page.content.decode()
    done = visitor.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "a long outside pass 42", "new_password2": "a long outside pass 42"},
    )
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password("a long outside pass 42")
    # The review page counts them.
    page = client_for("dop").get(f"/reviews/{planned.pk}/").content.decode()
    assert "Reviewers from outside the trust: <strong>1</strong>" in page
    assert "external reviewer, Inspiring Leaders &amp; Co" in page


def test_inviting_the_same_address_again_reuses_the_account(
    client_for, planned, review_at, django_capture_on_commit_callbacks, this_year
):
    _invite(client_for, planned, django_capture_on_commit_callbacks)
    other = review_at("planned", school_name="Old Mill", team=[])
    _invite(client_for, other, django_capture_on_commit_callbacks, organisation="Another Trust")
    assert User.objects.filter(role=Role.EXTERNAL_REVIEWER, email__startswith="ann.").count() == 1
    user = User.objects.get(email="ann.outside@inspiring.example")
    assert other.team.filter(user=user).exists() and planned.team.filter(user=user).exists()
    # Counted once across the year's reviews, for the trust's self-evaluation.
    assert selectors.external_reviewer_count(this_year) == 1


def test_the_years_count_of_external_reviewers(planned, this_year, cast):
    assert selectors.external_reviewer_count(this_year) == 0
    for n in range(2):
        invitations.invite_external_reviewer(
            review=planned,
            full_name=f"Reviewer {n}",
            email=f"r{n}@other-trust.example",
            organisation="Other Trust",
            by=cast["dop"],
        )
    assert selectors.external_reviewer_count(this_year) == 2
    last_year = this_year.__class__.objects.get(start_year=this_year.start_year - 1)
    assert selectors.external_reviewer_count(last_year) == 0


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"email": "head.glenhills@example.org"}, "email", "is a trust account (headteacher)"),
        ({"organisation": "  "}, "organisation", "Give the reviewer's organisation"),
        ({"email": "not-an-address"}, "email", "Enter the reviewer's e-mail address"),
    ],
)
def test_a_bad_invitation_says_why_and_saves_nothing(planned, cast, changes, field, words):
    team = planned.team.count()
    users = User.objects.count()
    with pytest.raises(ValidationError) as refused:
        invitations.invite_external_reviewer(
            review=planned, by=cast["dop"], **{**INVITE, **changes}
        )
    assert any(words in m for m in refused.value.message_dict[field])
    assert planned.team.count() == team and User.objects.count() == users


def test_the_invitation_page_shows_the_refusal_on_its_field(client_for, planned):
    response = client_for("dop").post(
        f"/reviews/{planned.pk}/team/invite/", {**INVITE, "email": "head.glenhills@example.org"}
    )
    assert response.status_code == 200
    assert "is a trust account (headteacher)" in response.content.decode()


@pytest.mark.parametrize("role", ["head", "reviewer", "trustee", "cfo"])
def test_only_the_ceo_and_dop_invite(client_for, planned, role):
    response = client_for(role).post(f"/reviews/{planned.pk}/team/invite/", INVITE)
    assert response.status_code in (403, 404)
    assert not User.objects.filter(email="ann.outside@inspiring.example").exists()


@pytest.fixture
def external(planned, cast):
    return invitations.invite_external_reviewer(review=planned, by=cast["dop"], **INVITE).user


def test_no_trust_school_can_ever_be_linked(external, school):
    foxton, glen_hills = school("Foxton"), school("Glen Hills")
    refused = pytest.raises(ValidationError, match="no trust school can be linked")
    with refused, transaction.atomic():
        external.schools.add(foxton)
    with refused, transaction.atomic():
        glen_hills.people.add(external)  # from the school's side too
    assert not external.schools.exists()
    external.pending_schools = [school("Foxton")]
    with pytest.raises(ValidationError) as refused:
        external.full_clean()
    assert "schools" in refused.value.message_dict


def test_the_admin_refuses_a_school_for_an_external_reviewer(external, school):
    data = model_to_dict(external, exclude=["password", "last_login"])
    data["date_joined"] = external.date_joined.strftime("%Y-%m-%d %H:%M:%S")
    data["schools"] = [school("Foxton").pk]
    form = EmailUserChangeForm(data, instance=external)
    assert not form.is_valid()
    assert "no trust school can be linked" in " ".join(form.errors["schools"])
    data["schools"] = []
    assert EmailUserChangeForm(data, instance=User.objects.get(pk=external.pk)).is_valid()


def test_two_step_sign_in_is_required_of_them(external, settings):
    assert "external_reviewer" in settings.SYMPHONY_MFA_REQUIRED_ROLES
    assert mfa.requires_mfa(external)
    client = Client()
    client.force_login(external)  # password done, no second step yet
    response = client.get("/")
    assert response.status_code == 302
    assert urlsplit(response["Location"]).path == "/accounts/mfa/setup/"


def _as(user):
    client = Client()
    sign_in(client, user)
    return client


def _published_on(review, day):
    PeerReview.objects.filter(pk=review.pk).update(
        published_at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))
    )


def test_from_the_day_the_team_is_named_they_open_their_review_and_its_school(
    external, planned, school
):
    client = _as(external)
    assert client.get(f"/reviews/{planned.pk}/").status_code == 200
    assert client.get(f"/schools/{planned.school_id}/").status_code == 200
    listing = client.get("/reviews/").content.decode()
    assert f"/reviews/{planned.pk}/" in listing
    # Another review of the same school (its published one from before), another school.
    earlier = PeerReview.objects.filter(school=planned.school, status="published").first()
    assert client.get(f"/reviews/{earlier.pk}/").status_code == 404
    other = school("Glen Hills")
    assert client.get(f"/schools/{other.pk}/").status_code == 404
    glen_review = PeerReview.objects.filter(school=other, status="published").first()
    assert client.get(f"/reviews/{glen_review.pk}/").status_code == 404
    # Nothing else anywhere: the trust's lists, the calendar, the data, the API's tokens.
    for path in ("/schools/", "/data/", "/calendar/", "/core-plans/", "/api/tokens/"):
        assert client.get(path).status_code in (403, 404), path
    assert client.get("/data/benchmarking/").status_code in (403, 404)


def test_the_school_page_lists_none_of_its_other_reviews(external, planned):
    page = _as(external).get(f"/schools/{planned.school_id}/").content.decode()
    earlier = PeerReview.objects.filter(school=planned.school, status="published").first()
    assert f"/reviews/{earlier.pk}/" not in page


def test_they_record_findings_on_their_review_in_progress(review_at, cast, tdg):
    review = review_at("planned", school_name="Foxton", team=[tdg])
    user = invitations.invite_external_reviewer(review=review, by=cast["dop"], **INVITE).user
    review = review_at("in_progress", school_name="The Meadow", team=[tdg])
    invitations.invite_external_reviewer(review=review, by=cast["dop"], **INVITE)
    area = review.focus_areas.first()
    client = _as(user)
    assert client.get(f"/reviews/{review.pk}/areas/{area.pk}/").status_code == 200


@pytest.mark.parametrize(("days_after", "status"), [(0, 200), (30, 200), (31, 404)])
def test_after_publication_until_the_last_day_of_the_window(
    review_at, cast, tdg, settings, days_after, status
):
    settings.SYMPHONY_REVIEW_TEAM_ACCESS_DAYS = 30
    review = review_at("draft_report", school_name="Foxton", team=[tdg])
    user = invitations.invite_external_reviewer(review=review, by=cast["dop"], **INVITE).user
    from reviews.services import peer_reviews as services

    services.advance_review(review=review, to="moderated", by=cast["dop"], note="Checked.")
    services.advance_review(review=review, to="published", by=cast["dop"])
    _published_on(review, timezone.localdate() - datetime.timedelta(days=days_after))
    client = _as(user)
    assert client.get(f"/reviews/{review.pk}/").status_code == status
    assert client.get(f"/schools/{review.school_id}/").status_code == status
    assert client.get(f"/reviews/{review.pk}/report/").status_code == status


def test_the_reviews_page_counts_this_years_external_reviewers(external, client_for):
    page = client_for("dop").get("/reviews/").content.decode()
    assert "Reviewers from outside the trust this year: <strong>1</strong>" in page
    assert (
        "Reviewers from outside the trust"
        not in client_for("head").get("/reviews/").content.decode()
    )
