"""Files liferooms writes for people to keep (exports, plans, reports, backups): readable by the owner only."""

from __future__ import annotations

import os
from pathlib import Path

from liferooms_tui.config import make_private_dir
from liferooms_tui.db.models import utcnow
from liferooms_tui.vocabulary import slug


def write_private(path: Path, data: str | bytes) -> Path:
    """Write a whole file atomically, created 0600 (an existing file is replaced, never appended to)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data.encode("utf-8") if isinstance(data, str) else data)
        handle.flush()
        os.fsync(handle.fileno())
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)
    return path


def export_path(folder: Path, what: str, suffix: str, *, personal: bool) -> Path:
    """A new file name in a private folder; exports of personal data say so in their name."""
    make_private_dir(folder)
    tag = "PERSONAL-DATA-" if personal else ""
    return folder / f"{tag}{slug(what, empty='export')}-{utcnow():%Y%m%d-%H%M%S}{suffix}"
