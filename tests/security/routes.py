"""Every route in the URL conf as a concrete path, for tests that must cover them all."""

import re
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern, RoutePattern

# A value for each kind of path parameter; a route whose object does not exist still
# resolves, which is all the CSRF check (it runs before the view) needs.
CONVERTER_VALUES = {"int": "1", "path": "1", "slug": "x", "uuid": "0" * 32, "str": "csv"}
NAMED_VALUES = {"token": "x", "uidb64": "x", "fmt": "csv"}
REGEX_CANDIDATES = ("schools", "1", "x", "csv")


@dataclass(frozen=True)
class Route:
    pattern: str  # the URL conf's pattern, e.g. "reviews/<int:pk>/"
    path: str  # a concrete path for it, e.g. "/reviews/1/"
    name: str | None

    @property
    def parameterless(self) -> bool:
        return "<" not in self.pattern and "(?P" not in self.pattern


def all_routes() -> list[Route]:
    routes = []
    _walk(get_resolver().url_patterns, "", "", routes)
    return routes


def _walk(patterns, pattern_prefix, path_prefix, routes):
    for entry in patterns:
        text = str(entry.pattern)
        path = _concrete(entry.pattern)
        if isinstance(entry, URLResolver):
            _walk(entry.url_patterns, pattern_prefix + text, path_prefix + path, routes)
        elif isinstance(entry, URLPattern):
            routes.append(Route(pattern_prefix + text, "/" + path_prefix + path, entry.name))


def _concrete(pattern) -> str:
    if isinstance(pattern, RoutePattern):
        return re.sub(
            r"<(?:(\w+):)?(\w+)>",
            lambda m: NAMED_VALUES.get(m.group(2), CONVERTER_VALUES[m.group(1) or "str"]),
            str(pattern),
        )
    assert isinstance(pattern, RegexPattern)
    regex = str(pattern).lstrip("^").rstrip("$")
    while (start := regex.find("(?P<")) >= 0:
        end = _closing_parenthesis(regex, start)
        group = regex[start : end + 1]
        value = next(c for c in REGEX_CANDIDATES if re.fullmatch(group, c) and c not in ("",))
        regex = regex[:start] + value + regex[end + 1 :]
    return regex


def _closing_parenthesis(text, start) -> int:
    depth = 0
    for index in range(start, len(text)):
        if text[index] == "(" and text[index - 1 : index] != "\\":
            depth += 1
        elif text[index] == ")" and text[index - 1 : index] != "\\":
            depth -= 1
            if depth == 0:
                return index
    raise ValueError(text)


# Real demo objects for the path parameters, for tests that GET each route as each role
# (tests/security/test_role_matrix.py). Each entry: the route patterns it fills, whether
# their object belongs to a school, and how to find one (of ``school`` when it does);
# a finder returns the path parameters, or None when the demo has no such object.


def fill(route: Route, **values) -> str:
    """``route``'s path with these parameter values (the others as in ``route.path``)."""
    path = re.sub(
        r"<(?:(\w+):)?(\w+)>",
        lambda m: str(
            values.get(
                m.group(2), NAMED_VALUES.get(m.group(2), CONVERTER_VALUES[m.group(1) or "str"])
            )
        ),
        route.pattern,
    )
    return "/" + path


def _first(queryset, **fields):
    found = queryset.first()  # by the queryset's order, else by pk
    return None if found is None else {name: attr(found) for name, attr in fields.items()}


def _review(school, *, areas=False):
    from reviews.models import PeerReview

    reviews = PeerReview.objects.filter(school=school)
    if areas:
        reviews = reviews.filter(focus_areas__isnull=False)
    # A published review where there is one: every reader of the school may see it.
    return reviews.order_by("-status", "pk").filter(status="published").first() or (
        reviews.order_by("pk").first()
    )


def _school(school):
    return {"pk": school.pk}


def _school_pk(school):
    return {"school_pk": school.pk}


def _submission(school):
    from schools.models import Submission

    return _first(
        Submission.objects.filter(school=school).order_by("-collection__term__starts_on"),
        pk=lambda s: s.collection_id,
        school_pk=lambda s: s.school_id,
    )


def _assess(school):
    from categorisation.models import RiskMeeting

    meeting = RiskMeeting.objects.order_by("pk").first()
    return meeting and {"pk": meeting.pk, "school_pk": school.pk}


def _scc_case(school):
    from categorisation.models import SccCase

    return _first(SccCase.objects.filter(school=school), pk=lambda c: c.pk)


def _scc_document(school):
    from categorisation.models import SccStep

    return _first(
        SccStep.objects.filter(move__case__school=school).exclude(document=""), pk=lambda s: s.pk
    )


def _category_letter(school):
    from categorisation.models import CategoryLetter

    return _first(
        CategoryLetter.objects.filter(assessment__school=school, state="ready").exclude(file=""),
        pk=lambda letter: letter.pk,
    )


def _review_pk(school):
    review = _review(school)
    return review and {"pk": review.pk}


def _review_report(school):
    from reviews.models import ReviewReport

    return _first(
        ReviewReport.objects.filter(review__school=school, state="ready").exclude(file=""),
        pk=lambda r: r.review_id,
    )


def _focus_area(school):
    review = _review(school, areas=True)
    return review and {"pk": review.pk, "area_pk": review.focus_areas.order_by("pk")[0].pk}


def _team_member(school):
    from reviews.models import ReviewTeamMember

    return _first(
        ReviewTeamMember.objects.filter(review__school=school),
        pk=lambda m: m.review_id,
        member_pk=lambda m: m.pk,
    )


def _core_plan(school):
    from reviews.models import CorePlan

    return _first(CorePlan.objects.filter(school=school), pk=lambda p: p.pk)


def _action(school):
    from reviews.models import Action

    return _first(Action.objects.filter(core_plan__school=school), pk=lambda a: a.pk)


def _lgb(school):
    from governance.models import Body

    return _first(Body.objects.filter(school=school), pk=lambda b: b.pk)


def _lgb_meeting(school, *, minutes=False):
    from governance.models import Meeting

    meetings = Meeting.objects.filter(body__school=school)
    if minutes:
        meetings = meetings.exclude(minutes_file="")
    return _first(meetings, pk=lambda m: m.pk)


def _estates_project(school):
    from finance.models import EstatesProject

    return _first(EstatesProject.objects.filter(school=school), pk=lambda p: p.pk)


def _risk_register(school):
    from finance.models import RiskRegister

    return _first(RiskRegister.objects.filter(school=school), pk=lambda r: r.pk)


def _board_report(_school):
    from symphony.portal.models import BoardReport

    return _first(
        BoardReport.objects.filter(state="ready").exclude(file=""), pk=lambda b: b.collection_id
    )


def _estates_report_copy(_school):
    from finance.models import EstatesReportCopy

    found = EstatesReportCopy.objects.filter(state="ready").exclude(file="").exists()
    return {} if found else None


def _collection(_school):
    from schools.models import Collection

    return _first(Collection.objects.order_by("-term__starts_on"), pk=lambda c: c.pk)


def _risk_meeting(_school):
    from categorisation.models import RiskMeeting

    return _first(RiskMeeting.objects, pk=lambda m: m.pk)


# pattern prefix (up to the first parameter) -> (school-linked, finder); longest match wins.
OBJECT_FINDERS = {
    "schools/<int:pk>/": (True, _school),
    "categorisation/schools/<int:pk>/": (True, _school),
    "finance/schools/<int:pk>/": (True, _school),
    "reviews/plan/<int:school_pk>/": (True, _school_pk),
    "core-plans/start/<int:school_pk>/": (True, _school_pk),
    "data/collections/<int:pk>/schools/<int:school_pk>/": (True, _submission),
    "data/collections/<int:pk>/": (False, _collection),
    "data/collections/<int:pk>/kpi-report.pdf": (False, _board_report),
    "finance/estates/report/sent.pdf": (False, _estates_report_copy),
    "categorisation/meetings/<int:pk>/assess/<int:school_pk>/": (True, _assess),
    "categorisation/meetings/<int:pk>/": (False, _risk_meeting),
    "categorisation/letters/<int:pk>.pdf": (True, _category_letter),
    "scc/<int:pk>/": (True, _scc_case),
    "scc/documents/<int:pk>": (True, _scc_document),
    "reviews/<int:pk>/": (True, _review_pk),
    "reviews/<int:pk>/report.pdf": (True, _review_report),
    "reviews/<int:pk>/areas/<int:area_pk>/": (True, _focus_area),
    "reviews/<int:pk>/team/<int:member_pk>/": (True, _team_member),
    "core-plans/<int:pk>/": (True, _core_plan),
    "actions/<int:pk>/": (True, _action),
    "governance/bodies/<int:pk>/": (True, _lgb),
    "governance/meetings/<int:pk>/": (True, _lgb_meeting),
    "governance/meetings/<int:pk>/minutes": (True, lambda s: _lgb_meeting(s, minutes=True)),
    "finance/estates/<int:pk>/": (True, _estates_project),
    "finance/risks/<int:pk>/": (True, _risk_register),
}


def _finder(route: Route):
    matches = [p for p in OBJECT_FINDERS if route.pattern.startswith(p)]
    return OBJECT_FINDERS[max(matches, key=len)] if matches else None


def school_linked(route: Route) -> bool:
    """Does the object in ``route``'s path belong to one school?"""
    found = _finder(route)
    return bool(found and found[0])


def demo_path(route: Route, school=None, **values) -> str | None:
    """``route``'s path with real demo objects (``school``'s, for a route whose object
    belongs to a school), or None when the demo has none; ``values`` fill the rest."""
    found = _finder(route)
    if found is not None:
        params = found[1](school)
        if params is None:
            return None
        values = params | values
    return fill(route, **values)
