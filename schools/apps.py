from django.apps import AppConfig

from .staff import CHANGE, MAINTAIN, MAINTAIN_AND_DELETE, VIEW


class SchoolsConfig(AppConfig):
    name = "schools"
    verbose_name = "Schools, people and calendar"
    # The admin site (schools.staff): accounts, schools and the calendar are maintained there;
    # termly submissions and reminders are the portal's, the audit trail and credentials no
    # one's.
    central_team_permissions = {
        "User": MAINTAIN,
        "Hub": MAINTAIN_AND_DELETE,
        "School": MAINTAIN,
        "OfstedInspection": MAINTAIN_AND_DELETE,
        "AcademicYear": MAINTAIN_AND_DELETE,
        "Term": MAINTAIN_AND_DELETE,
        "HalfTerm": MAINTAIN_AND_DELETE,
        "Collection": MAINTAIN,
        "Submission": VIEW,
        "NationalBenchmark": MAINTAIN_AND_DELETE,
        "TrustJudgement": MAINTAIN_AND_DELETE,
        "Reminder": CHANGE,
    }

    def ready(self):
        from django.db.models.signals import post_migrate

        # Connect the receivers: the audit trail's, and the end of a person's API tokens
        # and feed address when their password changes or the account is deactivated.
        from . import audit, credentials  # noqa: F401
        from .staff import sync_central_team

        # Last of every migrate: the central team's group holds exactly what the apps declare.
        post_migrate.connect(sync_central_team, dispatch_uid="central-team-permissions")

        from . import panels
        from .history import history_panel

        # The CEO reads the history of a school's records beside them.
        panels.register(
            "history",
            slot=panels.SIDE,
            order=90,
            template="schools/includes/history_panel.html",
            context=history_panel,
        )

        from . import work
        from .data import work as termly_data

        # What needs each person, on their home (the other apps register theirs too).
        work.register("termly-data", items=termly_data.items, explains=termly_data.explains)
