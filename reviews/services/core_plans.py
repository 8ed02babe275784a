"""Core Plan writes: the plan of the year, its actions, dated progress notes, closing."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from schools import audit
from schools.models import AuditEvent
from schools.reminders import absolute_link, notify
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
def add_action(*, core_plan: CorePlan, data: dict, by=None) -> Action:
    action = Action(core_plan=core_plan, **data)
    _school_account(core_plan, action.owner_user)
    action.full_clean()
    action.save()
    tell_owner(action, by=by)
    return action


def _locked(action_id: int) -> Action:
    # Race: a headteacher adds a progress note while the DoP edits or closes the action;
    # the RAG must end up as the newest note's, and a closed action takes no more notes.
    return Action.objects.select_for_update().get(pk=action_id)


@transaction.atomic
def update_action(*, action: Action, data: dict, by=None) -> Action:
    action = _locked(action.pk)
    if action.is_closed:
        raise ValidationError("This action is closed; it is kept as it was.")
    was_owner = action.owner_user_id
    if "owner_user" in data:
        _school_account(action.core_plan, data["owner_user"])
    action = model_update(instance=action, data=data)
    if action.owner_user_id and action.owner_user_id != was_owner:
        tell_owner(action, by=by)
    return action


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


def _school_account(core_plan: CorePlan, owner_user):
    if owner_user is not None and not owner_user.schools.filter(pk=core_plan.school_id).exists():
        raise ValidationError(
            {
                "owner_user": f"{owner_user} is not linked to {core_plan.school}: choose someone "
                "who works there, or write the owner's name."
            }
        )


@transaction.atomic
def accept_action(*, action: Action, owner: str = "", owner_user=None, deadline, by) -> Action:
    """The school's head accepts an action a published peer review proposed, naming who
    leads it and by when; its owner, if they have an account, is told it is theirs."""
    action = _locked(action.pk)
    if not action.proposed:
        raise ValidationError("This action was already accepted; edit it instead.")
    owner = (owner or "").strip() or (owner_user.full_name if owner_user is not None else "")
    if not owner:
        raise ValidationError({"owner": "Name who leads this action in school."})
    if deadline is None:
        raise ValidationError({"deadline": "Give the action a deadline."})
    _school_account(action.core_plan, owner_user)
    action.owner, action.owner_user, action.deadline = owner, owner_user, deadline
    action.proposed = False
    action.accepted_by, action.accepted_at = by, timezone.now()
    action.full_clean()
    action.save()
    audit.record(
        AuditEvent.Action.RECORD_CHANGED,
        user=by,
        school=action.core_plan.school,
        detail=f"Accepted the Core Plan action “{action}” (owner {owner}, due {deadline})",
        about=action,
    )
    tell_owner(action, by=by)
    return action


def tell_owner(action: Action, *, by=None) -> None:
    """An action assigned to someone with an account: they are told, once per owner."""
    owner = action.owner_user
    if owner is None or not owner.is_active or owner == by:
        return
    school = action.core_plan.school
    due = f" It is due {action.deadline:%-d %B %Y}." if action.deadline else ""
    notify(
        f"action-assigned:{action.pk}:{owner.pk}",
        [owner],
        f"{school.name}: a Core Plan action is yours",
        [f"You lead this action in {school.name}'s Core Plan: {action.title}.{due}"],
        absolute_link("reviews:action", pk=action.pk),
        school=school,
    )
