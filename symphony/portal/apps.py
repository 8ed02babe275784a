from django.apps import AppConfig

from schools.staff import VIEW


class PortalConfig(AppConfig):
    """The roof: the pages that join every app (home and dashboard, the trustees' KPI
    report, the data API, navigation) and the demo trust. It may import every app; no app
    imports it (docs/architecture.md)."""

    name = "symphony.portal"
    label = "portal"
    verbose_name = "Portal: the pages that join every app"
    central_team_permissions = {"BoardReport": VIEW}  # a stored document (schools.staff)

    def ready(self):
        from schools import work

        from . import work as kpi_report

        # The trustees' KPI report on its readers' homes.
        work.register("kpi-report", items=kpi_report.items, explains=kpi_report.explains)
