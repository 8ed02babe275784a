"""Finance pages: KPIs per school and for the trust, a school's budget and three-year
plan, the monthly import, and the risk registers with their termly reviews."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from schools import access
from schools.access import ALL, Perm
from schools.calendar import academic_start_year
from schools.data.upload import UploadRejected
from schools.models import AcademicYear

from . import kpis, selectors, services
from .models import BudgetLine, Heading


def _viewer(user):
    if access.scope_of(user, Perm.VIEW_FINANCE) is None:
        raise PermissionDenied("Your role does not include finance.")


def _year(request):
    years = list(AcademicYear.objects.all())
    chosen = request.GET.get("year", "")
    current = academic_start_year(timezone.localdate())
    year = next((y for y in years if str(y.start_year) == chosen), None)
    return year or next((y for y in years if y.start_year == current), None), years


def overview(request):
    _viewer(request.user)
    year, years = _year(request)
    schools = list(access.schools_for(request.user, Perm.VIEW_FINANCE).order_by("name"))
    rows, total = kpis.kpis_for(schools, year) if year else ([], None)
    if not selectors.sees_trust(request.user):
        rows = [r for r in rows if r.school is not None]  # the central trust's own budget
        total = None
    target = kpis.targets(year) if year else None
    table = [
        {
            "k": k,
            "surplus_rag": kpis.rag_surplus(k.surplus_pct, target.surplus_min_pct),
            "staff_rag": kpis.rag_staff(k.staff_pct, target.staff_cost_max_pct),
            "variance_rag": kpis.rag_variance(k.variance_pct),
        }
        for k in rows
    ]
    return render(
        request,
        "finance/overview.html",
        {
            "table": table,
            "total": total,
            "year": year,
            "years": years,
            "target": target,
            "total_rag": kpis.rag_surplus(total.surplus_pct, target.surplus_min_pct)
            if total
            else "",
            "edits": access.scope_of(request.user, Perm.EDIT_FINANCE) is ALL,
            "sees_trust": selectors.sees_trust(request.user),
        },
    )


def plan(request, pk=None):
    """A school's (or, with no pk, the central trust's) budget by heading for this year and
    the two after: the three-year plan."""
    _viewer(request.user)
    if pk is None:
        if not selectors.sees_trust(request.user):
            raise PermissionDenied("The central trust's budget is for the trust's leaders.")
        school = None
    else:
        school = access.get_school(request.user, pk, queryset=None)
        if not access.allowed(request.user, Perm.VIEW_FINANCE, school):
            raise PermissionDenied("Your role does not include this school's finance.")
    start = academic_start_year(timezone.localdate())
    years = list(AcademicYear.objects.filter(start_year__in=[start, start + 1, start + 2]))
    lines = BudgetLine.objects.filter(school=school, academic_year__in=years)
    amounts = {(line.academic_year_id, line.heading): line.amount for line in lines}
    grid = [(h.label, [amounts.get((y.pk, h.value)) for y in years]) for h in Heading]
    year = next((y for y in years if y.start_year == start), None)
    current = kpis.kpis_for([school] if school else [], year)[0] if year else []
    k = next((r for r in current if r.school == school), None) if current else None
    return render(
        request,
        "finance/plan.html",
        {
            "school": school,
            "years": years,
            "grid": grid,
            "k": k,
            "outturn": [(h.label, k.budget.get(h.value), k.outturn.get(h.value)) for h in Heading]
            if k
            else [],
        },
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Finance system export (CSV or Excel)",
        help_text="Columns: school, year, month, heading, actual, forecast. Up to 2 MB.",
    )


@require_http_methods(["GET", "POST"])
def import_monthly(request):
    if access.scope_of(request.user, Perm.EDIT_FINANCE) is not ALL:
        raise PermissionDenied("The CFO and the Finance & Operations Lead import the figures.")
    form = ImportForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        try:
            count = services.import_monthly(form.cleaned_data["file"])
        except UploadRejected as exc:
            problems = exc.problems
        else:
            messages.success(request, f"{count} monthly figures were imported.")
            return redirect("finance:overview")
    return render(
        request,
        "finance/import.html",
        {"form": form, "problems": problems},
        status=422 if problems else 200,
    )


def risk_registers(request):
    _viewer(request.user)
    return render(
        request,
        "finance/registers.html",
        {
            "rows": selectors.register_rows(selectors.registers(user=request.user)),
        },
    )


@require_http_methods(["GET", "POST"])
def risk_register(request, pk):
    _viewer(request.user)
    register = selectors.get_register(user=request.user, pk=pk)
    may_review = (
        access.allowed(request.user, Perm.REVIEW_RISKS, register.school)
        if register.school
        else access.scope_of(request.user, Perm.REVIEW_RISKS) is ALL
    )
    if request.method == "POST":
        if not may_review:
            raise PermissionDenied("Your role can read this register but not review it.")
        try:
            services.review_register(
                register=register, notes=request.POST.get("notes", ""), by=request.user
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, "The register's review was recorded.")
            return redirect("finance:register", pk=register.pk)
    row = selectors.register_rows([register])[0]
    risks = sorted(
        register.risks.filter(closed_on__isnull=True), key=lambda r: (-r.residual_score, r.title)
    )
    return render(
        request,
        "finance/register.html",
        {
            "register": register,
            "row": row,
            "risks": risks,
            "may_review": may_review,
            "reviews": register.reviews.select_related("by")[:10],
        },
    )
