"""Termly data on the school page: trend charts drawn on the server as SVG (no script, so
they work under the strict CSP and look the same in a PDF)."""

from django import template

from ..data.trends import school_trends

register = template.Library()

SERIES = (("school", "#1f2a5c", ""), ("trust", "#1e7b3a", "6 3"), ("national", "#b42323", "2 3"))


@register.inclusion_tag("schools/includes/trends.html")
def school_trend_charts(school):
    return {"school": school, "charts": [line_chart(c) for c in school_trends(school)]}


def line_chart(chart, *, width=320, height=170, left=36, right=10, top=10, bottom=30):
    points = chart["points"]
    values = [float(p[k]) for p in points for k, _, _ in SERIES if p[k] is not None]
    low, high = min(values), max(values)
    pad = max((high - low) * 0.15, 0.5)
    low, high = max(0.0, low - pad), high + pad
    step = (width - left - right) / max(len(points) - 1, 1)

    def y(v):
        return round(top + (high - float(v)) / (high - low) * (height - top - bottom), 1)

    lines = []
    for key, colour, dash in SERIES:
        coords = [
            (round(left + i * step, 1), y(p[key]))
            for i, p in enumerate(points)
            if p[key] is not None
        ]
        if coords:
            lines.append(
                {
                    "key": key,
                    "colour": colour,
                    "dash": dash,
                    "path": " ".join(
                        f"{'M' if i == 0 else 'L'}{x},{yy}" for i, (x, yy) in enumerate(coords)
                    ),
                    "dots": coords,
                }
            )
    ticks = [{"y": y(v), "label": f"{v:.0f}"} for v in (low, (low + high) / 2, high)]
    last = len(points) - 1
    labels = [
        {
            "x": round(left + i * step, 1),
            "text": p["label"],
            "anchor": "start" if i == 0 and last else "end" if i == last and last else "middle",
        }
        for i, p in enumerate(points)
        if i in (0, last) or len(points) <= 3
    ]
    return {
        **chart,
        "lines": lines,
        "ticks": ticks,
        "labels": labels,
        "width": width,
        "height": height,
        "left": left,
        "right_x": width - right,
        "label_y": height - bottom + 16,
    }
