"""Every reviews page for every role in the cast (habit 10): 404 for what a role may not
see, 403 for a write it may not make, and no other school's name for linked roles."""

import pytest
from django.urls import reverse

from reviews import reports
from reviews.models import Action
from reviews.services import core_plans
from schools.models import School
from tests.conftest import OWN_SCHOOLS, ROLES

LOGIN = 302

# Reviews used below: "gh" = Glen Hills, published (team: the maths lead only);
# "fox" = Foxton, published (team: the demo reviewer and the maths lead);
# "th" = Thornton, in progress (team: the demo reviewer and the maths lead).
EXPECTED = {
    #                                anon   ceo  dop  cfo  head exec trustee gov reviewer
    "/reviews/": (LOGIN, 200, 200, 200, 200, 200, 200, 200, 200),
    "review gh": (LOGIN, 200, 200, 200, 200, 404, 200, 404, 404),
    "review fox": (LOGIN, 200, 200, 200, 404, 404, 200, 404, 200),
    "review th": (LOGIN, 200, 200, 404, 404, 404, 404, 404, 200),
    "report gh": (LOGIN, 200, 200, 200, 200, 404, 200, 404, 404),
    "pdf gh": (LOGIN, 200, 200, 200, 200, 404, 200, 404, 404),
    "pdf fox": (LOGIN, 200, 200, 200, 404, 404, 200, 404, 200),
    "pdf th": (LOGIN, 404, 404, 404, 404, 404, 404, 404, 404),  # not published: no PDF
    "report th": (LOGIN, 200, 200, 404, 404, 404, 404, 404, 200),
    "edit th": (LOGIN, 200, 200, 404, 404, 404, 404, 404, 403),
    "team th": (LOGIN, 200, 200, 404, 404, 404, 404, 404, 403),
    "area th": (LOGIN, 200, 200, 404, 404, 404, 404, 404, 403),
    "findings th": (LOGIN, 200, 200, 404, 404, 404, 404, 404, 200),
    "overall th": (LOGIN, 200, 200, 404, 404, 404, 404, 404, 200),
    "overall fox": (LOGIN, 200, 200, 403, 404, 404, 403, 404, 200),
    "plan foxton": (LOGIN, 200, 200, 403, 404, 404, 403, 404, 403),
    "plan own": (LOGIN, 200, 200, 403, 403, 403, 403, 403, 404),
    "/core-plans/": (LOGIN, 200, 200, 200, 200, 200, 200, 200, 200),
    "/core-plans/overdue/": (LOGIN, 200, 200, 403, 403, 403, 403, 403, 403),
    "/reviews/due/": (LOGIN, 200, 200, 200, 200, 200, 200, 200, 200),
    "/reviews/record/": (LOGIN, 200, 200, 403, 403, 403, 403, 403, 403),
    "plan gh": (LOGIN, 200, 200, 200, 200, 404, 200, 404, 404),
    "plan fox": (LOGIN, 200, 200, 200, 404, 404, 200, 404, 200),
    "plan-pdf gh": (LOGIN, 200, 200, 200, 200, 404, 200, 404, 404),
    "plan-print fox": (LOGIN, 200, 200, 200, 404, 404, 200, 404, 200),
    "add-action gh": (LOGIN, 200, 200, 403, 200, 404, 403, 404, 404),
    "action gh": (LOGIN, 200, 200, 200, 200, 404, 200, 404, 404),
    "edit-action gh": (LOGIN, 200, 200, 403, 200, 404, 403, 404, 404),
    "action fox": (LOGIN, 200, 200, 200, 404, 404, 200, 404, 200),
}
assert all(len(codes) == len(ROLES) for codes in EXPECTED.values())


_PDF = {}


@pytest.fixture
def world(review_at, cast, tdg, django_capture_on_commit_callbacks, monkeypatch):
    # One real rendering serves every case here (the PDF itself is tested in test_reports).
    real = reports.review_report_pdf
    monkeypatch.setattr(
        reports, "review_report_pdf", lambda review: _PDF.setdefault("pdf", real(review))
    )
    with django_capture_on_commit_callbacks(execute=True):
        gh = review_at("published", school_name="Glen Hills", team=[tdg])
        fox = review_at("published", school_name="Foxton")
    th = review_at("in_progress", school_name="Thornton")
    return {
        "gh": gh,
        "fox": fox,
        "th": th,
        "plan_gh": core_plans.core_plan_for(school=gh.school, academic_year=gh.academic_year),
        "plan_fox": core_plans.core_plan_for(school=fox.school, academic_year=fox.academic_year),
    }


def own_school(role):
    return School.objects.get(name=sorted(OWN_SCHOOLS.get(role, {"Glen Hills"}))[0])


def resolve(page, role, world):
    if page.startswith("/"):
        return page
    kind, which = page.split(" ")
    if kind == "plan" and which in ("foxton", "own"):
        school = School.objects.get(name="Foxton") if which == "foxton" else own_school(role)
        return reverse("reviews:plan", args=[school.pk])
    if kind.startswith(("plan", "add-action")):
        plan = world[f"plan_{which}"]
        return {
            "plan": reverse("reviews:core_plan", args=[plan.pk]),
            "plan-pdf": reverse("reviews:core_plan_pdf", args=[plan.pk]),
            "plan-print": reverse("reviews:core_plan_print", args=[plan.pk]),
            "add-action": reverse("reviews:add_action", args=[plan.pk]),
        }[kind]
    if kind.endswith("action"):
        action = Action.objects.filter(core_plan=world[f"plan_{which}"]).first()
        return {
            "action": reverse("reviews:action", args=[action.pk]),
            "edit-action": reverse("reviews:edit_action", args=[action.pk]),
        }[kind]
    review = world[which]
    area = review.focus_areas.first()
    return {
        "review": reverse("reviews:detail", args=[review.pk]),
        "report": reverse("reviews:report", args=[review.pk]),
        "pdf": reverse("reviews:report_pdf", args=[review.pk]),
        "edit": reverse("reviews:edit", args=[review.pk]),
        "team": reverse("reviews:add_member", args=[review.pk]),
        "area": reverse("reviews:add_area", args=[review.pk]),
        "findings": reverse("reviews:findings", args=[review.pk, area.pk]),
        "overall": reverse("reviews:overall", args=[review.pk]),
    }[kind]


@pytest.mark.parametrize("page", list(EXPECTED))
def test_page_access(client_for, world, page):
    # One world per page, every role in the cast against it (building the world per role
    # would cost a review's whole lifecycle 243 times).
    wrong = []
    for role, status in zip(ROLES, EXPECTED[page], strict=True):
        response = client_for(role).get(resolve(page, role, world))
        if response.status_code != status:
            wrong.append(f"{role}: {response.status_code}, expected {status}")
        elif status == LOGIN:
            assert response["Location"].startswith("/accounts/login/")
    assert not wrong, f"{page}: " + "; ".join(wrong)


@pytest.mark.parametrize("role", sorted(OWN_SCHOOLS))
def test_linked_roles_never_see_other_schools_names(client_for, world, role):
    others = set(School.objects.values_list("name", flat=True)) - OWN_SCHOOLS[role]
    client = client_for(role)
    pages = [p for p, codes in EXPECTED.items() if codes[ROLES.index(role)] == 200]
    pages += [reverse("schools:detail", args=[own_school(role).pk])]
    for page in pages:
        response = client.get(resolve(page, role, world))
        if response["Content-Type"] == "application/pdf":
            continue  # the PDF's text is checked in test_reports
        content = b"".join(response).decode() if response.streaming else response.content.decode()
        leaked = [name for name in others if name in content]
        assert not leaked, f"{page} shows {leaked} to {role}"


# --- Writes: 403 for a role that sees the object but may not change it --------------


def test_a_trustee_cannot_move_a_review_on(client_for, world):
    review = world["fox"]
    response = client_for("trustee").post(
        reverse("reviews:advance", args=[review.pk]), {"to": "in_progress"}
    )
    assert response.status_code == 403


def test_a_reviewer_cannot_moderate_or_publish(client_for, world, review_at):
    review = review_at("draft_report", school_name="Old Mill", team=None)
    client = client_for("reviewer")
    for step in ("moderated", "in_progress"):
        response = client.post(reverse("reviews:advance", args=[review.pk]), {"to": step})
        assert response.status_code == 403
    review.refresh_from_db()
    assert review.status == "draft_report"


def test_a_reviewer_submits_their_draft(client_for, world):
    review = world["th"]
    client = client_for("reviewer")
    for area in review.focus_areas.all():
        response = client.post(
            reverse("reviews:findings", args=[review.pk, area.pk]),
            {"strengths": "Calm classrooms", "judgement": "2", "observations": "on"},
        )
        assert response.status_code == 302
    client.post(reverse("reviews:overall", args=[review.pk]), {"proposed_outcome": "2"})
    response = client.post(
        reverse("reviews:advance", args=[review.pk]), {"to": "draft_report"}, follow=True
    )
    assert "The review is now: draft report." in response.content.decode()


def test_a_refusal_is_shown_as_a_message(client_for, world):
    review = world["th"]
    response = client_for("dop").post(
        reverse("reviews:advance", args=[review.pk]), {"to": "published"}, follow=True
    )
    assert "published only after the Director of Primaries has moderated it" in (
        response.content.decode()
    )


def test_a_headteacher_updates_their_own_plan_only(client_for, world):
    own = Action.objects.filter(core_plan=world["plan_gh"]).first()
    other = Action.objects.filter(core_plan=world["plan_fox"]).first()
    client = client_for("head")
    note = {"noted_on": "2026-11-20", "rag": "green", "note": "Feedback policy relaunched"}
    assert client.post(reverse("reviews:add_note", args=[own.pk]), note).status_code == 302
    own.refresh_from_db()
    assert own.rag == "green"
    assert client.post(reverse("reviews:add_note", args=[other.pk]), note).status_code == 404
    assert (
        client_for("trustee").post(reverse("reviews:add_note", args=[own.pk]), note).status_code
        == 403
    )
    assert (
        client_for("governor").post(reverse("reviews:add_note", args=[own.pk]), note).status_code
        == 404
    )


def test_the_reviewer_cannot_add_to_the_team(client_for, world, cast):
    review = world["th"]
    response = client_for("reviewer").post(
        reverse("reviews:add_member", args=[review.pk]), {"user": cast["head"].pk}
    )
    assert response.status_code == 403


def test_the_page_refuses_an_own_school_reviewer_with_a_clear_message(client_for, world, cast):
    review = world["th"]
    head = cast["head"]
    head.schools.add(review.school)
    response = client_for("dop").post(
        reverse("reviews:add_member", args=[review.pk]), {"user": head.pk}
    )
    assert response.status_code == 200
    assert "no one reviews their own school" in response.content.decode()


@pytest.mark.parametrize("page", ["reviews:list", "reviews:core_plans", "reviews:due"])
def test_list_pages_have_a_query_budget(client_for, page, django_assert_max_num_queries):
    # Fifteen schools, each with reviews and a Core Plan in the demo: the count is fixed.
    client = client_for("dop")
    with django_assert_max_num_queries(12):
        assert client.get(reverse(page)).status_code == 200
