"""Categorisation pages: the overview (due list, capacity ratio, trend), risk meetings and
the decisions made at them, and each school's category history."""

import json

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from schools import access, audit, documents
from schools.access import Perm
from schools.calendar import Calendar
from schools.models import School

from . import letters, rules, selectors, services
from .evidence import evidence_for as gather_evidence
from .evidence import readings
from .evidence import summaries as evidence_summaries
from .forms import (
    CHOICE_FIELDS,
    AssessmentForm,
    MeetingEditForm,
    MeetingForm,
    ResolveIssueForm,
    SchoolIssueForm,
)
from .issues import record_issue, resolve_issue
from .models import Category, CategoryLetter, SchoolIssue
from .offer import support_offer

require_view = access.require(Perm.VIEW_CATEGORISATION)
require_decide = access.require(Perm.DECIDE_CATEGORY)


@require_view
def overview(request):
    today = timezone.localdate()
    calendar = Calendar.load()
    rows = selectors.due_list(user=request.user, today=today, calendar=calendar)
    return render(
        request,
        "categorisation/overview.html",
        {
            "rows": rows,
            "capacity": selectors.capacity(rows),
            "trend": selectors.category_trend(
                [row.school for row in rows], calendar=calendar, today=today
            ),
            "meetings": selectors.meetings(user=request.user)[:6],
            "decides": access.allowed(request.user, Perm.DECIDE_CATEGORY),
            "term": calendar.term_on_or_next(today),
            "today": today,
            "category_3_half_termly": settings.SYMPHONY_CATEGORY_3_HALF_TERMLY,
        },
    )


@require_decide
@require_http_methods(["GET", "POST"])
def meeting_new(request):
    form = MeetingForm(
        request.POST or None,
        initial={"held_on": timezone.localdate(), "attendees": [request.user.pk]},
    )
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.hold_meeting(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, f"The risk meeting of {meeting.held_on:%-d %B %Y} was added.")
            return redirect("categorisation:meeting", pk=meeting.pk)
    return render(request, "categorisation/meeting_form.html", {"form": form})


@require_view
def meeting_detail(request, pk):
    meeting = selectors.get_meeting(user=request.user, pk=pk)
    today = timezone.localdate()
    decides = access.allowed(request.user, Perm.DECIDE_CATEGORY)
    assessed = selectors.meeting_assessments(meeting)
    # The meeting goes school by school in the agenda's order (by name), each with its
    # evidence in a line per criterion.
    rows = selectors.due_list(user=request.user, today=today) if decides else []
    rows.sort(key=lambda row: row.school.name)
    summaries = evidence_summaries(
        [row.school for row in rows],
        current={row.school.pk: row.current for row in rows if row.current},
        today=today,
    )
    current = [a for a in assessed if not _has(a, "successor")]
    decided_ids = {a.school_id for a in assessed}
    return render(
        request,
        "categorisation/meeting_detail.html",
        {
            "meeting": meeting,
            "attendees": list(meeting.attendees.order_by("full_name")),
            "assessed": assessed,
            "assessed_ids": decided_ids,
            "rows": [(row, summaries[row.school.pk]) for row in rows],
            "decides": decides,
            "can_decide_now": decides and meeting.held_on <= today,
            "reads_letters": access.allowed(request.user, Perm.READ_CATEGORY_LETTER),
            "letters_due": sum(1 for a in current if not _has(a, "letter")),
            "letters_sent": sum(1 for a in current if _has(a, "letter")),
            "next_to_assess": next((row for row in rows if row.school.pk not in decided_ids), None),
        },
    )


def _has(assessment, relation: str) -> bool:
    """Whether a reverse one-to-one (``successor``, ``letter``) exists, read from what
    ``select_related`` loaded."""
    try:
        return getattr(assessment, relation) is not None
    except ObjectDoesNotExist:
        return False


@require_POST
@require_decide
def send_letters(request, pk):
    """Send the letter of each of the meeting's decisions not yet sent (one button; again
    sends none twice)."""
    meeting = selectors.get_meeting(user=request.user, pk=pk)
    try:
        sent = letters.send_letters(meeting=meeting, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if not sent:
            messages.info(request, "Every decision's letter was sent already: none sent again.")
        elif any(letter.enqueued.failed for letter in sent):
            messages.warning(request, documents.QUEUE_DOWN)
        else:
            n = len(sent)
            messages.success(
                request,
                f"{n} letter{'s' if n != 1 else ''} sent to the heads and chairs of governors; "
                "the PDFs are being made and kept here.",
            )
    return redirect("categorisation:meeting", pk=meeting.pk)


def letter(request, pk):
    """A category letter as it was sent: to the school's heads and governors, the CEO/DoP
    and trustees (schools.access: READ_CATEGORY_LETTER); another school's people get 404."""
    found = CategoryLetter.objects.select_related("assessment").filter(pk=pk).first()
    if found is None:
        raise Http404("No such letter.")
    school = access.get_school(request.user, found.assessment.school_id)  # 404 outside it
    if not access.allowed(request.user, Perm.READ_CATEGORY_LETTER, school):
        raise PermissionDenied("The letter is for the school's head and governors.")
    audit.about(request, school)
    return documents.serve(
        CategoryLetter.objects.filter(pk=found.pk), missing="The letter is still being made."
    )


@require_decide
@require_http_methods(["GET", "POST"])
def meeting_edit(request, pk):
    meeting = selectors.get_meeting(user=request.user, pk=pk)
    form = MeetingEditForm(
        request.POST or None,
        initial={"minutes": meeting.minutes, "attendees": list(meeting.attendees.all())},
    )
    if request.method == "POST" and form.is_valid():
        services.update_meeting(meeting=meeting, by=request.user, **form.cleaned_data)
        messages.success(request, "The meeting's minutes and who was present were saved.")
        return redirect("categorisation:meeting", pk=meeting.pk)
    return render(request, "categorisation/meeting_form.html", {"form": form, "meeting": meeting})


@require_decide
@require_http_methods(["GET", "POST"])
def assess(request, pk, school_pk):
    meeting = selectors.get_meeting(user=request.user, pk=pk)
    school = access.get_school(
        request.user, school_pk, queryset=School.objects.prefetch_related("inspections")
    )
    today = timezone.localdate()
    current = selectors.current_assessments([school]).get(school.pk)
    evidence = gather_evidence(request, school=school, current=current, today=today)
    ofsted = evidence["ofsted"]["value"]
    deciding = request.POST.get("action") == "decide"
    if request.method == "POST":
        form = AssessmentForm(request.POST, deciding=deciding)
    else:
        # The evidence's own readings start the choices; last decision's choices and notes
        # are shown beside, read-only, never copied in (the judgement is made afresh).
        initial = {"supersedes": current.pk if current else None} | readings(evidence)
        form = AssessmentForm(initial=initial)
    suggestion = None
    values = form.data if form.is_bound else form.initial
    if all(values.get(name) for name in CHOICE_FIELDS):
        try:
            suggestion = rules.suggest(
                ofsted=ofsted, **{name: values.get(name) for name in CHOICE_FIELDS}
            )
        except (KeyError, ValueError):
            suggestion = None  # a tampered value: the form reports it
    if request.method == "POST" and form.is_valid() and deciding:
        try:
            assessment = services.decide_category(
                school=school,
                meeting=meeting,
                evidence=form.evidence(),
                category=form.cleaned_data["category"],
                leadership_capacity=form.cleaned_data["leadership_capacity"],
                leadership_capacity_note=form.cleaned_data["leadership_capacity_note"],
                rationale=form.cleaned_data["rationale"],
                by=request.user,
                expected_current_id=form.cleaned_data["supersedes"],
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            note = (
                " (differs from the suggestion; rationale kept)"
                if assessment.overrides_suggestion
                else ""
            )
            messages.success(
                request, f"{school.name}: category {assessment.category} recorded{note}."
            )
            if assessment.category == 4 and not school.scc_cases.filter(closed_on__isnull=True):
                messages.warning(
                    request,
                    f"Category 4 enters Schools Causing Concern: {school.name}'s page offers it.",
                )
            # The meeting moves on to the next school on its list not yet decided.
            agenda = selectors.agenda(user=request.user)
            decided = set(meeting.assessments.values_list("school_id", flat=True))
            following = selectors.next_undecided(agenda, school.pk, decided)
            if following is None:
                messages.info(
                    request, "Every school on the meeting's list is decided: send the letters."
                )
                return redirect("categorisation:meeting", pk=meeting.pk)
            return redirect("categorisation:assess", pk=meeting.pk, school_pk=following[0])
    if not form.is_bound and suggestion is not None:
        form.initial["category"] = suggestion.category
    elif form.is_bound and suggestion is not None and not deciding:
        data = form.data.copy()  # asking again: the decision starts from the new suggestion
        data["category"] = str(suggestion.category)
        form.data = data
    return render(
        request,
        "categorisation/assess.html",
        {
            "meeting": meeting,
            "school": school,
            "current": current,
            "last_evidence": current.evidence() if current else [],
            "ofsted": rules.OfstedEvidence(ofsted),
            "inspection": evidence["ofsted"]["inspection"],
            "evidence": evidence,
            "suggestion": suggestion,
            "form": form,
            "criteria": [
                (name, form[name], form[f"{name}_note"], evidence[name]) for name in CHOICE_FIELDS
            ],
            "rule_table": json.dumps(rules.table_for_script(ofsted)),
            "can_decide_now": meeting.held_on <= today,
            "around": selectors.neighbours(selectors.agenda(user=request.user), school.pk),
            "decided_here": meeting.assessments.filter(school=school).exists(),
        },
    )


@require_decide
@require_http_methods(["GET", "POST"])
def school_issues(request, pk):
    """A school's staffing and premises issues (the fifth criterion): the CEO/DoP record
    them and resolve them; each step is audited."""
    school = access.get_school(request.user, pk)
    back = request.GET.get("next") or request.POST.get("next") or ""
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = ""
    form = SchoolIssueForm(request.POST or None, initial={"started_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            issue = record_issue(school=school, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(
                request, f"{school.name}: {issue.get_kind_display().lower()} recorded."
            )
            return redirect(back or reverse("categorisation:school_issues", args=[school.pk]))
    issues = list(SchoolIssue.objects.filter(school=school).select_related("recorded_by"))
    return render(
        request,
        "categorisation/school_issues.html",
        {
            "school": school,
            "form": form,
            "open": [(i, ResolveIssueForm(prefix=f"i{i.pk}")) for i in issues if i.is_open],
            "resolved": [i for i in issues if not i.is_open],
            "back": back,
        },
    )


@require_POST
@require_decide
def resolve_school_issue(request, pk):
    issue = get_object_or_404(SchoolIssue.objects.select_related("school"), pk=pk)
    access.get_school(request.user, issue.school_id)  # 404 outside the user's schools
    form = ResolveIssueForm(request.POST, prefix=f"i{issue.pk}")
    if form.is_valid():
        try:
            resolve_issue(issue=issue, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, f"{issue.get_kind_display()} resolved.")
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect("categorisation:school_issues", pk=issue.school_id)


def school_history(request, pk):
    """A school's category and every decision about it: anyone who may see the school."""
    school = access.get_school(request.user, pk)
    summary = selectors.school_summary(school=school)
    history = selectors.history(school=school)
    reads_letters = access.allowed(request.user, Perm.READ_CATEGORY_LETTER, school)
    sent = (
        {
            letter.assessment_id: letter
            for letter in CategoryLetter.objects.filter(assessment__school=school).select_related(
                "sent_by", "assessment"
            )
        }
        if reads_letters
        else {}
    )
    return render(
        request,
        "categorisation/school_history.html",
        {
            "school": school,
            "summary": summary,
            "offer": support_offer(summary.current.category) if summary.current else None,
            "history": history,
            "timeline": [(a, sent.get(a.pk)) for a in history],
            "letters": sorted(sent.values(), key=lambda x: x.requested_at, reverse=True),
            "chart": list(reversed(history)),
            "sees_meetings": access.allowed(request.user, Perm.VIEW_CATEGORISATION),
            "decides": access.allowed(request.user, Perm.DECIDE_CATEGORY),
            "categories": Category,
        },
    )


def _add_errors(form, exc: ValidationError):
    if hasattr(exc, "error_dict") and all(key in form.fields for key in exc.error_dict):
        form.add_error(None, exc)
    else:
        form.add_error(None, exc.messages)
