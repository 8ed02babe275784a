from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "governance"
    verbose_name = "Governance"

    def ready(self):
        from schools import panels, person_data

        from . import privacy
        from .panels import lgb_panel

        person_data.register(
            "governance", export=privacy.export_person, anonymise=privacy.anonymise_person
        )
        panels.register(
            "lgb",
            slot=panels.SIDE,
            order=20,
            template="governance/includes/lgb_panel.html",
            context=lgb_panel,
        )
