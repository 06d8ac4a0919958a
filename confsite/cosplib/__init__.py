"""CoSPLib, the conference scheduling benchmark library: read its workbooks and score
solutions with its objective (``confsite.cosplib.evaluate``)."""

from confsite.cosplib.evaluate import (
    IP_REPORTED,
    Convention,
    Evaluation,
    Term,
    check_feasibility,
    evaluate,
)
from confsite.cosplib.workbook import (
    Instance,
    Published,
    Solution,
    WorkbookError,
    read_instance,
    read_published,
    read_solution,
)

__all__ = [
    "IP_REPORTED",
    "Convention",
    "Evaluation",
    "Instance",
    "Published",
    "Solution",
    "Term",
    "WorkbookError",
    "check_feasibility",
    "evaluate",
    "read_instance",
    "read_published",
    "read_solution",
]
