"""What the roof keeps: the trustees' KPI report for a term as it went to the board."""

from django.conf import settings
from django.db import models

from schools.models import Collection, Snapshot
from symphony.pdf import render_template_to_pdf


class BoardReport(Snapshot):
    """The trustees' KPI report for a term, as sent to the Board of Trustees: a stored
    snapshot (``Snapshot``), so what the board read stays readable as it was, whatever
    figures arrive or change afterwards."""

    UPLOAD_TO = "kpi-reports"

    collection = models.ForeignKey(Collection, on_delete=models.PROTECT, related_name="+")
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta(Snapshot.Meta):
        pass

    def __str__(self):
        return f"KPI report, {self.collection.term}, sent {self.requested_at:%-d %b %Y}"

    def render_pdf(self) -> bytes:
        from .report import kpi_report  # the report reads every app

        context = kpi_report(collection=self.collection) | {"sent_on": self.requested_at}
        return render_template_to_pdf("portal/kpi_report_pdf.html", context)

    def file_name(self) -> str:
        term = str(self.collection.term).lower().replace(" ", "-").replace("/", "-")
        return f"kpi-report-{term}-sent-{self.requested_at:%Y-%m-%d}.pdf"
