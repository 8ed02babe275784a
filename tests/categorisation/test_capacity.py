"""The capacity ratio read each way (Business Plan 2018-19, "Growth": "four good or better
schools (those with the capacity to support) to one school requiring support"; the same
plan calls only category 1 "able to offer support"): which schools count is
``SYMPHONY_CAPACITY_READING``; the 4:1 target stays ``SYMPHONY_CAPACITY_TARGET``."""

from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from categorisation.selectors import (
    CATEGORIES_1_2,
    CATEGORY_1,
    OFSTED_GOOD,
    READINGS,
    capacity,
    due_list,
)
from schools.models import School
from tests.factories import OfstedInspectionFactory


def rows(*categories, status=School.Status.MEMBER):
    """Due-list rows for member schools with these current categories (None: none yet)."""
    return [
        SimpleNamespace(
            school=SimpleNamespace(status=status),
            current=SimpleNamespace(category=c) if c else None,
        )
        for c in categories
    ]


@pytest.fixture(autouse=True)
def target_4(settings):
    settings.SYMPHONY_CAPACITY_TARGET = 4


# --- Categories 1-2 (the default) ---------------------------------------------------------


@pytest.mark.parametrize(
    ("counts", "text", "below"),
    [
        ((4, 0, 1, 0), "4:1", False),  # exactly 4:1
        ((39, 0, 10, 0), "3.9:1", True),  # just below
        ((40, 0, 10, 0), "4:1", False),
        ((3, 1, 0, 1), "4:1", False),  # category 2 counts; category 4 needs support
        ((3, 0, 1, 0), "3:1", True),
        ((5, 2, 0, 0), "7:0", False),  # no school requiring support: never below
    ],
)
def test_categories_1_and_2_support(counts, text, below):
    ones, twos, threes, fours = counts
    result = capacity(rows(*[1] * ones, *[2] * twos, *[3] * threes, *[4] * fours))
    assert result.reading == CATEGORIES_1_2
    assert (result.ratio_text, result.below_target, result.neither) == (text, below, 0)


def test_no_school_requiring_support_has_no_ratio_and_is_on_target():
    result = capacity(rows(1, 1, 2), reading=CATEGORY_1)
    assert result.ratio is None and not result.below_target
    assert (result.supporting, result.needing, result.neither) == (2, 0, 1)


# --- Category 1 only ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("counts", "text", "below", "neither"),
    [
        ((4, 0, 1), "4:1", False, 0),  # exactly 4:1
        ((4, 3, 1), "4:1", False, 3),  # category 2 on neither side
        ((3, 5, 1), "3:1", True, 5),  # 8:1 read as categories 1-2, below read as category 1
        ((39, 0, 10), "3.9:1", True, 0),
        ((40, 1, 10), "4:1", False, 1),
        ((0, 6, 0), "0:0", False, 6),  # no school requiring support
    ],
)
def test_only_category_1_supports(settings, counts, text, below, neither):
    settings.SYMPHONY_CAPACITY_READING = CATEGORY_1
    ones, twos, threes = counts
    result = capacity(rows(*[1] * ones, *[2] * twos, *[3] * threes))
    assert result.reading == CATEGORY_1
    assert (result.ratio_text, result.below_target, result.neither) == (text, below, neither)


def test_the_two_category_readings_differ_on_the_same_schools():
    schools = rows(1, 1, 1, 2, 2, 2, 2, 2, 3)
    assert not capacity(schools, reading=CATEGORIES_1_2).below_target  # 8:1
    assert capacity(schools, reading=CATEGORY_1).below_target  # 3:1


def test_schools_in_due_diligence_and_uncategorised_schools_are_not_counted():
    schools = rows(1, 1, 1, 1, 3, None) + rows(3, 4, status=School.Status.DUE_DILIGENCE)
    result = capacity(schools)
    assert (result.supporting, result.needing) == (4, 1)
    assert (result.uncategorised, result.due_diligence) == (1, 2)
    assert not result.below_target


# --- Good or better by Ofsted -------------------------------------------------------------


def test_the_ofsted_reading_counts_good_or_better_schools_not_needing_support(cast):
    # The demo: every school Good or Outstanding; Foxton (Good) is in category 3.
    result = capacity(due_list(user=cast["ceo"]), reading=OFSTED_GOOD)
    assert (result.supporting, result.needing, result.neither) == (14, 1, 0)
    assert result.ratio_text == "14:1"


def test_a_school_requiring_improvement_counts_on_neither_side_by_ofsted(cast, school):
    OfstedInspectionFactory(school=school("Thornton"), year=2026, overall_grade=3)
    by_ofsted = capacity(due_list(user=cast["ceo"]), reading=OFSTED_GOOD)
    assert (by_ofsted.supporting, by_ofsted.needing, by_ofsted.neither) == (13, 1, 1)
    # Read by category it still supports.
    assert capacity(due_list(user=cast["ceo"]), reading=CATEGORIES_1_2).supporting == 14


def test_a_report_card_at_expected_standard_counts_and_one_needing_attention_does_not(cast, school):
    OfstedInspectionFactory(school=school("Thornton"), report_card=True)
    OfstedInspectionFactory(school=school("Orchard"), report_card=True, achievement=4)
    result = capacity(due_list(user=cast["ceo"]), reading=OFSTED_GOOD)
    assert (result.supporting, result.neither) == (13, 1)


def test_the_ofsted_reading_at_exactly_4_to_1_and_just_below(cast, school, decide):
    decide(school("Thornton"), 3)
    decide(school("The Meadow"), 3)
    at_target = capacity(due_list(user=cast["ceo"]), reading=OFSTED_GOOD)
    assert (at_target.ratio_text, at_target.below_target) == ("4:1", False)  # 12:3
    OfstedInspectionFactory(school=school("Orchard"), year=2026, overall_grade=3)
    below = capacity(due_list(user=cast["ceo"]), reading=OFSTED_GOOD)
    assert (below.ratio_text, below.below_target) == ("3.7:1", True)  # 11:3


def test_the_ofsted_reading_reads_every_schools_inspections_in_one_query(cast):
    listed = due_list(user=cast["ceo"])
    with CaptureQueriesContext(connection) as queries:
        capacity(listed, reading=OFSTED_GOOD)
    assert len(queries) == 1
    with CaptureQueriesContext(connection) as queries:
        capacity(listed, reading=CATEGORY_1)
    assert len(queries) == 0


# --- The page says which reading is in use ------------------------------------------------


@pytest.mark.parametrize("reading", [CATEGORIES_1_2, CATEGORY_1, OFSTED_GOOD])
def test_the_overview_states_the_reading_in_words(client_for, settings, reading):
    settings.SYMPHONY_CAPACITY_READING = reading
    page = client_for("ceo").get(reverse("categorisation:overview"))
    assert page.context["capacity"].reading == reading
    assert READINGS[reading].replace('"', "&quot;") in page.content.decode()
    assert "Target: at least 4:1." in page.content.decode()


def test_the_overview_counts_category_2_on_neither_side_when_only_category_1_supports(
    client_for, settings
):
    settings.SYMPHONY_CAPACITY_READING = CATEGORY_1
    page = client_for("ceo").get(reverse("categorisation:overview"))
    result = page.context["capacity"]
    assert result.neither > 0
    assert f"Counted on neither side: {result.neither} school" in page.content.decode()
