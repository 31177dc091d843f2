"""Registry pages, one module per registry: thin over the services; every query starts from the
user's scope (``cds.accounts.scope.scoped``), so a row out of scope is simply not found (404)."""

from .documents import document_detail, document_edit, document_file, document_list, document_paste
from .history import history
from .plans import plan_detail, plan_edit, plan_list, task_delete, task_edit
from .teams import activity_delete, activity_edit, index, team_detail, team_edit, team_list
from .training import course_delete, course_edit, course_list, training_appendix

__all__ = [
    "activity_delete", "activity_edit", "course_delete", "course_edit", "course_list", "document_detail",
    "document_edit", "document_file", "document_list", "document_paste", "history", "index", "plan_detail", "plan_edit",
    "plan_list", "task_delete", "task_edit", "team_detail", "team_edit", "team_list", "training_appendix",
]  # fmt: skip
