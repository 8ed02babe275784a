"""The schools app's models, one module per subject; import them from here."""

from .calendar import AcademicYear, HalfTerm, Term
from .people import (
    CENTRAL_TEAM_ROLES,
    HEADTEACHER_ROLES,
    SCHOOL_LINKED_ROLES,
    Role,
    User,
    UserManager,
)
from .school import (
    REPORT_CARD_AREAS,
    REPORT_CARDS_FROM,
    REQUIRED_REPORT_CARD_AREAS,
    Hub,
    LegacyGrade,
    OfstedInspection,
    ReportCardGrade,
    School,
)

__all__ = [
    "AcademicYear",
    "HalfTerm",
    "Term",
    "CENTRAL_TEAM_ROLES",
    "HEADTEACHER_ROLES",
    "SCHOOL_LINKED_ROLES",
    "Role",
    "User",
    "UserManager",
    "REPORT_CARD_AREAS",
    "REPORT_CARDS_FROM",
    "REQUIRED_REPORT_CARD_AREAS",
    "Hub",
    "LegacyGrade",
    "OfstedInspection",
    "ReportCardGrade",
    "School",
]
