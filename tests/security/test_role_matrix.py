"""Every route in the URL conf, GET by every role of the cast (anonymous included), against
a stated expectation derived from ``schools.access.POLICY`` and the views; exports, PDFs
and the token API the same way; and no other school's name in anything a school-linked
role is shown (the role × URL matrix).

Reading ``EXPECTED`` is reading who may open what. A role not listed for a route must be
refused (403, or 404 where even the record's existence is not theirs to know); anonymous
visitors are sent to the sign-in page unless the route is public. A route added to the URL
conf fails ``test_every_route_has_an_expectation`` until it is given a line here.
"""

import io
import json
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from tests.conftest import OWN_SCHOOLS, ROLES
from tests.security.routes import all_routes, demo_path, fill, school_linked

ROUTES = [route for route in all_routes() if not route.pattern.startswith("admin/")]
ADMIN_ROUTES = [route for route in all_routes() if route.pattern.startswith("admin/")]

# The cast, and the demo's reviewer from outside the trust (on Foxton's review in progress;
# the reference school's records are none of theirs).
MATRIX_ROLES = [*ROLES, "external"]
EXTERNAL_EMAIL = "external@example.org"
EXTERNAL_SCHOOLS = {"Foxton"}

# Who holds what in schools.access.POLICY, for the roles of the cast.
SIGNED_IN = frozenset(MATRIX_ROLES) - {"anonymous"}
# An external reviewer opens their own account's pages, the reviews list and their review's
# records; no trust list, no calendar.
INSIDE = SIGNED_IN - {"external"}
READERS = INSIDE - {"reviewer"}  # VIEW_SCHOOL (all, or their own schools)
# VIEW_SCHOOL in any scope: the lists, where a reviewer (TEAM) finds the schools of the
# reviews they are on and no other.
VIEWERS = INSIDE
LEADERS = frozenset({"ceo", "dop"})  # MANAGE_REVIEWS, DECIDE_CATEGORY, CHANGE_SCHOOL
TRUST_WIDE = LEADERS | {"cfo", "trustee"}  # VIEW_CATEGORISATION, VIEW_TRUST_DATA: ALL
COLLECTIONS = LEADERS | {"cfo"}  # MANAGE_COLLECTIONS; also VIEW_REMINDERS
HEADS = frozenset({"head", "exec_head"})
FINANCE = TRUST_WIDE | HEADS  # VIEW_FINANCE (heads: their own schools)
PLAN_EDITORS = LEADERS | HEADS  # UPDATE_CORE_PLAN (heads: their own schools)
GOVERNANCE = READERS  # VIEW_GOVERNANCE (heads and governors: their own LGB)


@dataclass(frozen=True)
class Expect:
    ok: frozenset  # the roles answered ``status``; every other signed-in role: 403 or 404
    status: int = 200
    public: bool = False  # login_not_required: anonymous is answered, not sent to sign in


def page(*groups) -> Expect:
    return Expect(frozenset().union(*groups))


PUBLIC = Expect(frozenset(MATRIX_ROLES), public=True)
# require_POST: a GET is refused before anything else, for every signed-in role.
POST_ONLY = Expect(SIGNED_IN, status=405)
# The API takes a token, never a session: without one it answers 401, signed in or not.
API = Expect(frozenset(MATRIX_ROLES), status=401, public=True)

EXPECTED: dict[str, Expect] = {
    "": page(SIGNED_IN),  # home: the dashboard, or the user's own schools
    "accounts/login/": PUBLIC,
    "accounts/logout/": POST_ONLY,  # Django's LogoutView signs out on POST only
    "accounts/password_change/": page(SIGNED_IN),
    "accounts/password_change/done/": page(SIGNED_IN),
    "accounts/password_reset/": PUBLIC,
    "accounts/password_reset/done/": PUBLIC,
    "accounts/reset/<uidb64>/<token>/": PUBLIC,
    # Two-step sign-in (schools.mfa): the cast's sessions are verified, so the code page
    # sends them on, and the set-up page says it is on.
    "accounts/mfa/": Expect(SIGNED_IN, status=302),
    "accounts/mfa/setup/": page(SIGNED_IN),
    "accounts/mfa/recovery-codes/": POST_ONLY,  # a wrong link: the "invalid link" page
    "accounts/reset/done/": PUBLIC,
    "healthz": PUBLIC,
    # schools
    "schools/": page(VIEWERS),
    "schools/<int:pk>/": page(READERS),
    "schools/<int:pk>/edit/": page(LEADERS),  # CHANGE_SCHOOL
    "schools/<int:pk>/inspections/new/": page(LEADERS),
    "calendar/": page(INSIDE),  # VIEW_CALENDAR: every role of the trust
    "calendar/feed/": page(INSIDE),
    # The private token stands for its user (an external reviewer's feed gives nothing).
    "calendar/feed/<str:token>.ics": Expect(frozenset(MATRIX_ROLES) - {"external"}, public=True),
    "reminders/": page(COLLECTIONS),  # VIEW_REMINDERS
    "audit/": page({"ceo"}),  # VIEW_AUDIT
    "privacy/": page(SIGNED_IN),
    "accounts/notifications/": page(SIGNED_IN),  # their own choice: every role
    # termly data
    "data/": page(VIEWERS),
    "api/tokens/": page(VIEWERS),
    "api/v1/": PUBLIC,  # where the API's parts are: no data
    "api/v1/openapi.json": PUBLIC,  # the API's description: no data
    "api/v1/schools": API,
    "api/v1/collections": API,
    "api/v1/measures": API,
    "api/v1/figures": API,
    "api/v1/trust": API,
    "data/benchmarking/": page(VIEWERS),  # others as letters unless VIEW_TRUST_DATA
    "data/kpi-report/": page(TRUST_WIDE),  # VIEW_TRUST_DATA
    "data/kpi-report.<str:fmt>": page(TRUST_WIDE),
    "data/collections/<int:pk>/kpi-report/send/": POST_ONLY,  # SEND_BOARD_REPORT
    "data/collections/<int:pk>/kpi-report.pdf": page(TRUST_WIDE),  # as sent to the board
    "data/collections/new/": page(COLLECTIONS),  # MANAGE_COLLECTIONS
    "data/collections/<int:pk>/": page(VIEWERS),
    "data/collections/<int:pk>/schools/<int:school_pk>/": page(READERS),
    "data/collections/<int:pk>/schools/<int:school_pk>/template.<str:fmt>": page(READERS),
    # categorisation and Schools Causing Concern
    "categorisation/": page(TRUST_WIDE),  # VIEW_CATEGORISATION
    "categorisation/meetings/new/": page(LEADERS),  # DECIDE_CATEGORY
    "categorisation/meetings/<int:pk>/": page(TRUST_WIDE),
    "categorisation/meetings/<int:pk>/edit/": page(LEADERS),
    "categorisation/meetings/<int:pk>/assess/<int:school_pk>/": page(LEADERS),
    "categorisation/meetings/<int:pk>/letters/": POST_ONLY,  # sending the letters: DECIDE_CATEGORY
    # The letter as sent (READ_CATEGORY_LETTER): the school's heads and governors, the
    # CEO/DoP and trustees; the central team's roles are refused; another school's: 404.
    "categorisation/letters/<int:pk>.pdf": page(LEADERS | HEADS | {"trustee", "governor"}),
    "categorisation/schools/<int:pk>/": page(READERS),  # a school's category: VIEW_SCHOOL
    "categorisation/schools/<int:pk>/issues/": page(LEADERS),  # staffing, premises: DECIDE_CATEGORY
    "categorisation/issues/<int:pk>/resolve/": POST_ONLY,
    "scc/": page(TRUST_WIDE),
    "scc/enter/": page(LEADERS),
    "scc/<int:pk>/": page(READERS),  # the school's own case: whoever may see the school
    "scc/<int:pk>/letter.pdf": page(LEADERS),  # the draft, for the CEO/DoP to read
    "scc/<int:pk>/letters/": POST_ONLY,  # issuing the letter
    "scc/<int:pk>/letters/latest.pdf": page(READERS),  # as sent: the LGB is its reader
    "scc/documents/<int:pk>": page(READERS),
    # peer reviews (a published review: everyone who may see the school) and Core Plans
    "reviews/": page(SIGNED_IN),  # VIEW_SCHOOL or RECORD_REVIEW
    "reviews/plan/<int:school_pk>/": page(LEADERS),  # MANAGE_REVIEWS
    "reviews/due/": page(VIEWERS),
    # The trust improvement plan (VIEW_TRUST_PLAN): every role of the trust but reviewers.
    "reviews/trust-plan/": page(READERS),
    "reviews/record/": page(LEADERS),
    "reviews/<int:pk>/": page(READERS),
    "reviews/<int:pk>/edit/": page(LEADERS),
    "reviews/<int:pk>/team/": page(LEADERS),
    "reviews/<int:pk>/team/invite/": page(LEADERS),  # MANAGE_REVIEWS: invite from outside
    "reviews/<int:pk>/team/<int:member_pk>/remove/": POST_ONLY,
    "reviews/<int:pk>/areas/new/": page(LEADERS),
    "reviews/<int:pk>/areas/<int:area_pk>/": page(LEADERS),  # RECORD_REVIEW: not on its team
    "reviews/<int:pk>/areas/<int:area_pk>/remove/": POST_ONLY,
    "reviews/<int:pk>/overall/": page(LEADERS),
    "reviews/<int:pk>/advance/": POST_ONLY,
    # The school's heads propose while the review is planned; the demo's reference review
    # is published, so they are sent back to it (as the CEO and DoP are from publishing).
    "reviews/<int:pk>/priorities/": Expect(HEADS, status=302),
    "reviews/<int:pk>/publish/": Expect(LEADERS, status=302),
    "reviews/<int:pk>/report/": page(READERS),
    "reviews/<int:pk>/report.pdf": page(READERS),
    "reviews/<int:pk>/report/regenerate/": POST_ONLY,
    "core-plans/": page(VIEWERS),
    "core-plans/overdue/": page(LEADERS),
    "core-plans/start/<int:school_pk>/": POST_ONLY,
    "core-plans/<int:pk>/": page(READERS),
    "core-plans/<int:pk>/print/": page(READERS),
    "core-plans/<int:pk>/core-plan.pdf": page(READERS),
    "core-plans/<int:pk>/actions/new/": page(PLAN_EDITORS),
    # TDG deployments: the CEO/DoP record them (DEPLOY_TDG); heads read their own school's
    # (VIEW_TDG_DEPLOYMENTS); a practitioner reads the ones they are named on.
    "tdg/": page(PLAN_EDITORS),
    "tdg/record/": page(LEADERS),
    "tdg/mine/": page(SIGNED_IN),
    "actions/<int:pk>/": page(READERS),
    "actions/<int:pk>/edit/": page(PLAN_EDITORS),
    "actions/<int:pk>/accept/": Expect(PLAN_EDITORS, status=302),  # already accepted
    "actions/<int:pk>/notes/": POST_ONLY,
    "actions/<int:pk>/close/": POST_ONLY,
    # governance
    "governance/": page(GOVERNANCE),
    "governance/bodies/<int:pk>/": page(GOVERNANCE),
    "governance/interests/": page(GOVERNANCE),
    "governance/interests.<str:fmt>": page(GOVERNANCE),
    "governance/skills-audit/": page({"trustee", "governor"}),  # sit on a governing body
    "governance/meetings/<int:pk>/": page(GOVERNANCE),
    "governance/meetings/<int:pk>/minutes": page(GOVERNANCE),
    "governance/lgb-visits/": page(GOVERNANCE),
    # finance
    "finance/": page(FINANCE),
    "finance/central/": page(TRUST_WIDE),  # the central trust's own budget
    "finance/schools/<int:pk>/": page(FINANCE),
    "finance/import/": page({"cfo"}),  # EDIT_FINANCE
    "finance/import/template.csv": page({"cfo"}),  # EDIT_FINANCE
    "finance/estates/": page(FINANCE),
    "finance/estates/<int:pk>/": page(FINANCE),
    "finance/estates/report/": page(TRUST_WIDE),  # the termly report to trustees
    "finance/estates/report.pdf": page(TRUST_WIDE),
    "finance/estates/report/send/": POST_ONLY,  # EDIT_FINANCE
    "finance/estates/report/sent.pdf": page(TRUST_WIDE),  # as sent to the trustees
    "finance/procurement/": page(FINANCE),
    "finance/risks/": page(FINANCE),
    "finance/risks/<int:pk>/": page(FINANCE),
}

# Every export, PDF and template format, each a case of its own.
FORMATS = {
    "data/kpi-report.<str:fmt>": ("pdf", "csv", "xlsx"),
    "governance/interests.<str:fmt>": ("pdf", "csv"),
    "data/collections/<int:pk>/schools/<int:school_pk>/template.<str:fmt>": ("csv", "xlsx"),
}

# (pattern, role) -> why the current behaviour is wrong; the case is a strict xfail, so it
# turns red the day the behaviour is fixed, as a reminder to delete its line here.
KNOWN_WRONG: dict[tuple[str, str], str] = {}

# Pages that legitimately show a school-linked role another school's name, and why. None
# in the demo as it is; the two cases the trust's rules allow are proven below:
# - a head on another school's peer-review team reads that review (RECORD_REVIEW: TEAM);
# - benchmarking names other schools to heads once the trust shares named comparisons
#   (SYMPHONY_HEADS_SEE_NAMED_COMPARISONS; letters by default).
NAMES_SHOWN: dict[tuple[str, str], tuple[set[str], str]] = {}

# The school whose objects fill the path parameters: a school-linked role's own, and for
# everyone else the headteacher's (so every role opens the same record); OTHER is a school
# none of the school-linked roles may see, for the "another school's record" cases.
REFERENCE = "Glen Hills"
OWN = {"head": "Glen Hills", "exec_head": "Ashby Hastings", "governor": "Fairfield"}
OTHER = "Foxton"


def _cases():
    cases = []
    for route in ROUTES:
        for fmt in FORMATS.get(route.pattern, (None,)):
            variant = f"{route.pattern}{'[' + fmt + ']' if fmt else ''}"
            for role in MATRIX_ROLES:
                whose = [OWN.get(role, REFERENCE)]
                if role in OWN and school_linked(route):
                    whose.append(OTHER)
                for school in whose:
                    marks = []
                    if reason := KNOWN_WRONG.get((route.pattern, role)):
                        marks.append(pytest.mark.xfail(strict=True, reason=reason))
                    suffix = "" if school != OTHER else "-other-school"
                    cases.append(
                        pytest.param(
                            route, fmt, role, school, marks=marks, id=f"{variant}-{role}{suffix}"
                        )
                    )
    return cases


def test_every_route_has_an_expectation():
    missing = sorted({r.pattern for r in ROUTES} - set(EXPECTED))
    assert not missing, (
        f"New routes with no line in EXPECTED (tests/security/test_role_matrix.py): {missing}. "
        "Add each, with the roles that may open it (read its view and schools.access.POLICY)."
    )
    stale = sorted(set(EXPECTED) - {r.pattern for r in ROUTES})
    assert not stale, f"EXPECTED names routes that no longer exist: {stale}"


@pytest.mark.parametrize(("route", "fmt", "role", "school_name"), _cases())
def test_each_role_gets_what_the_policy_gives_it(client_for, cast, route, fmt, role, school_name):
    from schools.models import School

    if route.pattern not in EXPECTED:
        pytest.fail(f"{route.pattern} has no line in EXPECTED: add one (see the module's doc)")
    school = School.objects.get(name=school_name)
    path = _path(route, school, fmt=fmt, role=role, cast=cast)
    response = client_for(role).get(path)
    expect = EXPECTED[route.pattern]
    where = f"{role} GET {path}"
    if role == "anonymous" and not expect.public:
        assert response.status_code == 302, where
        assert urlsplit(response["Location"]).path == "/accounts/login/", where
        return
    theirs = role not in OWN or not school_linked(route) or school_name == OWN[role]
    if role in expect.ok and theirs:
        assert response.status_code == expect.status, where
    elif role in expect.ok and expect.status == 200:
        # Another school's record answers 404: its existence is not theirs to know.
        assert response.status_code == 404, where
    elif role in expect.ok:
        assert response.status_code in (expect.status, 404), where
    else:
        assert response.status_code in (403, 404), where
    if response.status_code == 200 and role in OWN_SCHOOLS:
        _assert_no_other_school(response, role, route.pattern)
    if response.status_code == 200 and role == "external":
        shown = _names_in(_body_text(response)) - EXTERNAL_SCHOOLS
        assert not shown, f"the external reviewer is shown {sorted(shown)} on {route.pattern}"


@pytest.fixture
def cast(cast):
    """The cast, with the demo's external reviewer."""
    from schools.models import User

    return {**cast, "external": User.objects.get(email=EXTERNAL_EMAIL)}


def _path(route, school, *, fmt, role, cast):
    from schools.models import CalendarFeed

    values = {"fmt": fmt} if fmt else {}
    if route.pattern == "calendar/feed/<str:token>.ics":
        # Calendar programs are anonymous: the token stands for the user; anonymous uses
        # the head's, so the head's feed is read both ways.
        owner = cast["head" if role == "anonymous" else role]
        values["token"] = CalendarFeed.objects.get_or_create(user=owner)[0].token
    path = demo_path(route, school, **values)
    if path is None:  # the demo has no such record for this school: add one
        _complete_demo(route, school, cast)
        path = demo_path(route, school, **values)
    assert path is not None, (route.pattern, school)
    return path


def _complete_demo(route, school, cast):
    """Add the record the demo lacks for ``school`` (rolled back with the test)."""
    from categorisation import scc
    from categorisation.models import SccCase, SccLetter, SccStep
    from finance.models import EstatesProject
    from governance.models import Meeting
    from reviews.models import Action, Area, FocusArea, PeerReview, ReviewReport
    from reviews.services import core_plans
    from reviews.views.peer_reviews import _current_year

    pattern = route.pattern
    review = PeerReview.objects.filter(school=school, status="published").first()
    if pattern == "categorisation/letters/<int:pk>.pdf":
        from categorisation.models import Assessment, CategoryLetter

        CategoryLetter.objects.create(
            assessment=Assessment.objects.get(school=school, successor__isnull=True),
            sent_by=cast["dop"],
            state="ready",
            file=ContentFile(b"%PDF-1.4 letter", name="letter.pdf"),
        )
    elif pattern.startswith("scc/"):
        case = SccCase.objects.filter(school=school).first() or scc.enter_scc(
            school=school, trigger="trust_concern", reason="Test: attendance.", by=cast["ceo"]
        )
        if pattern == "scc/<int:pk>/letters/latest.pdf":
            SccLetter.objects.create(
                case=case,
                level=3,
                issued_by=cast["ceo"],
                state="ready",
                file=ContentFile(b"%PDF-1.4 letter", name="letter.pdf"),
            )
        if pattern.startswith("scc/documents/"):
            SccStep.objects.create(
                move=case.moves.first(),
                key="causes_discussed",
                who="The DoP",
                done_on=timezone.localdate(),
                evidence="Minute of the meeting.",
                document=ContentFile(b"%PDF-1.4 minute", name="minute.pdf"),
            )
    elif pattern == "data/collections/<int:pk>/kpi-report.pdf":
        from schools.models import Collection
        from symphony.portal.models import BoardReport

        BoardReport.objects.create(
            collection=Collection.objects.order_by("-term__starts_on").first(),
            sent_by=cast["ceo"],
            state="ready",
            file=ContentFile(b"%PDF-1.4 report", name="report.pdf"),
        )
    elif pattern == "reviews/<int:pk>/report.pdf":
        ReviewReport.objects.create(
            review=review, state="ready", file=ContentFile(b"%PDF-1.4 report", name="report.pdf")
        )
    elif pattern.startswith("reviews/<int:pk>/areas/<int:area_pk>/"):
        FocusArea.objects.create(review=review, area=Area.TEACHING)
    elif pattern.startswith("reviews/<int:pk>/team/<int:member_pk>/"):
        review.team.create(user=cast["reviewer"])
    elif pattern.startswith(("core-plans/", "actions/")):
        plan = core_plans.core_plan_for(school=school, academic_year=_current_year())
        Action.objects.create(core_plan=plan, source="monitoring", title="Test: attendance")
    elif pattern == "finance/estates/report/sent.pdf":
        from finance.models import EstatesReportCopy
        from schools.calendar import Calendar

        EstatesReportCopy.objects.create(
            term=Calendar.load().term_on(timezone.localdate()),
            sent_by=cast["cfo"],
            state="ready",
            file=ContentFile(b"%PDF-1.4 report", name="report.pdf"),
        )
    elif pattern.startswith("finance/estates/"):
        EstatesProject.objects.create(school=school, title="Roof", priority=2, cost_estimate=900)
    elif pattern == "governance/meetings/<int:pk>/minutes":
        meeting = Meeting.objects.filter(body__school=school).first()
        meeting.minutes_file.save("minutes.pdf", ContentFile(b"%PDF-1.4 minutes"))


# No other school's name


def _body_text(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    kind = response.get("Content-Type", "")
    if kind.startswith("application/pdf") and content.startswith(b"%PDF-1.4 "):
        return content.decode()  # a stand-in file added by _complete_demo
    if kind.startswith("application/pdf"):
        from pypdf import PdfReader

        return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    if "spreadsheetml" in kind:
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(content), read_only=True)
        return "\n".join(
            str(cell)
            for sheet in book.worksheets
            for row in sheet.iter_rows(values_only=True)
            for cell in row
            if cell is not None
        )
    return content.decode("utf-8")


def _names_in(text: str) -> set[str]:
    from schools.models import School

    text = re.sub(r"\s+", " ", text)  # a PDF breaks lines inside a name
    return {
        name
        for name in School.objects.values_list("name", flat=True)
        # Whole names only: "Hall" in "The Hall" is not "The Hall", nor "hall" in a text.
        if re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text)
    }


def _assert_no_other_school(response, role, pattern):
    allowed = set(OWN_SCHOOLS[role])
    if exception := NAMES_SHOWN.get((pattern, role)):
        allowed |= exception[0]
    shown = _names_in(_body_text(response)) - allowed
    assert not shown, f"{role} is shown other schools on {pattern}: {sorted(shown)}"


def test_a_head_on_another_schools_review_team_reads_that_review(client_for, cast):
    from reviews.models import PeerReview

    review = PeerReview.objects.get(school__name=OTHER, status="in_progress")
    review.team.create(user=cast["head"])
    response = client_for("head").get(f"/reviews/{review.pk}/")
    assert response.status_code == 200
    shown = _names_in(_body_text(response)) - OWN_SCHOOLS["head"]
    # The reviewed school, and the demo reviewer's name, "Demo TDG Practitioner (Newcroft)",
    # on the team list: a person's name, not Newcroft's records.
    assert OTHER in shown and shown <= {OTHER, "Newcroft"}, shown
    # While on its team they read the school they review, and still no other.
    assert client_for("head").get(f"/schools/{review.school_id}/").status_code == 200
    thornton = PeerReview.objects.filter(school__name="Thornton").first().school_id
    assert client_for("head").get(f"/schools/{thornton}/").status_code == 404


@pytest.mark.parametrize("named", [False, True])
def test_benchmarking_names_other_schools_to_a_head_only_when_the_trust_shares(
    client_for, settings, named
):
    settings.SYMPHONY_HEADS_SEE_NAMED_COMPARISONS = named
    response = client_for("head").get("/data/benchmarking/")
    assert response.status_code == 200
    shown = _names_in(_body_text(response))
    assert (shown - OWN_SCHOOLS["head"] != set()) is named
    assert "School A" in response.content.decode() or named


# The token API: a head's token reads their own school and the trust's averages only


API_CALLS = ("schools", "collections", "measures", "figures?collection={c}", "trust?collection={c}")


@pytest.mark.parametrize("role", sorted(SIGNED_IN))
@pytest.mark.parametrize("call", API_CALLS)
def test_the_api_with_a_token(client, cast, role, call):
    from schools.models import ApiToken, Collection, School

    _token, key = ApiToken.issue(user=cast[role], name="Power BI")
    collection = Collection.objects.filter(submissions__state="accepted").latest("pk")
    path = "/api/v1/" + call.format(c=collection.pk)
    response = client.get(path, HTTP_AUTHORIZATION=f"Bearer {key}")
    if role not in VIEWERS:  # VIEW_SCHOOL is the API's ticket
        assert response.status_code == 403, path
        return
    assert response.status_code == 200, path
    body = response.json()
    if role == "reviewer":  # the schools of the reviews they are on, no other
        team = set(cast[role].review_memberships.values_list("review__school_id", flat=True))
        assert {s["id"] for s in body.get("schools", [])} <= team
        assert {f["school"] for f in body.get("figures", [])} <= team
        return
    if role not in OWN_SCHOOLS:
        return
    own_ids = set(School.objects.filter(name__in=OWN_SCHOOLS[role]).values_list("pk", flat=True))
    assert not _names_in(json.dumps(body, ensure_ascii=False)) - OWN_SCHOOLS[role], path
    assert {s["id"] for s in body.get("schools", [])} <= own_ids
    assert {f["school"] for f in body.get("figures", [])} <= own_ids
    if call.startswith("figures"):
        assert body["figures"], "their own school's figures are there"
    if call.startswith("trust"):
        assert isinstance(body["missing"], int)  # how many, not which


def test_the_api_answers_another_schools_figures_404_and_a_bad_token_401(client, cast):
    from schools.models import ApiToken, School

    _token, key = ApiToken.issue(user=cast["head"], name="Excel")
    other = School.objects.get(name=OTHER)
    response = client.get(f"/api/v1/figures?school={other.pk}", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 404
    response = client.get("/api/v1/schools", HTTP_AUTHORIZATION="Bearer sym_not-a-key")
    assert response.status_code == 401


# The admin site: the central team's (staff), behind its own sign-in


@pytest.mark.parametrize("role", ROLES)
def test_the_admin_index(client_for, cast, role):
    response = client_for(role).get("/admin/")
    if role != "anonymous" and cast[role].is_staff:
        assert response.status_code == 200
    else:
        assert response.status_code == 302
        assert urlsplit(response["Location"]).path == "/admin/login/"
    assert (role == "cfo") is (role != "anonymous" and cast[role].is_staff)  # the cast's staff


@pytest.mark.parametrize("role", ["anonymous", "head", "trustee", "ceo"])
def test_every_admin_page_sends_non_staff_to_the_admin_sign_in(client_for, role):
    client = client_for(role)
    for route in ADMIN_ROUTES:
        if not route.parameterless or route.pattern in ("admin/login/", "admin/logout/"):
            continue
        response = client.get(fill(route))
        assert response.status_code == 302, route.path
        # Signed in without staff: the admin's own sign-in. Anonymous: a sign-in page (the
        # index sends to the admin's, the model pages to the portal's; both ask who it is).
        sign_in = {"/admin/login/"} | ({"/accounts/login/"} if role == "anonymous" else set())
        assert urlsplit(response["Location"]).path in sign_in, route.path
