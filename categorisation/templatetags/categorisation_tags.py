"""Category pieces for other apps' pages (the school page) and the SVG charts, drawn on the
server so they work under the strict CSP with no script."""

from django import template
from django.utils import timezone

from schools import access
from schools.access import Perm

from .. import selectors
from ..offer import support_offer

register = template.Library()

# Fill colours for categories 1-4 with contrast against white text labels elsewhere.
COLOURS = {1: "#1e7b3a", 2: "#1f5fae", 3: "#b07a00", 4: "#b42323"}


@register.inclusion_tag("categorisation/includes/school_panel.html", takes_context=True)
def category_panel(context, school):
    from ..models import SccCase
    from ..scc import levels_by_school, manages_scc, triggers_for

    summary = selectors.school_summary(school=school, today=timezone.localdate())
    user = context["request"].user
    case = SccCase.objects.filter(school=school, closed_on__isnull=True).first()
    category = summary.current.category if summary.current else None
    # Entry is always offered to the CEO/DoP on these triggers; it stays their decision.
    triggers = triggers_for(school, category) if manages_scc(user) and not case else []
    return {
        "scc_case": case,
        "scc_level": levels_by_school([school]).get(school.pk) if case else None,
        "scc_trigger": SccCase.Trigger(triggers[0]) if triggers else None,
        "school": school,
        "summary": summary,
        "offer": support_offer(summary.current.category) if summary.current else None,
        "sees_meetings": access.scope_of(user, Perm.VIEW_CATEGORISATION) is access.ALL,
    }


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
