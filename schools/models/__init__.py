"""The schools app's models, one module per subject; import them from here."""

from .api import ApiToken
from .audit import AuditEvent
from .calendar import AcademicYear, HalfTerm, Term
from .data import Collection, Figure, NationalBenchmark, Submission, TrustJudgement
from .documents import Snapshot
from .people import (
    CENTRAL_TEAM_ROLES,
    HEADTEACHER_ROLES,
    NO_SCHOOL_FOR_OUTSIDERS,
    OUTSIDE_ROLES,
    SCHOOL_LINKED_ROLES,
    NotifyBy,
    Role,
    User,
    UserManager,
)
from .reminders import CalendarFeed, Reminder
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
    "Snapshot",
    "AcademicYear",
    "HalfTerm",
    "Term",
    "CENTRAL_TEAM_ROLES",
    "HEADTEACHER_ROLES",
    "SCHOOL_LINKED_ROLES",
    "NO_SCHOOL_FOR_OUTSIDERS",
    "OUTSIDE_ROLES",
    "NotifyBy",
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
    "CalendarFeed",
    "Reminder",
    "Collection",
    "Figure",
    "NationalBenchmark",
    "Submission",
    "TrustJudgement",
    "ApiToken",
    "AuditEvent",
]
