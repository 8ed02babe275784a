"""A school's headline measures over time beside the trust's and the national figure, for
the school page's trend charts. Fixed queries: one per collection shown, at most
``LAST`` of them, whatever the number of schools."""

from __future__ import annotations

from .. import kpis
from ..models import Collection, School
from .aggregates import headline_figures, trust_figures_for
from .benchmarks import comparison, current_national
from .selectors import TRACKED

LAST = 7


def trend_measures() -> list[str]:
    """The measures charted on the school page: the KPI registry's ``TRENDS``."""
    return [kpi.key for kpi in kpis.where(kpis.TRENDS)]


def school_trends(school) -> list[dict]:
    collections = list(
        Collection.objects.select_related("term__academic_year").order_by("-term__starts_on")[:LAST]
    )[::-1]
    if not collections:
        return []
    mine = headline_figures(collections, [school])
    trust_schools = list(School.objects.filter(status__in=TRACKED))
    trust = trust_figures_for(collections, trust_schools)
    national = current_national()
    charts = []
    for kpi in kpis.where(kpis.TRENDS):
        measure = kpi.key
        points = []
        for c in collections:
            value = mine.get((c.pk, school.pk), {}).get(measure)
            t = trust[c.pk].get(measure)
            n = (
                comparison(national, measure, c)
                # A summer outcome's national figure is the summer's, not a term's.
                if c.term.season == 3 or kpi.period != kpis.SUMMER
                else None
            )
            if value is None and t is None:
                continue
            points.append(
                {
                    "label": f"{c.term.get_season_display()[:3]} {c.term.academic_year.name}",
                    "school": value,
                    "trust": t.value if t else None,
                    # Only a figure young enough to compare with (the age rule).
                    "national": n.value if n else None,
                    "national_figure": n,
                }
            )
        if points:
            charts.append(
                {
                    "measure": measure,
                    "label": kpi.title,
                    "points": points,
                    "lower_is_better": kpi.lower_is_better,
                }
            )
    return charts
