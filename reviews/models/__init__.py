"""The reviews app's models: peer reviews and their reports; Core Plans and actions."""

from .core_plan import Action, CorePlan, ProgressNote, Rag
from .peer_review import (
    LIFECYCLE,
    Area,
    Audience,
    FocusArea,
    IssueLevel,
    Kind,
    PeerReview,
    ReportRecipient,
    ReviewReport,
    ReviewTeamMember,
    Scale,
    SchoolReview,
    Status,
    grade_choices,
    grade_label,
)
from .tdg import Specialism, TdgDeployment
from .trust_plan import PriorityProgress, TrustPriority

__all__ = [
    "LIFECYCLE",
    "Action",
    "Area",
    "Audience",
    "CorePlan",
    "FocusArea",
    "IssueLevel",
    "Kind",
    "PeerReview",
    "PriorityProgress",
    "ProgressNote",
    "Rag",
    "ReportRecipient",
    "ReviewReport",
    "ReviewTeamMember",
    "Scale",
    "SchoolReview",
    "Specialism",
    "Status",
    "TrustPriority",
    "TdgDeployment",
    "grade_choices",
    "grade_label",
]
