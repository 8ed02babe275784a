"""Every page of the foundation for every role in the cast (habit 10)."""

import pytest
from django.urls import reverse

from schools import access
from schools.access import Perm
from schools.models import School
from tests.conftest import OWN_SCHOOLS, ROLES

ALL_SCHOOL_NAMES = None  # filled lazily from the database

# Expected status per role for each page. "own" pages use a school the role is linked
# to where it has one (Glen Hills for others); "other" pages use Foxton, linked to nobody,
# whose peer review the demo reviewer is on (the review team reads it).
LOGIN = 302
EXPECTED = {
    #                      anon   ceo  dop  cfo  head exec trustee gov reviewer
    "/": (LOGIN, 200, 200, 200, 200, 200, 200, 200, 200),
    "/schools/": (LOGIN, 200, 200, 200, 200, 200, 200, 200, 200),
    "own detail": (LOGIN, 200, 200, 200, 200, 200, 200, 200, 404),
    "other detail": (LOGIN, 200, 200, 200, 404, 404, 200, 404, 200),
    "own edit": (LOGIN, 200, 200, 403, 403, 403, 403, 403, 404),
    "other edit": (LOGIN, 200, 200, 403, 404, 404, 403, 404, 403),
    "own inspection": (LOGIN, 200, 200, 403, 403, 403, 403, 403, 404),
    "other inspection": (LOGIN, 200, 200, 403, 404, 404, 403, 404, 403),
    "/calendar/": (LOGIN, 200, 200, 200, 200, 200, 200, 200, 200),
    "/accounts/password_change/": (LOGIN, 200, 200, 200, 200, 200, 200, 200, 200),
    "/admin/": (LOGIN, LOGIN, LOGIN, 200, LOGIN, LOGIN, LOGIN, LOGIN, LOGIN),
    "/accounts/login/": (200, 200, 200, 200, 200, 200, 200, 200, 200),
    "/healthz": (200, 200, 200, 200, 200, 200, 200, 200, 200),
    "/no-such-page/": (404, 404, 404, 404, 404, 404, 404, 404, 404),
}
assert all(len(codes) == len(ROLES) for codes in EXPECTED.values())


def own_school(role):
    return sorted(OWN_SCHOOLS.get(role, {"Glen Hills"}))[0]


def resolve(page, role):
    if page.startswith("/"):
        return page
    which, kind = page.split(" ")
    school = School.objects.get(name=own_school(role) if which == "own" else "Foxton")
    return {
        "detail": reverse("schools:detail", args=[school.pk]),
        "edit": reverse("schools:edit", args=[school.pk]),
        "inspection": reverse("schools:inspection_add", args=[school.pk]),
    }[kind]


CASES = [
    pytest.param(page, role, codes[i], id=f"{page}-{role}")
    for page, codes in EXPECTED.items()
    for i, role in enumerate(ROLES)
]


@pytest.mark.parametrize(("page", "role", "status"), CASES)
def test_page_access(client_for, page, role, status):
    response = client_for(role).get(resolve(page, role))
    assert response.status_code == status
    if status == LOGIN and role == "anonymous" and page != "/admin/":
        assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("role", sorted(OWN_SCHOOLS))
def test_linked_roles_never_see_other_schools_names(client_for, role):
    others = set(School.objects.values_list("name", flat=True)) - OWN_SCHOOLS[role]
    client = client_for(role)
    for page, codes in EXPECTED.items():
        if codes[ROLES.index(role)] != 200:
            continue
        content = client.get(resolve(page, role)).content.decode()
        leaked = [name for name in others if name in content]
        assert not leaked, f"{page} shows {leaked} to {role}"


@pytest.mark.parametrize("role", sorted(OWN_SCHOOLS))
def test_linked_roles_list_exactly_their_schools(client_for, role):
    response = client_for(role).get(reverse("schools:list"))
    names = {school.name for school in response.context["schools"]}
    assert names == OWN_SCHOOLS[role]


def test_ceo_sees_all_fifteen_schools(client_for):
    response = client_for("ceo").get(reverse("schools:list"))
    assert len(response.context["schools"]) == 15


@pytest.mark.parametrize(
    ("role", "status"), [("trustee", 403), ("cfo", 403), ("head", 404), ("governor", 404)]
)
def test_write_without_the_right_saves_nothing(client_for, school, role, status):
    foxton = school("Foxton")
    response = client_for(role).post(
        reverse("schools:edit", args=[foxton.pk]),
        {"name": "Renamed", "hub": foxton.hub_id, "phase": "primary", "status": "member"},
    )
    assert response.status_code == status
    foxton.refresh_from_db()
    assert foxton.name == "Foxton"


def test_head_cannot_edit_own_school(client_for, school):
    glen_hills = school("Glen Hills")
    response = client_for("head").post(reverse("schools:edit", args=[glen_hills.pk]), {"name": "X"})
    assert response.status_code == 403
    assert "can read this school" in response.content.decode()


def test_navigation_shows_only_what_the_role_may_use(client_for):
    reviewer_page = client_for("reviewer").get(reverse("home")).content.decode()
    assert 'href="/schools/"' in reviewer_page  # the school of the review they are on
    assert 'href="/admin/"' not in reviewer_page
    head_page = client_for("head").get(reverse("home")).content.decode()
    assert 'href="/schools/"' in head_page
    assert 'href="/admin/"' not in head_page
    cfo_page = client_for("cfo").get(reverse("home")).content.decode()
    assert 'href="/admin/"' in cfo_page


def test_central_team_admin_has_every_model_searchable(client_for):
    client = client_for("cfo")
    for url in [
        reverse("admin:schools_school_changelist") + "?q=Glen",
        reverse("admin:schools_ofstedinspection_changelist") + "?q=Glen",
        reverse("admin:schools_academicyear_changelist"),
        reverse("admin:schools_term_changelist"),
        reverse("admin:schools_halfterm_changelist"),
        reverse("admin:schools_hub_changelist"),
        reverse("admin:reviews_peerreview_changelist") + "?q=Glen",
    ]:
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize(
    ("role", "holds", "trust_wide"),
    [
        ("ceo", True, True),
        ("trustee", True, True),
        ("head", True, False),  # their own school's LGB
        ("governor", True, False),
        ("reviewer", False, False),
        ("anonymous", False, False),
    ],
)
def test_holds_and_allowed_read_the_policy(cast, role, holds, trust_wide):
    assert access.holds(cast[role], Perm.VIEW_GOVERNANCE) is holds
    assert access.allowed(cast[role], Perm.VIEW_GOVERNANCE) is trust_wide


@pytest.mark.parametrize(("role", "manages"), [("ceo", True), ("dop", True), ("cfo", False)])
def test_managing_scc_is_its_own_permission(cast, role, manages):
    assert access.allowed(cast[role], Perm.MANAGE_SCC) is manages


def test_the_skills_audit_follows_an_appointment_to_a_governing_body_not_a_role(cast):
    from governance.models import Appointment, Body, Person

    ceo, trustee = cast["ceo"], cast["trustee"]
    assert not access.allowed(ceo, Perm.TAKE_SKILLS_AUDIT)  # a working group (EDG) only
    assert access.allowed(trustee, Perm.TAKE_SKILLS_AUDIT)  # on the board
    board = Body.objects.get(kind="board")
    person = Person.objects.get(user=ceo)
    Appointment.objects.create(
        person=person, body=board, role="member", category="ex_officio", starts_on="2025-09-01"
    )
    ceo = type(ceo).objects.get(pk=ceo.pk)
    assert access.allowed(ceo, Perm.TAKE_SKILLS_AUDIT)
    Appointment.objects.filter(person__user=trustee).delete()
    assert not access.allowed(type(trustee).objects.get(pk=trustee.pk), Perm.TAKE_SKILLS_AUDIT)
