"""Recording the trust improvement plan's termly progress (Trust Self-Evaluation 2025,
key priorities: each priority's monitoring process, reported each term)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from schools import access, audit
from schools.access import Perm
from schools.models import AuditEvent

from ..models import PriorityProgress, Rag, TrustPriority


@transaction.atomic
def record_priority_progress(*, priority, term, rag, evidence, by) -> PriorityProgress:
    """Record ``term``'s RAG and evidence for ``priority``: once a term, never edited."""
    if not access.allowed(by, Perm.RECORD_TRUST_PLAN):
        raise PermissionDenied("Only the CEO and the Director of Primaries record the plan.")
    # Two leaders recording the same priority at once: lock the priority so the second
    # waits and then sees the first one's row (the unique constraint is the last guard).
    priority = TrustPriority.objects.select_for_update().get(pk=priority.pk)
    errors = {}
    evidence = (evidence or "").strip()
    if not evidence:
        errors["evidence"] = "Say what the evidence is for this term's RAG status."
    if rag not in Rag.values:
        errors["rag"] = "Choose red, amber or green."
    if term.academic_year_id != priority.academic_year_id:
        errors["term"] = f"Choose a term of {priority.academic_year.name}, the priority's year."
    if errors:
        raise ValidationError(errors)
    earlier = (
        PriorityProgress.objects.filter(priority=priority, term=term)
        .select_related("recorded_by")
        .first()
    )
    if earlier:
        when = timezone.localtime(earlier.recorded_at).strftime("%-d %B %Y at %H:%M")
        who = earlier.recorded_by.full_name or earlier.recorded_by.email
        raise ValidationError(
            f"The {term} progress for “{priority.focus_area}” was recorded on {when} by "
            f"{who}; a term's progress is recorded once."
        )
    progress = PriorityProgress(
        priority=priority, term=term, rag=rag, evidence=evidence, recorded_by=by
    )
    progress.full_clean()
    progress.save()
    audit.record(
        AuditEvent.Action.TRUST_PLAN_PROGRESS,
        user=by,
        detail=f"{priority.focus_area}, {term}: {progress.get_rag_display()}"[:300],
    )
    return progress
