"""What an import did (or, in a dry run, would do): the same plain-text summary for the CLI and the app."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from liferooms_tui.directory.openreferral.clean import Problem
from liferooms_tui.safetext import literal


@dataclass
class Change:
    source_id: str
    name: str
    fields: list[str] = field(default_factory=list)  # for an update: the partner fields that change
    reason: str = ""  # for a deactivation: why


@dataclass
class Rejection:
    record: str
    name: str
    problems: list[Problem]


@dataclass
class ImportSummary:
    source: str
    form: str
    path: str = ""
    dry_run: bool = False
    read: int = 0
    note: str = ""  # e.g. "page 1 of 10: services missing from it are left as they are"
    added: list[Change] = field(default_factory=list)
    updated: list[Change] = field(default_factory=list)
    unchanged: list[Change] = field(default_factory=list)
    deactivated: list[Change] = field(default_factory=list)
    rejected: list[Rejection] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    kept: list[Any] = field(default_factory=list)  # hand_edits.KeptEdit: an advisor's edit kept over the source's

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.deactivated)

    def counts(self) -> dict[str, int]:
        return {"read": self.read, "added": len(self.added), "updated": len(self.updated),
                "unchanged": len(self.unchanged), "deactivated": len(self.deactivated),
                "rejected": len(self.rejected), "warnings": len(self.warnings), "kept": len(self.kept)}

    def as_dict(self) -> dict:
        data = asdict(self)
        data["counts"] = self.counts()
        data["rejected"] = [{"record": r.record, "name": r.name, "problems": [str(p) for p in r.problems]}
                            for r in self.rejected]
        data["warnings"] = [str(p) for p in self.warnings]
        return data

    def headline(self) -> str:
        c = self.counts()
        rest = f"{c['unchanged']} unchanged, {c['rejected']} rejected."
        if self.dry_run:
            return f"Would add {c['added']}, update {c['updated']}, deactivate {c['deactivated']}; {rest}"
        return f"Added {c['added']}, updated {c['updated']}, deactivated {c['deactivated']}; {rest}"

    def lines(self, limit: int = 10) -> list[str]:
        """The summary as plain lines (partner text made literal: no escape sequences reach a terminal)."""
        where = f" from {literal(self.path)}" if self.path else ""
        out = [f"{self.form}{where}: {self.read} services read, source '{self.source}'.", self.headline()]
        if self.note:
            out.append(self.note)

        def section(title: str, changes: list[Change], detail) -> None:
            if not changes:
                return
            out.append(f"{title} ({len(changes)}):")
            out.extend(f"  {literal(c.name)[:60]} [{literal(c.source_id)[:40]}]{detail(c)}" for c in changes[:limit])
            if len(changes) > limit:
                out.append(f"  ... and {len(changes) - limit} more")

        section("Would deactivate" if self.dry_run else "Deactivated", self.deactivated,
                lambda c: f": {c.reason}" if c.reason else "")
        section("Would update" if self.dry_run else "Updated", self.updated,
                lambda c: f": {', '.join(c.fields[:6])}" + (" ..." if len(c.fields) > 6 else ""))
        if self.rejected:
            out.append(f"Rejected ({len(self.rejected)}), not imported:")
            for rejection in self.rejected[:limit]:
                for problem in rejection.problems[:3]:
                    out.append(f"  {literal(str(problem))[:160]}")
                if len(rejection.problems) > 3:
                    out.append(f"  ... and {len(rejection.problems) - 3} more problems with that service")
            if len(self.rejected) > limit:
                out.append(f"  ... and {len(self.rejected) - limit} more rejected services")
        if self.warnings:
            out.append(f"Warnings ({len(self.warnings)}), imported anyway:")
            groups: dict[tuple[str, str], list[str]] = {}
            for problem in self.warnings:  # the same warning for many services is one line
                groups.setdefault((problem.field, problem.message), []).append(problem.record)
            for (where, message), records in list(groups.items())[:limit]:
                if records == [""]:
                    out.append(f"  {literal(str(Problem('', where, message)))[:160]}")
                    continue
                names = ", ".join(literal(r)[:30] for r in records[:3]) + (" ..." if len(records) > 3 else "")
                who = f"service {names}" if len(records) == 1 else f"{len(records)} services ({names})"
                out.append(f"  {who}, {literal(where)[:60]}: {literal(message)[:100]}")
            if len(groups) > limit:
                out.append(f"  ... and {len(groups) - limit} more kinds of warning")
        if self.kept:
            out.append(f"Kept your edits ({len(self.kept)}; 'liferooms partners take-source PARTNER FIELD' takes "
                       "the source's value):")
            out.extend(kept.line() for kept in self.kept[:limit])
            if len(self.kept) > limit:
                out.append(f"  ... and {len(self.kept) - limit} more kept edits")
        section("Would add" if self.dry_run else "Added", self.added, lambda c: "")
        if self.dry_run:
            out.append("Dry run: nothing was changed.")
        return out
