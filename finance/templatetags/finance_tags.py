"""The words of a financial KPI's RAG state, the same in every page that shows one; the
monthly spending chart of a school's finance page (geometry: ``symphony.charts``)."""

from django import template

from symphony import charts

from ..kpis import RAG_WORDS

register = template.Library()

# Budget, actuals and forecast: each line's key, name, colour and dash pattern, so the
# lines differ by their dashes as well as their colours.
SPENDING_SERIES = (
    ("budget", "budget", "#4a5363", "6 3"),
    ("actual", "actual", "#1f2a5c", ""),
    ("forecast", "forecast", "#a34700", "2 3"),
)


@register.filter
def rag_word(rag: str) -> str:
    """ "Met", "Close" or "Not met"; nothing for a figure not judged."""
    return RAG_WORDS.get(rag, "")


def money(value) -> str:
    return f"£{value:,.0f}"


def money_k(value) -> str:
    return f"£{value / 1000:,.1f}k"


@register.inclusion_tag("finance/includes/spending_chart.html")
def spending_chart(months):
    """``months``: ``selectors.monthly_spending``. Nothing is drawn before the first
    monthly figure."""
    if not months:
        return {"chart": None}
    points = [
        {"label": m.label, "budget": m.budget, "actual": m.actual, "forecast": m.forecast}
        for m in months
    ]
    geometry = charts.line_chart(
        points,
        [(key, colour, dash) for key, _name, colour, dash in SPENDING_SERIES],
        width=760,
        height=220,
        left=64,
        right=14,
        tick_format=money_k,
        every_label=True,
    )
    return {
        "chart": geometry,
        "series": SPENDING_SERIES,
        "months": months,
        "read_out": charts.read_out(
            points, [(key, name) for key, name, _c, _d in SPENDING_SERIES], money_k
        ),
    }
