from django.apps import AppConfig

from schools.staff import CHANGE, MAINTAIN_AND_DELETE, VIEW


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = "Reviews and Core Plans"
    # A review being planned can be corrected (its team and focus areas too); Core Plans are
    # kept by their schools in the portal, and reports are stored documents; the other reviews
    # are recorded in the portal by the CEO and DoP.
    central_team_permissions = {
        "PeerReview": CHANGE,
        "ReviewTeamMember": MAINTAIN_AND_DELETE,
        "FocusArea": MAINTAIN_AND_DELETE,
        "ReviewReport": VIEW,
        "CorePlan": VIEW,
        "Action": VIEW,
        "ProgressNote": VIEW,
        "SchoolReview": VIEW,
        # The trust improvement plan: its priorities kept by the central team, its termly
        # progress recorded in the portal by the CEO and DoP.
        "TrustPriority": MAINTAIN_AND_DELETE,
        "PriorityProgress": VIEW,
        # A deployment is recorded in the portal (audited); the central team corrects it.
        "TdgDeployment": CHANGE,
    }

    def ready(self):
        from schools import audit, panels, work
        from schools.models import AuditEvent

        from . import work as reviews_work
        from .panels import school_reviews

        audit.on_change(
            "reviews.PeerReview",
            "status",
            "published",
            AuditEvent.Action.REVIEW_PUBLISHED,
            lambda r: (r.published_by, r.school, str(r)),
        )
        audit.on_create("reviews.TdgDeployment", AuditEvent.Action.TDG_DEPLOYMENT, _deployed)
        panels.register(
            "reviews",
            slot=panels.MAIN,
            order=10,
            template="reviews/includes/school_reviews.html",
            context=school_reviews,
        )
        # What peer reviews and Core Plans ask of each person, on their home.
        work.register("reviews", items=reviews_work.items, explains=reviews_work.explains)


def _deployed(d):
    """The audit trail's line for TDG support deployed to a school."""
    funded = "school-funded" if d.school_funded else "not school-funded"
    return (
        d.recorded_by,
        d.school,
        f"{d.who}, {d.get_specialism_display()}, {d.days_label} ({funded})",
    )
