"""The flag on a person's card while a safeguarding concern about them is open or under review (asked in a
worker; hidden when there is none, and in volunteers' mode, which never shows a person anyway)."""

from __future__ import annotations

from textual.widgets import Static

from liferooms_tui.safeguarding.concerns import open_concern_count
from liferooms_tui.tui.work import Answer, AsksServices


class ConcernsCounted(Answer):
    pass


class ConcernFlag(AsksServices, Static):
    DEFAULT_CSS = """
    ConcernFlag { height: 1; color: $text; background: $error; padding: 0 1; display: none; }
    """

    def __init__(self, person_id: str, **kwargs):
        super().__init__("", markup=False, **kwargs)
        self.person_id = person_id

    def on_mount(self) -> None:
        self.refresh_count()

    def refresh_count(self) -> None:
        self.ask(ConcernsCounted, open_concern_count, self.person_id)

    def on_concerns_counted(self, answer: ConcernsCounted) -> None:
        count = answer.value or 0
        self.display = bool(count) and not answer.error
        if count:
            what = "1 open safeguarding concern" if count == 1 else f"{count} open safeguarding concerns"
            self.update(f"⚑ {what}: Ctrl+P 'This person's concerns' shows them; F10 adds one")

    def on_working(self, message) -> None:
        message.stop()  # busy: asked again by the worker; the flag keeps what it showed
