"""The read-only JSON API: a valid OpenAPI schema, token auth, and the same school scoping
as the pages on every endpoint."""

import pytest
from django.test import Client
from django.urls import reverse
from openapi_spec_validator import validate

from schools.models import ApiToken, Collection, Figure

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


def test_a_reviewer_token_reads_no_school_data(api):
    assert api("reviewer").get(reverse("portal:api_schools")).status_code == 403


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
