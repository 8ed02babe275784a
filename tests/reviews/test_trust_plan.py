"""The trust improvement plan: the Trust Self-Evaluation's key priorities with the progress
the CEO and DoP record each term (one RAG and its evidence a term, never again)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from reviews.models import PriorityProgress, TrustPriority
from reviews.services.trust_plan import record_priority_progress
from reviews.trust_plan_demo import KEY_PRIORITIES, LEFT_TO_RECORD
from reviews.views.peer_reviews import _current_year
from schools.models import AuditEvent

URL = "/reviews/trust-plan/"
# The focus areas of the Trust Self-Evaluation (2025), key priority overview.
DOCUMENT_FOCUS_AREAS = {
    "Outcomes for pupils",
    "Effectiveness of Governance and Leadership",
    "Effectiveness of School Improvement",
    "Attendance and exclusions",
    "Effectiveness of Financial Management",
    "Safeguarding",
}


@pytest.fixture
def year(demo):
    return _current_year()


@pytest.fixture
def unrecorded(year):
    """A priority of this year with no progress yet (the demo leaves the last ones)."""
    return TrustPriority.objects.filter(academic_year=year, progress__isnull=True).first()


def this_term(year):
    from django.utils import timezone

    from schools.calendar import Calendar

    term = Calendar.load().term_on_or_next(timezone.localdate())
    return term if term and term.academic_year_id == year.pk else year.terms.last()


# The demo, from the document


def test_the_demo_seeds_the_documents_key_priorities_in_order(year):
    rows = list(TrustPriority.objects.filter(academic_year=year))
    assert {row.focus_area for row in rows} == DOCUMENT_FOCUS_AREAS
    assert [row.target for row in rows] == [target for _, target, *_ in KEY_PRIORITIES]
    assert len(rows) == 16  # the document's rows, one a target
    safeguarding = rows[-1]
    assert "Peer reviews and safeguarding audits" in safeguarding.monitoring_lines()
    assert safeguarding.responsible == "CEO and DoP"


def test_the_demo_records_one_terms_progress_leaving_some_to_record(year):
    progress = PriorityProgress.objects.filter(priority__academic_year=year)
    assert progress.count() == 16 - LEFT_TO_RECORD
    assert progress.values("term").distinct().count() == 1


# The service's rules


def test_progress_is_recorded_once_with_its_evidence_and_audited(cast, year, unrecorded):
    term = this_term(year)
    progress = record_priority_progress(
        priority=unrecorded,
        term=term,
        rag="amber",
        evidence="  Dashboards show PA at 8%. ",
        by=cast["ceo"],
    )
    assert progress.evidence == "Dashboards show PA at 8%."
    assert progress.recorded_by == cast["ceo"]
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.TRUST_PLAN_PROGRESS, user=cast["ceo"]
    ).exists()


@pytest.mark.parametrize("evidence", ["", "   \n "])
def test_evidence_is_required(cast, year, unrecorded, evidence):
    with pytest.raises(ValidationError) as exc:
        record_priority_progress(
            priority=unrecorded,
            term=this_term(year),
            rag="green",
            evidence=evidence,
            by=cast["dop"],
        )
    assert "evidence" in exc.value.message_dict
    assert not unrecorded.progress.exists()


def test_a_rag_outside_red_amber_green_is_refused(cast, year, unrecorded):
    with pytest.raises(ValidationError) as exc:
        record_priority_progress(
            priority=unrecorded, term=this_term(year), rag="blue", evidence="x", by=cast["dop"]
        )
    assert exc.value.message_dict["rag"] == ["Choose red, amber or green."]


def test_a_term_of_another_year_is_refused(cast, year, unrecorded):
    from schools.models import Term

    other = Term.objects.exclude(academic_year=year).first()
    with pytest.raises(ValidationError) as exc:
        record_priority_progress(
            priority=unrecorded, term=other, rag="green", evidence="x", by=cast["dop"]
        )
    assert "term" in exc.value.message_dict


def test_recording_the_same_term_again_says_when_and_by_whom(cast, year, unrecorded):
    term = this_term(year)
    record_priority_progress(
        priority=unrecorded, term=term, rag="green", evidence="First", by=cast["dop"]
    )
    with pytest.raises(ValidationError) as exc:
        record_priority_progress(
            priority=unrecorded, term=term, rag="red", evidence="Second", by=cast["ceo"]
        )
    message = exc.value.messages[0]
    assert "was recorded on" in message and cast["dop"].full_name in message
    assert unrecorded.progress.get().evidence == "First"


def test_the_next_term_is_recorded_separately(cast, year, unrecorded):
    terms = list(year.terms.order_by("starts_on"))
    for term in terms[:2]:
        record_priority_progress(
            priority=unrecorded, term=term, rag="green", evidence="On track", by=cast["dop"]
        )
    assert unrecorded.progress.count() == 2


@pytest.mark.parametrize("role", ["cfo", "trustee", "head", "governor", "reviewer"])
def test_only_the_ceo_and_dop_record(cast, year, unrecorded, role):
    with pytest.raises(PermissionDenied):
        record_priority_progress(
            priority=unrecorded, term=this_term(year), rag="green", evidence="x", by=cast[role]
        )


# The page


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("ceo", 200),
        ("dop", 200),
        ("cfo", 200),
        ("trustee", 200),
        ("head", 200),
        ("exec_head", 200),
        ("governor", 200),
        ("reviewer", 403),
    ],
)
def test_who_opens_the_plan(client_for, role, status):
    assert client_for(role).get(URL).status_code == status


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_page_shows_priorities_rag_words_and_evidence(client_for, year):
    page = client_for("trustee").get(URL).content.decode()
    assert "Effectiveness of School Improvement" in page
    assert 'class="rag rag-green">Green: on track' in page
    assert "reported to the Executive Group this term" in page
    assert "Not recorded" in page
    assert "Record progress" not in page  # trustees read


def test_the_leaders_see_a_form_only_for_priorities_not_yet_recorded(client_for):
    page = client_for("ceo").get(URL).content.decode()
    assert page.count('name="priority"') == LEFT_TO_RECORD


def test_recording_through_the_page(client_for, cast, unrecorded):
    response = client_for("dop").post(
        URL, {"priority": unrecorded.pk, "rag": "red", "evidence": "Audit found gaps"}
    )
    assert response.status_code == 302
    assert unrecorded.progress.get().rag == "red"


def test_the_page_refuses_missing_evidence_and_saves_nothing(client_for, unrecorded):
    response = client_for("ceo").post(URL, {"priority": unrecorded.pk, "rag": "green"})
    assert response.status_code == 400
    assert "Say what the evidence is" in response.content.decode()
    assert not unrecorded.progress.exists()


@pytest.mark.parametrize("role", ["trustee", "cfo", "head"])
def test_readers_cannot_record(client_for, unrecorded, role):
    response = client_for(role).post(
        URL, {"priority": unrecorded.pk, "rag": "green", "evidence": "x"}
    )
    assert response.status_code == 403
    assert not unrecorded.progress.exists()


def test_the_core_plans_list_links_to_the_plan(client_for):
    assert reverse("reviews:trust_plan") in client_for("head").get("/core-plans/").content.decode()


def test_the_page_stays_flat(client_for, django_assert_max_num_queries):
    client = client_for("ceo")
    with django_assert_max_num_queries(25):
        client.get(URL)
