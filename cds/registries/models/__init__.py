"""Registries: documents, community digital technology teams, training, plans — one module each."""

from .documents import Document, DocumentType
from .plans import Plan, Task, TaskStatus
from .teams import Activity, Member, Team, TeamDecision, TeamLevel
from .training import Course, CourseKind, ParticipantGroup, Participation

__all__ = [
    "Activity",
    "Course",
    "CourseKind",
    "Document",
    "DocumentType",
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
