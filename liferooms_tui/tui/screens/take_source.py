"""The partner page's t: an imported partner's field edited by hand back to what its source said at the last
import (partners/source_values.py). A mixin for PartnerPageScreen: it asks which field, then takes it."""

from __future__ import annotations

from textual.widgets import Static

from liferooms_tui.partners import source_values
from liferooms_tui.tui.screens.choice import ChoiceScreen
from liferooms_tui.tui.work import Answer

NOTHING = ("Nothing here differs from what its source said at the last import on this laptop (or it was not "
           "imported here).")


class HandEditsRead(Answer):
    value: list[dict]


class SourceTaken(Answer):
    value: dict


class TakesSourceValues:
    """Needs self.partner_id, self.ask, self.reload, self.changed and a #page-message Static."""

    def _say(self, text: str) -> None:
        self.query_one("#page-message", Static).update(text)  # type: ignore[attr-defined]

    def action_take_source(self) -> None:
        self.ask(HandEditsRead, source_values.hand_edits_of, self.partner_id)  # type: ignore[attr-defined]

    def on_hand_edits_read(self, answer: HandEditsRead) -> None:
        answer.stop()
        if answer.error or not answer.value:
            self._say(answer.error or NOTHING)
            return
        choices = [(e["field"], f"{e['field']}: the source says {e['source']}; yours is {e['yours']}")
                   for e in answer.value]
        self.app.show(ChoiceScreen("Take the source's value for which field?", choices),  # type: ignore[attr-defined]
                      self._take)

    def _take(self, field: str | None) -> None:
        if field:
            self.ask(SourceTaken, source_values.take_source, self.partner_id, field)  # type: ignore[attr-defined]

    def on_source_taken(self, answer: SourceTaken) -> None:
        answer.stop()
        if answer.error:
            self._say(answer.error)
            return
        self.changed = True
        self._say(f"{answer.value['field']} is the source's value again.")
        self.reload()  # type: ignore[attr-defined]
