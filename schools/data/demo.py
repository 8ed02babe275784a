"""Plausible termly data for the demo trust, built so that the trust-wide attendance and
exclusion table of the Trust Self-Evaluation (2025) comes out of it exactly:

- 2022/23 to 2024/25: each year's summer collection holds the year's attendance,
  suspensions, exclusions and statutory outcomes of the twelve schools then in the trust;
  their pupil-weighted trust figures are the Self-Evaluation's (suspensions 20.8% in 2024/25
  as printed, though likely a typo).
- 2025/26 and this term: every measure for all fifteen schools; this term's collection is
  open, with some schools submitted, some in draft and some not started.

Values are deterministic (no randomness), so ``seed_demo`` run twice changes nothing.
"""

from __future__ import annotations

import datetime
import hashlib
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils import timezone

from ..calendar import Calendar, academic_start_year, create_typical_year
from ..models import AcademicYear, Collection, School, Submission, TrustJudgement, User
from . import benchmarks, services
from .measures import RowKey, expected_rows

NEW_JOINERS = {"The Hall", "Hugglescote", "Thythorn Field"}
# The Self-Evaluation, whole trust: (absence, disadvantaged absence, persistent absence,
# disadvantaged persistent absence, suspensions %, permanent exclusions %).
SELF_EVALUATION_2025 = {
    2022: ("5", "7.5", "11.3", "23.9", "2.28", "0.09"),
    2023: ("4.7", "7.7", "11.5", "28.1", "3.09", "0.00"),
    2024: ("4.3", "6.5", "8.6", "23.6", "20.8", "0.03"),
}
# Statutory outcomes, trust-wide targets for the demo (Self-Evaluation: KS2 combined ~10
# points above national in 2025).
OUTCOMES = {
    2022: {"ks2_rwm_expected": 66, "ks2_rwm_higher": 10, "eyfs_gld": 70, "y1_phonics_expected": 82},
    2023: {"ks2_rwm_expected": 69, "ks2_rwm_higher": 11, "eyfs_gld": 71, "y1_phonics_expected": 83},
    2024: {"ks2_rwm_expected": 72, "ks2_rwm_higher": 12, "eyfs_gld": 72, "y1_phonics_expected": 84},
    2025: {"ks2_rwm_expected": 73, "ks2_rwm_higher": 13, "eyfs_gld": 72, "y1_phonics_expected": 85},
}
TWO = Decimal("0.01")


def _spread(*parts, width: float) -> Decimal:
    """A fixed pseudo-random offset in [-width, width] from the names given."""
    digest = hashlib.sha256("|".join(map(str, parts)).encode()).digest()
    fraction = int.from_bytes(digest[:4], "big") / 2**32
    return Decimal(str(round((fraction * 2 - 1) * width, 2)))


def _roll(school: School, year: int) -> int:
    base = 180 + int(hashlib.sha256(school.name.encode()).hexdigest()[:4], 16) % 240
    return base + (year - 2022) * 3


def _weighted(target: Decimal, weights: list[int], key: str, width: float) -> list[Decimal]:
    """Values around ``target`` whose ``weights``-weighted mean is ``target`` (the last one
    balances the rest), none below zero."""
    values = [max(Decimal(0), target + _spread(key, i, width=width)) for i in range(len(weights))]
    rest = sum(v * w for v, w in zip(values[:-1], weights[:-1], strict=True))
    last = (target * sum(weights) - rest) / weights[-1]
    values[-1] = last.quantize(TWO, ROUND_HALF_UP)
    return [v.quantize(TWO, ROUND_HALF_UP) for v in values]


def _counts(rate: str, total_roll: int) -> int:
    return int((Decimal(rate) * total_roll / 100).quantize(Decimal(1), ROUND_HALF_UP))


def _fit_rolls(schools, year) -> list[int]:
    """Rolls whose total lets whole-number suspension and exclusion counts give the
    Self-Evaluation's rates at the precision printed."""
    rolls = [_roll(s, year) for s in schools]
    suspensions, exclusions = SELF_EVALUATION_2025[year][4], SELF_EVALUATION_2025[year][5]
    for extra in sorted(range(-150, 1500), key=abs):
        total = sum(rolls) + extra
        ok = True
        for rate in (suspensions, exclusions):
            places = Decimal(1).scaleb(Decimal(rate).as_tuple().exponent)
            got = (Decimal(_counts(rate, total)) * 100 / total).quantize(places, ROUND_HALF_UP)
            ok = ok and got == Decimal(rate)
        if ok:
            rolls[-1] += extra
            return rolls
    raise AssertionError("no roll fits")  # pragma: no cover - the search always succeeds


def _split(total: int, weights: list[int]) -> list[int]:
    """Whole numbers in proportion to ``weights`` that add up to ``total``."""
    whole = sum(weights)
    shares = [total * w // whole for w in weights]
    shares[-1] += total - sum(shares)
    return shares


@transaction.atomic
def seed_demo_data() -> None:
    benchmarks.import_shipped()
    today = timezone.localdate()
    current = academic_start_year(today)
    for year in range(2022, current + 1):
        create_typical_year(year)
    calendar = Calendar.load()
    terms = {(t.academic_year.start_year, t.season): t for t in calendar.terms}
    head = User.objects.filter(email="dop@example.org").first()
    everyone = list(School.objects.filter(status=School.Status.MEMBER).order_by("name"))
    established = [s for s in everyone if s.name not in NEW_JOINERS]
    for year in SELF_EVALUATION_2025:
        _historic_year(year, terms[(year, 3)], established, head)
    for season in (1, 2, 3):
        _full_term(terms[(current - 1, season)], everyone, head, today, year=current - 1)
    _full_term(terms[(current, 1)], everyone, head, today, year=current, open_now=True)
    _judgements()


# The Trust Self-Evaluation (2025) on its 1-10 scale: "Outstanding" 9, "Good" 7,
# "Good/Outstanding" 8 (the top of good); safeguarding is judged "Effective", not scored.
JUDGEMENTS = [
    ("Overall outcomes for pupils", 9, ""),
    ("Outcomes for disadvantaged pupils", 7, ""),
    ("Effectiveness of governance and leadership", 8, ""),
    ("Effectiveness of school improvement", 9, ""),
    ("Attendance and exclusions", 7, ""),
    ("Finance and operations", 8, ""),
    ("Safeguarding", None, "Effective"),
]


def _judgements():
    year = AcademicYear.objects.get(start_year=2024)
    for order, (area, score, words) in enumerate(JUDGEMENTS):
        TrustJudgement.objects.get_or_create(
            academic_year=year,
            area=area,
            defaults={
                "score": score,
                "words": words,
                "order": order,
                "summary": "From the Trust Self-Evaluation (2025).",
            },
        )


def _collection(term, today, *, open_now=False):
    opens_on = term.starts_on + datetime.timedelta(days=42 if open_now else 35)
    deadline = term.ends_on - datetime.timedelta(days=14)
    if open_now:
        opens_on = min(opens_on, today)
        deadline = max(deadline, today + datetime.timedelta(days=11))
    collection, _ = Collection.objects.get_or_create(
        term=term, defaults={"opens_on": opens_on, "deadline": deadline}
    )
    return collection


def _historic_year(year, term, schools, by):
    collection = _collection(term, None)
    if collection.submissions.exists():
        return
    rolls = _fit_rolls(schools, year)
    disadvantaged = [round(r * 0.24) for r in rolls]
    cohorts = [max(20, r // 7) for r in rolls]
    absence, dis_absence, pa, dis_pa, susp, excl = (Decimal(x) for x in SELF_EVALUATION_2025[year])
    series = {
        "overall_absence": (_weighted(absence, rolls, f"abs{year}", 0.8), rolls),
        "persistent_absence": (_weighted(pa, rolls, f"pa{year}", 3), rolls),
        "disadvantaged_absence": (
            _weighted(dis_absence, disadvantaged, f"dabs{year}", 1.2),
            disadvantaged,
        ),
        "disadvantaged_persistent_absence": (
            _weighted(dis_pa, disadvantaged, f"dpa{year}", 5),
            disadvantaged,
        ),
    }
    for measure, target in OUTCOMES[year].items():
        series[measure] = (_weighted(Decimal(target), cohorts, f"{measure}{year}", 6), cohorts)
    suspensions = _split(_counts(str(susp), sum(rolls)), rolls)
    exclusions = _split(_counts(str(excl), sum(rolls)), rolls)
    for i, school in enumerate(schools):
        figures = {
            RowKey("pupils_on_roll", 0, "", "all"): (None, Decimal(rolls[i])),
            RowKey("suspensions", 0, "", "all"): (None, Decimal(suspensions[i])),
            RowKey("permanent_exclusions", 0, "", "all"): (None, Decimal(exclusions[i])),
        }
        for measure, (values, weights) in series.items():
            figures[RowKey(measure, 0, "", "all")] = (weights[i], values[i])
        _store(collection, school, figures, by, Submission.State.ACCEPTED)


def _full_term(term, schools, by, today, *, year, open_now=False):
    collection = _collection(term, today, open_now=open_now)
    if collection.submissions.exists():
        return
    for i, school in enumerate(schools):
        if open_now and i % 5 == 4:
            continue  # not started yet: shown as missing
        state = Submission.State.ACCEPTED
        if open_now:
            state = Submission.State.DRAFT if i % 5 == 3 else Submission.State.SUBMITTED
        _store(collection, school, _term_figures(school, term, year), by, state)


def _term_figures(school, term, year) -> dict[RowKey, tuple]:
    roll = _roll(school, year)
    cohort = max(20, roll // 7)
    name = f"{school.name}{term.pk}"
    figures = {}
    for key in expected_rows(season=term.season, phase=school.phase):
        m = key.measure
        if m == "pupils_on_roll":
            figures[key] = (None, Decimal(roll))
        elif m in ("suspensions", "permanent_exclusions"):
            width = 4 if m == "suspensions" else 1.3  # exclusions: rare
            figures[key] = (None, Decimal(max(0, int(_spread(name, m, width=width)))))
        elif m in ("overall_absence", "persistent_absence"):
            base = Decimal("4.2") if m == "overall_absence" else Decimal("9")
            figures[key] = (roll, (base + _spread(name, m, width=1.5)).quantize(TWO))
        elif m.startswith("disadvantaged"):
            base = Decimal("6.4") if m == "disadvantaged_absence" else Decimal("22")
            figures[key] = (round(roll * 0.24), (base + _spread(name, m, width=3)).quantize(TWO))
        elif m in ("pira_average", "puma_average"):
            figures[key] = (cohort, (Decimal(102) + _spread(name, key, width=5)).quantize(TWO))
        elif m.startswith("on_track"):
            pupils = _group_size(cohort, key.group)
            base = 76 if m == "on_track_expected" else 22
            gap = {"all": 0, "disadvantaged": -12, "send": -30, "eal": -5, "boys": -3, "girls": 3}[
                key.group
            ]
            value = min(Decimal(100), max(Decimal(0), base + gap + _spread(name, key, width=6)))
            figures[key] = (pupils, value.quantize(TWO))
        else:  # statutory outcomes, summer
            target = OUTCOMES[min(year, 2025)][m] if m in OUTCOMES[2025] else 78
            figures[key] = (cohort, (Decimal(target) + _spread(name, m, width=7)).quantize(TWO))
    return figures


def _group_size(cohort: int, group: str) -> int:
    share = {"all": 1, "disadvantaged": 0.24, "send": 0.15, "eal": 0.1, "boys": 0.5, "girls": 0.5}[
        group
    ]
    return cohort if group == "all" else int(cohort * share)


def _store(collection, school, figures, by, state):
    submission = services.submission_for(collection=collection, school=school)
    services.save_figures(submission=submission, figures=figures, by=by)
    if state != Submission.State.DRAFT:
        Submission.objects.filter(pk=submission.pk).update(
            state=state, submitted_by=by, submitted_at=timezone.now()
        )
