"""Governance on people's homes (``governance.work``): meetings ahead, a chair's actions,
the skills audit, safeguarding training, for the people who sit on bodies, the heads and
the central team; never another school's."""

import datetime

import pytest
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from governance import selectors
from governance import work as governance_work
from governance.models import (
    Appointment,
    Body,
    Meeting,
    MeetingAction,
    Person,
    Skill,
    SkillRating,
    Training,
)

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


def _items(user, today=TODAY):
    return governance_work.items(user, today)


def _titled(user, title, today=TODAY):
    return [i for i in _items(user, today) if i.title == title]


def _meeting(body_name, held_on, **fields):
    return Meeting.objects.create(body=Body.objects.get(name=body_name), held_on=held_on, **fields)


@pytest.fixture
def quiet(demo):
    """No meetings ahead anywhere, so each test places its own."""
    Meeting.objects.filter(held_on__gte=TODAY - 60 * DAY).delete()


@pytest.mark.parametrize(("offset", "shown"), [(-1, False), (0, True), (28, True), (29, False)])
def test_a_governor_sees_their_lgbs_meetings_four_weeks_ahead(cast, quiet, offset, shown):
    meeting = _meeting("Fairfield LGB", TODAY + offset * DAY, agenda="Headteacher's report")
    found = _titled(cast["governor"], "Prepare for the Fairfield LGB meeting")
    assert bool(found) is shown
    if shown:
        (item,) = found
        assert item.url == reverse("governance:meeting", args=[meeting.pk])
        assert item.when == meeting.held_on and item.school == "Fairfield"
        assert item.detail.endswith("the papers are ready.")


def test_a_meeting_without_papers_says_they_are_to_follow(cast, quiet):
    _meeting("Board of Trustees", TODAY + 3 * DAY)
    (item,) = _titled(cast["trustee"], "Prepare for the Board of Trustees meeting")
    assert item.detail.endswith("papers to follow.")


def test_another_schools_meeting_never_reaches_a_governor_or_head(cast, quiet):
    _meeting("Foxton LGB", TODAY + 2 * DAY, agenda="x")
    for role in ("governor", "head", "exec_head", "trustee"):
        assert not [i for i in _items(cast[role]) if "Foxton" in i.title + i.school], role


def test_a_trustee_sees_the_board_but_not_a_body_they_do_not_sit_on(cast, quiet):
    _meeting("Board of Trustees", TODAY + 5 * DAY)
    _meeting("Members", TODAY + 5 * DAY)
    _meeting("Fairfield LGB", TODAY + 5 * DAY)
    titles = [i.title for i in _items(cast["trustee"])]
    assert "Prepare for the Board of Trustees meeting" in titles
    assert "Prepare for the Members meeting" not in titles
    assert "Prepare for the Fairfield LGB meeting" not in titles


def test_the_skills_audit_is_asked_for_until_it_is_taken(cast, demo):
    governor = cast["governor"]
    (item,) = _titled(governor, "Take this year's skills audit")
    assert item.url == reverse("governance:skills_audit")
    assert item.when == selectors.this_year(TODAY).ends_on and not item.overdue
    SkillRating.objects.create(
        person=governor.governance_person,
        academic_year=selectors.this_year(TODAY),
        skill=Skill.objects.first(),
        level=3,
    )
    assert not _titled(governor, "Take this year's skills audit")
    assert not _titled(cast["trustee"], "Take this year's skills audit")  # the demo's: taken


def _train(person, completed_on):
    Training.objects.filter(person=person).delete()
    Training.objects.create(
        person=person, kind="safeguarding", course="Safeguarding", completed_on=completed_on
    )


# Completed 1 October 2023: in date for three years, run out on 1 October 2026.
COMPLETED, EXPIRES = datetime.date(2023, 10, 1), datetime.date(2026, 10, 1)


@pytest.mark.parametrize(
    ("today", "title", "overdue"),
    [
        (EXPIRES - 61 * DAY, None, None),
        (EXPIRES - 60 * DAY, "Renew your safeguarding training", False),
        (EXPIRES - DAY, "Renew your safeguarding training", False),
        (EXPIRES, "Renew your safeguarding training", True),
    ],
)
def test_own_safeguarding_training_is_shown_60_days_before_it_runs_out(
    cast, demo, today, title, overdue
):
    _train(cast["governor"].governance_person, COMPLETED)
    found = [i for i in _items(cast["governor"], today) if "safeguarding" in i.title]
    if title is None:
        assert found == []
    else:
        assert [(i.title, i.when, i.overdue) for i in found] == [(title, EXPIRES, overdue)]
        lgb = Body.objects.get(name="Fairfield LGB")
        assert found[0].url == reverse("governance:body", args=[lgb.pk])


def test_training_never_done_is_asked_for(cast, demo):
    Training.objects.filter(person=cast["trustee"].governance_person).delete()
    (item,) = _titled(cast["trustee"], "Do your safeguarding training")
    assert item.overdue and item.when is None


def test_someone_on_a_working_group_only_is_not_asked_for_training_or_the_audit(cast, demo):
    ceo = cast["ceo"]  # the EDG's chair, on no governing body
    Training.objects.filter(person=ceo.governance_person).delete()
    titles = [i.title for i in _items(ceo)]
    assert "Do your safeguarding training" not in titles
    assert "Take this year's skills audit" not in titles


@pytest.fixture
def chaired(cast, demo):
    """The demo governor chairs the Fairfield LGB; one of its meetings to hang actions on."""
    Appointment.objects.filter(
        person=cast["governor"].governance_person, body__name="Fairfield LGB"
    ).update(role=Appointment.Role.CHAIR)
    MeetingAction.objects.filter(meeting__body__name="Fairfield LGB").delete()
    return _meeting("Fairfield LGB", TODAY - 30 * DAY)


@pytest.mark.parametrize(
    ("offset", "shown", "overdue"),
    [(-1, True, True), (0, True, False), (14, True, False), (15, False, None)],
)
def test_a_chair_sees_the_bodys_actions_overdue_or_due_within_two_weeks(
    cast, chaired, offset, shown, overdue
):
    MeetingAction.objects.create(
        meeting=chaired,
        description="Publish the pecuniary interests",
        owner="Clerk",
        due_on=TODAY + offset * DAY,
    )
    found = _titled(cast["governor"], "Publish the pecuniary interests")
    assert bool(found) is shown
    if shown:
        assert found[0].overdue is overdue
        assert found[0].url == reverse("governance:meeting", args=[chaired.pk])
        assert "Owner: Clerk." in found[0].detail


def test_a_done_action_or_a_non_chair_sees_nothing(cast, chaired):
    MeetingAction.objects.create(
        meeting=chaired,
        description="Done already",
        owner="Chair",
        due_on=TODAY - DAY,
        done_on=TODAY - 2 * DAY,
    )
    assert not _titled(cast["governor"], "Done already")
    Appointment.objects.filter(person=cast["governor"].governance_person).update(role="member")
    MeetingAction.objects.create(
        meeting=chaired, description="Open and late", owner="Chair", due_on=TODAY - DAY
    )
    assert not _titled(cast["governor"], "Open and late")


def test_a_head_sees_only_their_lgbs_next_meeting(cast, quiet):
    soon = _meeting("Glen Hills LGB", TODAY + 40 * DAY, agenda="x")
    later = _meeting("Glen Hills LGB", TODAY + 90 * DAY)
    (item,) = _titled(cast["head"], "Prepare for the Glen Hills LGB meeting")
    assert item.url == reverse("governance:meeting", args=[soon.pk])
    assert item.when == soon.held_on and item.school == "Glen Hills"
    after = _titled(cast["head"], "Prepare for the Glen Hills LGB meeting", soon.held_on + DAY)
    assert [i.when for i in after] == [later.held_on]
    assert not _titled(cast["head"], "Prepare for the Glen Hills LGB meeting", later.held_on + DAY)


def _lgb_people(name):
    current = Q(appointments__ends_on__isnull=True) | Q(appointments__ends_on__gte=TODAY)
    return Person.objects.filter(current, appointments__body__name=name).distinct()


@pytest.mark.parametrize(("expires_in", "count"), [(60, 1), (61, 0)])
def test_a_head_is_told_how_many_governors_training_runs_out(cast, demo, expires_in, count):
    for person in _lgb_people("Glen Hills LGB"):
        _train(person, TODAY)
    one = _lgb_people("Glen Hills LGB").first()
    expires = TODAY + expires_in * DAY
    _train(one, expires.replace(year=expires.year - 3))
    found = [i for i in _items(cast["head"]) if "governor" in i.title]
    if count:
        (item,) = found
        assert item.title == "Remind 1 governor to renew their safeguarding training"
        assert item.when == expires and not item.overdue
        assert item.url == reverse(
            "governance:body", args=[Body.objects.get(name="Glen Hills LGB").pk]
        )
    else:
        assert found == []


def test_a_head_never_sees_another_schools_governors(cast, demo):
    for person in _lgb_people("Fairfield LGB"):
        Training.objects.filter(person=person).delete()
    assert not [i for i in _items(cast["head"]) if i.school == "Fairfield"]


def test_the_central_team_sees_training_out_of_date_across_the_trust(cast, demo):
    person = _lgb_people("Foxton LGB").first()
    Training.objects.filter(person=person).delete()
    (item,) = [i for i in _items(cast["cfo"]) if i.title.startswith("Safeguarding training")]
    assert item.overdue and item.url == reverse("governance:overview")
    assert "Foxton LGB" in item.detail
    for role in ("ceo", "trustee", "head", "governor"):  # the central team's alone
        assert not [i for i in _items(cast[role]) if i.title.startswith("Safeguarding training")]


@pytest.mark.parametrize(("offset", "shown"), [(0, True), (7, True), (8, False)])
def test_the_central_team_sees_the_weeks_meetings(cast, quiet, offset, shown):
    meeting = _meeting("Foxton LGB", TODAY + offset * DAY)
    found = [i for i in _items(cast["cfo"]) if i.title.startswith("The Foxton LGB meets on")]
    assert bool(found) is shown
    if shown:
        assert found[0].url == reverse("governance:meeting", args=[meeting.pk])
    assert not [i for i in _items(cast["ceo"]) if "Foxton" in i.title]


def test_a_practitioner_gets_nothing_and_is_told_nothing(cast, demo):
    assert _items(cast["reviewer"]) == []
    assert governance_work.explains(cast["reviewer"]) is None
    assert "skills audit" in governance_work.explains(cast["governor"])


@pytest.mark.parametrize("role", ["governor", "trustee", "head"])
def test_the_demo_gives_each_a_real_item_today(cast, role):
    assert _items(cast[role])


@pytest.mark.parametrize(
    ("role", "body"),
    [("governor", "Fairfield LGB"), ("trustee", "Board of Trustees"), ("head", "Glen Hills LGB")],
)
def test_the_next_meeting_is_on_the_home_page_as_a_link(client_for, demo, role, body):
    meeting = (
        Meeting.objects.filter(body__name=body, held_on__gte=TODAY).order_by("held_on").first()
    )
    page = client_for(role).get(reverse("home")).content.decode()
    assert f"Prepare for the {body} meeting" in page
    assert reverse("governance:meeting", args=[meeting.pk]) in page


def test_a_meeting_to_come_is_not_called_inquorate(client_for, demo):
    meeting = Meeting.objects.filter(body__name="Fairfield LGB", held_on__gt=TODAY).first()
    page = client_for("governor").get(reverse("governance:meeting", args=[meeting.pk]))
    assert "To be held on" in page.content.decode()
    assert "Not quorate" not in page.content.decode()
    body = client_for("governor").get(reverse("governance:body", args=[meeting.body_id]))
    assert "to come" in body.content.decode()
