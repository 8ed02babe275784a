"""Termly data on the school page: trend charts drawn on the server as SVG (no script, so
they work under the strict CSP and look the same in a PDF); the geometry is
``symphony.charts``."""

from django import template

from symphony import charts

from ..data.measures import shown
from ..data.suppression import is_suppressed
from ..data.trends import school_trends

register = template.Library()

# The school, the trust and national: each line's colour and dash pattern.
SERIES = (("school", "#1f2a5c", ""), ("trust", "#1e7b3a", "6 3"), ("national", "#b42323", "2 3"))


@register.inclusion_tag("schools/includes/trends.html")
def school_trend_charts(school):
    return {
        "school": school,
        "charts": [
            {**chart, **charts.line_chart(chart["points"], SERIES)}
            for chart in school_trends(school)
        ],
    }


@register.filter
def figure(value, measure):
    """A figure as people read it (``shown``), "c" with its reason when suppressed, a
    dash when there is none: ``{{ row.last|figure:row.key.measure }}``."""
    if is_suppressed(value):
        return value.html
    if value is None or value == "":
        return "—"
    return shown(measure, value)
