"""The letter to the school after a category decision (School Improvement Strategy 2024-25,
§5): what it says, its sending record, the notice to the head(s) and chair, who reads it,
and sending the meeting's letters again sends none twice."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from pypdf import PdfReader

from categorisation import letters, services
from categorisation.models import CategoryLetter
from schools import access
from schools.models import AuditEvent
from tests import notices
from tests.conftest import ROLES

from .conftest import ROW

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    pages = PdfReader(io.BytesIO(content)).pages
    return " ".join(" ".join(page.extract_text() for page in pages).split())


@pytest.fixture
def glen_hills_decided(meeting, cast, school):
    """Glen Hills decided category 3 against the suggestion (2), user text with markup in
    its notes and rationale."""
    notices.clear()
    return services.decide_category(
        school=school("Glen Hills"),
        meeting=meeting,
        evidence={**ROW[2], "qa_visits_note": "<b>Two</b> reviews & a visit"},
        category=3,
        leadership_capacity="limited",
        leadership_capacity_note="New deputy <i>from January</i>",
        rationale="Writing <script>alert(1)</script> fell in Year 6.",
        by=cast["dop"],
    )


@pytest.fixture
def sent(glen_hills_decided, meeting, cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        found = letters.send_letters(meeting=meeting, by=cast["dop"])
    return {letter.assessment.school.name: letter for letter in found}


def test_the_letter_says_the_category_reasons_capacity_support_and_next_date(
    glen_hills_decided, meeting
):
    context = letters.letter_context(glen_hills_decided, on=meeting.held_on)
    text = pdf_text(letters.letter_pdf(glen_hills_decided, on=meeting.held_on))
    assert "Glen Hills: Symphony category 3" in text
    assert "category 3, repairing, on a trajectory of improvement" in text
    assert "(it was category 1)" in text  # the demo's decision before
    # The reasons by criterion: each of the five, with the evidence read and the note.
    for criterion, evidence, _ in glen_hills_decided.evidence():
        assert criterion in text and evidence in text
    assert "<b>Two</b> reviews & a visit" in text  # user text, shown as written
    assert "suggested category 2" in text
    assert "The meeting decided category 3 instead, for this reason: Writing" in text
    assert "<script>alert(1)</script>" in text
    # Leadership capacity, the support from the offer, the next re-assessment.
    assert "leadership capacity to ensure progress limited" in text
    assert "New deputy <i>from January</i>" in text
    assert "Full peer review" in text and "School reviews every half-term" in text
    assert "A bespoke school support plan" in text
    due = context["next_due"].due_on
    assert due is not None and f"next by {due:%-d %B %Y}" in text
    assert "Schools Causing Concern procedures" not in text  # category 3, not 4


def test_user_text_is_escaped_in_the_letters_html(glen_hills_decided, meeting):
    from django.template.loader import render_to_string

    html = render_to_string(
        "categorisation/letter.html", letters.letter_context(glen_hills_decided, on=meeting.held_on)
    )
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<i>from January</i>" not in html and "<b>Two</b>" not in html


def test_category_4_says_it_enters_schools_causing_concern(decide, school, meeting):
    foxton = decide(school("Foxton"), 4)
    text = pdf_text(letters.letter_pdf(foxton, on=meeting.held_on))
    assert "category 4, high risk" in text
    assert "Schools Causing Concern procedures" in text
    assert "every half-term at a risk meeting" in text


def test_sending_records_who_and_when_and_is_audited(sent, cast):
    letter = sent["Glen Hills"]
    letter.refresh_from_db()
    assert (letter.state, letter.sent_by, letter.pages) == ("ready", cast["dop"], letter.pages)
    assert letter.pages >= 1 and letter.sent_at is not None
    event = AuditEvent.objects.get(
        action=AuditEvent.Action.CATEGORY_LETTER, record_id=str(letter.pk)
    )
    assert (event.user, event.school_name) == (cast["dop"], "Glen Hills")
    assert "category 3" in event.detail
    text = pdf_text(letter.file.read())
    assert "Demo Director of Primaries" in text


def test_sending_again_sends_none_twice(sent, meeting, cast, decide, school):
    before = CategoryLetter.objects.count()  # the demo's, and this meeting's one
    assert letters.send_letters(meeting=meeting, by=cast["ceo"]) == []
    assert CategoryLetter.objects.count() == before
    # A school decided since gets its letter; the one sent is not sent again.
    decide(school("Foxton"), 3)
    again = letters.send_letters(meeting=meeting, by=cast["ceo"])
    assert [letter.assessment.school.name for letter in again] == ["Foxton"]
    assert CategoryLetter.objects.count() == before + 1


def test_a_superseded_decision_gets_no_letter(glen_hills_decided, decide, school, meeting, cast):
    decide(school("Glen Hills"), 2)  # decided again at the same meeting
    sent = letters.send_letters(meeting=meeting, by=cast["dop"])
    assert [letter.assessment.category for letter in sent] == [2]


def test_a_meeting_without_decisions_sends_nothing_and_says_so(meeting, cast):
    before = CategoryLetter.objects.count()
    with pytest.raises(ValidationError, match="No decisions are recorded at this meeting"):
        letters.send_letters(meeting=meeting, by=cast["dop"])
    assert CategoryLetter.objects.count() == before


def test_the_heads_and_the_chair_are_told_once_with_a_link_that_opens(sent, school, cast):
    glen_hills = school("Glen Hills")
    chair = notices.chair_with_an_account(glen_hills)
    notices.clear()
    services.tell_decided(sent["Glen Hills"].assessment, letter=sent["Glen Hills"])
    notices.deliver()
    told = [*access.heads_of(glen_hills), chair]
    notices.assert_told_once(told, subject_has="the trust's letter on category 3")
    assert "sent the trust's letter" in notices.messages_to(cast["head"])[0].body


def test_the_decision_and_the_letter_are_each_told_once(glen_hills_decided, meeting, cast):
    notices.deliver()
    with_decision = len(notices.messages_to(cast["head"]))
    letters.send_letters(meeting=meeting, by=cast["dop"])
    letters.send_letters(meeting=meeting, by=cast["dop"])
    notices.deliver()
    subjects = [m.subject for m in notices.messages_to(cast["head"])]
    assert with_decision == 1 and len(subjects) == 2
    assert "category 3 decided" in subjects[0] and "letter" in subjects[1]


# Who reads the letter: the school's heads and governors, the CEO and DoP, trustees; the
# central team's roles and a reviewer are refused; another school's people get 404.
#                 anon  ceo  dop  cfo  head exec trustee gov reviewer
GLEN_HILLS = (302, 200, 200, 403, 200, 404, 200, 404, 404)
FAIRFIELD = (302, 200, 200, 403, 404, 404, 200, 200, 404)


@pytest.mark.parametrize(
    ("role", "glen_hills", "fairfield"), zip(ROLES, GLEN_HILLS, FAIRFIELD, strict=True)
)
def test_who_reads_the_letter(
    client_for,
    role,
    glen_hills,
    fairfield,
    meeting,
    cast,
    decide,
    school,
    sent,
    django_capture_on_commit_callbacks,
):
    decide(school("Fairfield"), 1)
    with django_capture_on_commit_callbacks(execute=True):
        [theirs] = letters.send_letters(meeting=meeting, by=cast["dop"])
    for letter, status in ((sent["Glen Hills"], glen_hills), (theirs, fairfield)):
        response = client_for(role).get(reverse("categorisation:letter", args=[letter.pk]))
        assert response.status_code == status, (role, letter)
        if status == 200:
            assert response["Content-Type"] == "application/pdf"


def test_a_letter_still_being_made_is_not_served(glen_hills_decided, meeting, cast, client_for):
    [letter] = letters.send_letters(meeting=meeting, by=cast["dop"])  # not rendered yet
    response = client_for("head").get(reverse("categorisation:letter", args=[letter.pk]))
    assert response.status_code == 404


def test_an_unknown_letter_is_404(client_for):
    assert client_for("ceo").get(reverse("categorisation:letter", args=[999999])).status_code == 404


# The pages: the meeting's "Send letters" and the school's history.


def test_send_letters_from_the_meeting_page(
    client_for, glen_hills_decided, meeting, django_capture_on_commit_callbacks
):
    url = reverse("categorisation:send_letters", args=[meeting.pk])
    before = CategoryLetter.objects.count()
    page = client_for("dop").get(reverse("categorisation:meeting", args=[meeting.pk]))
    assert "1 decision without a letter" in page.content.decode()
    client = client_for("dop")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    body = client.get(response["Location"]).content.decode()
    assert "1 letter sent to the heads and chairs of governors" in body
    assert "Every decision's letter is sent." in body
    assert 'PDF<span class="visually-hidden"> of the letter to Glen Hills' in body
    again = client_for("dop").post(url, follow=True).content.decode()
    assert "none sent again" in again
    assert CategoryLetter.objects.count() == before + 1


@pytest.mark.parametrize("role", ["cfo", "trustee", "head", "governor"])
def test_only_the_ceo_and_dop_send_letters(client_for, glen_hills_decided, meeting, role):
    before = CategoryLetter.objects.count()
    response = client_for(role).post(reverse("categorisation:send_letters", args=[meeting.pk]))
    assert response.status_code == 403
    assert CategoryLetter.objects.count() == before


def test_the_history_page_shows_the_letters_sent_to_their_readers(client_for, sent, school):
    url = reverse("categorisation:school", args=[school("Glen Hills").pk])
    for role in ("head", "ceo", "trustee"):
        page = client_for(role).get(url).content.decode()
        assert "Letters sent to the school" in page, role
        assert reverse("categorisation:letter", args=[sent["Glen Hills"].pk]) in page
    # The CFO reads the school's category history, not the letters to it.
    page = client_for("cfo").get(url).content.decode()
    assert "Letters sent to the school" not in page
    assert reverse("categorisation:letter", args=[sent["Glen Hills"].pk]) not in page
