"""What the data page sets beside each figure: the heat map's bands at their boundaries
(judged on the figure as shown), the change since last term in words, and the trust's
figure for a row by year group, pupil-weighted."""

from decimal import Decimal

import pytest
from django.core.exceptions import ImproperlyConfigured

from schools.data import compare, services
from schools.data.aggregates import trust_by_row
from schools.data.measures import RowKey, shown
from schools.data.suppression import SUPPRESSED
from schools.models import Collection, Submission, Term

D = Decimal
ARE, GD = "on_track_expected", "on_track_greater_depth"


@pytest.mark.parametrize(
    ("measure", "value", "band"),
    [
        (ARE, D(0), 1),
        (ARE, D("49.9"), 1),
        (ARE, D("49.94"), 1),  # shown as 49.9%
        (ARE, D("49.95"), 2),  # shown as 50%: in the band its figure reads
        (ARE, D(50), 2),
        (ARE, D("64.9"), 2),
        (ARE, D(65), 3),
        (ARE, D("79.9"), 3),
        (ARE, D(80), 4),
        (ARE, D(100), 4),
        (GD, D("9.9"), 1),
        (GD, D(10), 2),
        (GD, D("19.9"), 2),
        (GD, D(20), 3),
        (GD, D(30), 4),
    ],
)
def test_a_figure_falls_in_the_band_its_shown_value_reads(measure, value, band):
    found = compare.band_of(measure, value)
    assert found.index == band
    assert shown(measure, value) == f"{compare.as_read(value):.1f}".removesuffix(".0") + "%"


def test_no_band_for_no_figure_or_a_suppressed_one():
    assert compare.band_of(ARE, None) is None
    assert compare.band_of(ARE, SUPPRESSED) is None


def test_the_bands_say_their_ranges_for_the_legend():
    assert [b.label for b in compare.bands(ARE)] == [
        "below 50%",
        "50% to 64.9%",
        "65% to 79.9%",
        "80% or more",
    ]


def test_the_trust_sets_its_own_bands(settings):
    settings.SYMPHONY_ON_TRACK_BANDS = {ARE: (40, 60, 90), GD: (5, 15, 25)}
    assert compare.band_of(ARE, D("89.9")).index == 3
    assert compare.band_of(ARE, D(90)).index == 4


@pytest.mark.parametrize(
    "bounds", [(50, 65), (65, 50, 80), (50, 50, 80), (0, 50, 80), (50, 65, 100)]
)
def test_bands_that_do_not_make_four_ascending_ranges_are_refused(settings, bounds):
    settings.SYMPHONY_ON_TRACK_BANDS = {ARE: bounds, GD: (10, 20, 30)}
    with pytest.raises(ImproperlyConfigured, match="SYMPHONY_ON_TRACK_BANDS"):
        compare.bands(ARE)


@pytest.mark.parametrize(
    ("measure", "now", "before", "arrow", "words", "verdict"),
    [
        (ARE, D("62.5"), D(58), "↑", "up 4.5 points", "better"),
        (ARE, D(57), D(58), "↓", "down 1 point", "worse"),
        (ARE, D("58.04"), D(58), "→", "no change", ""),  # both read 58%
        ("overall_absence", D("4.6"), D("4.2"), "↑", "up 0.4 points", "worse"),
        ("overall_absence", D("3.9"), D("4.2"), "↓", "down 0.3 points", "better"),
        ("suspensions", D(3), D(5), "↓", "down 2", "better"),
        ("pupils_on_roll", D(262), D(259), "↑", "up 3", ""),  # more pupils: no verdict
        ("pira_average", D("103.9"), D("104.9"), "↓", "down 1", "worse"),
    ],
)
def test_the_change_since_last_term_in_words(measure, now, before, arrow, words, verdict):
    found = compare.change(measure, now, before)
    assert (found.arrow, found.words, found.verdict) == (arrow, words, verdict)
    assert str(found) == (f"{words}, {verdict}" if verdict else words)


@pytest.mark.parametrize(
    ("now", "before"), [(None, D(5)), (D(5), None), (SUPPRESSED, D(5)), (D(5), SUPPRESSED)]
)
def test_no_change_is_given_beside_a_missing_or_suppressed_figure(now, before):
    # A change beside a "c" would give the hidden count away.
    assert compare.change("suspensions", now, before) is None


def _submit(collection, school, figures, state="submitted"):
    submission = services.submission_for(collection=collection, school=school)
    services.save_figures(submission=submission, figures=figures, by=None)
    Submission.objects.filter(pk=submission.pk).update(state=state)


def test_the_trust_figure_of_a_year_group_row_is_pupil_weighted(demo, school):
    term = Term.objects.filter(collection__isnull=True).first()
    collection = Collection.objects.create(
        term=term, opens_on=term.starts_on, deadline=term.ends_on
    )
    big, small, silent = school("Foxton"), school("Orchard"), school("Thornton")
    key = RowKey(ARE, 3, "maths", "disadvantaged")
    score = RowKey("pira_average", 3, "", "all")
    _submit(collection, big, {key: (30, D(80)), score: (60, D(100))})
    _submit(collection, small, {key: (10, D(60)), score: (20, D(110))})
    _submit(collection, silent, {key: (50, D(10))}, state="draft")  # not counted
    found = trust_by_row(collection, [big, small, silent], [ARE, "pira_average"])
    on_track = found[(ARE, 3, "maths", "disadvantaged")]
    assert on_track.value == D(75)  # (80*30 + 60*10) / 40, not 70
    assert (on_track.schools, on_track.pupils) == (2, 40)
    assert found[("pira_average", 3, "", "all")].value == D(105)  # a score: the mean
    assert (ARE, 3, "maths", "all") not in found


def test_the_previous_collection_is_last_terms(demo):
    collections = list(Collection.objects.order_by("term__starts_on"))
    assert compare.previous_collection(collections[0]) is None
    assert compare.previous_collection(collections[-1]) == collections[-2]
