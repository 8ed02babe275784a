"""Termly data pages: collections, each school's submission (entry form or upload), the
central team's check, and the templates to fill in."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_http_methods

from symphony.uploads import Problem, UploadRejected

from .. import access, audit, kpis
from ..access import Perm
from ..mfa import requires_mfa
from ..models import ApiToken, Collection, School, Submission
from . import compare, grid, selectors, services, suppression, upload
from .aggregates import COUNTED, RATE_LABELS, trust_figures
from .forms import CollectionForm, UploadForm
from .measures import (
    BY_KEY,
    COLUMNS,
    MEASURES,
    expected_rows,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _manages(user) -> bool:
    return access.allowed(user, Perm.MANAGE_COLLECTIONS)


def collection_list(request):
    user = request.user
    if not access.holds(user, Perm.VIEW_SCHOOL):
        raise PermissionDenied("Your role does not include termly data.")
    schools = list(access.schools_for(user).filter(status__in=selectors.TRACKED))
    collections = list(Collection.objects.select_related("term__academic_year"))
    states = {}
    for s in Submission.objects.filter(school__in=schools, collection__in=collections):
        states[(s.collection_id, s.school_id)] = s
    rows = []
    for c in collections:
        counted = sum(
            1
            for school in schools
            if (c.pk, school.pk) in states and states[(c.pk, school.pk)].state in COUNTED
        )
        mine = [(school, states.get((c.pk, school.pk))) for school in schools]
        rows.append((c, counted, mine))
    return render(
        request,
        "schools/data/collection_list.html",
        {
            "rows": rows,
            "schools": schools,
            "manages": _manages(user),
            "today": timezone.localdate(),
        },
    )


@require_http_methods(["GET", "POST"])
def collection_new(request):
    if not _manages(request.user):
        raise PermissionDenied("The central team opens data collections.")
    form = CollectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            collection = services.open_collection(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"The {collection.term} collection is open.")
            return redirect("schools:collection", pk=collection.pk)
    return render(request, "schools/data/collection_form.html", {"form": form})


def collection_detail(request, pk):
    user = request.user
    if not access.holds(user, Perm.VIEW_SCHOOL):
        raise PermissionDenied("Your role does not include termly data.")
    collection = selectors.get_collection(pk)
    schools = list(access.schools_for(user).filter(status__in=selectors.TRACKED).order_by("name"))
    submissions = {s.school_id: s for s in collection.submissions.filter(school__in=schools)}
    # Everyone who may see a school reads the trust's averages (over every school, not
    # only the ones they see); only those who compare schools see the missing ones named.
    everyone = list(School.objects.filter(status__in=selectors.TRACKED).order_by("name"))
    figures = trust_figures(collection, everyone)
    # The suspension and exclusion rates reveal the trust's counts: "c" when small.
    figures = suppression.hide_trust(
        figures, suppression.mask_for_user(user, [collection]), collection.pk
    )
    trust = [
        (RATE_LABELS.get(m) or BY_KEY[m].label, f)
        for m, f in figures.items()
        if m in RATE_LABELS or (m in BY_KEY and BY_KEY[m].kind != "count")
    ]
    missing = next(iter(figures.values())).missing if figures else [s.name for s in everyone]
    return render(
        request,
        "schools/data/collection_detail.html",
        {
            "collection": collection,
            "rows": [(s, submissions.get(s.pk)) for s in schools],
            "trust": trust,
            "missing": missing,
            "names_missing": access.allowed(user, Perm.VIEW_TRUST_DATA),
            "manages": _manages(user),
            "suppressed": any(suppression.is_suppressed(f.value) for _label, f in trust),
            "suppression_note": suppression.explanation(),
        },
    )


def _submission(request, pk, school_pk):
    collection = selectors.get_collection(pk)
    school = access.get_school(request.user, school_pk)
    if school.status not in selectors.TRACKED:
        raise Http404("This school does not submit data.")
    audit.about(request, school)  # what is uploaded or downloaded here is this school's
    submission = Submission.objects.filter(collection=collection, school=school).first()
    return collection, school, submission


def _rows_from_post(data, keys) -> list[dict]:
    return [
        {
            "measure": key.measure,
            "year_group": str(key.year_group or ""),
            "subject": key.subject,
            "group": key.group,
            "pupils": data.get(f"p{i}", "").strip(),
            "value": data.get(f"v{i}", "").strip(),
        }
        for i, key in enumerate(keys)
    ]


@require_http_methods(["GET", "POST"])
def submission_detail(request, pk, school_pk):
    collection, school, submission = _submission(request, pk, school_pk)
    user = request.user
    may_submit = access.allowed(user, Perm.SUBMIT_DATA, school)
    problems, grid_data = [], None
    upload_form = UploadForm()
    if request.method == "POST":
        action = request.POST.get("action")
        if action in ("save", "upload", "submit") and not may_submit:
            raise PermissionDenied("Your role can read these figures but not change them.")
        if action in ("accept", "return") and not _manages(user):
            raise PermissionDenied("The central team accepts or returns submissions.")
        try:
            if action in ("save", "upload"):
                keys = expected_rows(season=collection.season, phase=school.phase)
                found: list[Problem] = []
                if action == "save":
                    grid_data = request.POST
                    raw = _rows_from_post(request.POST, keys)
                else:
                    upload_form = UploadForm(request.POST, request.FILES)
                    if not upload_form.is_valid():
                        raise UploadRejected([Problem(None, None, "Choose a file to upload.")])
                    raw = upload.read_upload(upload_form.cleaned_data["file"], problems=found)
                services.record_figures(
                    collection=collection, school=school, rows=raw, problems=found, by=user
                )
                if action == "upload":
                    audit.upload_outcome(request, accepted=True)
                messages.success(
                    request, "The figures were saved as a draft. Submit them when complete."
                )
                return redirect("schools:submission", pk=collection.pk, school_pk=school.pk)
            if action == "submit" and submission:
                services.submit(submission=submission, by=user)
                messages.success(request, f"{school.name}'s figures were submitted.")
                return redirect("schools:submission", pk=collection.pk, school_pk=school.pk)
            if action in ("accept", "return") and submission:
                services.review_submission(
                    submission=submission,
                    accept=action == "accept",
                    reason=request.POST.get("reason", ""),
                    by=user,
                )
                done = "accepted" if action == "accept" else "returned for correction"
                messages.success(request, f"{school.name}'s figures were {done}.")
                return redirect("schools:submission", pk=collection.pk, school_pk=school.pk)
        except UploadRejected as exc:
            problems = exc.problems
        except ValidationError as exc:
            problems = [Problem(None, None, m) for m in exc.messages]
        if problems:
            audit.upload_outcome(request, accepted=False, problems=len(problems))
    editable = may_submit and (submission is None or submission.editable)
    beside = grid.beside(user, collection, school)
    rows = grid.grid(collection, school, submission, grid_data, user=user, beside=beside)
    heat = grid.heat_map(rows, school.phase) if grid_data is None else []
    return render(
        request,
        "schools/data/submission.html",
        {
            "collection": collection,
            "school": school,
            "submission": submission,
            "grid": rows,
            # Read only, the on-track figures are read in the heat map instead of the list.
            "listed": rows
            if editable or not heat
            else [r for r in rows if r.key.measure not in compare.HEAT_MEASURES],
            "heat": heat,
            "bands": [(BY_KEY[m], compare.bands(m)) for m in compare.HEAT_MEASURES],
            "beside": beside,
            "problems": problems,
            "upload_form": upload_form,
            "editable": editable,
            "may_submit": may_submit,
            "manages": _manages(user),
            "columns": COLUMNS,
        },
        status=422 if problems else 200,
    )


def submission_template(request, pk, school_pk, fmt):
    if fmt not in ("csv", "xlsx"):
        raise Http404("Templates come as .csv or .xlsx.")
    collection, school, submission = _submission(request, pk, school_pk)
    # A suppressed figure is left blank: the template must stay one that can be uploaded.
    existing = {
        key: (pupils, None if suppression.is_suppressed(value) else value)
        for key, (pupils, value) in grid.figures_for(
            request.user, collection, school, submission
        ).items()
    }
    name = f"{school.name}-{collection.term}".lower().replace(" ", "-").replace("/", "-")
    if fmt == "csv":
        body = upload.template_csv(phase=school.phase, season=collection.season, existing=existing)
        response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    else:
        body = upload.template_xlsx(phase=school.phase, season=collection.season, existing=existing)
        response = HttpResponse(
            body, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
    response["Content-Disposition"] = content_disposition_header(True, f"{name}.{fmt}")
    return response


@require_http_methods(["GET", "POST"])
def api_tokens(request):
    """A person's API tokens: create one (its key is shown once) or revoke one."""
    user = request.user
    if not access.holds(user, Perm.VIEW_SCHOOL):
        raise PermissionDenied("Your role does not include school data.")
    new_key = None
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            token_id = request.POST.get("token", "")
            ApiToken.objects.filter(
                user=user, pk=int(token_id) if token_id.isdigit() else 0, revoked_at__isnull=True
            ).update(revoked_at=timezone.now())
            messages.success(request, "The token was revoked; it no longer works.")
            return redirect("schools:api_tokens")
        if requires_mfa(user) and not user.is_verified():
            # MfaMiddleware already keeps such a session on the MFA pages; a token outlives
            # the session, so its making checks the second step itself.
            raise PermissionDenied("Complete two-step sign-in before creating an API token.")
        name = request.POST.get("name", "").strip()[:100]
        if not name:
            messages.error(request, "Name the token (what it is for) to create it.")
            return redirect("schools:api_tokens")
        _token, new_key = ApiToken.issue(user=user, name=name)
    return render(
        request,
        "schools/data/api_tokens.html",
        {
            "tokens": ApiToken.objects.filter(user=user),
            "new_key": new_key,
            "days": settings.SYMPHONY_API_TOKEN_DAYS,
            "now": timezone.now(),
        },
    )


def benchmark_measures() -> list[tuple[str, str]]:
    """The whole-school measures schools are ranked on, then the KPI registry's
    ``BENCHMARKING`` (the suspension and exclusion rates)."""
    return [(m.key, m.label) for m in MEASURES if not m.by_year_group and m.kind != "count"] + [
        (kpi.key, kpi.title) for kpi in kpis.where(kpis.BENCHMARKING)
    ]


def benchmarking_page(request):
    user = request.user
    if not access.holds(user, Perm.VIEW_SCHOOL):
        raise PermissionDenied("Your role does not include termly data.")
    collections = list(Collection.objects.select_related("term__academic_year"))
    collection = None
    if request.GET.get("collection", "").isdigit():
        collection = next((c for c in collections if c.pk == int(request.GET["collection"])), None)
    collection = collection or selectors.current_collection()
    measures = benchmark_measures()
    keys = dict(measures)
    measure = (
        request.GET.get("measure") if request.GET.get("measure") in keys else "overall_absence"
    )
    context = {
        "collections": collections,
        "collection": collection,
        "measures": measures,
        "measure": measure,
        "measure_label": keys[measure],
    }
    if collection:
        context |= selectors.benchmarking(user=user, collection=collection, measure=measure)
    return render(request, "schools/data/benchmarking.html", context)
