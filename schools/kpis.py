"""The one KPI registry. A KPI or headline measure is declared here once: its key, label,
unit, which way is better, its target, how its value and status are found, whether it can
be suppressed, and where it appears. The dashboard, the school page's trend charts, the
trustees' KPI report (page, PDF, CSV, XLSX), the benchmarking page and the API all read
these declarations; none keeps a list of its own.

The termly-data KPIs are declared below. An app above the ground declares its own from its
``AppConfig.ready`` (finance: surplus, staff costs, reserves, cash, variance), so this
module imports no app. ``docs/architecture.md`` has the recipe for adding one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings

from .data.measures import BY_KEY

# Where a KPI appears.
DASHBOARD = "dashboard"  # a column of the CEO/DoP's dashboard
TRENDS = "trends"  # a trend chart on the school page, beside the trust and national
REPORT = "report"  # a row of the trustees' KPI report and its exports
BENCHMARKING = "benchmarking"  # a measure schools can be ranked on (besides MEASURES')
FINANCE = "finance"  # a financial KPI: the finance overview, school page and benchmarking

# Which figures a termly-data KPI reads.
TERM = "term"  # the term's own collection (year to date)
SUMMER = "summer"  # the latest summer's statutory outcomes
YEAR = "year"  # the financial year (finance's)


@dataclass(frozen=True)
class Kpi:
    key: str
    label: str = ""  # as the report, the API and the charts name it; the measure's if empty
    short_label: str = ""  # a dashboard column's heading; the label if empty
    unit: str = "%"  # "%", " days" or " per 100 pupils"
    lower_is_better: bool = False
    period: str = TERM
    measure: str = ""  # the termly measure it is read from; the key if empty
    rate_of: str = ""  # a rate: this count (a termly measure) over the pupils on roll
    suppressible: bool = False  # small counts, and the rates that reveal them, show as "c"
    appears: frozenset[str] = field(default_factory=frozenset)
    # The target as the report words it, and how the report finds the value and its status.
    # Each takes the section's inputs (``ReportInputs`` here; finance's own for finance).
    target: Callable[[object], str] | str = ""
    value: Callable[[object], Decimal | None] | None = None
    status: Callable[[object, Decimal | None], str] | None = None
    national: bool = True  # compared with a published national figure
    at_is_met: bool = False  # the target is "at or below national": equal to it is met
    attendance: bool = False  # 100% less an absence measure: national shown the same way
    # Finance: the RAG of a value against the year's target (green / amber / red / "").
    rag: Callable[[Decimal | None, object], str] | None = None
    # The report's RAG where ``status`` judges against a target of its own (attendance).
    status_rag: Callable[[object, Decimal | None], str] | None = None
    # Judged school by school: every school in the trust long enough must beat national
    # (Business Plan 2018-19: "in every school in the trust for at least eighteen months").
    every_school: bool = False

    @property
    def title(self) -> str:
        """The KPI's name: its own label, or the termly measure's."""
        return self.label or BY_KEY[self.source].label

    @property
    def heading(self) -> str:
        return self.short_label or self.title

    @property
    def source(self) -> str:
        """The termly measure the KPI reads."""
        return self.measure or self.key

    def target_text(self, inputs) -> str:
        return self.target(inputs) if callable(self.target) else self.target


_REGISTRY: dict[str, Kpi] = {}


def register(*kpis: Kpi) -> None:
    """Declare KPIs; declaring a key again replaces it (``ready`` may run twice in tests)."""
    for kpi in kpis:
        _REGISTRY[kpi.key] = kpi


def get(key: str) -> Kpi:
    return _REGISTRY[key]


def where(place: str) -> list[Kpi]:
    """The KPIs that appear in ``place``, in the order they were declared."""
    return [kpi for kpi in _REGISTRY.values() if place in kpi.appears]


def rates() -> list[Kpi]:
    """The rates derived from a count over the roll (suspensions, exclusions)."""
    return [kpi for kpi in _REGISTRY.values() if kpi.rate_of]


# --- The termly-data KPIs -------------------------------------------------------------


@dataclass
class ReportInputs:
    """What a termly-data KPI's value and status are worked out from in the report."""

    trust: dict  # measure -> TrustFigure, this term's collection (year to date)
    outcomes: dict  # measure -> TrustFigure, the latest summer's
    # The national figure the KPI being worked out is compared with (benchmarks.National).
    national: object = None

    def figure(self, kpi: Kpi) -> Decimal | None:
        figures = self.outcomes if kpi.period == SUMMER else self.trust
        found = figures.get(kpi.source)
        return found.value if found else None


def versus_national(value, national, *, lower_is_better=False, at_is_met=False) -> str:
    """The status of a figure against national. ``national`` is a
    ``schools.data.benchmarks.National`` (its year, status and age say what may be said),
    or a bare number / None. Never a plain "Met" on a figure older than the data: the words
    name the year ("the latest published"), and one older than the age rule allows is not
    judged against. ``at_is_met``: a target of "at or below national"."""
    from .data.benchmarks import National
    from .data.suppression import is_suppressed

    caveat = missing = ""
    if isinstance(national, National):
        if national.figure is not None and not national.usable:
            missing = national.missing  # too old to judge against
        caveat, national = national.caveat, national.value
    if value is None:
        return "No figures submitted yet"
    if is_suppressed(value):
        return "Suppressed (c) to protect pupils' identities"
    if missing:
        return missing
    if national is None:
        return "No national figure yet: the central team enters it when published"
    if value == national:
        met = at_is_met
        words = "at national"
    else:
        better = value < national if lower_is_better else value > national
        met = better
        words = ("below" if value < national else "above") + " national"
    return ("Met: " if met else "Not met: ") + words + caveat


# The report's red / amber / green, always shown with its word (never colour alone).
GREEN, AMBER, RED = "green", "amber", "red"
RAG_LABELS = {GREEN: "Green", AMBER: "Amber", RED: "Red", "": "No status"}


def rag_versus_national(value, national, *, lower_is_better=False, at_is_met=False) -> str:
    """Green: better than national (or at it, where ``at_is_met``). Amber: not better, but
    within ``SYMPHONY_KPI_AMBER_POINTS`` (1) of it. Red: further behind. '' with either
    missing. ``national`` is a number or a ``benchmarks.National`` (its value is None when
    it is too old to judge against)."""
    from .data.suppression import is_suppressed

    national = getattr(national, "value", national)
    if value is None or national is None or is_suppressed(value):
        return ""
    behind = (Decimal(value) - Decimal(national)) * (1 if lower_is_better else -1)
    if behind < 0 or (at_is_met and behind == 0):
        return GREEN
    return AMBER if behind <= Decimal(settings.SYMPHONY_KPI_AMBER_POINTS) else RED


def judge(kpi: Kpi, inputs, value, national) -> tuple[str, str]:
    """(RAG, the words saying it) for a termly-data KPI's figure in the report."""
    from .data.suppression import is_suppressed

    if kpi.status:
        words = kpi.status(inputs, value)
        rag = kpi.status_rag(inputs, value) if kpi.status_rag and value is not None else ""
        return ("" if is_suppressed(value) else rag), words
    words = versus_national(
        value, national, lower_is_better=kpi.lower_is_better, at_is_met=kpi.at_is_met
    )
    rag = rag_versus_national(
        value, national, lower_is_better=kpi.lower_is_better, at_is_met=kpi.at_is_met
    )
    if rag == AMBER:
        points = settings.SYMPHONY_KPI_AMBER_POINTS
        words += f", within {points} point{'' if points == 1 else 's'} of it"
    return rag, words


def _attendance_targets() -> tuple[Decimal, Decimal]:
    return (
        Decimal(str(settings.SYMPHONY_ATTENDANCE_BASELINE)),
        Decimal(str(settings.SYMPHONY_ATTENDANCE_ASPIRATION)),
    )


def _attendance(inputs: ReportInputs) -> Decimal | None:
    """Attendance is 100% less overall absence, year to date."""
    absence = inputs.figure(get("overall_absence"))
    return Decimal(100) - absence if absence is not None else None


def _attendance_status(inputs: ReportInputs, attendance) -> str:
    baseline, aspiration = _attendance_targets()
    if attendance is None:
        return "No figures submitted yet"
    if attendance >= aspiration:
        words = "Met the aspiration"
    elif attendance >= baseline:
        words = "Met the baseline, below the aspiration"
    else:
        words = "Below the baseline"
    national = getattr(inputs, "national", None)
    if national is None:
        return words
    against = versus_national(attendance, national)
    return f"{words}; against national: {against[0].lower()}{against[1:]}"


def _attendance_rag(_inputs, attendance) -> str:
    """Green at the aspiration, amber at the baseline, red below it (Business Plan 2018-19)."""
    baseline, aspiration = _attendance_targets()
    if attendance >= aspiration:
        return GREEN
    return AMBER if attendance >= baseline else RED


def _attendance_target(_inputs) -> str:
    baseline, aspiration = _attendance_targets()
    return (
        f"{baseline}% baseline, {aspiration}% aspiration (Business Plan 2018-19); "
        "well above national (Trust Self-Evaluation 2025)"
    )


def _rate(key: str, label: str, *, of: str) -> Kpi:
    """A count over the roll (suspensions, exclusions): small counts are hidden, and lower
    is better."""
    return Kpi(
        key,
        label,
        unit=" per 100 pupils",
        lower_is_better=True,
        rate_of=of,
        suppressible=True,
        target="At or below national (Trust Self-Evaluation 2025)",
        at_is_met=True,
        appears=frozenset({REPORT, BENCHMARKING}),
    )


register(
    Kpi(
        "attendance",
        "Attendance",
        measure="overall_absence",
        target=_attendance_target,
        value=_attendance,
        status=_attendance_status,
        attendance=True,
        status_rag=_attendance_rag,
        appears=frozenset({REPORT}),
    ),
    Kpi(
        "overall_absence",
        short_label="Absence",
        lower_is_better=True,
        appears=frozenset({DASHBOARD, TRENDS}),
    ),
    Kpi(
        "persistent_absence",
        lower_is_better=True,
        # Trust Self-Evaluation (2025), key priorities: "maintain our 'lower than National
        # Average' persistent absenteeism".
        target="Lower than national (Trust Self-Evaluation 2025)",
        appears=frozenset({DASHBOARD, TRENDS, REPORT}),
    ),
    Kpi(
        "ks2_rwm_expected",
        short_label="KS2 combined expected",
        period=SUMMER,
        target="Above national in every school in the trust for at least eighteen months "
        "(Business Plan 2018-19)",
        every_school=True,
        appears=frozenset({DASHBOARD, TRENDS, REPORT}),
    ),
    Kpi(
        "ks2_rwm_higher",
        "KS2 combined, higher standard",
        period=SUMMER,
        target="Above national (Business Plan 2018-19)",
        appears=frozenset({REPORT}),
    ),
    Kpi(
        "y1_phonics_expected",
        short_label="Y1 phonics",
        period=SUMMER,
        appears=frozenset({DASHBOARD, TRENDS}),
    ),
    # Compared with the primary rates only (schools/data/national_benchmarks.csv): never
    # with an all-school rate, which secondary schools' suspensions dominate. DfE's rates
    # are events per 100 pupils, as the trust's are counted (events over the roll x 100).
    # Trust Self-Evaluation (2025): "fixed term and permanent exclusions remain at/below
    # National Averages".
    _rate("suspension_rate", "Suspensions (per 100 pupils on roll)", of="suspensions"),
    _rate(
        "exclusion_rate",
        "Permanent exclusions (per 100 pupils on roll)",
        of="permanent_exclusions",
    ),
)
