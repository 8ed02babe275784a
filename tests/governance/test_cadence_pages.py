"""A body off its cadence on the governance pages and on the homes of those who should
see it (the central team; the body's chair), never anyone else's; the pages' queries stay
flat as bodies grow."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from governance import selectors
from governance import work as governance_work
from governance.models import Appointment, Body, Meeting
from schools.calendar import Calendar

TODAY = timezone.localdate()
FINANCE = "Finance and Audit Committee"
OFF = "has not met as often as it should"


def _off_items(user, body_name=None):
    return [
        i
        for i in governance_work.items(user, TODAY)
        if OFF in i.title and (body_name is None or body_name in i.title)
    ]


def _miss_last_spring(body_name):
    """Delete the body's meetings in last year's spring term."""
    calendar = Calendar.load()
    last = [t for t in calendar.terms if t.academic_year.start_year == TODAY.year - 1]
    spring = next(t for t in last if t.season == 2)
    Meeting.objects.filter(
        body__name=body_name, held_on__gte=spring.starts_on, held_on__lte=spring.ends_on
    ).delete()


def test_the_demo_has_the_bodies_the_trust_documents_name(demo):
    names = set(Body.objects.values_list("name", flat=True))
    for name in [
        "Management Accounts' Review group",
        "RDG: Research Development Group",
        "SLDG: Senior Leadership Development Group",
        "Headteachers' board",
        "CoG liaison meetings",
        "Annual conference",
    ]:
        assert name in names
    accounts = Body.objects.get(name="Management Accounts' Review group")
    assert (accounts.cadence, accounts.cadence_number) == ("every_weeks", 4)
    assert Body.objects.get(name="Annual conference").cadence == "in_month"
    assert Body.objects.get(name="RDG: Research Development Group").cadence_display == "not set"


def test_the_liaison_meetings_are_chaired_by_a_trustee_with_a_governor_per_school(demo):
    liaison = Body.objects.get(name="CoG liaison meetings")
    assert liaison.kind == "liaison"
    seats = Appointment.objects.filter(body=liaison).select_related("person__user")
    (chair,) = [a for a in seats if a.role == "chair"]
    assert Appointment.objects.filter(person=chair.person, body__kind="board").exists()
    governors = [a for a in seats if a.role == "member" and a.category != "ex_officio"]
    schools = {
        a.body.school_id
        for g in governors
        for a in g.person.appointments.filter(body__kind="lgb").select_related("body")
    }
    assert len(governors) == len(schools) == Body.objects.filter(kind="lgb").count()
    assert any(a.person.user and a.person.user.role == "ceo" for a in seats)


def test_the_finance_and_audit_committee_is_up_to_five_and_short_of_its_four(demo):
    body = Body.objects.get(name=FINANCE)
    assert (body.size_is, body.target_size, body.cadence_number) == ("maximum", 5, 4)
    checks = selectors.cadence_checks(Body.objects.all())
    off = sorted(b.name for b in Body.objects.all() if checks[b.pk].off)
    assert off == [FINANCE]  # every other body in the demo keeps its cadence


def test_the_bodies_list_flags_the_body_off_its_cadence_and_no_vacancy_for_a_maximum(
    client_for,
):
    page = client_for("ceo").get(reverse("governance:overview")).content.decode()
    row = page.split(f">{FINANCE}</a>")[1].split("</tr>")[0]
    assert "Off its cadence" in row and "3 of 4 held" in row
    assert "(up to 5)" in row and "vacant" not in row
    board = page.split(">Board of Trustees</a>")[1].split("</tr>")[0]
    assert "On its cadence" in board and "meets at least once each term" in board
    rdg = page.split(">RDG: Research Development Group</a>")[1].split("</tr>")[0]
    assert "Cadence not set" in rdg


def test_the_bodys_page_shows_each_period(client_for):
    body = Body.objects.get(name=FINANCE)
    page = client_for("trustee").get(reverse("governance:body", args=[body.pk])).content.decode()
    cadence = page.split('id="cadence"')[1].split("</table>")[0]
    assert "Off its cadence" in cadence
    assert "Missed" in cadence and "3 of 4 held" in cadence
    assert "so far, due by 31 August" in cadence  # this year: not over, not missed
    assert "Up to 5 people" in page


def test_over_a_maximum_is_flagged(client_for):
    body = Body.objects.get(name=FINANCE)
    seat = body.appointments.first()
    for _ in range(2):  # four trustees and two more: six, one over five
        Appointment.objects.create(
            person=seat.person.__class__.objects.create(full_name="Extra Trustee"),
            body=body,
            category="appointed",
            starts_on=datetime.date(2024, 9, 1),
        )
    page = client_for("ceo").get(reverse("governance:overview")).content.decode()
    row = page.split(f">{FINANCE}</a>")[1].split("</tr>")[0]
    assert "1 over the maximum" in row
    detail = client_for("ceo").get(reverse("governance:body", args=[body.pk])).content.decode()
    assert "1 over the maximum" in detail


def test_a_governor_sees_their_lgb_on_its_cadence_and_not_the_trusts_bodies(client_for):
    page = client_for("governor").get(reverse("governance:overview")).content.decode()
    assert FINANCE not in page and "On its cadence" in page
    fairfield = Body.objects.get(name="Fairfield LGB")
    detail = client_for("governor").get(reverse("governance:body", args=[fairfield.pk]))
    assert "On its cadence" in detail.content.decode()


def test_the_central_team_is_told_and_nobody_else_is(cast):
    (item,) = _off_items(cast["cfo"])
    assert FINANCE in item.title and item.overdue
    assert item.url == reverse("governance:body", args=[Body.objects.get(name=FINANCE).pk])
    assert "It meets 4 times a year." in item.detail and "3 of 4 held" in item.detail
    for role in ("ceo", "dop", "head", "exec_head", "trustee", "governor", "reviewer"):
        assert _off_items(cast[role]) == [], role


def test_the_chair_of_an_lgb_off_its_cadence_is_told(cast):
    _miss_last_spring("Fairfield LGB")
    (item,) = _off_items(cast["governor"])  # the demo governor chairs Fairfield's LGB
    assert "Fairfield LGB" in item.title and item.detail.endswith("You chair the body.")
    assert item.school == "Fairfield"
    assert len(_off_items(cast["cfo"], "Fairfield LGB")) == 1  # and the central team
    for role in ("head", "exec_head", "trustee", "ceo"):  # not its head, nor other bodies'
        assert _off_items(cast[role], "Fairfield LGB") == [], role


def test_the_trustee_chairing_the_liaison_meetings_is_told(cast):
    _miss_last_spring("CoG liaison meetings")
    (item,) = _off_items(cast["trustee"])
    assert "CoG liaison meetings" in item.title
    assert _off_items(cast["governor"], "CoG liaison") == []  # a member, not its chair


def test_the_home_page_shows_the_item_to_the_central_team(client_for):
    page = client_for("cfo").get("/").content.decode()
    assert f"The {FINANCE} {OFF}" in page


def _add_bodies(count):
    """``count`` bodies with a termly rule and a meeting in each term: more rows, more
    checks, no more queries."""
    terms = Calendar.load().terms
    for i in range(count):
        body = Body.objects.create(kind="working_group", name=f"Extra group {i}", cadence="termly")
        Meeting.objects.bulk_create(
            Meeting(body=body, held_on=t.starts_on + datetime.timedelta(days=3)) for t in terms
        )


@pytest.mark.parametrize(("role", "budget"), [("ceo", 20), ("governor", 20)])
def test_the_bodies_list_stays_flat_as_bodies_grow(
    client_for, role, budget, django_assert_max_num_queries
):
    client = client_for(role)
    url = reverse("governance:overview")
    with CaptureQueriesContext(connection) as before:
        assert client.get(url).status_code == 200
    _add_bodies(20)
    with django_assert_max_num_queries(budget), CaptureQueriesContext(connection) as after:
        assert client.get(url).status_code == 200
    assert len(after) == len(before)


def test_the_bodys_page_stays_flat_as_meetings_grow(client_for, django_assert_max_num_queries):
    client = client_for("ceo")
    body = Body.objects.get(name="Headteachers' board")  # weekly: the most meetings
    url = reverse("governance:body", args=[body.pk])
    with CaptureQueriesContext(connection) as before:
        assert client.get(url).status_code == 200
    Meeting.objects.bulk_create(
        Meeting(body=body, held_on=TODAY - datetime.timedelta(days=d)) for d in range(1, 40)
    )
    with django_assert_max_num_queries(30), CaptureQueriesContext(connection) as after:
        assert client.get(url).status_code == 200
    assert len(after) == len(before)


def test_the_central_teams_home_items_stay_flat_as_bodies_grow(cast, django_assert_max_num_queries):
    governance_work.items(cast["cfo"], TODAY)  # the user's permissions, cached once
    with CaptureQueriesContext(connection) as before:
        governance_work.items(cast["cfo"], TODAY)
    _add_bodies(20)
    with django_assert_max_num_queries(16), CaptureQueriesContext(connection) as after:
        governance_work.items(cast["cfo"], TODAY)
    assert len(after) == len(before)
