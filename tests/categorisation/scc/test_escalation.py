"""Schools Causing Concern (School Improvement Strategy 2024-25, §6): entry, monitoring at
four levels with the steps each move demands, stepping down and leaving, on an append-only
timeline."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.db.models.signals import post_save
from django.utils import timezone

from categorisation import scc
from categorisation.models import SccCase, SccMove, SccStep
from tests import files
from tests.files import stored_files

TODAY = timezone.localdate()
Key = SccStep.Key


def step(**extra):
    return {"who": "Demo CEO", "done_on": TODAY, "evidence": "Minuted at the meeting.", **extra}


@pytest.fixture
def case(cast, school):
    thornton = school("Thornton")
    return scc.enter_scc(
        school=thornton,
        trigger=SccCase.Trigger.TRUST_CONCERN,
        reason="KS2 writing fell for two years; leadership capacity stretched.",
        by=cast["ceo"],
        opened_on=TODAY - datetime.timedelta(days=60),
    )


def level(case):
    return case.moves.order_by("-held_on", "-pk").first().to_level


def insufficient(case, cast, steps, **kw):
    return scc.record_monitoring(
        case=case,
        outcome="insufficient",
        held_on=TODAY,
        notes="Plan not yet biting.",
        steps=steps,
        by=cast["ceo"],
        **kw,
    )


def test_entry_records_why_who_and_when_at_level_1(case, cast):
    entry = case.moves.get()
    assert (entry.kind, entry.to_level, entry.by) == ("enter", 1, cast["ceo"])
    assert "KS2 writing" in case.reason


def test_entry_needs_a_reason_and_one_open_case(cast, school, case):
    with pytest.raises(ValidationError, match="Record why"):
        scc.enter_scc(school=school("Foxton"), trigger="trust_concern", reason=" ", by=cast["ceo"])
    with pytest.raises(ValidationError, match="already in Schools Causing Concern"):
        scc.enter_scc(school=case.school, trigger="trust_concern", reason="x", by=cast["ceo"])


def test_responding_well_keeps_the_level(case, cast):
    scc.record_monitoring(
        case=case,
        outcome="responding_well",
        held_on=TODAY,
        notes="On track",
        steps={},
        by=cast["dop"],
    )
    assert level(case) == 1


@pytest.mark.parametrize(
    ("start", "needed"),
    [
        (1, {Key.CAUSES_DISCUSSED, Key.PLAN_AMENDED}),
        (2, {Key.CONCERNS_WITH_HEAD, Key.SHARED_WITH_CHAIR, Key.PLAN_AMENDED}),
        (
            3,
            {
                Key.LETTER_TO_LGB,
                Key.PLAN_AMENDED,
                Key.HEAD_GOVERNOR_ACTION,
                Key.PERFORMANCE_MANAGEMENT,
            },
        ),
        (4, {Key.RELEVANT_ACTION}),
    ],
)
def test_each_move_up_needs_its_steps(case, cast, start, needed):
    for lvl in range(1, start):
        insufficient(case, cast, {k: step() for k in scc.REQUIRED_STEPS[lvl]})
    assert level(case) == start
    assert set(scc.REQUIRED_STEPS[start]) == needed
    moves = case.moves.count()
    for missing in needed:  # leave out any one step: refused, nothing saved
        partial = {k: step() for k in needed if k != missing}
        with pytest.raises(ValidationError, match=re.escape(str(Key(missing).label)[:30])):
            insufficient(case, cast, partial)
        assert case.moves.count() == moves
    with pytest.raises(ValidationError, match="each with who, when and evidence"):
        insufficient(case, cast, {k: step(evidence="") for k in needed})
    move = insufficient(case, cast, {k: step() for k in needed})
    assert (move.from_level, move.to_level) == (start, min(start + 1, 4))
    assert set(move.steps.values_list("key", flat=True)) == needed


def test_the_whole_path_up_and_back_down_and_out(case, cast):
    for lvl in (1, 2, 3):
        insufficient(case, cast, {k: step() for k in scc.REQUIRED_STEPS[lvl]})
    assert level(case) == 4
    with pytest.raises(ValidationError, match="sustained improvement"):
        scc.step_down(case=case, held_on=TODAY, notes="", by=cast["ceo"])
    for expected in (3, 2, 1):
        scc.step_down(
            case=case, held_on=TODAY, notes="Two good monitoring reviews.", by=cast["ceo"]
        )
        assert level(case) == expected
    with pytest.raises(ValidationError, match="can leave SCC instead"):
        scc.step_down(case=case, held_on=TODAY, notes="More", by=cast["ceo"])
    scc.exit_scc(case=case, held_on=TODAY, notes="Sustained improvement all year.", by=cast["ceo"])
    case.refresh_from_db()
    assert case.closed_on == TODAY
    kinds = list(case.moves.order_by("pk").values_list("kind", flat=True))
    assert kinds == [
        "enter",
        "monitoring",
        "monitoring",
        "monitoring",
        "step_down",
        "step_down",
        "step_down",
        "exit",
    ]
    with pytest.raises(ValidationError, match="closed"):
        scc.record_monitoring(
            case=case, outcome="responding_well", held_on=TODAY, notes="", steps={}, by=cast["ceo"]
        )


def test_a_stale_move_is_refused(case, cast):
    seen = case.moves.get().pk
    scc.record_monitoring(
        case=case, outcome="responding_well", held_on=TODAY, notes="", steps={}, by=cast["dop"]
    )
    with pytest.raises(ValidationError, match="While you were working"):
        insufficient(case, cast, {k: step() for k in scc.REQUIRED_STEPS[1]}, expected_last_id=seen)
    assert level(case) == 1


def test_the_database_allows_one_move_after_another(case, cast):
    entry = case.moves.get()
    SccMove.objects.create(
        case=case,
        previous=entry,
        kind="monitoring",
        outcome="responding_well",
        from_level=1,
        to_level=1,
        held_on=TODAY,
        by=cast["ceo"],
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        SccMove.objects.create(
            case=case,
            previous=entry,
            kind="monitoring",
            outcome="responding_well",
            from_level=1,
            to_level=1,
            held_on=TODAY,
            by=cast["dop"],
        )


def test_evidence_is_kept_when_it_opens_as_what_its_name_says(case, cast):
    steps = {k: step() for k in scc.REQUIRED_STEPS[1]}
    steps[Key.CAUSES_DISCUSSED]["document"] = SimpleUploadedFile("note.pdf", files.pdf())
    steps[Key.PLAN_AMENDED]["document"] = SimpleUploadedFile("plan.docx", files.docx())
    move = insufficient(case, cast, steps)
    kept = move.steps.get(key=Key.CAUSES_DISCUSSED).document
    assert kept.name == f"scc/{case.pk}/note.pdf"
    assert kept.open("rb").read() == files.pdf()


@pytest.mark.parametrize(
    ("name", "body", "message"),
    [
        ("minute.docx", files.program_zip(), "minute.docx holds a program (invoice.exe)"),
        ("minute.pdf", files.pdf_then_html(), "minute.pdf is not a PDF: it could not be"),
        ("minute.png", files.png_then_html(), "minute.png is not a PNG image: it could not"),
        ("minute.pdf", b"MZ\x90\x00 not a pdf", "minute.pdf is not a PDF"),
        ("minute.doc", files.docx(), "minute.doc: .doc files are not accepted; upload a PDF,"),
    ],
)
def test_evidence_is_checked_by_what_it_is_not_its_first_bytes(case, cast, name, body, message):
    before = stored_files()
    steps = {k: step() for k in scc.REQUIRED_STEPS[1]}
    steps[Key.CAUSES_DISCUSSED]["document"] = SimpleUploadedFile(name, body)
    with pytest.raises(ValidationError) as refused:
        insufficient(case, cast, steps)
    assert refused.value.messages[0].startswith(message)
    assert level(case) == 1
    assert stored_files() == before


@pytest.mark.parametrize(
    "second",
    [
        {"document": SimpleUploadedFile("plan.pdf", files.PROGRAM)},  # its file
        {"who": "x" * 151},  # a rule checked once the first step's file was stored
    ],
    ids=["second document", "second step's who"],
)
def test_a_move_refused_at_its_second_step_leaves_no_file(case, cast, second):
    before = stored_files()
    steps = {
        Key.CAUSES_DISCUSSED: step(document=SimpleUploadedFile("note.pdf", files.pdf())),
        Key.PLAN_AMENDED: step(**second),
    }
    with pytest.raises(ValidationError):
        insufficient(case, cast, steps)
    assert level(case) == 1
    assert stored_files() == before


def test_files_stored_for_a_move_the_database_then_refuses_are_removed(case, cast):
    """The database refuses the second step after both files are stored (as it would a
    move saved by someone else at the same moment): both files go."""

    def refuse_the_second(sender, instance, **kwargs):
        if instance.key == Key.PLAN_AMENDED:
            raise IntegrityError("refused by the database")

    before = stored_files()
    steps = {
        Key.CAUSES_DISCUSSED: step(document=SimpleUploadedFile("note.pdf", files.pdf())),
        Key.PLAN_AMENDED: step(document=SimpleUploadedFile("plan.docx", files.docx())),
    }
    post_save.connect(refuse_the_second, sender=SccStep)
    try:
        with pytest.raises(ValidationError, match="at the same moment"):
            insufficient(case, cast, steps)
    finally:
        post_save.disconnect(refuse_the_second, sender=SccStep)
    assert level(case) == 1
    assert stored_files() == before


def test_monitoring_falls_due_each_half_term_or_as_set(case, cast, settings):
    settings.SYMPHONY_SCC_MONITORING = "half_termly"
    state = scc.open_cases(user=cast["ceo"])[0]
    assert state.due.frequency == "half_termly"
    settings.SYMPHONY_SCC_MONITORING = "termly"
    assert scc.open_cases(user=cast["ceo"])[0].due.frequency == "termly"


def test_the_plan_actions_reuse_the_core_plan_actions(case, cast):
    action = scc.add_plan_action(
        case=case, data={"title": "Daily writing model in Y5", "owner": "Head"}, by=cast["ceo"]
    )
    assert action.source == "scc" and action.scc_case == case
    assert action.core_plan.school == case.school
