"""Governance pages: the bodies, each body's people and skills matrix, the register of
interests (with CSV and PDF for publication), and each person's own skills audit."""

import csv
import io

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_http_methods

from schools import access, audit
from schools.access import Perm
from symphony.spreadsheets import safe_cell

from . import rules, selectors, services
from .forms import SkillsForm
from .models import Meeting, Person, Skill, SkillRating


def _viewer(user):
    if not access.holds(user, Perm.VIEW_GOVERNANCE):
        raise PermissionDenied("Your role does not include governance.")


def overview(request):
    _viewer(request.user)
    person = (
        Person.objects.filter(user=request.user).first()
        if access.allowed(request.user, Perm.TAKE_SKILLS_AUDIT)
        else None
    )
    return render(
        request,
        "governance/overview.html",
        {
            "rows": selectors.overview(user=request.user),
            "person": person,
            "overdue": selectors.overdue_actions(user=request.user)[:20],
        },
    )


def body_detail(request, pk):
    _viewer(request.user)
    body = selectors.get_body(user=request.user, pk=pk)
    year = selectors.this_year()
    context = {
        "body": body,
        **selectors.body_detail(body=body),
        "cadence": selectors.cadence_checks([body])[body.pk],
        "meetings": selectors.meetings_of(body, since=year.starts_on if year else None),
        "today": timezone.localdate(),
    }
    return render(request, "governance/body.html", context)


def meeting_detail(request, pk):
    _viewer(request.user)
    try:
        meeting = Meeting.objects.select_related("body").get(
            pk=pk, body__in=selectors.bodies(user=request.user)
        )
    except (Meeting.DoesNotExist, ValueError):
        raise Http404("No such meeting.") from None
    attendance = list(meeting.attendance.select_related("person"))
    present = sum(1 for a in attendance if a.present)
    context = {
        "meeting": meeting,
        "attendance": attendance,
        "present": present,
        "quorate": rules.quorate(present, meeting.body),
        "actions": list(meeting.actions.all()),
        "today": timezone.localdate(),
        "leaders": list(meeting.trust_leaders.all()),
    }
    return render(request, "governance/meeting.html", context)


def lgb_visits(request):
    _viewer(request.user)
    from schools.models import AcademicYear

    years = list(AcademicYear.objects.filter(start_year__lte=timezone.localdate().year))
    chosen = request.GET.get("year", "")
    year = next((y for y in years if str(y.start_year) == chosen), None) or selectors.this_year()
    context = {
        "rows": selectors.lgb_visits(user=request.user, year=year),
        "year": year,
        "years": years,
    }
    return render(request, "governance/lgb_visits.html", context)


def interests(request):
    _viewer(request.user)
    return render(
        request,
        "governance/interests.html",
        {
            "rows": selectors.register_of_interests(user=request.user),
            "columns": selectors.REGISTER_COLUMNS,
        },
    )


def interests_export(request, fmt):
    _viewer(request.user)
    rows = selectors.register_of_interests(user=request.user)
    if fmt == "pdf":
        from symphony.pdf import render_template_to_pdf

        body = render_template_to_pdf(
            "governance/interests_pdf.html",
            {
                "rows": rows,
                "columns": selectors.REGISTER_COLUMNS,
                "today": timezone.localdate(),
                "trust_name": settings.SYMPHONY_TRUST_NAME,
            },
        )
        response = HttpResponse(body, content_type="application/pdf")
    elif fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(selectors.REGISTER_COLUMNS)
        for row in rows:
            writer.writerow([safe_cell(str(c)) for c in row.cells()])
        response = HttpResponse(("\ufeff" + out.getvalue()).encode(), content_type="text/csv")
    else:
        from django.http import Http404

        raise Http404("The register comes as .csv or .pdf.")
    response["Content-Disposition"] = content_disposition_header(
        True, f"register-of-interests.{fmt}"
    )
    return response


@require_http_methods(["GET", "POST"])
def skills_audit(request):
    """A trustee's or governor's own annual skills self-assessment."""
    person = Person.objects.filter(user=request.user).first()
    if person is None or not access.allowed(request.user, Perm.TAKE_SKILLS_AUDIT):
        raise PermissionDenied("The skills audit is for trustees, members and governors.")
    year = selectors.this_year()
    skills = list(Skill.objects.all())
    mine = {
        r.skill_id: r.level for r in SkillRating.objects.filter(person=person, academic_year=year)
    }
    form = SkillsForm(
        request.POST or None, skills=skills, initial={f"skill-{k}": v for k, v in mine.items()}
    )
    if request.method == "POST" and form.is_valid():
        services.record_skills_audit(
            person=person,
            academic_year=year,
            ratings={skill.pk: form.cleaned_data[f"skill-{skill.pk}"] for skill in skills},
        )
        messages.success(request, f"Your skills audit for {year} was saved. Thank you.")
        return redirect("governance:overview")
    return render(request, "governance/skills.html", {"form": form, "year": year, "person": person})


def meeting_minutes(request, pk):
    """The uploaded minutes, to those who may see the body (files are never served
    directly from storage)."""
    from django.http import FileResponse

    _viewer(request.user)
    meeting = Meeting.objects.filter(pk=pk, body__in=selectors.bodies(user=request.user)).first()
    if meeting is None or not meeting.minutes_file:
        raise Http404("No such minutes.")
    audit.about(request, meeting.body.school)  # an LGB's minutes are its school's
    name = meeting.minutes_file.name.rsplit("/", 1)[-1]
    return FileResponse(meeting.minutes_file.open("rb"), as_attachment=True, filename=name)
