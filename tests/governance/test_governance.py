"""Governance: terms ending, training in date, skills gaps at their boundaries; who sees
which body; the register of interests; a person's own skills audit."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from governance import rules
from governance.models import Appointment, Body, Person, Skill, SkillRating, Training
from tests import files
from tests.conftest import ROLES
from tests.files import stored_files

D = datetime.date
TODAY = D(2026, 11, 23)


@pytest.mark.parametrize(
    ("ends_on", "flagged"),
    [
        (None, False),
        (D(2026, 11, 22), False),  # already ended
        (D(2026, 11, 23), True),  # ends today
        (D(2027, 2, 23), True),  # exactly three months
        (D(2027, 2, 24), False),  # a day beyond
    ],
)
def test_terms_ending_within_three_months(ends_on, flagged):
    appointment = Appointment(starts_on=D(2023, 9, 1), ends_on=ends_on)
    assert rules.term_ending(appointment, TODAY) is flagged


@pytest.mark.parametrize(
    ("completed", "state"),
    [
        (None, "missing"),
        (D(2023, 11, 24), "in date"),  # expires 24 Nov 2026: still in date today
        (D(2023, 11, 23), "expired"),  # expires today
        (D(2020, 1, 1), "expired"),
    ],
)
def test_safeguarding_training_expires_after_three_years(completed, state, settings):
    settings.SYMPHONY_SAFEGUARDING_TRAINING_YEARS = 3
    training = [] if completed is None else [Training(kind="safeguarding", completed_on=completed)]
    training.append(Training(kind="other", completed_on=TODAY))  # other courses don't count
    assert rules.safeguarding_status(training, TODAY).state == state


def test_a_skill_is_a_gap_when_nobody_rates_it_high_enough(settings):
    settings.SYMPHONY_SKILL_GAP_BELOW = 3
    finance, legal, estates = (
        Skill(pk=1, name="Finance"),
        Skill(pk=2, name="Legal"),
        Skill(pk=3, name="Estates"),
    )
    levels = {1: [1, 3], 2: [2, 2, 2]}  # estates: nobody rated it
    assert [s.name for s in rules.skill_gaps(levels, [finance, legal, estates])] == [
        "Legal",
        "Estates",
    ]
    settings.SYMPHONY_SKILL_GAP_BELOW = 2
    assert [s.name for s in rules.skill_gaps(levels, [finance, legal, estates])] == ["Estates"]


def test_vacancies_against_the_target():
    assert rules.vacancies(Body(target_size=7), 6) == 1
    assert rules.vacancies(Body(target_size=5), 6) == 0
    assert rules.vacancies(Body(target_size=None), 3) == 0


def test_the_demo_has_its_members_board_and_an_lgb_per_school(demo):
    current = Appointment.objects.filter(ends_on__gte=D(2026, 11, 23))
    assert current.filter(body__kind="members").count() == 5
    assert current.filter(body__kind="board").count() == 7
    assert Body.objects.filter(kind="lgb").count() == 15


def test_the_matrix_shows_the_meadows_estates_gap(client_for):
    meadow = Body.objects.get(name="The Meadow LGB")
    page = client_for("ceo").get(reverse("governance:body", args=[meadow.pk]))
    assert "Estates and premises" in [s.name for s in page.context["gaps"]]


LOGIN = 302


@pytest.mark.parametrize(
    ("page", "codes"),
    [
        ("/governance/", (LOGIN, 200, 200, 200, 200, 200, 200, 200, 403)),
        ("board", (LOGIN, 200, 200, 200, 404, 404, 200, 404, 403)),
        ("fairfield", (LOGIN, 200, 200, 200, 404, 404, 200, 200, 403)),
        ("glen hills", (LOGIN, 200, 200, 200, 200, 404, 200, 404, 403)),
        ("/governance/interests/", (LOGIN, 200, 200, 200, 200, 200, 200, 200, 403)),
        ("/governance/interests.csv", (LOGIN, 200, 200, 200, 200, 200, 200, 200, 403)),
        ("/governance/interests.pdf", (LOGIN, 200, 200, 200, 200, 200, 200, 200, 403)),
        ("/governance/skills-audit/", (LOGIN, 403, 403, 403, 403, 403, 200, 200, 403)),
    ],
)
def test_page_access(client_for, demo, page, codes):
    names = {
        "board": "Board of Trustees",
        "fairfield": "Fairfield LGB",
        "glen hills": "Glen Hills LGB",
    }
    url = (
        reverse("governance:body", args=[Body.objects.get(name=names[page]).pk])
        if page in names
        else page
    )
    for role, status in zip(ROLES, codes, strict=True):
        assert client_for(role).get(url).status_code == status, role


def test_a_governor_sees_only_their_own_lgb(client_for):
    rows = client_for("governor").get(reverse("governance:overview")).context["rows"]
    assert [r["body"].name for r in rows] == ["Fairfield LGB"]


def test_a_governor_completes_their_skills_audit_and_a_missing_rating_is_named(client_for, cast):
    client = client_for("governor")
    skills = list(Skill.objects.all())
    data = {f"skill-{s.pk}": "3" for s in skills[1:]}
    page = client.post(reverse("governance:skills_audit"), data)
    assert f"Rate yourself on {skills[0].name.lower()}." in page.content.decode()
    person = Person.objects.get(user=cast["governor"])
    assert not SkillRating.objects.filter(person=person).exists()
    data[f"skill-{skills[0].pk}"] = "4"
    assert client.post(reverse("governance:skills_audit"), data).status_code == 302
    assert SkillRating.objects.filter(person=person).count() == len(skills)


def test_the_register_is_exported_with_formulas_as_text(client_for):
    from governance.models import Interest

    person = Person.objects.get(full_name="Demo Trustee B")
    Interest.objects.create(
        person=person,
        kind="business",
        organisation="=cmd()",
        nature="Director",
        declared_on=D(2026, 1, 1),
    )
    body = (
        client_for("trustee")
        .get(reverse("governance:interests_export", args=["csv"]))
        .content.decode("utf-8-sig")
    )
    assert "'=cmd()" in body and "Demo Trustee B" in body


@pytest.mark.parametrize(("present", "quorate"), [(2, False), (3, True), (4, True)])
def test_a_meeting_is_quorate_from_its_quorum(present, quorate):
    assert rules.quorate(present, Body(quorum=3)) is quorate


def test_the_old_mill_meeting_is_shown_not_quorate(client_for):
    from governance.models import Meeting

    meeting = Meeting.objects.filter(body__name="Old Mill LGB").order_by("-held_on").first()
    page = client_for("ceo").get(reverse("governance:meeting", args=[meeting.pk]))
    assert page.context["present"] == 2 and not page.context["quorate"]
    assert "Not quorate" in page.content.decode()


def test_the_ceo_and_dop_visits_are_checkable(client_for):
    rows = client_for("trustee").get(reverse("governance:lgb_visits")).context["rows"]
    assert len(rows) == 15
    done = [r for r in rows if r["meetings"]]
    assert 0 < len(done) < 15  # some visited so far this year, some still to do
    last = client_for("trustee").get(
        reverse("governance:lgb_visits") + f"?year={timezone.localdate().year - 1}"
    )
    # Trust Self-Evaluation (2025): every LGB, every year.
    assert all(r["meetings"] for r in last.context["rows"])


def test_a_governor_reads_only_their_own_lgbs_meetings(client_for):
    from governance.models import Meeting

    own = Meeting.objects.filter(body__name="Fairfield LGB").first()
    other = Meeting.objects.filter(body__name="Foxton LGB").first()
    client = client_for("governor")
    assert client.get(reverse("governance:meeting", args=[own.pk])).status_code == 200
    assert client.get(reverse("governance:meeting", args=[other.pk])).status_code == 404


def test_meeting_and_overdue_action_reminders_go_once(demo):
    from django.core import mail

    from governance.models import Meeting, MeetingAction
    from governance.tasks import send_reminders
    from schools.models import Reminder

    meeting = Meeting.objects.filter(body__name="Board of Trustees").first()
    Meeting.objects.create(
        body=meeting.body, held_on=timezone.localdate() + datetime.timedelta(days=3)
    )
    send_reminders.delay()
    send_reminders.delay()
    reminders = Reminder.objects.filter(topic="governance")
    overdue = MeetingAction.objects.filter(
        done_on__isnull=True, due_on__lt=timezone.localdate()
    ).count()
    assert reminders.count() == len(mail.outbox) == 1 + overdue
    assert any("meeting on" in r.subject for r in reminders)


@pytest.mark.parametrize(
    ("role", "school_name"),
    [("governor", "Fairfield"), ("head", "Glen Hills"), ("trustee", "Foxton")],
)
def test_the_school_page_shows_its_lgbs_effectiveness(client_for, school, role, school_name):
    page = (
        client_for(role)
        .get(reverse("schools:detail", args=[school(school_name).pk]))
        .content.decode()
    )
    assert "Local Governing Body" in page and "Attendance this year" in page


def test_a_trustee_has_their_board_meetings_in_their_calendar_feed(client_for, cast):
    from django.test import Client

    from schools.models import CalendarFeed

    client_for("trustee").get(reverse("schools:calendar_feed"))
    token = CalendarFeed.objects.get(user=cast["trustee"]).token
    body = Client().get(reverse("schools:feed_ics", args=[token])).content.decode()
    assert "SUMMARY:Board of Trustees meeting" in body
    assert "LGB meeting" not in body


def test_the_skills_audit_service_saves_every_rating_or_nothing(cast):
    from django.core.exceptions import ValidationError

    from governance import services
    from governance.selectors import this_year

    person = Person.objects.get(user=cast["governor"])
    skills = list(Skill.objects.all())
    year = this_year()
    SkillRating.objects.filter(person=person).delete()
    with pytest.raises(ValidationError, match=skills[0].name):
        services.record_skills_audit(
            person=person, academic_year=year, ratings={s.pk: 3 for s in skills[1:]}
        )
    with pytest.raises(ValidationError, match="four levels"):
        services.record_skills_audit(
            person=person, academic_year=year, ratings={s.pk: 9 for s in skills}
        )
    assert not SkillRating.objects.filter(person=person).exists()
    saved = services.record_skills_audit(
        person=person, academic_year=year, ratings={s.pk: 2 for s in skills}
    )
    assert saved == len(skills) == SkillRating.objects.filter(person=person, level=2).count()


# Uploaded minutes and schemes of delegation (kept through the admin site) are opened as
# what their names say before they are kept, as every document is (symphony.uploads).


def _meeting_form(body, **files_):
    return {
        "body": body.pk,
        "held_on": "2026-11-20",
        "agenda": "",
        "minutes": "",
        "decisions": "",
        "attendance-TOTAL_FORMS": "0",
        "attendance-INITIAL_FORMS": "0",
        "actions-TOTAL_FORMS": "0",
        "actions-INITIAL_FORMS": "0",
        **files_,
    }


@pytest.mark.parametrize(
    ("name", "build", "message"),
    [
        ("minutes.docx", files.program_zip, "minutes.docx holds a program (invoice.exe)"),
        ("minutes.pdf", files.pdf_then_html, "minutes.pdf is not a PDF: it could not be opened"),
        ("minutes.docx", files.xlsx, "minutes.docx is not a Word document: it could not be"),
        ("minutes.png", files.png, "minutes.png: .png files are not accepted; upload a PDF or"),
    ],
)
def test_uploaded_minutes_are_refused_unless_they_open_as_what_they_say(
    client_for, demo, name, build, message
):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils.html import escape

    from governance.models import Meeting

    body = Body.objects.get(name="Fairfield LGB")
    meetings, before = Meeting.objects.count(), stored_files()
    data = _meeting_form(body, minutes_file=SimpleUploadedFile(name, build()))
    page = client_for("cfo").post(reverse("admin:governance_meeting_add"), data)
    assert page.status_code == 200
    assert escape(message) in page.content.decode()
    assert Meeting.objects.count() == meetings
    assert stored_files() == before


@pytest.mark.parametrize(("name", "build"), [("m.pdf", files.pdf), ("m.docx", files.docx)])
def test_real_minutes_are_kept(client_for, demo, name, build):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from governance.models import Meeting

    body = Body.objects.get(name="Fairfield LGB")
    content = build()
    data = _meeting_form(body, minutes_file=SimpleUploadedFile(name, content))
    page = client_for("cfo").post(reverse("admin:governance_meeting_add"), data)
    assert page.status_code == 302, page.content.decode()[:2000]
    meeting = Meeting.objects.get(body=body, held_on="2026-11-20")
    assert meeting.minutes_file.open("rb").read() == content


def test_a_scheme_of_delegation_that_is_a_web_page_is_refused(client_for, demo):
    from django.core.files.uploadedfile import SimpleUploadedFile

    body = Body.objects.get(name="Board of Trustees")
    form = client_for("cfo").get(reverse("admin:governance_body_change", args=[body.pk]))
    assert form.status_code == 200
    data = {
        "kind": body.kind,
        "name": body.name,
        "quorum": body.quorum,
        "target_size": body.target_size or "",
        "cadence": body.cadence,
        "size_is": body.size_is,
        "appointments-TOTAL_FORMS": "0",
        "appointments-INITIAL_FORMS": "0",
        "scheme_of_delegation": SimpleUploadedFile("scheme.pdf", files.pdf_then_html()),
    }
    page = client_for("cfo").post(reverse("admin:governance_body_change", args=[body.pk]), data)
    assert "scheme.pdf is not a PDF: it could not be opened as one." in page.content.decode()
    body.refresh_from_db()
    assert not body.scheme_of_delegation
