"""TDG deployments (School Improvement Strategy 2024-25, §5): the CEO and DoP record them
and read every school's; a school's heads read their own; a practitioner reads their own."""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from schools import access
from schools.access import Perm
from schools.calendar import academic_start_year
from symphony.forms import add_service_errors

from ..forms import TdgDeploymentForm
from ..models import Action, TdgDeployment
from ..services import tdg as services

RELATED = ("school", "practitioner", "action")


def this_year_bounds(today=None):
    """1 September to 31 August of the academic year ``today`` falls in."""
    start = academic_start_year(today or timezone.localdate())
    return datetime.date(start, 9, 1), datetime.date(start + 1, 8, 31)


def school_totals(deployments, today=None):
    """Days per school in deployments starting this academic year."""
    first, last = this_year_bounds(today)
    totals = {}
    for d in deployments:
        if first <= d.starts_on <= last:
            totals[d.school_id] = totals.get(d.school_id, 0) + d.days
    return totals


def deployment_list(request):
    user = request.user
    if not access.holds(user, Perm.VIEW_TDG_DEPLOYMENTS):
        raise PermissionDenied("Your role does not include TDG deployments.")
    rows = list(
        access.scoped(
            user, TdgDeployment.objects.select_related(*RELATED), perm=Perm.VIEW_TDG_DEPLOYMENTS
        ).order_by("school__name", "-starts_on", "id")
    )
    totals = school_totals(rows)
    groups = {}
    for d in rows:
        groups.setdefault(d.school, []).append(d)
    first, last = this_year_bounds()
    return render(
        request,
        "reviews/tdg_list.html",
        {
            "groups": [
                (school, items, totals.get(school.pk, 0)) for school, items in groups.items()
            ],
            "year_label": f"{first.year}/{str(last.year)[2:]}",
            "can_record": access.allowed(user, Perm.DEPLOY_TDG),
        },
    )


@require_http_methods(["GET", "POST"])
def record_deployment(request):
    if not access.allowed(request.user, Perm.DEPLOY_TDG):
        raise PermissionDenied("The CEO and the Director of Primaries deploy TDG support.")
    form = TdgDeploymentForm(
        request.POST or None,
        initial={"school": request.GET.get("school")},
        schools=access.schools_for(request.user).order_by("name"),
        actions=Action.objects.filter(closed_on__isnull=True)
        .select_related("core_plan__school")
        .order_by("core_plan__school__name", "title"),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.record_deployment(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "The deployment was recorded.")
            return redirect("reviews:tdg")
    return render(request, "reviews/tdg_form.html", {"form": form})


def my_deployments(request):
    """The deployments the signed-in practitioner is named on: their own record."""
    rows = TdgDeployment.objects.filter(practitioner=request.user).select_related(*RELATED)
    return render(request, "reviews/tdg_mine.html", {"rows": rows})
