"""The roof's pages: each person's home (the CEO/DoP's is the dashboard) and the
trustees' KPI report with its downloads."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST

from schools import access, documents, work
from schools.access import Perm
from schools.calendar import Calendar
from schools.data import selectors as data_selectors
from schools.models import Collection, Hub, Role
from symphony.pdf import render_template_to_pdf

from . import dashboard as dashboard_selectors
from . import report, services
from .models import BoardReport


def _work(user, today) -> dict:
    """What needs this person now, from every app (``schools.work``); the navigation's
    count is what this listed."""
    found = work.items_for(user, today)
    work.remember_count(user, found)
    return {"work": found, "what_appears": work.what_appears(user)}


def home(request):
    """Each person's home: what needs them now, soonest first, each a link to act. Whoever
    reads every school's figures (the trust's leaders, the central team, trustees) has the
    trust dashboard as home, with what needs them above it."""
    user = request.user
    if access.allowed(user, Perm.VIEW_TRUST_DATA):
        return dashboard(request)
    schools = list(access.schools_for(user).select_related("hub"))
    today = timezone.localdate()
    cal = Calendar.load()
    return render(
        request,
        "portal/home.html",
        {
            "schools": schools,
            "term": cal.term_on(today),
            "half_term": cal.half_term_on(today),
            "next_term": cal.next_term_after(today),
            "role_label": Role(user.role).label if user.role else "No role",
            **_work(user, today),
        },
    )


def dashboard_filters(params) -> dict:
    """The dashboard's filters from the address (a GET form, so a link, a bookmark or the
    back button brings them back): hub, category and order. A value that is not one of
    the choices is dropped, never an error: the page shows every school instead."""
    hub = params.get("hub") or None
    category = params.get("category") or None
    order = params.get("order") or None
    if hub and not hub.isdigit():
        hub = None
    if category not in (None, "1", "2", "3", "4"):
        category = None
    if order not in dashboard_selectors.orders():
        order = dashboard_selectors.ATTENTION
    return {"hub": hub, "category": category, "order": order}


def dashboard(request):
    """The CEO/DoP's home page: every school on one screen."""
    filters = dashboard_filters(request.GET)
    context = dashboard_selectors.dashboard(user=request.user, **filters)
    context |= {
        "hubs": Hub.objects.all(),
        **filters,
        "filtered": bool(filters["hub"] or filters["category"])
        or filters["order"] != dashboard_selectors.ATTENTION,
        "role_label": Role(request.user.role).label if request.user.role else "",
        "sees_reminders": access.allowed(request.user, Perm.VIEW_REMINDERS),
        **_work(request.user, timezone.localdate()),
    }
    return render(request, "portal/dashboard.html", context)


def _report_collection(request):
    if not access.allowed(request.user, Perm.VIEW_TRUST_DATA):
        raise PermissionDenied("The KPI report is for trustees and the trust's leaders.")
    pk = request.GET.get("collection")
    if pk:
        return data_selectors.get_collection(pk)
    collection = data_selectors.current_collection()
    if collection is None:
        raise Http404("No data collection yet.")
    return collection


def kpi_report_page(request):
    collection = _report_collection(request)
    context = report.kpi_report(collection=collection)
    context["collections"] = Collection.objects.select_related("term__academic_year")
    context["board_reports"] = BoardReport.objects.filter(collection=collection).select_related(
        "sent_by"
    )
    context["may_send"] = access.allowed(request.user, Perm.SEND_BOARD_REPORT)
    return render(request, "portal/kpi_report.html", context)


@require_POST
def send_board_report(request, pk):
    """Keep this term's report as it goes to the Board of Trustees."""
    if not access.allowed(request.user, Perm.SEND_BOARD_REPORT):
        raise PermissionDenied("The CEO and the Director of Primaries report to the board.")
    collection = data_selectors.get_collection(pk)
    sent = services.send_board_report(collection=collection, by=request.user)
    documents.tell(
        request, sent, queued="The report is kept as sent to the board; its PDF is being made."
    )
    return redirect(reverse("portal:kpi_report") + f"?collection={collection.pk}")


def board_report(request, pk):
    """The term's KPI report as it was last sent to the board, to its readers."""
    if not access.allowed(request.user, Perm.VIEW_TRUST_DATA):
        raise PermissionDenied("The KPI report is for trustees and the trust's leaders.")
    return documents.serve(
        BoardReport.objects.filter(collection=data_selectors.get_collection(pk)),
        missing="This term's report has not been sent to the board yet.",
    )


def kpi_report_download(request, fmt):
    collection = _report_collection(request)
    context = report.kpi_report(collection=collection)
    name = f"kpi-report-{collection.term}".lower().replace(" ", "-").replace("/", "-")
    if fmt == "pdf":
        body = render_template_to_pdf("portal/kpi_report_pdf.html", context)
        content_type = "application/pdf"
    elif fmt == "csv":
        body, content_type = report.kpi_csv(context), "text/csv; charset=utf-8"
    elif fmt == "xlsx":
        body = report.kpi_xlsx(context)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        raise Http404("The report comes as .pdf, .csv or .xlsx.")
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, f"{name}.{fmt}")
    return response
