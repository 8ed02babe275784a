from django.apps import AppConfig


class SchoolsConfig(AppConfig):
    name = "schools"
    verbose_name = "Schools, people and calendar"

    def ready(self):
        # Connect the receivers: the audit trail's, and the end of a person's API tokens
        # and feed address when their password changes or the account is deactivated.
        from . import audit, credentials  # noqa: F401
