"""What each import source last said about the partners it made: the baseline that tells an advisor's hand edit
from the source's own value when the same source is imported again (directory/openreferral/hand_edits.py).

One row per imported partner (its id): the source's value of every partner field at the last import, as JSON
values (dates as ISO text). Kept on the laptop that imported; it does not sync (the partner row itself does).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON
from sqlmodel import Field, SQLModel

from liferooms_tui.db.models import utcnow


class SourceValues(SQLModel, table=True):
    """The values an import source gave a partner's fields the last time it was imported."""

    partner_id: str = Field(primary_key=True)  # the partner's id (no foreign key: written beside the partner)
    source: str
    values: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    imported_at: datetime = Field(default_factory=utcnow)


TABLES: list[type[SQLModel]] = [SourceValues]
