"""SCC pages: who sees what, the monitoring form enforcing the steps, the letter, and the
level shown on the dashboard and in the KPI report."""

import datetime
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from categorisation import scc
from categorisation.models import SccCase, SccLetter
from schools.models import School
from tests import files
from tests.conftest import ROLES
from tests.factories import OfstedInspectionFactory
from tests.files import stored_files

LOGIN = 302


@pytest.fixture
def foxton_case(demo):
    return SccCase.objects.get(school__name="Foxton")


@pytest.fixture
def fairfield_case(cast, school):
    return scc.enter_scc(
        school=school("Fairfield"),
        trigger="trust_concern",
        reason="Safeguarding records incomplete at the audit.",
        by=cast["ceo"],
    )


def steps_for(level, done_on, **extra):
    """Every step a move from ``level`` needs, done on ``done_on``."""
    return {
        key: {"who": "Demo CEO", "done_on": done_on, "evidence": "Minute.", **extra}
        for key in scc.REQUIRED_STEPS[level]
    }


PAGES = {
    #                       anon   ceo  dop  cfo  head exec trustee gov reviewer
    "/scc/": (LOGIN, 200, 200, 200, 403, 403, 200, 403, 403),
    "/scc/enter/": (LOGIN, 200, 200, 403, 403, 403, 403, 403, 403),
    # The demo reviewer is on Foxton's peer-review team: they read its records while the
    # review lasts (schools.access, TEAM), its case included, but not the draft letter.
    "foxton": (LOGIN, 200, 200, 200, 404, 404, 200, 404, 200),
    "fairfield": (LOGIN, 200, 200, 200, 404, 404, 200, 200, 404),
    "foxton letter": (LOGIN, 200, 200, 403, 404, 404, 403, 404, 403),
}


@pytest.mark.parametrize(
    ("path", "role", "status"),
    [(p, r, codes[i]) for p, codes in PAGES.items() for i, r in enumerate(ROLES)],
)
def test_page_access(client_for, foxton_case, fairfield_case, path, role, status):
    url = {
        "foxton": reverse("categorisation:scc_case", args=[foxton_case.pk]),
        "fairfield": reverse("categorisation:scc_case", args=[fairfield_case.pk]),
        "foxton letter": reverse("categorisation:scc_letter", args=[foxton_case.pk]),
    }.get(path, path)
    assert client_for(role).get(url).status_code == status


def test_the_schools_own_governor_reads_its_plan_and_level_but_cannot_act(
    client_for, fairfield_case
):
    client = client_for("governor")
    page = client.get(reverse("categorisation:scc_case", args=[fairfield_case.pk])).content.decode()
    assert "Level 1" in page and "Record a monitoring review" not in page
    response = client.post(
        reverse("categorisation:scc_case", args=[fairfield_case.pk]),
        {"action": "exit", "decision-held_on": "2026-11-01", "decision-notes": "x"},
    )
    assert response.status_code == 403
    assert SccCase.objects.get(pk=fairfield_case.pk).closed_on is None


def test_a_move_without_its_steps_is_refused_with_what_is_missing(client_for, foxton_case):
    url = reverse("categorisation:scc_case", args=[foxton_case.pk])
    moves = foxton_case.moves.count()
    page = (
        client_for("ceo")
        .post(
            url,
            {"action": "monitoring", "outcome": "insufficient", "held_on": "2026-11-20"},
            follow=True,
        )
        .content.decode()
    )
    assert "Moving Foxton to level 3 needs these steps" in page
    assert "Concerns shared with the Chair of Governors" in page
    assert foxton_case.moves.count() == moves


def _escalation_form(case) -> dict:
    """The monitoring form as posted to move ``case`` from level 2, every step filled in."""
    data = {
        "action": "monitoring",
        "outcome": "insufficient",
        "held_on": "2026-11-20",
        "last": case.moves.order_by("-pk").first().pk,
    }
    for key in scc.REQUIRED_STEPS[2]:
        data |= {
            f"{key}-who": "Demo CEO",
            f"{key}-done_on": "2026-11-20",
            f"{key}-evidence": "Met the chair; minute attached.",
        }
    return data


def test_the_ceo_escalates_with_the_steps(client_for, foxton_case):
    data = _escalation_form(foxton_case)
    client_for("ceo").post(reverse("categorisation:scc_case", args=[foxton_case.pk]), data)
    assert foxton_case.moves.order_by("-pk").first().to_level == 3


def test_a_program_sent_as_the_minute_is_refused_on_the_page_and_nothing_kept(
    client_for, foxton_case
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = _escalation_form(foxton_case)
    first, second, *_ = scc.REQUIRED_STEPS[2]
    data[f"{first}-document"] = SimpleUploadedFile("minute.pdf", files.pdf())
    data[f"{second}-document"] = SimpleUploadedFile("plan.docx", files.program_zip())
    before, moves = stored_files(), foxton_case.moves.count()
    url = reverse("categorisation:scc_case", args=[foxton_case.pk])
    page = client_for("ceo").post(url, data, follow=True).content.decode()
    assert "plan.docx holds a program (invoice.exe), so it was not accepted." in page
    assert foxton_case.moves.count() == moves
    assert stored_files() == before


def test_the_level_3_letter_names_the_school_and_the_consequences(client_for, foxton_case):
    response = client_for("ceo").get(reverse("categorisation:scc_letter", args=[foxton_case.pk]))
    text = " ".join(
        "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages).split()
    )
    assert "Foxton" in text and "level 4" in text and "Writing outcomes in Year 6" in text


def test_the_dashboard_and_kpi_report_show_the_level(client_for):
    rows = client_for("ceo").get(reverse("home")).context["rows"]
    assert next(r for r in rows if r.school.name == "Foxton").scc_level == 2
    report = client_for("trustee").get(reverse("portal:kpi_report")).context["schools"]
    assert next(s for s in report if s["school"].name == "Foxton")["scc_level"] == 2


def test_the_list_puts_overdue_monitoring_first(client_for, fairfield_case):
    states = client_for("ceo").get(reverse("categorisation:scc")).context["states"]
    assert states[0].case.school.name == "Foxton" and states[0].due.overdue


def test_monitoring_reminders_go_once(cast, foxton_case):
    from django.utils import timezone

    from categorisation.tasks import queue_reminders
    from schools.models import Reminder

    queue_reminders(today=timezone.localdate())
    queue_reminders(today=timezone.localdate())
    reminder = Reminder.objects.get(topic="scc_monitoring")
    assert reminder.subject.startswith("Overdue: SCC monitoring of Foxton (level 2")
    assert set(reminder.recipient_list) == {"ceo@example.org", "dop@example.org"}


def test_a_head_never_sees_another_schools_case(client_for, foxton_case):
    others = set(School.objects.values_list("name", flat=True)) - {"Glen Hills"}
    content = client_for("head").get(reverse("home")).content.decode()
    assert not [n for n in others if n in content]


def test_evidence_documents_are_served_only_to_who_may_see_the_case(
    client_for, cast, fairfield_case
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from categorisation.models import SccStep

    case = fairfield_case
    steps = steps_for(1, case.opened_on)
    steps[SccStep.Key.CAUSES_DISCUSSED]["document"] = SimpleUploadedFile("m.pdf", files.pdf())
    move = scc.record_monitoring(
        case=case,
        outcome="insufficient",
        held_on=case.opened_on,
        notes="",
        steps=steps,
        by=cast["ceo"],
    )
    step = move.steps.get(key=SccStep.Key.CAUSES_DISCUSSED)
    url = reverse("categorisation:scc_document", args=[step.pk])
    assert client_for("governor").get(url).status_code == 200  # Fairfield's own governor
    assert client_for("head").get(url).status_code == 404
    assert b"".join(client_for("ceo").get(url).streaming_content).startswith(b"%PDF")


@pytest.mark.parametrize(
    ("grades", "trigger"),
    [((2,), None), ((4,), "ofsted_inadequate"), ((3, 3), "second_ri"), ((3,), None)],
)
def test_entry_is_offered_on_the_ofsted_triggers(client_for, school, grades, trigger):
    thornton = school("Thornton")
    for offset, grade in enumerate(grades):
        OfstedInspectionFactory(
            school=thornton,
            year=2024 + offset,
            framework="legacy",
            inspection_type="graded",
            overall_grade=grade,
        )
    url = reverse("schools:detail", args=[thornton.pk])
    page = client_for("ceo").get(url).content.decode()
    assert (f"trigger={trigger}" in page) is (trigger is not None)
    assert "trigger=" not in client_for("trustee").get(url).content.decode()


# The letter to the LGB as issued: a stored snapshot, kept as it was sent.


@pytest.fixture
def foxton_at_level_3(cast, foxton_case):
    steps = steps_for(2, "2026-11-20", document="")
    scc.record_monitoring(
        case=foxton_case,
        outcome="insufficient",
        held_on=datetime.date(2026, 11, 20),
        notes="Writing outcomes in Year 6 have not improved.",
        steps=steps,
        by=cast["ceo"],
    )
    assert scc.levels_by_school([foxton_case.school])[foxton_case.school_id] == 3
    return foxton_case


def test_issuing_the_letter_keeps_it_as_sent(
    client_for, foxton_at_level_3, django_capture_on_commit_callbacks
):
    case = foxton_at_level_3
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for("ceo").post(
            reverse("categorisation:scc_issue_letter", args=[case.pk])
        )
    assert response.status_code == 302
    letter = SccLetter.objects.get(case=case)
    assert (letter.state, letter.level, letter.issued_by.email) == ("ready", 3, "ceo@example.org")
    page = client_for("ceo").get(reverse("categorisation:scc_case", args=[case.pk]))
    assert "Download the letter as sent" in page.content.decode()
    # Whoever may read the case reads the letter as it was sent, not a draft; another
    # school's head does not learn that it exists.
    other = client_for("head").get(reverse("categorisation:scc_issued_letter", args=[case.pk]))
    assert other.status_code == 404  # Glen Hills' head
    sent = client_for("trustee").get(reverse("categorisation:scc_issued_letter", args=[case.pk]))
    text = " ".join(
        "".join(p.extract_text() for p in PdfReader(io.BytesIO(b"".join(sent))).pages).split()
    )
    assert "Foxton" in text and "Draft" not in text


def test_the_draft_says_it_is_a_draft(client_for, foxton_case):
    response = client_for("ceo").get(reverse("categorisation:scc_letter", args=[foxton_case.pk]))
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "Draft" in text


def test_the_letter_is_refused_below_level_3_and_saves_nothing(client_for, foxton_case):
    response = client_for("ceo").post(
        reverse("categorisation:scc_issue_letter", args=[foxton_case.pk]), follow=True
    )
    assert "is sent at level 3" in response.content.decode()
    assert not SccLetter.objects.exists()


@pytest.mark.parametrize("role", ["dop", "cfo", "trustee", "head", "governor"])
def test_only_the_ceo_and_dop_issue_the_letter(client_for, foxton_at_level_3, role):
    response = client_for(role).post(
        reverse("categorisation:scc_issue_letter", args=[foxton_at_level_3.pk])
    )
    assert response.status_code == (
        302 if role == "dop" else 403 if role in ("cfo", "trustee") else 404
    )
    assert SccLetter.objects.exists() is (role == "dop")


def test_the_ceo_takes_a_school_out_of_scc_on_its_page(client_for, fairfield_case):
    url = reverse("categorisation:scc_case", args=[fairfield_case.pk])
    last = fairfield_case.moves.order_by("-pk").first().pk
    data = {"action": "exit", "last": last, "decision-held_on": datetime.date.today().isoformat()}
    refused = client_for("ceo").post(url, data)  # the decision needs its reason
    assert (
        refused.status_code == 200 and SccCase.objects.get(pk=fairfield_case.pk).closed_on is None
    )
    data["decision-notes"] = "Sustained improvement at two monitoring reviews."
    assert client_for("ceo").post(url, data).status_code == 302
    assert SccCase.objects.get(pk=fairfield_case.pk).closed_on is not None
