from django.apps import AppConfig

from schools.staff import VIEW


class CategorisationConfig(AppConfig):
    name = "categorisation"
    verbose_name = "Categorisation"
    # Decisions, SCC cases, letters and staffing or premises issues are made in the portal;
    # the admin site shows them.
    central_team_permissions = {
        "RiskMeeting": VIEW,
        "Assessment": VIEW,
        "SccCase": VIEW,
        "SccMove": VIEW,
        "SccLetter": VIEW,
        "SccInvolvement": VIEW,
        "CategoryLetter": VIEW,
        "SchoolIssue": VIEW,
    }

    def ready(self):
        from reviews import offer as review_offer
        from schools import audit, panels, work
        from schools.models import AuditEvent

        from . import issues
        from . import work as categorisation_work
        from .offer import review_offers
        from .panels import category_panel

        review_offer.provide(review_offers)  # the review type follows the category
        recorded = AuditEvent.Action
        audit.on_create("categorisation.Assessment", recorded.CATEGORY_DECISION, _decision)
        audit.on_create("categorisation.SccMove", recorded.SCC_MOVE, _scc_move)
        audit.on_create("categorisation.SccInvolvement", recorded.SCC_INVOLVEMENT, _scc_involvement)
        audit.on_create(
            "categorisation.SchoolIssue", recorded.SCHOOL_ISSUE, issues.describe_recorded
        )
        panels.register(
            "category",
            slot=panels.SIDE,
            order=10,
            template="categorisation/includes/school_panel.html",
            context=category_panel,
        )
        # Re-assessments, risk meetings and SCC monitoring on each person's home.
        work.register(
            "categorisation",
            items=categorisation_work.items,
            explains=categorisation_work.explains,
        )


def _decision(a):
    """The audit trail's line for a category decision."""
    return (
        a.decided_by,
        a.school,
        f"Category {a.category} (suggested {a.suggested_category}); leadership capacity "
        f"{a.leadership_capacity or 'not recorded'}",
    )


def _scc_move(m):
    """The audit trail's line for an SCC move."""
    to = f"level {m.to_level}" if m.to_level else "left SCC"
    return m.by, m.case.school, f"{m.get_kind_display()}: {m.from_level or '-'} to {to}"


def _scc_involvement(i):
    """The audit trail's line for a body outside the trust recorded on an SCC case."""
    tier = f", {i.get_tier_display().lower()} tier" if i.tier else ""
    since = f"{i.started_on:%-d %b %Y}"
    return i.recorded_by, i.case.school, f"{i.get_body_display()}{tier} from {since}"
