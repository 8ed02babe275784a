"""Finance pages: KPIs per school and for the trust with the schools benchmarked against
each other, a school's budget, balances and three-year plan, the monthly import, the
estates plan with its SCA, collective procurement, and the risk registers with their
termly reviews."""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_http_methods, require_POST

from schools import access, audit, documents
from schools.access import Perm
from schools.calendar import academic_start_year
from schools.models import AcademicYear
from symphony.uploads import UploadRejected

from . import kpis, report, selectors, services
from .forms import AllocationForm, BalanceForm, EntryForm, ImportForm
from .models import Balance, BudgetLine, EstatesReportCopy, Heading


def _viewer(user):
    if not access.holds(user, Perm.VIEW_FINANCE):
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
    if not access.allowed(request.user, Perm.VIEW_FINANCE):
        rows = [r for r in rows if r.school is not None]  # the central trust's own budget
        total = None
    target = kpis.targets(year) if year else None
    spreads = kpis.benchmark(rows)
    table = [_rags(k, target) for k in rows]
    return render(
        request,
        "finance/overview.html",
        {
            "table": table,
            "total": total,
            "year": year,
            "years": years,
            "target": target,
            # The whole trust is judged by the same registry as each school.
            "total_rags": kpis.rags(total, target) if total else {},
            "spreads": spreads if access.allowed(request.user, Perm.VIEW_FINANCE) else None,
            "edits": _edits(request.user),
            "sees_trust": access.allowed(request.user, Perm.VIEW_FINANCE),
        },
    )


def _edits(user) -> bool:
    return access.allowed(user, Perm.EDIT_FINANCE)


def _rags(k, target) -> dict:
    return {"k": k} | {f"{name}_rag": rag for name, rag in kpis.rags(k, target).items()}


@require_http_methods(["GET", "POST"])
def plan(request, pk=None):
    """A school's (or, with no pk, the central trust's) budget by heading for this year and
    the two after: the three-year plan."""
    _viewer(request.user)
    if pk is None:
        if not access.allowed(request.user, Perm.VIEW_FINANCE):
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
    balance_form = BalanceForm(request.POST or None)
    if request.method == "POST":
        if not _edits(request.user):
            raise PermissionDenied("The CFO and the Finance & Operations Lead record balances.")
        if balance_form.is_valid():
            try:
                services.record_balance(school=school, **balance_form.cleaned_data)
            except ValidationError as exc:
                balance_form.add_error("on", exc)
            else:
                messages.success(request, "The balances were recorded.")
                return redirect(request.path)
    k, bench, rags, months = None, [], {}, []
    if year:
        # Every school the viewer may see, so this school is benchmarked against them.
        peers = list(access.schools_for(request.user, Perm.VIEW_FINANCE).order_by("name"))
        if school is not None and school not in peers:
            peers.append(school)
        rows, _ = kpis.kpis_for(peers, year)
        spreads = kpis.benchmark(rows)
        k = next(r for r in rows if r.school == school)
        rags = _rags(k, kpis.targets(year))
        months = selectors.monthly_spending(
            school=school, year=year, budget=k.budget, central=school is None
        )
        if school is not None and access.allowed(request.user, Perm.VIEW_FINANCE):
            bench = [
                (spread, getattr(k, name), k.rank.get(name)) for name, spread in spreads.items()
            ]
    return render(
        request,
        "finance/plan.html",
        {
            "school": school,
            "years": years,
            "grid": grid,
            "k": k,
            "rags": rags,
            "bench": bench,
            "months": months,
            "balance_form": balance_form if _edits(request.user) else None,
            "balances": (
                school.balances.all()[:6]
                if school
                else Balance.objects.filter(school__isnull=True)[:6]
            ),
            "outturn": [(h.label, k.budget.get(h.value), k.outturn.get(h.value)) for h in Heading]
            if k
            else [],
        },
    )


@require_http_methods(["GET", "POST"])
def import_monthly(request):
    if not access.allowed(request.user, Perm.EDIT_FINANCE):
        raise PermissionDenied("The CFO and the Finance & Operations Lead import the figures.")
    form = ImportForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        try:
            count = services.import_monthly(form.cleaned_data["file"])
        except UploadRejected as exc:
            problems = exc.problems
            audit.upload_outcome(request, accepted=False, problems=len(problems))
        else:
            audit.upload_outcome(request, accepted=True)
            messages.success(request, f"{count} monthly figures were imported.")
            return redirect("finance:overview")
    return render(
        request,
        "finance/import.html",
        {"form": form, "problems": problems, "headings": list(Heading)},
        status=422 if problems else 200,
    )


def import_template(request):
    if not access.allowed(request.user, Perm.EDIT_FINANCE):
        raise PermissionDenied("The CFO and the Finance & Operations Lead import the figures.")
    name, body = services.import_template(timezone.localdate())
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


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
        else access.allowed(request.user, Perm.REVIEW_RISKS)
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


# Estates and SCA


def estates(request):
    """The estates plan: every project by priority, the year's SCA and what it funds, and
    the annual return figures. Heads see their own school's projects."""
    _viewer(request.user)
    year, years = _year(request)
    rows = list(selectors.with_money(selectors.projects(user=request.user)))
    for project in rows:
        project.sca_spent = selectors.sca_spent(project)
    sees = access.allowed(request.user, Perm.VIEW_FINANCE)
    return render(
        request,
        "finance/estates.html",
        {
            "year": year,
            "years": years,
            "projects": rows,
            "position": selectors.sca_position(year) if year and sees else None,
            "sees_trust": sees,
        },
    )


@require_http_methods(["GET", "POST"])
def project(request, pk):
    _viewer(request.user)
    found = selectors.get_project(user=request.user, pk=pk)
    year, _ = _year(request)
    allocation = AllocationForm(
        request.POST if request.POST.get("form") == "allocation" else None,
        initial={
            "amount": found.sca_allocated,
            "score": found.assessment_score,
            "notes": found.assessment_notes,
        },
    )
    entry = EntryForm(request.POST if request.POST.get("form") == "entry" else None)
    if request.method == "POST":
        if not _edits(request.user):
            raise PermissionDenied("The CFO and the Finance & Operations Lead manage estates.")
        form = allocation if request.POST.get("form") == "allocation" else entry
        if form.is_valid():
            try:
                if form is allocation:
                    services.allocate_sca(
                        project=found,
                        year=found.sca_year or year,
                        amount=form.cleaned_data["amount"],
                        score=form.cleaned_data["score"],
                        notes=form.cleaned_data["notes"],
                    )
                else:
                    services.record_entry(project=found, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, "Saved.")
                return redirect("finance:project", pk=found.pk)
    return render(
        request,
        "finance/project.html",
        {
            "project": found,
            "sca_spent": selectors.sca_spent(found),
            "entries": found.entries.all(),
            "allocation_form": allocation if _edits(request.user) else None,
            "entry_form": entry if _edits(request.user) else None,
            "allocation_year": found.sca_year or year,
        },
    )


def _estates_report(request) -> dict:
    if not access.allowed(request.user, Perm.VIEW_FINANCE):
        raise PermissionDenied("The termly estates report is for the trust's leaders.")
    return report.estates_report(today=timezone.localdate())


def estates_report(request):
    context = _estates_report(request)
    if context.get("term") is not None:
        context["sent"] = EstatesReportCopy.objects.filter(term=context["term"]).select_related(
            "sent_by"
        )
    context["may_send"] = _edits(request.user)
    return render(request, "finance/estates_report.html", context)


@require_POST
def send_estates_report(request):
    """Keep this term's estates report as it goes to the trustees."""
    if not _edits(request.user):
        raise PermissionDenied("The CFO and the Finance & Operations Lead send the report.")
    term = _estates_report(request).get("term")
    if term is None:
        messages.error(request, "There is no term to report on yet.")
        return redirect("finance:estates_report")
    sent = services.send_estates_report(term=term, by=request.user)
    documents.tell(
        request, sent, queued="The report is kept as sent to the trustees; its PDF is being made."
    )
    return redirect("finance:estates_report")


def sent_estates_report(request):
    """This term's estates report as it was last sent to the trustees."""
    term = _estates_report(request).get("term")
    return documents.serve(
        EstatesReportCopy.objects.filter(term=term),
        missing="This term's estates report has not been sent to the trustees yet.",
    )


def estates_report_pdf(request):
    from symphony.pdf import render_template_to_pdf

    context = _estates_report(request)
    body = render_template_to_pdf("finance/estates_report_pdf.html", context)
    response = HttpResponse(body, content_type="application/pdf")
    term = context.get("term")
    name = f"estates-report-{term}".lower().replace(" ", "-").replace("/", "-")
    response["Content-Disposition"] = content_disposition_header(True, f"{name}.pdf")
    return response


# Collective procurement


def procurement(request):
    _viewer(request.user)
    found = list(selectors.contracts(user=request.user))
    soon = timezone.localdate() + datetime.timedelta(days=selectors.CONTRACT_NOTICE_DAYS)
    running = [c for c in found if c.ends_on >= timezone.localdate()]
    sees = access.allowed(request.user, Perm.VIEW_FINANCE)
    return render(
        request,
        "finance/procurement.html",
        {
            "contracts": found,
            "ending_by": soon,
            "today": timezone.localdate(),
            "sees_trust": sees,
            # Contracts still running: an ended one saves nothing any more.
            "total_saving": sum((c.annual_saving for c in running), 0) if sees else None,
            "total_cost": sum((c.annual_cost for c in running), 0) if sees else None,
        },
    )
