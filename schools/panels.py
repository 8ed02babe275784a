"""The school page's panels from the apps above the ground. The school page draws the
school's own record (details, Ofsted history, trend charts); each app adds its panel (the
category and support offer, the LGB, the reviews and Core Plan) from its
``AppConfig.ready``, so the ground shows them without importing an app.

A panel is a template and a function ``context(request, school)`` that returns the
template's context, or None to show nothing to this user."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.html import format_html_join
from django.utils.safestring import SafeString

SIDE, MAIN = "side", "main"  # beside the details; below the Ofsted history


@dataclass(frozen=True)
class Panel:
    name: str
    slot: str
    order: int
    template: str
    context: Callable


_PANELS: dict[str, Panel] = {}


def register(name: str, *, slot: str, order: int, template: str, context: Callable) -> None:
    """Called from an app's ``ready``; registering ``name`` again replaces it."""
    _PANELS[name] = Panel(name, slot, order, template, context)


def panels(slot: str) -> list[Panel]:
    return sorted((p for p in _PANELS.values() if p.slot == slot), key=lambda p: p.order)


def context_for(name: str, request, school) -> dict | None:
    """The context panel ``name`` gives ``school`` for this user, or None when no app
    registered it: for a page above the ground that shows what another app's panel knows
    (the risk meeting's evidence reads the LGB's gaps this way, without importing
    governance)."""
    panel = _PANELS.get(name)
    return panel.context(request, school) if panel else None


def render(request, school, slot: str) -> SafeString:
    """Every panel of ``slot``, rendered (each template escapes what it shows)."""
    parts = []
    for panel in panels(slot):
        context = panel.context(request, school)
        if context is not None:
            parts.append(render_to_string(panel.template, context, request=request))
    return format_html_join("", "{}", ((part,) for part in parts))  # each already safe
