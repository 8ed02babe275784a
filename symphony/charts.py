"""The geometry of the portal's charts: numbers turned into SVG coordinates and paths.

Charts are drawn on the server as SVG (no script, so they work under the strict CSP and
look the same in a PDF); the templates draw what these functions place. They know nothing
of what is charted: the caller names the series, their colours and labels. Coordinates are
rounded to 0.1, and y grows downwards, as in SVG. This module imports no app.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence


def positions(count: int, start: float, end: float, *, centre_one: bool = False) -> list[float]:
    """``count`` x positions spread evenly from ``start`` to ``end``; a single one sits at
    ``start``, or halfway with ``centre_one``."""
    span = end - start
    step = span / max(count - 1, 1)
    if count == 1 and centre_one:
        return [round(start + span / 2, 1)]
    return [round(start + i * step, 1) for i in range(count)]


def scale(top_value: float, bottom_value: float, *, top: float, bottom: float) -> Callable:
    """The y of a value, ``top_value`` at ``top`` and ``bottom_value`` at ``bottom``."""

    def y(value) -> float:
        share = (top_value - float(value)) / (top_value - bottom_value)
        return round(top + share * (bottom - top), 1)

    return y


def line_path(coords: Iterable[tuple[float, float]]) -> str:
    """Straight lines through the points: ``M x,y L x,y …``."""
    return " ".join(f"{'M' if i == 0 else 'L'}{x},{y}" for i, (x, y) in enumerate(coords))


def step_path(coords: Iterable[tuple[float, float]]) -> str:
    """A step line through the points: level until each point's x, then up or down to it."""
    path, last_y = "", None
    for x, y in coords:
        path += f"M{x},{y}" if last_y is None else f" L{x},{last_y} L{x},{y}"
        last_y = y
    return path


def line_chart(
    points: Sequence[dict],
    series: Sequence[tuple[str, str, str]],
    *,
    width=320,
    height=170,
    left=36,
    right=10,
    top=10,
    bottom=30,
    tick_format: Callable[[float], str] | None = None,
    every_label: bool = False,
) -> dict:
    """Lines over ``points`` (each a dict with its ``label`` and a value, or None, for each
    series), one per ``series`` (key, colour, dash pattern), with three ticks on a y axis
    padded around the values and never below 0 (labelled by ``tick_format``; whole numbers
    by default, unless the axis spans so little that they would repeat), and the first and
    last labels (every label when there are three or fewer, or with ``every_label``). A
    series is one line through the points that have its value (None is skipped); its dots
    keep the points' order, with ``anchors`` (start, middle, end) to write a figure beside
    each dot inside the chart."""
    values = [float(p[k]) for p in points for k, _, _ in series if p[k] is not None]
    low, high = min(values), max(values)
    pad = max((high - low) * 0.15, 0.5)
    low, high = max(0.0, low - pad), high + pad
    xs = positions(len(points), left, width - right)
    y = scale(high, low, top=top, bottom=height - bottom)
    lines = []
    for key, colour, dash in series:
        coords = [(xs[i], y(p[key])) for i, p in enumerate(points) if p[key] is not None]
        if coords:
            lines.append(
                {
                    "key": key,
                    "colour": colour,
                    "dash": dash,
                    "path": line_path(coords),
                    "dots": coords,
                    "anchors": [_anchor(x, left, width - right) for x, _ in coords],
                }
            )
    if tick_format is None:
        # Whole numbers, unless the axis spans so little that they would repeat (95, 96, 96).
        places = 0 if high - low >= 4 else 1

        def tick_format(v):
            return f"{v:.{places}f}"

    ticks = [{"y": y(v), "label": tick_format(v)} for v in (low, (low + high) / 2, high)]
    last = len(points) - 1
    labels = [
        {
            "x": xs[i],
            "text": p["label"],
            "anchor": "middle"
            if every_label and 0 < i < last
            else "start"
            if i == 0 and last
            else "end"
            if i == last and last
            else "middle",
        }
        for i, p in enumerate(points)
        if i in (0, last) or len(points) <= 3 or every_label
    ]
    return {
        "lines": lines,
        "ticks": ticks,
        "labels": labels,
        "width": width,
        "height": height,
        "left": left,
        "right_x": width - right,
        "label_y": height - bottom + 16,
    }


def _anchor(x, left, right) -> str:
    """How a label at ``x`` is anchored so that it stays inside ``left``..``right``."""
    if x <= left:
        return "start"
    return "end" if x >= right else "middle"


def read_out(
    points: Sequence[dict], names: Sequence[tuple[str, str]], value_format: Callable
) -> str:
    """A chart's figures in words, for its ``aria-label`` or caption: each point's label,
    then each series it has a value for, by name: "Sep: budget £100k, actual £98k; Oct: …"."""
    parts = []
    for p in points:
        said = [f"{name} {value_format(p[key])}" for key, name in names if p[key] is not None]
        if said:
            parts.append(f"{p['label']}: {', '.join(said)}")
    return "; ".join(parts)


def stacked_bars(
    stacks: Sequence[Sequence[float]], *, width, height, left, top, bottom, gap
) -> list[dict]:
    """Bars side by side from ``left`` across ``width``, ``gap`` apart, each a stack of its
    values from the bottom up on one scale (the tallest stack fills the height). Each bar's
    ``segments`` are its non-zero values: ``index`` in the stack, ``y``, ``h``, and ``ty``,
    the baseline of a 12px number centred in it."""
    count = len(stacks) or 1
    bar_width = (width - left - gap * (count + 1)) / count
    most = max((sum(stack) for stack in stacks), default=0) or 1
    unit = (height - top - bottom) / most
    bars = []
    for i, stack in enumerate(stacks):
        x = left + gap + i * (bar_width + gap)
        y = height - bottom
        segments = []
        for index, value in enumerate(stack):
            if not value:
                continue
            h = value * unit
            y -= h
            segments.append(
                {"index": index, "y": round(y, 1), "h": round(h, 1), "ty": round(y + h / 2 + 4, 1)}
            )
        bars.append(
            {
                "x": round(x, 1),
                "w": round(bar_width, 1),
                "cx": round(x + bar_width / 2, 1),
                "segments": segments,
            }
        )
    return bars


def sparkline(values: Sequence, *, width=60, height=18, pad=2) -> dict:
    """A small line over ``values`` (oldest first; None where there is no figure), on its
    own scale: no axes, no labels. A gap breaks the line rather than bridging it, so a
    missing term is never drawn as a trend; a figure standing alone between gaps is a dot.
    ``last`` is the newest figure's point (None when it is missing)."""
    present = [float(v) for v in values if v is not None]
    if not present:
        return {"width": width, "height": height, "paths": [], "dots": [], "last": None}
    low, high = min(present), max(present)
    if high - low < 1e-9:  # a flat line sits in the middle
        low, high = low - 1, high + 1
    xs = positions(len(values), pad, width - pad, centre_one=True)
    y = scale(high, low, top=pad, bottom=height - pad)
    runs, run = [], []
    for x, value in zip(xs, values, strict=True):
        if value is None:
            if run:
                runs.append(run)
            run = []
        else:
            run.append((x, y(value)))
    if run:
        runs.append(run)
    return {
        "width": width,
        "height": height,
        "paths": [line_path(r) for r in runs if len(r) > 1],
        "dots": [r[0] for r in runs if len(r) == 1],
        "last": (xs[-1], y(values[-1])) if values[-1] is not None else None,
    }
