from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "governance"
    verbose_name = "Governance"

    def ready(self):
        from schools import person_data

        from . import privacy

        person_data.register(
            "governance", export=privacy.export_person, anonymise=privacy.anonymise_person
        )
