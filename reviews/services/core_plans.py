"""Core Plan writes: the plan of the year, its actions, dated progress notes, closing."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from symphony.services import model_update

from ..models import Action, CorePlan, ProgressNote


def core_plan_for(*, school, academic_year) -> CorePlan:
    """The school's Core Plan for the year, created on first use."""
    try:
        with transaction.atomic():
            return CorePlan.objects.get_or_create(school=school, academic_year=academic_year)[0]
    except IntegrityError:
        # Race: publication and a headteacher's first action created the plan at once.
        return CorePlan.objects.get(school=school, academic_year=academic_year)


@transaction.atomic
def add_action(*, core_plan: CorePlan, data: dict) -> Action:
    action = Action(core_plan=core_plan, **data)
    action.full_clean()
    action.save()
    return action


def _locked(action_id: int) -> Action:
    # Race: a headteacher adds a progress note while the DoP edits or closes the action;
    # the RAG must end up as the newest note's, and a closed action takes no more notes.
    return Action.objects.select_for_update().get(pk=action_id)


@transaction.atomic
def update_action(*, action: Action, data: dict) -> Action:
    action = _locked(action.pk)
    if action.is_closed:
        raise ValidationError("This action is closed; it is kept as it was.")
    return model_update(instance=action, data=data)


@transaction.atomic
def add_progress_note(*, action: Action, rag: str, note: str, by, noted_on=None) -> ProgressNote:
    action = _locked(action.pk)
    if action.is_closed:
        raise ValidationError("This action is closed; progress notes are no longer added.")
    entry = ProgressNote(
        action=action, rag=rag, note=note, by=by, noted_on=noted_on or timezone.localdate()
    )
    entry.full_clean()
    entry.save()
    newest = action.notes.order_by("-noted_on", "-created_at", "-id").first()
    action.rag = newest.rag
    action.save(update_fields=["rag"])
    return entry


@transaction.atomic
def close_action(*, action: Action, impact_evaluation: str, by, closed_on=None) -> Action:
    action = _locked(action.pk)
    if action.is_closed:
        raise ValidationError("This action is already closed.")
    action.impact_evaluation = impact_evaluation
    action.closed_on = closed_on or timezone.localdate()
    action.full_clean()
    action.save()
    return action
