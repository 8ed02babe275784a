"""Schools Causing Concern pages: the list of cases, entering a school, each case's plan,
timeline and monitoring, the bodies outside the trust involved, and the level-3 letter to
the LGB."""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_http_methods, require_POST

from schools import access, audit, documents
from schools.access import Perm
from schools.calendar import Calendar
from symphony.forms import add_service_errors

from . import scc
from .forms import DecisionForm, EnterForm, InvolvementForm, MonitoringForm, PlanForm
from .models import SccCase, SccMove, SccStep

require_view = access.require(Perm.VIEW_CATEGORISATION)


@require_view
def case_list(request):
    return render(
        request,
        "categorisation/scc/list.html",
        {
            "states": scc.open_cases(user=request.user),
            "manages": access.allowed(request.user, Perm.MANAGE_SCC),
            "closed": SccCase.objects.filter(closed_on__isnull=False).select_related("school")[:20],
        },
    )


@require_http_methods(["GET", "POST"])
def enter(request):
    if not access.allowed(request.user, Perm.MANAGE_SCC):
        raise PermissionDenied("The CEO and the Director of Primaries decide SCC entry.")
    form = EnterForm(
        request.POST or None,
        initial={"school": request.GET.get("school"), "trigger": request.GET.get("trigger")},
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        school = data.pop("school")
        trigger, reason = data.pop("trigger"), data.pop("reason")
        try:
            case = scc.enter_scc(
                school=school, trigger=trigger, reason=reason, by=request.user, plan=data
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, f"{school.name} entered Schools Causing Concern at level 1.")
            return redirect("categorisation:scc_case", pk=case.pk)
    return render(request, "categorisation/scc/enter.html", {"form": form})


def _case(request, pk) -> SccCase:
    try:
        case = SccCase.objects.select_related("school").get(pk=pk)
    except (SccCase.DoesNotExist, ValueError):
        raise Http404("No such case.") from None
    access.get_school(request.user, case.school_id)  # 404 for anyone outside the school
    return case


@require_http_methods(["GET", "POST"])
def case_detail(request, pk):
    case = _case(request, pk)
    audit.about(request, case.school)
    manages = access.allowed(request.user, Perm.MANAGE_SCC)
    moves = list(
        case.moves.select_related("by").prefetch_related("steps").order_by("held_on", "pk")
    )
    state = scc.state_of(case, moves, today=timezone.localdate(), calendar=Calendar.load())
    level = state.level or 1
    today = timezone.localdate()
    monitoring = MonitoringForm(level=level, initial={"held_on": today})
    decision = DecisionForm(prefix="decision", initial={"held_on": today})
    plan_form = PlanForm(instance=case)
    # Its own prefix: the monitoring form on the same page has fields of the same names.
    involvement = InvolvementForm(prefix="involvement", initial={"started_on": today})
    if request.method == "POST":
        if not manages:
            raise PermissionDenied("The CEO and the Director of Primaries record SCC decisions.")
        action = request.POST.get("action")
        expected = request.POST.get("last")
        expected = int(expected) if expected and expected.isdigit() else None
        try:
            if action == "monitoring":
                monitoring = MonitoringForm(request.POST, request.FILES, level=level)
                if monitoring.is_valid():
                    move = scc.record_monitoring(
                        case=case,
                        outcome=monitoring.cleaned_data["outcome"],
                        held_on=monitoring.cleaned_data["held_on"],
                        notes=monitoring.cleaned_data["notes"],
                        steps=monitoring.steps(),
                        by=request.user,
                        expected_last_id=expected,
                    )
                    audit.upload_outcome(request, accepted=True)
                    messages.success(request, _said(case, move))
                    return redirect("categorisation:scc_case", pk=case.pk)
                audit.upload_outcome(request, accepted=False, reason="the form had errors")
            elif action in ("step_down", "exit"):
                decision = DecisionForm(request.POST, prefix="decision")
                if decision.is_valid():
                    service = scc.step_down if action == "step_down" else scc.exit_scc
                    move = service(
                        case=case,
                        by=request.user,
                        expected_last_id=expected,
                        **decision.cleaned_data,
                    )
                    messages.success(request, _said(case, move))
                    return redirect("categorisation:scc_case", pk=case.pk)
            elif action == "plan":
                plan_form = PlanForm(request.POST, instance=SccCase.objects.get(pk=case.pk))
                if plan_form.is_valid():
                    scc.update_plan(case=case, data=plan_form.cleaned_data)
                    messages.success(request, "The Individual School Action Plan was saved.")
                    return redirect("categorisation:scc_case", pk=case.pk)
            elif action == "involvement":
                involvement = InvolvementForm(request.POST, prefix="involvement")
                if involvement.is_valid():
                    try:
                        scc.record_involvement(
                            case=case, data=involvement.cleaned_data, by=request.user
                        )
                    except ValidationError as exc:
                        add_service_errors(involvement, exc)
                    else:
                        messages.success(request, "The body's involvement was recorded.")
                        return redirect("categorisation:scc_case", pk=case.pk)
            elif action == "end_involvement":
                ended = request.POST.get("involvement", "")
                found = case.involvements.filter(pk=int(ended)).first() if ended.isdigit() else None
                if found is None:
                    raise ValidationError("Choose the involvement that ended.")
                scc.end_involvement(
                    involvement=found,
                    ended_on=_date(request.POST.get("ended_on")),
                    by=request.user,
                )
                messages.success(request, f"{found.get_body_display()}: the end was recorded.")
                return redirect("categorisation:scc_case", pk=case.pk)
            elif action == "add_action":
                title = request.POST.get("title", "").strip()
                if not title:
                    raise ValidationError("Name the action.")
                scc.add_plan_action(
                    case=case,
                    by=request.user,
                    data={
                        "title": title[:300],
                        "owner": request.POST.get("owner", "")[:150],
                        "deadline": request.POST.get("deadline") or None,
                    },
                )
                messages.success(request, "The action was added to the plan.")
                return redirect("categorisation:scc_case", pk=case.pk)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
    return render(
        request,
        "categorisation/scc/case.html",
        {
            "case": case,
            "moves": moves[::-1],
            "state": state,
            "manages": manages,
            "monitoring": monitoring,
            "decision": decision,
            "plan_form": plan_form,
            "actions": list(case.actions.select_related("core_plan").order_by("deadline", "pk")),
            "next_steps": [SccStep.Key(k).label for k in scc.REQUIRED_STEPS[level]],
            "letters": list(case.letters.select_related("issued_by")),
            "involvement": involvement,
            "involvements": list(case.involvements.select_related("recorded_by")),
            "letter_from_level": scc.LETTER_FROM_LEVEL,
        },
    )


def _date(value):
    try:
        return datetime.date.fromisoformat(value or "")
    except ValueError:
        return None


def _said(case, move):
    if move.kind == SccMove.Kind.EXIT:
        return f"{case.school.name} left Schools Causing Concern."
    if move.to_level != move.from_level:
        return f"{case.school.name} is now at level {move.to_level}."
    return f"The monitoring review was recorded; {case.school.name} stays at level {move.to_level}."


def letter(request, pk):
    """A draft of the level-3 letter to the LGB (School Improvement Strategy 2024-25, §6),
    made on the spot for the CEO/DoP to read before issuing it."""
    case = _case(request, pk)
    if not access.allowed(request.user, Perm.MANAGE_SCC):
        raise PermissionDenied("The CEO and the Director of Primaries send the letter.")
    audit.about(request, case.school)
    pdf = scc.letter_pdf(case, on=timezone.localdate(), draft=True)
    response = HttpResponse(pdf, content_type="application/pdf")
    name = case.school.name.lower().replace(" ", "-")
    response["Content-Disposition"] = content_disposition_header(
        True, f"draft-letter-to-lgb-{name}.pdf"
    )
    return response


@require_POST
def issue_letter(request, pk):
    """Issue the letter: a stored snapshot, made in the background, kept as it was sent."""
    case = _case(request, pk)
    if not access.allowed(request.user, Perm.MANAGE_SCC):
        raise PermissionDenied("The CEO and the Director of Primaries send the letter.")
    try:
        letter = scc.issue_letter(case=case, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        documents.tell(
            request, letter, queued="The letter was issued; its PDF is being made and kept here."
        )
    return redirect("categorisation:scc_case", pk=case.pk)


def issued_letter(request, pk):
    """The latest issued letter as it was sent, to whoever may read the school's case (its
    head and governors included: the letter is addressed to them)."""
    case = _case(request, pk)
    audit.about(request, case.school)
    return documents.serve(case.letters.all(), missing="No letter has been issued yet.")


def step_document(request, pk):
    """An uploaded letter or minute, to those who may see the school's case (files are
    never served directly from storage)."""

    step = SccStep.objects.select_related("move__case").filter(pk=pk).first()
    if step is None or not step.document:
        raise Http404("No such document.")
    case = _case(request, step.move.case_id)  # 404 for anyone outside the school
    audit.about(request, case.school)
    name = step.document.name.rsplit("/", 1)[-1]
    return FileResponse(step.document.open("rb"), as_attachment=True, filename=name)
