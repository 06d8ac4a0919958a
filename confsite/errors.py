"""Why a build (the site, the promotion kit) failed, in words the organiser can act on."""

from __future__ import annotations


class BuildFailed(Exception):
    """The build stopped; ``details`` lists each reason (a template line, a MkDocs warning)."""

    def __init__(self, message: str, details: list[str] | None = None) -> None:
        self.details = details or []
        super().__init__(message)
