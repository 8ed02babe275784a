"""Categorisation's models: the category decisions and Schools Causing Concern."""

from .category import (
    Assessment,
    Category,
    Issues,
    LeadershipCapacity,
    OfstedEvidence,
    Performance,
    RiskMeeting,
)
from .issue import SchoolIssue
from .letter import CategoryLetter
from .scc import SccCase, SccInvolvement, SccLetter, SccMove, SccStep

__all__ = [
    "Assessment",
    "Category",
    "CategoryLetter",
    "Issues",
    "LeadershipCapacity",
    "OfstedEvidence",
    "Performance",
    "RiskMeeting",
    "SchoolIssue",
    "SccCase",
    "SccInvolvement",
    "SccLetter",
    "SccMove",
    "SccStep",
]
