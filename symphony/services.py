"""Helpers for the apps' services (the foundation: it imports no app)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.db import models


def model_update(
    *,
    instance: models.Model,
    data: dict,
    fields: Iterable[str] | None = None,
    prepare: Callable[[models.Model], None] | None = None,
) -> models.Model:
    """Set ``data`` on ``instance`` (only the ``fields`` named, where given), validate the
    whole row with ``full_clean`` and save it. ``prepare(instance)`` runs before the
    validation, for values derived from the new ones. The caller holds the transaction and
    any row lock; nothing is saved if validation fails."""
    allowed = set(fields) if fields is not None else None
    for field, value in data.items():
        if allowed is None or field in allowed:
            setattr(instance, field, value)
    if prepare is not None:
        prepare(instance)
    instance.full_clean()
    instance.save()
    return instance
