"""Every categorisation page, the reminders log and the feed page for every role in the
cast (habit 10)."""

import pytest
from django.urls import reverse

from categorisation.models import Assessment, RiskMeeting
from schools.models import School
from tests.conftest import OWN_SCHOOLS, ROLES

LOGIN = 302
# Expected status per role for each page. "own" pages use a school the role is linked to
# where it has one (Glen Hills for others); "other" pages use Foxton, linked to nobody,
# whose peer review the demo reviewer is on (the review team reads it). "meeting" pages
# use the demo trust's latest risk meeting.
EXPECTED = {
    #                        anon   ceo  dop  cfo  head exec trustee gov reviewer
    "/categorisation/": (LOGIN, 200, 200, 200, 403, 403, 200, 403, 403),
    "meeting": (LOGIN, 200, 200, 200, 403, 403, 200, 403, 403),
    "/categorisation/meetings/new/": (LOGIN, 200, 200, 403, 403, 403, 403, 403, 403),
    "meeting edit": (LOGIN, 200, 200, 403, 403, 403, 403, 403, 403),
    "meeting assess": (LOGIN, 200, 200, 403, 403, 403, 403, 403, 403),
    "own history": (LOGIN, 200, 200, 200, 200, 200, 200, 200, 404),
    "other history": (LOGIN, 200, 200, 200, 404, 404, 200, 404, 200),
    "/reminders/": (LOGIN, 200, 200, 200, 403, 403, 403, 403, 403),
    "/calendar/feed/": (LOGIN, 200, 200, 200, 200, 200, 200, 200, 200),
    # The school page, which now carries the category panel.
    "own detail": (LOGIN, 200, 200, 200, 200, 200, 200, 200, 404),
    "other detail": (LOGIN, 200, 200, 200, 404, 404, 200, 404, 200),
}
assert all(len(codes) == len(ROLES) for codes in EXPECTED.values())


def own_school(role):
    return sorted(OWN_SCHOOLS.get(role, {"Glen Hills"}))[0]


def latest_meeting():
    return RiskMeeting.objects.order_by("-held_on", "-pk").first()


def resolve(page, role):
    if page.startswith("/"):
        return page
    which, kind = page.split(" ", 1) if " " in page else (page, "")
    if which == "meeting":
        meeting = latest_meeting()
        foxton = School.objects.get(name="Foxton")
        return {
            "": reverse("categorisation:meeting", args=[meeting.pk]),
            "edit": reverse("categorisation:meeting_edit", args=[meeting.pk]),
            "assess": reverse("categorisation:assess", args=[meeting.pk, foxton.pk]),
        }[kind]
    school = School.objects.get(name=own_school(role) if which == "own" else "Foxton")
    return {
        "history": reverse("categorisation:school", args=[school.pk]),
        "detail": reverse("schools:detail", args=[school.pk]),
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
    if status == LOGIN:
        assert role == "anonymous"
        assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize(
    ("role", "name", "status"),
    [
        ("head", "Glen Hills", 200),
        ("head", "Foxton", 404),
        ("exec_head", "Ashby Willesley", 200),
        ("exec_head", "Ashby Hastings", 200),
        ("exec_head", "Glen Hills", 404),
        ("governor", "Fairfield", 200),
        ("governor", "Foxton", 404),
        ("reviewer", "Foxton", 200),  # on its review team
        ("reviewer", "Glen Hills", 404),
        ("reviewer", "Newcroft", 404),  # a TDG practitioner's home school gives no access
        ("trustee", "Foxton", 200),
        ("cfo", "Foxton", 200),
        ("ceo", "Foxton", 200),
        ("dop", "Foxton", 200),
    ],
)
def test_school_history_follows_who_may_see_the_school(client_for, school, role, name, status):
    response = client_for(role).get(reverse("categorisation:school", args=[school(name).pk]))
    assert response.status_code == status


def test_history_of_a_missing_school_is_404(client_for):
    missing = (School.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1000
    assert (
        client_for("ceo").get(reverse("categorisation:school", args=[missing])).status_code == 404
    )


def test_missing_meeting_is_404_for_those_who_may_see_meetings(client_for):
    missing = (RiskMeeting.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    assert (
        client_for("trustee").get(reverse("categorisation:meeting", args=[missing])).status_code
        == 404
    )


def test_head_sees_own_category_and_history(client_for, school):
    glen_hills = school("Glen Hills")
    response = client_for("head").get(reverse("categorisation:school", args=[glen_hills.pk]))
    assert response.status_code == 200
    assert response.context["summary"].current is not None
    assert response.context["summary"].current.school_id == glen_hills.pk
    history = response.context["history"]
    assert history and all(a.school_id == glen_hills.pk for a in history)
    content = response.content.decode()
    # The meetings are trust-wide pages the head may not open: no links to them, nor to
    # assess the school.
    assert 'href="/categorisation/meetings/' not in content
    assert 'href="/categorisation/"' not in content
    assert "/assess/" not in content


def test_school_page_shows_the_category_panel(client_for, school):
    glen_hills = school("Glen Hills")
    content = (
        client_for("head").get(reverse("schools:detail", args=[glen_hills.pk])).content.decode()
    )
    assert "Symphony category" in content
    assert f'href="/categorisation/schools/{glen_hills.pk}/"' in content
    assert 'href="/categorisation/meetings/' not in content
    ceo_content = (
        client_for("ceo").get(reverse("schools:detail", args=[glen_hills.pk])).content.decode()
    )
    assert 'href="/categorisation/meetings/' in ceo_content


def assess_data(current):
    return {
        "action": "decide",
        "performance": "positive",
        "qa_visits": "none",
        "partnership": "none",
        "external": "none",
        "category": "1",
        "leadership_capacity": "strong",
        "rationale": "",
        "supersedes": str(current.pk) if current else "",
    }


def current_of(school):
    return Assessment.objects.filter(school=school, successor__isnull=True).first()


@pytest.mark.parametrize("role", ["head", "trustee", "cfo", "exec_head", "governor", "reviewer"])
def test_only_ceo_and_dop_record_decisions(client_for, school, role):
    glen_hills = school("Glen Hills")
    meeting = latest_meeting()
    before = Assessment.objects.count()
    response = client_for(role).post(
        reverse("categorisation:assess", args=[meeting.pk, glen_hills.pk]),
        assess_data(current_of(glen_hills)),
    )
    assert response.status_code == 403
    assert Assessment.objects.count() == before


def test_the_same_post_by_the_dop_records_the_decision(client_for, school):
    # The control for the refusals above: the data is a valid decision.
    glen_hills = school("Glen Hills")
    meeting = latest_meeting()
    current = current_of(glen_hills)
    response = client_for("dop").post(
        reverse("categorisation:assess", args=[meeting.pk, glen_hills.pk]), assess_data(current)
    )
    assert response.status_code == 302
    # On to the meeting's next school.
    assert response["Location"].startswith(f"/categorisation/meetings/{meeting.pk}/assess/")
    latest = current_of(glen_hills)
    assert latest.previous_id == current.pk
    assert latest.category == 1


@pytest.mark.parametrize("role", ["head", "trustee", "cfo"])
def test_cannot_hold_or_edit_meetings_without_the_right(client_for, cast, role):
    meeting = latest_meeting()
    before = RiskMeeting.objects.count()
    client = client_for(role)
    response = client.post(
        reverse("categorisation:meeting_new"),
        {"held_on": "2026-11-20", "attendees": [cast["ceo"].pk], "minutes": "X"},
    )
    assert response.status_code == 403
    assert RiskMeeting.objects.count() == before
    response = client.post(
        reverse("categorisation:meeting_edit", args=[meeting.pk]),
        {"minutes": "Rewritten", "attendees": []},
    )
    assert response.status_code == 403
    meeting.refresh_from_db()
    assert meeting.minutes != "Rewritten"


@pytest.mark.parametrize("role", sorted(OWN_SCHOOLS))
def test_linked_roles_never_see_other_schools_names(client_for, role):
    others = set(School.objects.values_list("name", flat=True)) - OWN_SCHOOLS[role]
    client = client_for(role)
    urls = [
        resolve(page, role) for page, codes in EXPECTED.items() if codes[ROLES.index(role)] == 200
    ]
    for name in OWN_SCHOOLS[role]:  # every school of theirs, not just the first
        pk = School.objects.get(name=name).pk
        urls += [reverse("categorisation:school", args=[pk]), reverse("schools:detail", args=[pk])]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        content = response.content.decode()
        leaked = [name for name in others if name in content]
        assert not leaked, f"{url} shows {leaked} to {role}"


@pytest.mark.parametrize(
    ("role", "categorisation", "reminders"),
    [
        ("ceo", True, True),
        ("dop", True, True),
        ("cfo", True, True),
        ("trustee", True, False),
        ("head", False, False),
        ("exec_head", False, False),
        ("governor", False, False),
        ("reviewer", False, False),
    ],
)
def test_navigation_shows_categorisation_and_reminders_to_who_may_use_them(
    client_for, role, categorisation, reminders
):
    page = client_for(role).get(reverse("home")).content.decode()
    assert ('href="/categorisation/"' in page) is categorisation
    assert (">Categorisation<" in page) is categorisation
    assert ('href="/reminders/"' in page) is reminders
    assert (">Reminders<" in page) is reminders
