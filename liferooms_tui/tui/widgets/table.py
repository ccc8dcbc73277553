"""A DataTable for rows that arrive from a worker after the table is already on screen.

Textual 8.2 measures new rows' widths when the table is next idle, but rows drawn before that stay cached at the
old column widths (names cut to the width of the heading). Rows added in on_mount never met this; rows answered by
a service in a worker do. This table drops its rendered rows when the measuring widened a column.
"""

from __future__ import annotations

from textual import events
from textual.widgets import DataTable


class Table(DataTable):
    async def _on_idle(self, event: events.Idle) -> None:
        widths = [column.content_width for column in self.columns.values()]
        await super()._on_idle(event)
        if widths != [column.content_width for column in self.columns.values()]:
            self._clear_caches()
            self.refresh()
