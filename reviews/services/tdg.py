"""TDG deployments (School Improvement Strategy 2024-25, §5): who is deployed, in which
specialism, to which school, for how many days and which Core Plan action. Recorded here,
with each rule's own message; bad input saves nothing. The audit trail records each one
(``reviews.apps``)."""

from __future__ import annotations

import decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from schools.models import Role

from ..models import TdgDeployment


@transaction.atomic
def record_deployment(
    *,
    school,
    specialism,
    days,
    starts_on,
    ends_on,
    by,
    practitioner=None,
    practitioner_name="",
    school_funded=True,
    action=None,
    notes="",
) -> TdgDeployment:
    errors: dict[str, str] = {}
    practitioner_name = (practitioner_name or "").strip()
    if practitioner is None and not practitioner_name:
        errors["practitioner"] = (
            "Name who is deployed: a TDG practitioner, or a system leader not in the portal."
        )
    elif practitioner is not None and practitioner_name:
        errors["practitioner_name"] = "Name either a TDG practitioner or a system leader, not both."
    elif practitioner is not None and practitioner.role != Role.TDG_PRACTITIONER:
        errors["practitioner"] = f"{practitioner} is not a TDG practitioner."
    if specialism not in TdgDeployment.Specialism.values:
        errors["specialism"] = "Choose one of the Strategy's specialisms."
    try:
        days = decimal.Decimal(str(days)) if days is not None else None
    except decimal.InvalidOperation:
        days = None
    if days is None or not days.is_finite() or days <= 0:
        errors["days"] = "Days must be more than 0."
    if starts_on and ends_on and ends_on < starts_on:
        errors["ends_on"] = "The deployment cannot end before it starts."
    if action is not None and action.core_plan.school_id != school.pk:
        errors["action"] = f"That Core Plan action is not {school}'s."
    if errors:
        raise ValidationError(errors)
    deployment = TdgDeployment(
        school=school,
        practitioner=practitioner,
        practitioner_name=practitioner_name,
        specialism=specialism,
        days=days,
        starts_on=starts_on,
        ends_on=ends_on,
        school_funded=school_funded,
        action=action,
        notes=notes,
        recorded_by=by,
    )
    deployment.full_clean()
    deployment.save()
    return deployment
