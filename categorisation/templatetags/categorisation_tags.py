"""Category pieces for other apps' pages (the school page) and the SVG charts, drawn on the
server so they work under the strict CSP with no script; the geometry is
``symphony.charts``, the categories and their colours are here."""

from django import template

from symphony import charts

register = template.Library()

CATEGORIES = (1, 2, 3, 4)
# Fill colours for categories 1-4 with contrast against white text labels elsewhere.
COLOURS = {1: "#1e7b3a", 2: "#1f5fae", 3: "#b07a00", 4: "#b42323"}


@register.inclusion_tag("categorisation/includes/trend_chart.html")
def trend_chart(trend):
    """Stacked bars: schools in each category at the end of each term."""
    width, height, top, bottom, left = 640, 220, 10, 40, 36
    stacks = [[counts[category] for category in CATEGORIES] for _, counts in trend]
    bars = charts.stacked_bars(
        stacks, width=width, height=height, left=left, top=top, bottom=bottom, gap=16
    )
    for bar, (label, counts) in zip(bars, trend, strict=True):
        bar.update(label=label, counts=counts)
        for segment in bar["segments"]:
            category = CATEGORIES[segment.pop("index")]
            segment.update(category=category, n=counts[category], fill=COLOURS[category])
    return {
        "bars": bars,
        "width": width,
        "height": height,
        "label_y": height - bottom + 16,
        "axis_y": height - bottom,
        "left": left,
        "colours": COLOURS.items(),
        "trend": trend,
    }


@register.inclusion_tag("categorisation/includes/history_chart.html")
def history_chart(assessments):
    """A step line of a school's category over its decisions (oldest first)."""
    width, height, left, right, top, bottom = 640, 180, 80, 20, 14, 34
    xs = charts.positions(len(assessments), left, width - right, centre_one=True)
    # Category 1 on the top line, 4 on the bottom one.
    y = charts.scale(CATEGORIES[0], CATEGORIES[-1], top=top, bottom=height - bottom)
    last = len(assessments) - 1
    points = [
        {
            "x": x,
            "y": y(a.category),
            "a": a,
            "fill": COLOURS[a.category],
            # The last date ends at its dot, so it is not cut off at the chart's edge.
            "anchor": "end" if i == last and last else "middle",
        }
        for i, (x, a) in enumerate(zip(xs, assessments, strict=True))
    ]
    levels = [{"category": c, "y": y(c)} for c in CATEGORIES]
    return {
        "points": points,
        "path": charts.step_path((p["x"], p["y"]) for p in points),
        "levels": levels,
        "width": width,
        "height": height,
        "left": left,
        "right_x": width - right,
        "label_y": height - bottom + 18,
    }
