"""Registries: documents, community digital technology teams, training, plans — one module each."""

from .documents import DOCUMENT_TYPES, Document
from .plans import Plan, Task, TaskStatus
from .teams import Activity, Member, Team, TeamDecision, TeamLevel
from .training import Course, CourseKind, ParticipantGroup, Participation

__all__ = [
    "DOCUMENT_TYPES",
    "Activity",
    "Course",
    "CourseKind",
    "Document",
    "Member",
    "ParticipantGroup",
    "Participation",
    "Plan",
    "Task",
    "TaskStatus",
    "Team",
    "TeamDecision",
    "TeamLevel",
]
