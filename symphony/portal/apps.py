from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The roof: the pages that join every app (home and dashboard, the trustees' KPI
    report, the data API, navigation) and the demo trust. It may import every app; no app
    imports it (docs/architecture.md)."""

    name = "symphony.portal"
    label = "portal"
    verbose_name = "Portal: the pages that join every app"
