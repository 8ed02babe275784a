from django.apps import AppConfig

from schools.staff import MAINTAIN_AND_DELETE, VIEW


class GovernanceConfig(AppConfig):
    name = "governance"
    verbose_name = "Governance"
    # Bodies, people, appointments and meetings are the central team's to keep; a skills
    # rating is the person's own answer.
    central_team_permissions = {
        "Body": MAINTAIN_AND_DELETE,
        "Person": MAINTAIN_AND_DELETE,
        "Appointment": MAINTAIN_AND_DELETE,
        "Interest": MAINTAIN_AND_DELETE,
        "Training": MAINTAIN_AND_DELETE,
        "Skill": MAINTAIN_AND_DELETE,
        "SkillRating": VIEW,
        "Meeting": MAINTAIN_AND_DELETE,
        "Attendance": MAINTAIN_AND_DELETE,
        "MeetingAction": MAINTAIN_AND_DELETE,
    }

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

        from schools import access, work

        from . import selectors
        from . import work as governance_work

        # The chair of a school's LGB, for the notices that go to it (schools.access).
        access.provide_chair_lookup(selectors.chair_accounts)

        # What needs each person on their home: meetings, actions, skills audit, training.
        work.register("governance", items=governance_work.items, explains=governance_work.explains)
