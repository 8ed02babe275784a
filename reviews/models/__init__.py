"""The reviews app's models: peer reviews and their reports; Core Plans and actions."""

from .core_plan import Action, CorePlan, ProgressNote, Rag
from .peer_review import (
    LIFECYCLE,
    Area,
    FocusArea,
    IssueLevel,
    Kind,
    PeerReview,
    ReviewReport,
    ReviewTeamMember,
    Scale,
    SchoolReview,
    Status,
    grade_choices,
    grade_label,
)

__all__ = [
    "LIFECYCLE",
    "Action",
    "Area",
    "CorePlan",
    "FocusArea",
    "IssueLevel",
    "Kind",
    "PeerReview",
    "ProgressNote",
    "Rag",
    "ReviewReport",
    "ReviewTeamMember",
    "Scale",
    "SchoolReview",
    "Status",
    "grade_choices",
    "grade_label",
]
