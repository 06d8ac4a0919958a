"""What an import did, for the organiser: counts, skips, repairs, files."""

from __future__ import annotations

from dataclasses import dataclass, field

from confsite.importers.limits import MAX_CONFLICTS_LISTED
from confsite.importers.writer import WriteResult


class ImportFailed(ValueError):
    """The source cannot be read at all (not the format, or nothing to import in it)."""


@dataclass
class ImportReport:
    """What an import did: counts, what was skipped or repaired (reason: items), conflicts
    the source itself has, what happened to each file, and the source's fields that have
    no place in the content format (field: why)."""

    source: str
    into: str
    format: str = ""
    sessions: int = 0
    speakers: int = 0
    rooms: int = 0
    days: int = 0
    tracks: int = 0
    unscheduled: int = 0
    skipped: dict[str, list[str]] = field(default_factory=dict)
    repaired: dict[str, list[str]] = field(default_factory=dict)
    conflicts: list[tuple[str, str, str, str]] = field(default_factory=list)
    more_conflicts: bool = False  # the source has more than MAX_CONFLICTS_LISTED
    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    not_carried: dict[str, str] = field(default_factory=dict)

    def record(self, result: WriteResult) -> None:
        """What writing the folder did to each file."""
        self.written = result.written
        self.unchanged = result.unchanged
        self.kept = result.kept
        self.removed = result.removed

    def conflict(self, kind: str, first: str, second: str, detail: str) -> bool:
        """List a conflict of the source; False once the list is full (and not added)."""
        if len(self.conflicts) >= MAX_CONFLICTS_LISTED:
            self.more_conflicts = True
            return False
        self.conflicts.append((kind, first, second, detail))
        return True

    def skip(self, reason: str, item: str) -> None:
        self.skipped.setdefault(reason, []).append(item)

    def repair(self, reason: str, item: str) -> None:
        self.repaired.setdefault(reason, []).append(item)

    @property
    def conflicting_sessions(self) -> set[str]:
        """Sessions the source itself puts in one room together or gives a busy speaker."""
        return {ident for _, a, b, _ in self.conflicts for ident in (a, b)}

    def lines(self) -> list[str]:
        """The report as text, for the command line."""
        out = [
            f"Imported {self.source} ({self.format}) into {self.into}: "
            f"{self.sessions} sessions, {self.speakers} speakers, {self.rooms} rooms, "
            f"{self.days} days, {self.tracks} tracks"
        ]
        if self.unscheduled:
            out.append(
                f"not yet scheduled in the source: {self.unscheduled} sessions "
                "(confsite plan places them)"
            )

        def show(title: str, groups: dict[str, list[str]]) -> None:
            for reason, items in sorted(groups.items()):
                shown = ", ".join(items[:5]) + (", …" if len(items) > 5 else "")
                out.append(f"{title} {len(items)}: {reason} ({shown})")

        show("skipped", self.skipped)
        show("repaired", self.repaired)
        for kind, first, second, detail in self.conflicts:
            out.append(f"conflict in the source: {kind}: {first} and {second} ({detail})")
        if self.more_conflicts:
            out.append(f"more conflicts in the source: only the first {len(self.conflicts)} listed")
        if self.conflicts:
            out.append(
                "the plan keeps the source's conflicts, so `confsite build` refuses it: move "
                "or unpin one session of each (then `confsite plan`), or publish them as "
                "they are with `confsite build --allow-rule-breaks`"
            )
        out.append(
            f"files: {len(self.written)} written, {len(self.unchanged)} unchanged, "
            f"{len(self.removed)} removed, {len(self.kept)} kept"
        )
        for name in self.kept:
            out.append(f"kept (edited since the last import; use --force to replace): {name}")
        for name, why in sorted(self.not_carried.items()):
            out.append(f"not carried over: {name} ({why})")
        return out
