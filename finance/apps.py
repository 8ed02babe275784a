from django.apps import AppConfig

from schools.staff import MAINTAIN_AND_DELETE, VIEW


class FinanceConfig(AppConfig):
    name = "finance"
    verbose_name = "Finance and operations"
    # The finance records and contracts are the central team's; a copy sent to trustees is a
    # stored document.
    central_team_permissions = {
        "BudgetLine": MAINTAIN_AND_DELETE,
        "MonthlyFigure": MAINTAIN_AND_DELETE,
        "FinanceTarget": MAINTAIN_AND_DELETE,
        "RiskRegister": MAINTAIN_AND_DELETE,
        "Risk": MAINTAIN_AND_DELETE,
        "RiskReview": MAINTAIN_AND_DELETE,
        "Balance": MAINTAIN_AND_DELETE,
        "ScaFunding": MAINTAIN_AND_DELETE,
        "EstatesProject": MAINTAIN_AND_DELETE,
        "ProjectEntry": MAINTAIN_AND_DELETE,
        "Contract": MAINTAIN_AND_DELETE,
        "EstatesReportCopy": VIEW,
    }

    def ready(self):
        from schools import kpis as registry

        from .kpis import FINANCE_KPIS

        registry.register(*FINANCE_KPIS)  # the portal's one KPI registry

        from schools import work

        from . import work as finance_work

        # What needs the finance team and each head, on their home.
        work.register("finance", items=finance_work.items, explains=finance_work.explains)
