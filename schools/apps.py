from django.apps import AppConfig


class SchoolsConfig(AppConfig):
    name = "schools"
    verbose_name = "Schools, people and calendar"

    def ready(self):
        from . import audit  # noqa: F401  (connects the audit trail's receivers)
