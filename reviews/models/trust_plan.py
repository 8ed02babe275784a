"""The trust improvement plan: the Trust Self-Evaluation's key priorities (focus area,
target, strategies, monitoring process, responsibilities) for a year, and the termly
progress the CEO and DoP record against each."""

from django.conf import settings
from django.db import models

from .core_plan import Rag


class TrustPriority(models.Model):
    academic_year = models.ForeignKey(
        "schools.AcademicYear", on_delete=models.CASCADE, related_name="trust_priorities"
    )
    focus_area = models.CharField(max_length=120)
    target = models.TextField()
    strategies = models.TextField(help_text="One strategy a line.")
    monitoring = models.TextField("monitoring process", help_text="One measure a line.")
    responsible = models.CharField(
        "responsibilities", max_length=200, help_text="The people responsible, as text."
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["academic_year", "order", "pk"]
        verbose_name = "trust priority"
        verbose_name_plural = "trust priorities"

    def __str__(self):
        return f"{self.focus_area}: {self.target[:60]}"

    def strategy_lines(self):
        return [line.strip() for line in self.strategies.splitlines() if line.strip()]

    def monitoring_lines(self):
        return [line.strip() for line in self.monitoring.splitlines() if line.strip()]


class PriorityProgress(models.Model):
    """One RAG judgement a term for a priority, with its evidence. Recorded in the portal,
    never edited (a term's judgement is what was reported)."""

    Rag = Rag

    priority = models.ForeignKey(TrustPriority, on_delete=models.CASCADE, related_name="progress")
    term = models.ForeignKey("schools.Term", on_delete=models.PROTECT, related_name="+")
    rag = models.CharField("RAG status", max_length=5, choices=Rag.choices)
    evidence = models.TextField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["priority", "term__starts_on"]
        verbose_name_plural = "priority progress"
        constraints = [
            models.UniqueConstraint(
                fields=["priority", "term"], name="one_progress_per_priority_per_term"
            )
        ]

    def __str__(self):
        return f"{self.priority.focus_area}, {self.term}: {self.get_rag_display()}"
