"""Need chips: the six needs, toggled by their letter key (h d e w c l) while the chips have focus."""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from liferooms_tui.vocabulary import NEED_KEYS, NEED_SHORT, NEEDS

SHORT = NEED_SHORT


class NeedChips(Widget, can_focus=True):
    DEFAULT_CSS = """
    NeedChips { height: auto; min-height: 1; padding: 0 1; }
    NeedChips:focus { background: $boost; }
    """
    # The chips show their own letters: the footer keeps its room for the screen's keys.
    BINDINGS = [Binding(key, f"toggle('{need}')", SHORT[need], show=False, id=f"needs.{need}")
                for need, key in NEED_KEYS.items()]

    chosen: reactive[frozenset[str]] = reactive(frozenset)

    class Changed(Message):
        def __init__(self, chips: NeedChips, needs: frozenset[str]):
            super().__init__()
            self.chips = chips
            self.needs = needs

        @property
        def control(self) -> NeedChips:
            return self.chips

    def __init__(self, needs=(), *, id: str | None = None):
        super().__init__(id=id)
        self.set_reactive(NeedChips.chosen, frozenset(needs))

    def render(self) -> Text:
        text = Text()
        for need, key in NEED_KEYS.items():
            on = need in self.chosen
            text.append(f" {key} ", style="bold reverse" if on else "bold")
            text.append(f"{'✓ ' if on else ''}{SHORT[need]}  ", style="bold" if on else "dim")
        return text

    def action_toggle(self, need: str) -> None:
        self.chosen = self.chosen ^ {need} if need in NEEDS else self.chosen
        self.post_message(self.Changed(self, self.chosen))
