"""Category pieces for other apps' pages (the school page) and the SVG charts, drawn on the
server so they work under the strict CSP with no script."""

from django import template

register = template.Library()

# Fill colours for categories 1-4 with contrast against white text labels elsewhere.
COLOURS = {1: "#1e7b3a", 2: "#1f5fae", 3: "#b07a00", 4: "#b42323"}


@register.inclusion_tag("categorisation/includes/trend_chart.html")
def trend_chart(trend):
    """Stacked bars: schools in each category at the end of each term."""
    width, height, top, bottom, left = 640, 220, 10, 40, 36
    bar_gap = 16
    count = len(trend) or 1
    bar_width = (width - left - bar_gap * (count + 1)) / count
    most = max((sum(c.values()) for _, c in trend), default=0) or 1
    scale = (height - top - bottom) / most
    bars = []
    for i, (label, counts) in enumerate(trend):
        x = left + bar_gap + i * (bar_width + bar_gap)
        y = height - bottom
        segments = []
        for category in (1, 2, 3, 4):
            n = counts[category]
            if not n:
                continue
            h = n * scale
            y -= h
            segments.append(
                {
                    "y": round(y, 1),
                    "h": round(h, 1),
                    "fill": COLOURS[category],
                    "n": n,
                    "category": category,
                    "ty": round(y + h / 2 + 4, 1),
                }
            )
        bars.append(
            {
                "x": round(x, 1),
                "w": round(bar_width, 1),
                "label": label,
                "segments": segments,
                "cx": round(x + bar_width / 2, 1),
                "counts": counts,
            }
        )
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
    points = []
    n = len(assessments)
    step = (width - left - right) / max(n - 1, 1)
    for i, a in enumerate(assessments):
        x = left + (i * step if n > 1 else (width - left - right) / 2)
        y = top + (a.category - 1) * (height - top - bottom) / 3
        points.append({"x": round(x, 1), "y": round(y, 1), "a": a, "fill": COLOURS[a.category]})
    path = ""
    for i, p in enumerate(points):
        if i == 0:
            path = f"M{p['x']},{p['y']}"
        else:
            path += f" L{p['x']},{points[i - 1]['y']} L{p['x']},{p['y']}"
    levels = [
        {"category": c, "y": round(top + (c - 1) * (height - top - bottom) / 3, 1)}
        for c in (1, 2, 3, 4)
    ]
    return {
        "points": points,
        "path": path,
        "levels": levels,
        "width": width,
        "height": height,
        "left": left,
        "right_x": width - right,
        "label_y": height - bottom + 18,
    }
