"""Two people saving the same thing at the same moment, on PostgreSQL with real row locks
and two connections: one wins, the other is told what happened, and nothing is corrupted
(one decision per predecessor, one SCC move per predecessor, one set of figures).

The tests in tests/categorisation (with its scc/) cover a stale page (the second person
acting after the first); these run both at once."""

import threading
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import connection

from categorisation import scc
from categorisation import services as categorisation
from categorisation.models import Assessment, RiskMeeting, SccCase, SccMove
from schools.data import services as data
from schools.data.measures import RowKey
from schools.models import Submission


def at_once(*calls):
    """Run each call in its own thread (its own database connection), released together.
    Returns what each returned or the ValidationError it raised."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait(timeout=30)
            results[index] = call()
        except ValidationError as exc:
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a save never finished"
    return results


def one_won(results):
    refused = [r for r in results if isinstance(r, ValidationError)]
    won = [r for r in results if not isinstance(r, ValidationError)]
    assert len(won) == 1 and len(refused) == 1, results
    return won[0], " ".join(refused[0].messages)


def test_two_category_decisions_at_once(postgres, cast, school):
    foxton = school("Foxton")
    meeting = RiskMeeting.objects.order_by("-held_on").first()
    seen = Assessment.objects.get(school=foxton, successor__isnull=True)
    evidence = {
        "performance": "variable",
        "qa_visits": "some",
        "partnership": "some",
        "external": "some",
    }

    def decide(who, category, rationale):
        return lambda: categorisation.decide_category(
            school=foxton,
            meeting=meeting,
            evidence=evidence,
            category=category,
            leadership_capacity="sufficient",
            rationale=rationale,
            by=cast[who],
            expected_current_id=seen.pk,
        )

    winner, message = one_won(
        at_once(decide("ceo", 3, ""), decide("dop", 2, "Strong first term under the new head."))
    )
    assert "While you were working" in message or "at the same moment" in message
    assert "Nothing was saved" in message
    assert Assessment.objects.filter(previous=seen).count() == 1
    current = Assessment.objects.get(school=foxton, successor__isnull=True)
    assert current == winner and current.previous == seen


def test_two_scc_moves_at_once(postgres, cast):
    case = SccCase.objects.filter(closed_on__isnull=True).select_related("school").first()
    last = case.moves.order_by("-held_on", "-pk").first()
    moves = case.moves.count()

    def monitor(who):
        return lambda: scc.record_monitoring(
            case=case,
            outcome="responding_well",
            held_on=last.held_on,
            notes=f"Monitoring by {who}.",
            steps={},
            by=cast[who],
            expected_last_id=last.pk,
        )

    winner, message = one_won(at_once(monitor("ceo"), monitor("dop")))
    assert f"While you were working, {winner.by} recorded" in message
    assert case.moves.count() == moves + 1
    assert SccMove.objects.filter(previous=last).count() == 1


def test_two_people_saving_and_reviewing_one_submission_at_once(postgres, cast):
    submission = Submission.objects.filter(figures__isnull=False).distinct().first()
    Submission.objects.filter(pk=submission.pk).update(state=Submission.State.DRAFT)
    rows = [RowKey(f.measure, f.year_group, f.subject, f.group) for f in submission.figures.all()]

    # Two people at the same school save the form at once: the figures are one person's
    # set or the other's, never a mixture or a doubled set.
    def save(value):
        figures = {key: (None, Decimal(value)) for key in rows}
        return lambda: data.save_figures(submission=submission, figures=figures, by=cast["head"])

    at_once(save("11"), save("22"))
    values = set(submission.figures.values_list("value", flat=True))
    assert values in ({Decimal("11")}, {Decimal("22")})
    assert submission.figures.count() == len(rows)

    # The central team accepts while a colleague returns it for correction: one decides.
    Submission.objects.filter(pk=submission.pk).update(state=Submission.State.SUBMITTED)

    def review(accept):
        return lambda: data.review_submission(
            submission=submission,
            accept=accept,
            reason="" if accept else "Year 6 writing is missing.",
            by=cast["cfo"] if accept else cast["ceo"],
        )

    winner, message = one_won(at_once(review(True), review(False)))
    assert "Only submitted figures can be accepted or returned" in message
    submission.refresh_from_db()
    assert submission.state == winner.state
    assert submission.reviewed_by == winner.reviewed_by
    assert bool(submission.return_reason) == (winner.state == Submission.State.RETURNED)


def test_two_workers_given_the_same_document_make_it_once(postgres, cast, caplog):
    """The sweep re-queued a document whose first task was still waiting in the queue; two
    workers take the two tasks at the same moment."""
    from finance.models import EstatesReportCopy
    from schools.documents import render_snapshot
    from schools.models import Term

    copy = EstatesReportCopy.objects.create(
        term=Term.objects.order_by("starts_on").last(), sent_by=cast["cfo"]
    )
    label = "finance.EstatesReportCopy"
    with caplog.at_level("INFO", logger="schools.documents"):
        results = at_once(
            lambda: render_snapshot(label, copy.pk), lambda: render_snapshot(label, copy.pk)
        )
    assert sorted(results) == ["nothing to do", "ready"]
    made = [r for r in caplog.records if r.getMessage().startswith("Making")]
    assert len(made) == 1, "rendered twice"
    copy.refresh_from_db()
    assert copy.state == EstatesReportCopy.State.READY
