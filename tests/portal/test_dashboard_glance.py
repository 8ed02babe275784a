"""The dashboard a leader reads at a glance: each headline figure's change since the term
before (at the 0.1 it is shown at), the six terms of its sparkline with their gaps, the
"needs attention first" order at its boundaries, the filters kept in the address, and a
fixed number of queries however many schools have figures."""

import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from schools.models import Collection, Figure, Hub, School, Submission
from symphony import charts
from symphony.portal import dashboard as dash
from symphony.portal.views import dashboard_filters
from tests.factories import SchoolFactory

# --- change since the term before ----------------------------------------------------


def test_no_change_is_shown_without_both_figures():
    assert dash.change_since(None, Decimal("4"), lower_is_better=True, since="x") is None
    assert dash.change_since(Decimal("4"), None, lower_is_better=True, since="x") is None


def test_a_change_too_small_to_show_is_no_change():
    same = dash.change_since(Decimal("4.24"), Decimal("4.20"), lower_is_better=True, since="x")
    assert (same.direction, same.verdict, same.amount) == ("same", "same", Decimal("0.0"))
    assert same.words == "no change since x"
    # 0.05 shows as 0.1, so it is a change.
    up = dash.change_since(Decimal("4.25"), Decimal("4.20"), lower_is_better=True, since="x")
    assert (up.direction, up.amount) == ("up", Decimal("0.1"))


def test_which_way_is_better_follows_the_measure():
    since = "Summer term 2025/26"
    absence_up = dash.change_since(
        Decimal("5.0"), Decimal("4.0"), lower_is_better=True, since=since
    )
    assert (absence_up.direction, absence_up.verdict) == ("up", "worse")
    assert absence_up.words == "up 1.0 points since Summer term 2025/26, worse"
    ks2_down = dash.change_since(Decimal("70"), Decimal("72.5"), lower_is_better=False, since=since)
    assert (ks2_down.direction, ks2_down.verdict, ks2_down.amount) == (
        "down",
        "worse",
        Decimal("2.5"),
    )
    absence_down = dash.change_since(Decimal("3"), Decimal("4"), lower_is_better=True, since=since)
    assert absence_down.verdict == "better"


# --- the attention order --------------------------------------------------------------


def _row(name, *, scc=None, category=None, overdue=False, missing=False):
    return dash.DashboardRow(
        school=SimpleNamespace(name=name),
        category=category,
        scc_level=scc,
        due=SimpleNamespace(overdue=overdue),
        ofsted=None,
        peer_review=None,
        submission=None,
        cells=[],
        data_missing=missing,
    )


def test_needs_attention_first_orders_concern_then_category_then_overdue_then_data():
    rows = [
        _row("A plain", category=1),
        _row("B data missing", category=1, missing=True),
        _row("C overdue", category=2, overdue=True),
        _row("D category 3", category=3),
        _row("E category 4", category=4),
        _row("F SCC 1", scc=1, category=2),
        _row("G SCC 3", scc=3, category=3),
        _row("H category 2", category=2),
        _row("I never categorised"),
    ]
    ordered = [r.school.name for r in dash.ordered(rows, dash.ATTENTION, [])]
    assert ordered == [
        "G SCC 3",
        "F SCC 1",
        "E category 4",
        "D category 3",
        "C overdue",
        "B data missing",
        "A plain",  # categories 1 and 2 (and none) are alike: then by name
        "H category 2",
        "I never categorised",
    ]


def test_within_a_level_overdue_and_missing_data_still_count():
    rows = [
        _row("A category 3", category=3),
        _row("B category 3 overdue", category=3, overdue=True),
        _row("C overdue", overdue=True),
        _row("D overdue and missing", overdue=True, missing=True),
    ]
    ordered = [r.school.name for r in dash.ordered(rows, dash.ATTENTION, [])]
    assert ordered == ["B category 3 overdue", "A category 3", "D overdue and missing", "C overdue"]


def test_an_unknown_order_is_needs_attention_first():
    rows = [_row("A"), _row("B", category=4)]
    assert [r.school.name for r in dash.ordered(rows, "nonsense", [])] == ["B", "A"]
    assert [r.school.name for r in dash.ordered(rows, dash.NAME, [])] == ["A", "B"]


# --- the sparkline --------------------------------------------------------------------


def test_a_gap_breaks_the_sparkline_and_a_lone_figure_is_a_dot():
    spark = charts.sparkline([1, None, 2, 3, None, 4], width=60, height=18, pad=2)
    assert len(spark["paths"]) == 1  # only 2 -> 3 is a line
    assert spark["paths"][0].startswith("M") and spark["paths"][0].count("L") == 1
    assert [x for x, _ in spark["dots"]] == [2.0, 58.0]  # the first and the last stand alone
    assert spark["last"] == (58.0, 2.0)  # the highest figure at the top


def test_a_sparkline_with_no_figures_draws_nothing_and_a_missing_last_has_no_marker():
    assert charts.sparkline([None, None]) == {
        "width": 60,
        "height": 18,
        "paths": [],
        "dots": [],
        "last": None,
    }
    spark = charts.sparkline([5, 5, None])
    assert spark["last"] is None
    assert spark["paths"] == ["M2.0,9.0 L30.0,9.0"]  # a flat line sits in the middle


def _dashboard(cast, **filters):
    return dash.dashboard(user=cast["ceo"], today=datetime.date(2026, 12, 4), **filters)


def test_each_figure_has_the_last_six_terms_and_summer_outcomes_the_last_six_summers(cast):
    context = _dashboard(cast)
    current = context["current"]
    collections = list(
        Collection.objects.filter(term__starts_on__lte=current.term.starts_on).order_by(
            "-term__starts_on"
        )
    )
    terms = [dash.term_label(c) for c in collections[:6][::-1]]
    summers = [dash.term_label(c) for c in collections if c.term.season == 3][:6][::-1]
    measures = context["measures"]
    for row in context["rows"]:
        for cell, (measure, _, source) in zip(row.cells, measures, strict=True):
            labels = [label for label, _ in cell.trend]
            assert labels == (terms if source == "current" else summers), measure
            assert cell.trend[-1][1] == cell.value
    for headline, (_, _, source) in zip(context["headline_trust"], measures, strict=True):
        assert [label for label, _ in headline["trend"]] == (
            terms if source == "current" else summers
        )
        assert headline["trend"][-1][1] == headline["trust"]


def test_a_term_without_figures_is_a_gap_and_leaves_no_change(cast):
    context = _dashboard(cast)
    current = context["current"]
    # A school that has not submitted this term: its absence has a gap at the end.
    row = next(r for r in context["rows"] if r.data_missing)
    cell = row.cells[0]
    assert cell.trend[-1] == (dash.term_label(current), None)
    assert cell.value is None and cell.change is None
    assert context["missing"] == sorted(r.school.name for r in context["rows"] if r.data_missing)


def test_the_change_is_against_the_term_before(cast):
    context = _dashboard(cast)
    row = next(r for r in context["rows"] if r.cells[0].trend[-2][1] and r.cells[0].value)
    cell = row.cells[0]
    expected = dash.change_since(
        cell.value, cell.trend[-2][1], lower_is_better=True, since=cell.change.since
    )
    assert cell.change == expected
    before = list(
        Collection.objects.filter(term__starts_on__lt=context["current"].term.starts_on)
        .select_related("term__academic_year")
        .order_by("-term__starts_on")
    )[0]
    assert cell.change.since == str(before.term)


# --- the page: order, filters in the address ------------------------------------------


def test_the_page_says_how_it_is_ordered_and_puts_concern_first(client_for):
    page = client_for("ceo").get(reverse("home"))
    html = page.content.decode()
    assert page.context["order"] == "attention"
    assert escape(dash.ATTENTION_RULE) in html
    rows = page.context["rows"]
    assert rows == sorted(rows, key=dash.attention_key)
    assert rows[0].school.name == "Foxton"  # the demo trust's school causing concern
    assert 'role="img"' in html and "since" in html  # sparklines and changes are drawn


def test_the_filters_come_back_from_the_address(client_for):
    hub = Hub.objects.filter(schools__isnull=False).first()
    url = reverse("home") + f"?hub={hub.pk}&category=1&order=overall_absence"
    page = client_for("ceo").get(url)
    assert (page.context["hub"], page.context["category"], page.context["order"]) == (
        str(hub.pk),
        "1",
        "overall_absence",
    )
    html = page.content.decode()
    assert '<form method="get"' in html
    assert f'<option value="{hub.pk}" selected>' in html
    assert '<option value="1" selected>' in html
    assert '<option value="overall_absence" selected>' in html
    assert all(r.school.hub_id == hub.pk and r.category == 1 for r in page.context["rows"])


@pytest.mark.parametrize(
    "query,expected",
    [
        ({}, {"hub": None, "category": None, "order": "attention"}),
        (
            {"hub": "x1", "category": "5", "order": "drop"},
            {"hub": None, "category": None, "order": "attention"},
        ),
        (
            {"hub": "3", "category": "4", "order": "name"},
            {"hub": "3", "category": "4", "order": "name"},
        ),
        (
            {"order": "y1_phonics_expected"},
            {"hub": None, "category": None, "order": "y1_phonics_expected"},
        ),
    ],
)
def test_filters_outside_the_choices_are_dropped(query, expected):
    assert dashboard_filters(query) == expected


# --- queries --------------------------------------------------------------------------


def test_the_figures_of_six_terms_cost_the_same_for_more_schools(
    client_for, django_assert_max_num_queries
):
    from tests.schools.test_queries import PAGES

    client = client_for("ceo")
    with CaptureQueriesContext(connection) as with_15:
        client.get(reverse("home"))
    hub = Hub.objects.first()
    collections = list(Collection.objects.order_by("-term__starts_on")[:6])
    for i in range(30):
        school = SchoolFactory(name=f"Figured {i}", hub=hub, status=School.Status.MEMBER)
        for collection in collections:
            submission = Submission.objects.create(
                collection=collection, school=school, state=Submission.State.SUBMITTED
            )
            Figure.objects.create(
                submission=submission, measure="overall_absence", value=Decimal("4.5"), pupils=200
            )
    with django_assert_max_num_queries(PAGES["/"]), CaptureQueriesContext(connection) as with_45:
        page = client.get(reverse("home"))
    assert len(with_45) == len(with_15)
    extra = next(r for r in page.context["rows"] if r.school.name == "Figured 0")
    assert [v for _, v in extra.cells[0].trend] == [Decimal("4.5")] * 6
