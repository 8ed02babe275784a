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
from .scc import SccCase, SccLetter, SccMove, SccStep

__all__ = [
    "Assessment",
    "Category",
    "Issues",
    "LeadershipCapacity",
    "OfstedEvidence",
    "Performance",
    "RiskMeeting",
    "SccCase",
    "SccLetter",
    "SccMove",
    "SccStep",
]
