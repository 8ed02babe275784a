from django.apps import AppConfig


class FinanceConfig(AppConfig):
    name = "finance"
    verbose_name = "Finance and operations"

    def ready(self):
        from schools import kpis as registry

        from .kpis import FINANCE_KPIS

        registry.register(*FINANCE_KPIS)  # the portal's one KPI registry
