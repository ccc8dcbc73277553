"""What can stop a sync, in words a user can act on."""

from __future__ import annotations

from liferooms_tui.vocabulary import InvalidValue

# The kinds of failure, for --json output and for the few words on the status line.
SHORT = {
    "no-path": "no shared file set",
    "missing": "shared file not found",
    "not-sqlite": "not a SQLite file",
    "foreign": "not a liferooms shared file",
    "corrupt": "shared file damaged",
    "newer": "shared file is newer",
    "locked": "shared file busy",
    "exists": "file already exists",
    "io": "could not read or write",
    "local": "could not save here",
    "no-key": "no key for the shared file",
    "wrong-key": "wrong service key",
    "truncated": "shared file cut short",
}


class SyncError(InvalidValue):
    """The sync stopped before writing anything it should not have; the message says why and what to do."""

    def __init__(self, kind: str, message: str):
        super().__init__(message)
        self.kind = kind

    @property
    def short(self) -> str:
        return SHORT.get(self.kind, self.kind)


class RowRejected(Exception):
    """The shared file refused one row (it is listed for the user; the rows after it still go)."""
