"""What the portal holds about one person, for a subject access request or an erasure
(the privacy page; ``manage.py person_data``; the retention schedule's anonymising of
long-inactive accounts).

The ground knows its own records: the account and every row that points at it. An app that
keeps records of its own about people who may have no account (governance's people) registers
how to export and anonymise them from its ``AppConfig.ready``, so this module never imports
an app above the ground."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.core import serializers

SECRET_FIELDS = {"password", "key_hash"}


@dataclass(frozen=True)
class Holder:
    export: Callable  # (user) -> dict of extra sections for the export
    anonymise: Callable  # (user) -> None, inside the erasure's transaction


_HOLDERS: dict[str, Holder] = {}


def register(name: str, *, export: Callable, anonymise: Callable) -> None:
    """Called from an app's ``ready``: ``name`` keeps a second call from adding it twice."""
    _HOLDERS[name] = Holder(export=export, anonymise=anonymise)


def holders() -> list[Holder]:
    return list(_HOLDERS.values())


def rows(objects) -> list[dict]:
    found = []
    for row in serializers.serialize("python", objects):
        row["fields"] = {k: v for k, v in row["fields"].items() if k not in SECRET_FIELDS}
        found.append(row)
    return found


def related(obj) -> dict[str, list[dict]]:
    """Every row that points at ``obj``, by model."""
    found = {}
    for relation in obj._meta.related_objects:
        model = relation.related_model
        found_rows = rows(model._default_manager.filter(**{relation.field.name: obj}))
        if found_rows:
            found.setdefault(model._meta.label, []).extend(found_rows)
    return found


def export(user) -> dict:
    data = {"user": rows([user])[0], "records": related(user)}
    for holder in holders():
        data |= holder.export(user)
    return data
