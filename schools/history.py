"""The history of every record the central team maintains in the admin site.

``RecordsHistory`` goes first in every admin class that can change a record: each addition,
change and deletion it saves (its inlines' rows included) becomes a "Record changed in the
admin site" event in the audit trail, naming who, when, from which address, which record,
and each field from what to what as the form showed them. The CEO reads it on the audit
trail page and, for a school, beside the school's own record (its page's history panel).

A password is never written down, only that it changed; a file by its name."""

from __future__ import annotations

from django import forms
from django.db import models

from . import audit
from .models import AuditEvent, School

SECRET_FIELDS = {"password", "password1", "password2", "token", "secret", "key_hash"}
MAX_SHOWN = 120  # characters of a value kept in the trail


def _shown(field, value) -> str:
    """A value as the form showed it: a choice by its label, a record by its name."""
    if value in (None, "", [], ()):
        return "—"
    if isinstance(field, forms.ModelMultipleChoiceField):
        if value and not isinstance(next(iter(value)), models.Model):
            value = field.queryset.filter(pk__in=list(value))
        return ", ".join(sorted(str(v) for v in value)) or "—"
    if isinstance(field, forms.ModelChoiceField):
        if not isinstance(value, models.Model):
            value = field.queryset.filter(pk=value).first() or value
        return str(value)
    if isinstance(field, forms.BooleanField):
        return "yes" if value else "no"
    if isinstance(field, forms.ChoiceField):
        return str(
            dict(_flat(field.choices)).get(value, dict(_flat(field.choices)).get(str(value), value))
        )
    if hasattr(value, "name") and isinstance(field, forms.FileField):
        return value.name.rsplit("/", 1)[-1]
    return str(value)[:MAX_SHOWN]


def _flat(choices):
    for key, label in choices:
        if isinstance(label, list | tuple):
            yield from label
        else:
            yield key, label


def changes_of(form) -> list[tuple[str, str, str]]:
    """Each changed field of a bound, valid form: (label, before, after)."""
    rows = []
    for name in form.changed_data:
        field = form.fields.get(name)
        if field is None:
            continue
        label = str(field.label or name.replace("_", " ")).capitalize()
        if name in SECRET_FIELDS or isinstance(field.widget, forms.PasswordInput):
            rows.append((label, "—", "changed"))
            continue
        before = form.initial.get(name, field.initial)
        if callable(before):
            before = before()
        after = form.cleaned_data.get(name)
        shown = (_shown(field, before), _shown(field, after))
        if shown[0] != shown[1]:
            rows.append((label, *shown))
    return rows


def school_of(obj):
    """The school a record belongs to, where it has one."""
    if isinstance(obj, School):
        return obj
    for path in ("school", "body.school", "core_plan.school", "review.school", "case.school"):
        value = obj
        for part in path.split("."):
            value = getattr(value, part, None)
        if isinstance(value, School):
            return value
    return None


def record_change(request, obj, verb: str, changes=(), *, parent=None) -> None:
    about = parent if parent is not None else obj
    what = obj._meta.verbose_name
    detail = f"{verb.capitalize()} {what} “{obj}”"
    if parent is not None:
        detail += f" of {parent._meta.verbose_name} “{parent}”"
    audit.record(
        AuditEvent.Action.RECORD_CHANGED,
        request=request,
        school=school_of(obj) or school_of(about),
        detail=detail,
        about=about,
        changes=changes,
    )


class RecordsHistory:
    """Put first in an admin class's bases: ``class SchoolAdmin(RecordsHistory, ModelAdmin)``."""

    def save_model(self, request, obj, form, change):
        rows = changes_of(form) if change else []
        super().save_model(request, obj, form, change)
        if request.FILES:
            audit.upload_outcome(request, accepted=True)
        if change and not rows:
            return
        record_change(request, obj, "changed" if change else "added", rows)

    def delete_model(self, request, obj):
        record_change(request, obj, "deleted")
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            record_change(request, obj, "deleted")
        super().delete_queryset(request, queryset)

    def save_formset(self, request, form, formset, change):
        edits = []
        for inline in formset.forms:
            if not inline.has_changed() or inline in formset.deleted_forms:
                continue
            if inline.instance.pk is None:
                edits.append((inline, "added", []))
            else:
                rows = changes_of(inline)
                if rows:
                    edits.append((inline, "changed", rows))
        deleted = [f.instance for f in formset.deleted_forms if f.instance.pk is not None]
        for obj in deleted:
            record_change(request, obj, "deleted", parent=form.instance)
        super().save_formset(request, form, formset, change)
        for inline, verb, rows in edits:
            record_change(request, inline.instance, verb, rows, parent=form.instance)


def history_panel(request, school):
    """The school page's panel for the CEO: the latest changes made to this school's records
    in the admin site, and the way to the rest (registered with ``schools.panels``)."""
    from . import access
    from .access import Perm

    if not access.allowed(request.user, Perm.VIEW_AUDIT):
        return None
    changes = AuditEvent.objects.filter(action=AuditEvent.Action.RECORD_CHANGED, school=school)
    return {"school": school, "changes": list(changes[:5])}
