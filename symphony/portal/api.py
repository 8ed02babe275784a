"""The read-only JSON API of termly data, for the trust's data team (Power BI,
Excel). Token auth (``Authorization: Bearer sym_...``); every answer goes through the same
access layer as the pages: a headteacher's token sees their own schools' figures and the
trust's averages, never another school's figures; another school answers 404."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from categorisation.selectors import current_categories
from schools import access
from schools.access import Perm
from schools.credentials import mark_used
from schools.data.aggregates import COUNTED, RATE_LABELS, trust_figures
from schools.data.benchmarks import comparison, current_national
from schools.data.measures import BY_KEY, MEASURES
from schools.data.selectors import TRACKED
from schools.data.suppression import SENSITIVE, hide_trust, hide_value, is_suppressed, mask_for
from schools.models import ApiToken, AuditEvent, Collection, Figure, School
from schools.models.api import hash_key

MAX_ROWS = 5000
SUPPRESSED_TEXT = (
    "true when the value is withheld (null) under the DfE's statistical confidentiality "
    "practice: a count below SYMPHONY_SUPPRESS_BELOW (3: counts 1 and 2), a rate that "
    "reveals one, or a figure from which one could be worked out by subtraction"
)


def _error(status, message):
    return JsonResponse({"error": message}, status=status)


def api_view(view):
    """Authenticate by token (no session, no CSRF: the API only reads); deny by default."""

    @login_not_required
    @never_cache
    @require_GET
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        header = request.headers.get("Authorization", "")
        if not header.startswith("Bearer "):
            return _error(401, "Send your API token as 'Authorization: Bearer <token>'.")
        token = (
            ApiToken.objects.select_related("user")
            .filter(key_hash=hash_key(header[7:].strip()))
            .first()
        )
        if token is None or token.revoked_at is not None or not token.user.is_active:
            return _error(
                401,
                "This token is not valid (wrong, revoked, ended by a password change, or its "
                "owner left). Create a new one at /api/tokens/.",
            )
        now = timezone.now()
        if token.expires_at <= now:
            expired_on = timezone.localdate(token.expires_at).isoformat()
            return _error(
                401, f"This token expired on {expired_on}. Create a new one at /api/tokens/."
            )
        if not access.holds(token.user, Perm.VIEW_SCHOOL):
            return _error(403, "Your role does not include school data.")
        # "Last used" at most once a minute; the day's first read in the audit trail.
        mark_used(
            token,
            field="last_used_at",
            action=AuditEvent.Action.API_READ,
            request=request,
            detail=f"API token {token.name} ({token.hint}…)",
        )
        request.user = token.user
        return view(request, *args, **kwargs)

    return wrapper


def _number(value) -> float | None:
    """A figure as JSON: null when missing or suppressed (then ``"suppressed": true``)."""
    return None if value is None or is_suppressed(value) else float(value)


# Ids are PostgreSQL bigints; an offset leaves room for the page after it, so no number a
# client sends reaches the database out of range.
LARGEST_ID = 2**63 - 1
LARGEST_OFFSET = LARGEST_ID - MAX_ROWS - 1


def _int(request, name, *, largest=LARGEST_ID):
    value = request.GET.get(name)
    if value in (None, ""):
        return None
    # ASCII digits only: str.isdigit() also accepts other scripts' digits and superscripts.
    if not (value.isascii() and value.isdigit()):
        raise ValueError(f"'{name}' must be a whole number (0 or more), not '{value[:40]}'.")
    number = int(value)
    if number > largest:
        raise ValueError(f"'{name}' must be at most {largest}.")
    return number


@api_view
def schools(request):
    visible = list(
        access.schools_for(request.user).filter(status__in=TRACKED).select_related("hub")
    )
    categories = current_categories(visible)
    return JsonResponse(
        {
            "schools": [
                {
                    "id": s.pk,
                    "name": s.name,
                    "hub": s.hub.name,
                    "status": s.status,
                    "category": categories.get(s.pk),
                }
                for s in visible
            ]
        }
    )


@api_view
def collections(request):
    rows = Collection.objects.select_related("term__academic_year").order_by("term__starts_on")
    return JsonResponse(
        {
            "collections": [
                {
                    "id": c.pk,
                    "term": c.term.get_season_display().lower(),
                    "academic_year": c.term.academic_year.name,
                    "opens_on": c.opens_on.isoformat(),
                    "deadline": c.deadline.isoformat(),
                }
                for c in rows
            ]
        }
    )


@api_view
def figures(request):
    try:
        collection_id, school_id = _int(request, "collection"), _int(request, "school")
        offset = _int(request, "offset", largest=LARGEST_OFFSET) or 0
    except ValueError as exc:
        return _error(400, str(exc))
    measure = request.GET.get("measure")
    if measure and measure not in BY_KEY:
        return _error(400, f"Unknown measure '{measure}'. See /api/v1/measures.")
    rows = access.scoped(
        request.user,
        Figure.objects.filter(submission__state__in=COUNTED),
        school_field="submission__school",
    )
    if school_id is not None:
        if not access.schools_for(request.user).filter(pk=school_id).exists():
            return _error(404, "No such school.")
        rows = rows.filter(submission__school_id=school_id)
    if collection_id is not None:
        rows = rows.filter(submission__collection_id=collection_id)
    if measure:
        rows = rows.filter(measure=measure)
    rows = rows.order_by("submission__collection_id", "submission__school_id", "pk").values(
        "submission__collection_id",
        "submission__school_id",
        "measure",
        "year_group",
        "subject",
        "group",
        "pupils",
        "value",
    )
    page = list(rows[offset : offset + MAX_ROWS + 1])
    more = len(page) > MAX_ROWS
    # The API leaves the portal: small counts are null with "suppressed": true, whoever
    # asks, with the same cells hidden as on every page (schools/data/suppression.py).
    mask = mask_for(
        {r["submission__collection_id"] for r in page[:MAX_ROWS] if r["measure"] in SENSITIVE}
    )
    out = []
    for r in page[:MAX_ROWS]:
        value = hide_value(
            r["value"],
            mask=mask,
            collection_id=r["submission__collection_id"],
            school_id=r["submission__school_id"],
            measure=r["measure"],
        )
        out.append(
            {
                "collection": r["submission__collection_id"],
                "school": r["submission__school_id"],
                "measure": r["measure"],
                "year_group": r["year_group"],
                "subject": r["subject"],
                "group": r["group"],
                "pupils": r["pupils"],
                "value": _number(value),
                "suppressed": is_suppressed(value),
            }
        )
    return JsonResponse(
        {
            "figures": out,
            "next_offset": offset + MAX_ROWS if more else None,
        }
    )


@api_view
def trust(request):
    try:
        collection_id = _int(request, "collection")
    except ValueError as exc:
        return _error(400, str(exc))
    if collection_id is None:
        return _error(400, "Give the collection: ?collection=<id>.")
    collection = (
        Collection.objects.select_related("term__academic_year").filter(pk=collection_id).first()
    )
    if collection is None:
        return _error(404, "No such collection.")
    everyone = list(School.objects.filter(status__in=TRACKED).order_by("name"))
    found = hide_trust(trust_figures(collection, everyone), mask_for([collection]), collection.pk)
    national = current_national()
    names = access.allowed(request.user, Perm.VIEW_TRUST_DATA)
    out = {}
    for measure, figure in found.items():
        benchmark = comparison(national, measure, collection)
        out[measure] = {
            "label": RATE_LABELS.get(measure) or BY_KEY[measure].label,
            "value": _number(figure.value),
            "suppressed": is_suppressed(figure.value),
            "schools": figure.schools,
            "pupils": figure.pupils,
            "national": None
            if benchmark.figure is None
            else {
                "value": float(benchmark.figure.value),
                "academic_year": benchmark.year,
                "status": benchmark.figure.status,
                "unit": benchmark.unit,
                "coverage": benchmark.coverage,
                "source_name": benchmark.source_name,
                "source": benchmark.source,
                # False when older than the age rule allows: shown, not compared with.
                "compared": benchmark.usable,
                "words": benchmark.words,
            },
        }
    missing = next(iter(found.values())).missing if found else [s.name for s in everyone]
    return JsonResponse(
        {
            "collection": collection.pk,
            "weighting": "pupil-weighted, as the DfE computes national figures",
            "measures": out,
            "missing": missing if names else len(missing),
        }
    )


@api_view
def measures(request):
    return JsonResponse(
        {
            "measures": [
                {
                    "key": m.key,
                    "label": m.label,
                    "kind": m.kind,
                    "lower_is_better": m.lower_is_better,
                    "by_year_group": m.by_year_group,
                    "by_subject": m.by_subject,
                    "by_group": m.by_group,
                }
                for m in MEASURES
            ]
        }
    )


@login_not_required
@require_GET
def openapi(request):
    """The API's OpenAPI 3.1 description (no data in it, so no token needed)."""
    return JsonResponse(schema(request.build_absolute_uri(reverse("portal:api_root"))))


def _list(name, item):
    return {
        "200": {
            "description": f"The {name} the token's owner may see.",
            "content": {
                "application/json": {
                    "schema": {
                        "type": "object",
                        "properties": {name: {"type": "array", "items": item}},
                    }
                }
            },
        },
        "401": {"$ref": "#/components/responses/Unauthorised"},
    }


def schema(server: str) -> dict:
    number_or_null = {"type": ["number", "null"]}
    query = lambda name, kind, text: {  # noqa: E731
        "name": name,
        "in": "query",
        "required": False,
        "schema": {"type": kind},
        "description": text,
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Symphony termly data API",
            "version": "1",
            "description": "Read-only aggregates of the schools' termly data, with trust and "
            "national figures. Same access rules as the portal's pages.",
        },
        "servers": [{"url": server.rstrip("/")}],
        "security": [{"token": []}],
        "components": {
            "securitySchemes": {"token": {"type": "http", "scheme": "bearer"}},
            "responses": {
                "Unauthorised": {
                    "description": "No token, or not a valid one (wrong, revoked or expired).",
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "properties": {"error": {"type": "string"}},
                            }
                        }
                    },
                }
            },
        },
        "paths": {
            "/schools": {
                "get": {
                    "summary": "Schools you may see, with their category",
                    "responses": _list("schools", {"type": "object"}),
                }
            },
            "/collections": {
                "get": {
                    "summary": "Termly data collections",
                    "responses": _list("collections", {"type": "object"}),
                }
            },
            "/measures": {
                "get": {
                    "summary": "The measures and their shape",
                    "responses": _list("measures", {"type": "object"}),
                }
            },
            "/figures": {
                "get": {
                    "summary": "Submitted figures of the schools you may see",
                    "parameters": [
                        query("collection", "integer", "A collection id."),
                        query("school", "integer", "A school id (404 if not yours to see)."),
                        query("measure", "string", "A measure key."),
                        {
                            **query("offset", "integer", f"Rows to skip; pages of {MAX_ROWS}."),
                            "schema": {"type": "integer", "minimum": 0, "maximum": LARGEST_OFFSET},
                        },
                    ],
                    "responses": {
                        **_list(
                            "figures",
                            {
                                "type": "object",
                                "properties": {
                                    "collection": {"type": "integer"},
                                    "school": {"type": "integer"},
                                    "measure": {"type": "string"},
                                    "year_group": {"type": "integer"},
                                    "subject": {"type": "string"},
                                    "group": {"type": "string"},
                                    "pupils": {"type": ["integer", "null"]},
                                    "value": number_or_null,
                                    "suppressed": {
                                        "type": "boolean",
                                        "description": SUPPRESSED_TEXT,
                                    },
                                },
                            },
                        ),
                        "400": {"description": "A parameter out of range or not understood."},
                        "404": {"description": "A school you may not see."},
                    },
                }
            },
            "/trust": {
                "get": {
                    "summary": "The trust's pupil-weighted figures and national ones",
                    "parameters": [
                        {**query("collection", "integer", "A collection id."), "required": True}
                    ],
                    "responses": {
                        "200": {
                            "description": "Trust figures by measure; each has 'value' and "
                            "'suppressed' (" + SUPPRESSED_TEXT + ")."
                        },
                        "401": {"$ref": "#/components/responses/Unauthorised"},
                        "400": {"description": "A parameter out of range or not understood."},
                        "404": {"description": "No such collection."},
                    },
                }
            },
        },
    }


@login_not_required
@require_GET
def index(request):
    """Where the API's parts are."""
    base = request.build_absolute_uri(reverse("portal:api_root"))
    return JsonResponse(
        {
            "schema": base + "openapi.json",
            "endpoints": [
                base + p for p in ("schools", "collections", "measures", "figures", "trust")
            ],
            "auth": "Authorization: Bearer <token>; create a token at /api/tokens/",
        }
    )
