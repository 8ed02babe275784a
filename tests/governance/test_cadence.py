"""A body's meeting rule (``governance.cadence``) at its boundaries for each kind, its
validation, the free text it was read from, the size as a target or a maximum."""

import datetime
import importlib

import pytest

from governance import cadence, rules
from governance.models import Body, cadence_errors
from schools.calendar import typical_dates
from schools.models import AcademicYear, HalfTerm, Term

D = datetime.date
DAY = datetime.timedelta(days=1)


def _calendar(*start_years):
    """Typical terms and half-terms (unsaved) for the years: 2025/26 is autumn 2 Sep - 19 Dec
    (half-term 25 Oct - 2 Nov), spring 5 Jan - 27 Mar, summer 13 Apr - 22 Jul."""
    terms, halves = [], []
    for start in start_years:
        year = AcademicYear(start_year=start, starts_on=D(start, 9, 1), ends_on=D(start + 1, 8, 31))
        for season, parts in typical_dates(start).items():
            term = Term(
                academic_year=year, season=season, starts_on=parts[0][0], ends_on=parts[1][1]
            )
            terms.append(term)
            for number, (starts_on, ends_on) in enumerate(parts, start=1):
                halves.append(
                    HalfTerm(term=term, number=number, starts_on=starts_on, ends_on=ends_on)
                )
    return terms, halves


TERMS, HALVES = _calendar(2025, 2026)


def _check(body, held, today):
    return cadence.check(body, held, terms=TERMS, half_terms=HALVES, today=today)


def _states(check):
    return [(p.label, p.state) for p in check.periods]


TERMLY = Body(cadence="termly")
# One meeting in each term of 2025/26 and in autumn 2026.
EVERY_TERM = [D(2025, 10, 1), D(2026, 2, 2), D(2026, 5, 5), D(2026, 10, 7)]


def test_termly_met_in_every_term():
    check = _check(TERMLY, EVERY_TERM, D(2026, 12, 7))
    assert _states(check) == [
        ("Autumn term 2025/26", "met"),
        ("Spring term 2025/26", "met"),
        ("Summer term 2025/26", "met"),
        ("Autumn term 2026/27", "met"),
    ]
    assert not check.off and check.rule == "at least once each term"


def test_termly_one_short_is_the_term_missed():
    check = _check(TERMLY, [d for d in EVERY_TERM if d.month != 2], D(2026, 12, 7))
    assert [p.label for p in check.missed] == ["Spring term 2025/26"]
    assert check.off and "Spring term 2025/26 (no meeting)" in check.summary()


@pytest.mark.parametrize(
    ("today", "state"),
    [
        (D(2026, 12, 18), "due"),  # the autumn term's last day: not yet missed
        (D(2026, 12, 19), "missed"),  # the day after it ends
    ],
)
def test_a_term_not_over_is_due_not_missed(today, state):
    check = _check(TERMLY, EVERY_TERM[:3], today)
    autumn = check.periods[-1]
    assert (autumn.label, autumn.state) == ("Autumn term 2026/27", state)
    if state == "due":
        assert autumn.detail == "due by 18 December 2026" and not check.off


def test_a_meeting_still_to_come_does_not_count():
    held = EVERY_TERM[:3] + [D(2026, 12, 10)]
    assert _check(TERMLY, held, D(2026, 12, 7)).periods[-1].state == "due"
    assert _check(TERMLY, held, D(2026, 12, 10)).periods[-1].state == "met"  # held today


def test_a_holiday_meeting_counts_for_the_term_that_follows():
    held = [D(2025, 10, 1), D(2025, 12, 30), D(2026, 5, 5)]  # 30 Dec: the Christmas break
    assert _states(_check(TERMLY, held, D(2026, 8, 1)))[1] == ("Spring term 2025/26", "met")


def test_only_this_year_and_last_are_checked():
    # 2027/28 has no terms yet; 2026/27 is last year; 2025/26 is beyond the window.
    check = _check(TERMLY, [], D(2027, 9, 10))
    assert {p.label for p in check.periods} == {
        "Autumn term 2026/27",
        "Spring term 2026/27",
        "Summer term 2026/27",
    }


FOUR_A_YEAR = Body(cadence="per_year", cadence_number=4)


@pytest.mark.parametrize(
    ("held", "state", "detail"),
    [
        ([D(2025, 9, 1), D(2026, 1, 1), D(2026, 5, 1), D(2026, 8, 31)], "met", "4 of 4 held"),
        ([D(2025, 9, 1), D(2026, 1, 1), D(2026, 5, 1)], "missed", "3 of 4 held"),
        ([D(2025, 8, 31), D(2025, 9, 1), D(2026, 1, 1), D(2026, 5, 1)], "missed", "3 of 4 held"),
    ],
)
def test_n_a_year_over_the_academic_year(held, state, detail):
    last_year = _check(FOUR_A_YEAR, held, D(2026, 12, 7)).periods[0]
    assert (last_year.label, last_year.state, last_year.detail) == ("2025/26", state, detail)


def test_n_a_year_is_due_until_the_year_ends():
    check = _check(FOUR_A_YEAR, [D(2026, 10, 1)], D(2026, 12, 7))
    this_year = check.periods[-1]
    assert this_year.state == "due"
    assert this_year.detail == "1 of 4 held so far, due by 31 August 2027"
    assert check.rule == "4 times a year"


NOVEMBER = Body(cadence="in_month", cadence_month=11)


@pytest.mark.parametrize(
    ("held", "state"),
    [
        (D(2025, 11, 1), "met"),
        (D(2025, 11, 30), "met"),
        (D(2025, 10, 31), "missed"),  # the month before
        (D(2025, 12, 1), "missed"),  # the month after
    ],
)
def test_once_a_year_in_its_month(held, state):
    check = _check(NOVEMBER, [held, D(2026, 11, 20)], D(2026, 12, 7))
    assert _states(check) == [("November 2025", state), ("November 2026", "met")]
    assert check.rule == "once a year, in November"


@pytest.mark.parametrize(
    ("today", "state"),
    [(D(2026, 10, 1), "due"), (D(2026, 11, 30), "due"), (D(2026, 12, 1), "missed")],
)
def test_the_month_not_over_is_due(today, state):
    check = _check(NOVEMBER, [D(2025, 11, 20)], today)
    assert (check.periods[-1].state, check.periods[-1].detail) == (
        state,
        "due by 30 November 2026" if state == "due" else "no meeting that month",
    )


FORTNIGHTLY = Body(cadence="every_weeks", cadence_number=2)


@pytest.mark.parametrize(
    ("second", "state"),
    [
        (D(2025, 9, 16), "met"),  # two weeks exactly after 2 September
        (D(2025, 9, 17), "missed"),  # two weeks and a day
    ],
)
def test_every_n_weeks_gap_of_n_weeks_exactly(second, state):
    check = _check(FORTNIGHTLY, [D(2025, 9, 2), second], second + DAY)
    assert bool(check.missed) is (state == "missed")
    if check.missed:
        assert check.missed[0].detail == "15 days of term time without a meeting, 14 at most"
    assert check.rule == "every 2 weeks in term time"


def test_every_n_weeks_half_term_does_not_count():
    # 20 October to 10 November: 21 days, but 24 October to 3 November is half-term, so
    # 4 + 8 = 12 days of term time.
    held = [D(2025, 9, 2), D(2025, 9, 16), D(2025, 9, 30), D(2025, 10, 14), D(2025, 10, 20)]
    assert not _check(FORTNIGHTLY, [*held, D(2025, 11, 10)], D(2025, 11, 11)).off


@pytest.mark.parametrize(("today", "state"), [(D(2025, 9, 16), "due"), (D(2025, 9, 17), "missed")])
def test_every_n_weeks_the_open_gap_since_the_last_meeting(today, state):
    check = _check(FORTNIGHTLY, [D(2025, 9, 2)], today)
    last = check.periods[-1]
    assert last.state == state
    assert last.detail.endswith("due by 16 September 2025")


def test_every_n_weeks_from_the_start_of_last_years_autumn_term():
    # The first meeting is due two weeks into the window (the autumn term from 2 September).
    assert not _check(FORTNIGHTLY, [D(2025, 9, 15)], D(2025, 9, 20)).off
    assert _check(FORTNIGHTLY, [D(2025, 9, 16)], D(2025, 9, 20)).off


def test_no_rule_is_not_set_and_checks_nothing():
    check = _check(Body(), [], D(2026, 12, 7))
    assert check.rule == "not set" and check.periods == () and not check.off


def test_without_term_dates_nothing_is_checked():
    check = cadence.check(TERMLY, [D(2026, 1, 1)], terms=[], today=D(2026, 12, 7))
    assert check.periods == () and not check.off


# --- Validation: each kind of rule takes its own fields and no others ----------------


@pytest.mark.parametrize(
    ("cadence_", "number", "month", "errors"),
    [
        ("", None, None, {}),
        ("termly", None, None, {}),
        ("per_year", 4, None, {}),
        ("every_weeks", 4, None, {}),
        ("in_month", None, 11, {}),
        (
            "",
            4,
            None,
            {
                "cadence": "Choose how often the body meets, or leave the number and the "
                "month empty."
            },
        ),
        (
            "termly",
            3,
            None,
            {"cadence_number": "A body that meets termly needs no number: leave it empty."},
        ),
        (
            "termly",
            None,
            11,
            {
                "cadence_month": "Only a body that meets once a year in a given month has a "
                "month: leave it empty."
            },
        ),
        (
            "per_year",
            None,
            None,
            {"cadence_number": "Say how many times each academic year the body meets."},
        ),
        ("per_year", 0, None, {"cadence_number": "A body meets between 1 and 52 times a year."}),
        ("per_year", 53, None, {"cadence_number": "A body meets between 1 and 52 times a year."}),
        ("every_weeks", None, None, {"cadence_number": "Say every how many weeks the body meets."}),
        (
            "every_weeks",
            27,
            None,
            {"cadence_number": "Every 1 to 26 weeks; for less often, say how many times a year."},
        ),
        ("in_month", None, None, {"cadence_month": "Say in which month the body meets each year."}),
        (
            "in_month",
            1,
            6,
            {
                "cadence_number": "A body that meets once a year in a given month needs no "
                "number: leave it empty."
            },
        ),
    ],
)
def test_a_rule_that_does_not_fit_its_kind_is_named(cadence_, number, month, errors):
    assert cadence_errors(cadence_, number, month) == errors


def test_a_maximum_needs_its_number():
    from django.core.exceptions import ValidationError

    body = Body(kind="committee", name="X", size_is="maximum", quorum=3)
    with pytest.raises(ValidationError) as raised:
        body.clean()
    assert raised.value.message_dict == {
        "target_size": ["Give the most people the body may have, or make it a target."]
    }


@pytest.mark.django_db
def test_the_database_refuses_a_rule_that_does_not_fit():
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Body.objects.create(kind="committee", name="Bad", cadence="termly", cadence_number=3)
    with pytest.raises(IntegrityError), transaction.atomic():
        Body.objects.create(kind="committee", name="Bad", cadence="in_month")


# --- The size: a target counts vacancies, a maximum flags only a body over it ----------


@pytest.mark.parametrize(
    ("size_is", "people", "vacant", "over"),
    [
        ("target", 4, 1, 0),
        ("target", 5, 0, 0),
        ("target", 6, 0, 0),  # over a target is not flagged
        ("maximum", 4, 0, 0),  # "up to five": four is no vacancy
        ("maximum", 5, 0, 0),
        ("maximum", 6, 0, 1),
    ],
)
def test_size_as_a_target_or_a_maximum(size_is, people, vacant, over):
    body = Body(target_size=5, size_is=size_is)
    assert rules.vacancies(body, people) == vacant
    assert rules.over_maximum(body, people) == over


# --- The data migration: the free text read where it says a rule plainly --------------

parse_meets = importlib.import_module("governance.migrations.0008_cadence_from_meets").parse_meets


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("termly", ("termly", None, None)),
        ("Termly", ("termly", None, None)),
        ("fortnightly", ("every_weeks", 2, None)),
        ("weekly", ("every_weeks", 1, None)),
        ("every 4 weeks", ("every_weeks", 4, None)),
        ("four times a year", ("per_year", 4, None)),
        ("twice a year", ("per_year", 2, None)),
        ("3 times per year", ("per_year", 3, None)),
        ("annually, late November", ("in_month", None, 11)),
        ("once a year", ("per_year", 1, None)),
        ("as required", ("", None, None)),
        ("monthly", ("", None, None)),
        ("every 30 weeks", ("", None, None)),
        ("", ("", None, None)),
    ],
)
def test_the_migration_reads_the_old_words(text, rule):
    assert parse_meets(text) == rule


def test_the_migration_sets_each_body_and_leaves_the_rest_unset():
    migration = importlib.import_module("governance.migrations.0008_cadence_from_meets")
    saved = []

    class Row:
        def __init__(self, meets):
            self.meets, self.cadence, self.cadence_number, self.cadence_month = (
                meets,
                "",
                None,
                None,
            )

        def save(self, update_fields):
            saved.append((self.meets, self.cadence, self.cadence_number, self.cadence_month))

    class Manager:
        def exclude(self, meets):
            return [Row("termly"), Row("four times a year"), Row("when needed")]

    class Apps:
        def get_model(self, app, name):
            return type("Body", (), {"objects": Manager()})

    migration.forwards(Apps(), None)
    assert saved == [
        ("termly", "termly", None, None),
        ("four times a year", "per_year", 4, None),
        ("when needed", "", None, None),
    ]
