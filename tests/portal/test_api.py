"""The read-only JSON API: a valid OpenAPI schema, token auth, and the same school scoping
as the pages on every endpoint."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openapi_spec_validator import validate

from schools.models import ApiToken, Collection, Figure
from tests.conftest import sign_in

ENDPOINTS = ["schools", "collections", "measures", "figures", "trust?collection={c}"]


@pytest.fixture
def api(cast):
    def make(role):
        _token, key = ApiToken.issue(user=cast[role], name="test")
        client = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
        return client

    return make


@pytest.fixture
def collection(demo):
    return Collection.objects.order_by("-term__starts_on").first()


def test_the_schema_is_valid_openapi(client):
    schema = client.get(reverse("portal:api_schema")).json()
    validate(schema)
    assert set(schema["paths"]) == {f"/{e.split('?')[0]}" for e in ENDPOINTS}


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_no_or_bad_token_is_refused(client, collection, endpoint, cast):
    url = reverse("portal:api_root") + endpoint.format(c=collection.pk)
    assert client.get(url).status_code == 401
    assert client.get(url, HTTP_AUTHORIZATION="Bearer sym_wrong").status_code == 401
    token, key = ApiToken.issue(user=cast["ceo"], name="old")
    token.revoked_at = token.created_at
    token.save()
    assert client.get(url, HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 401


def test_a_session_is_not_a_token(client_for):
    assert client_for("ceo").get(reverse("portal:api_schools")).status_code == 401


def test_the_api_only_reads(api):
    assert api("ceo").post(reverse("portal:api_schools")).status_code == 405


def test_a_reviewer_token_reads_only_the_schools_they_review(api, cast):
    response = api("reviewer").get(reverse("portal:api_schools"))
    assert response.status_code == 200
    team = set(cast["reviewer"].review_memberships.values_list("review__school__name", flat=True))
    assert team and {s["name"] for s in response.json()["schools"]} <= team


def test_the_ceo_sees_every_school(api):
    names = {s["name"] for s in api("ceo").get(reverse("portal:api_schools")).json()["schools"]}
    assert len(names) == 15


@pytest.mark.parametrize(("role", "own"), [("head", {"Glen Hills"}), ("governor", {"Fairfield"})])
def test_linked_roles_see_only_their_schools(api, collection, school, role, own):
    client = api(role)
    assert {s["name"] for s in client.get(reverse("portal:api_schools")).json()["schools"]} == own
    rows = client.get(reverse("portal:api_figures") + f"?collection={collection.pk}").json()[
        "figures"
    ]
    own_ids = {school(name).pk for name in own}
    assert {r["school"] for r in rows} <= own_ids
    foxton = school("Foxton").pk
    assert client.get(reverse("portal:api_figures") + f"?school={foxton}").status_code == 404


def test_a_head_gets_trust_averages_but_not_who_is_missing(api, collection):
    body = api("head").get(reverse("portal:api_trust") + f"?collection={collection.pk}").json()
    assert body["measures"]["overall_absence"]["value"] > 0
    assert isinstance(body["missing"], int)
    assert "pupil-weighted" in body["weighting"]
    named = (
        api("ceo")
        .get(reverse("portal:api_trust") + f"?collection={collection.pk}")
        .json()["missing"]
    )
    assert "Fairfield" in named


def test_figures_match_the_database_and_page(api, collection):
    body = api("ceo").get(
        reverse("portal:api_figures") + f"?collection={collection.pk}&measure=overall_absence"
    )
    rows = body.json()["figures"]
    expected = Figure.objects.filter(
        submission__collection=collection,
        submission__state__in=["submitted", "accepted"],
        measure="overall_absence",
    ).count()
    assert len(rows) == expected > 0


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("measure=nope", "Unknown measure"),
        ("collection=abc", "'collection' must be a whole number"),
        ("offset=-1", "'offset' must be a whole number"),
        ("offset=1.5", "'offset' must be a whole number"),
        ("offset=%EF%BC%91%EF%BC%92", "'offset' must be a whole number"),  # full-width 12
        ("offset=99999999999999999999999", "'offset' must be at most"),
        (f"offset={2**63 - 1}", "'offset' must be at most"),
        ("collection=99999999999999999999", "'collection' must be at most"),
        (f"school={2**63}", "'school' must be at most"),
    ],
)
def test_bad_parameters_are_explained(api, query, message):
    response = api("ceo").get(reverse("portal:api_figures") + f"?{query}")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert message in response.json()["error"]


def test_the_largest_offset_is_answered(api):
    from symphony.portal.api import LARGEST_OFFSET

    response = api("ceo").get(reverse("portal:api_figures") + f"?offset={LARGEST_OFFSET}")
    assert response.status_code == 200
    assert response.json() == {"figures": [], "next_offset": None}


def test_a_trust_collection_beyond_bigint_is_explained(api):
    response = api("ceo").get(reverse("portal:api_trust") + f"?collection={2**64}")
    assert response.status_code == 400
    assert "'collection' must be at most" in response.json()["error"]


def test_tokens_are_shown_once_and_can_be_revoked(client_for, cast):
    client = client_for("head")
    page = client.post(reverse("schools:api_tokens"), {"action": "create", "name": "Power BI"})
    key = page.context["new_key"]
    token = ApiToken.objects.get(user=cast["head"])
    assert key.startswith("sym_") and token.key_hash != key
    assert key not in client.get(reverse("schools:api_tokens")).content.decode()
    client.post(reverse("schools:api_tokens"), {"action": "revoke", "token": token.pk})
    assert (
        Client().get(reverse("portal:api_schools"), HTTP_AUTHORIZATION=f"Bearer {key}").status_code
        == 401
    )


# Tokens end: expiry, "last used", and two-step sign-in before one is made.


def test_a_token_expires_after_the_set_number_of_days(settings, cast):
    settings.SYMPHONY_API_TOKEN_DAYS = 30
    token, key = ApiToken.issue(user=cast["ceo"], name="Power BI")
    assert abs(token.expires_at - token.created_at - timedelta(days=30)) < timedelta(seconds=5)
    client = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    assert client.get(reverse("portal:api_schools")).status_code == 200
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    response = client.get(reverse("portal:api_schools"))
    assert response.status_code == 401
    error = response.json()["error"]
    assert error.startswith("This token expired on ")
    assert "Create a new one at /api/tokens/" in error


def test_tokens_last_a_year_by_default(settings, cast):
    assert settings.SYMPHONY_API_TOKEN_DAYS == 365
    token, _key = ApiToken.issue(user=cast["head"], name="Excel")
    assert abs(token.expires_at - token.created_at - timedelta(days=365)) < timedelta(seconds=5)


def test_last_used_moves_on_at_most_once_a_minute(cast):
    token, key = ApiToken.issue(user=cast["ceo"], name="Power BI")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    client.get(reverse("portal:api_measures"))
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None
    client.get(reverse("portal:api_measures"))
    token.refresh_from_db()
    assert token.last_used_at == first
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=first - timedelta(minutes=2))
    client.get(reverse("portal:api_measures"))
    token.refresh_from_db()
    assert token.last_used_at > first - timedelta(minutes=2)


def test_the_tokens_page_shows_expiry_and_last_use(client_for, cast):
    used, _ = ApiToken.issue(user=cast["head"], name="Power BI")
    old, _ = ApiToken.issue(user=cast["head"], name="Old script")
    ApiToken.objects.filter(pk=used.pk).update(last_used_at=timezone.now())
    ApiToken.objects.filter(pk=old.pk).update(expires_at=timezone.now() - timedelta(days=1))
    page = client_for("head").get(reverse("schools:api_tokens")).content.decode()
    assert "Expires" in page and "Last used" in page
    assert f"{timezone.localtime(used.expires_at):%-d %b %Y}" in page
    assert "Expired" in page
    assert "works for 365 days" in page


def test_a_token_is_made_only_after_the_second_step_where_the_role_requires_it(
    client, cast, settings
):
    # The middleware keeps an unverified CEO on the MFA pages...
    client.force_login(cast["ceo"])
    response = client.post(reverse("schools:api_tokens"), {"action": "create", "name": "BI"})
    assert response.status_code == 302 and "/accounts/mfa/" in response.url
    # ...and the page checks for itself, since a token outlives the session.
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if m != "schools.mfa.MfaMiddleware"]
    client = Client()  # a new client loads the middleware afresh
    client.force_login(cast["ceo"])
    response = client.post(reverse("schools:api_tokens"), {"action": "create", "name": "BI"})
    assert response.status_code == 403
    assert not ApiToken.objects.filter(user=cast["ceo"]).exists()
    sign_in(client, cast["ceo"])  # with the second step done
    response = client.post(reverse("schools:api_tokens"), {"action": "create", "name": "BI"})
    assert response.status_code == 200
    assert ApiToken.objects.filter(user=cast["ceo"]).count() == 1


def test_a_role_without_mfa_makes_tokens_after_the_password(client, cast):
    client.force_login(cast["head"])
    response = client.post(reverse("schools:api_tokens"), {"action": "create", "name": "BI"})
    assert response.status_code == 200
    assert ApiToken.objects.filter(user=cast["head"]).count() == 1
