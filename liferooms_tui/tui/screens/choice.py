"""A question with a few answers, one button each: 'resume which drop-in?', 'is it one of these people?'.

Returns the value of the answer chosen, or None for Escape. Labels are shown literally (they hold names).
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from liferooms_tui.tui.widgets.text import safe_label


class ChoiceScreen(ModalScreen[str | None]):
    BINDINGS = [
        Binding("escape", "cancel", "Back", id="choice.back"),
        Binding("down", "app.focus_next", "Next", show=False, id="choice.next"),
        Binding("up", "app.focus_previous", "Previous", show=False, id="choice.previous"),
    ]
    DEFAULT_CSS = """
    ChoiceScreen { align: center middle; }
    ChoiceScreen > VerticalScroll { width: 80%; max-width: 80; height: auto; max-height: 90%;
                                    border: round $accent; background: $surface; padding: 0 1; }
    ChoiceScreen.warning > VerticalScroll { border: round $warning; }
    ChoiceScreen Button { width: 100%; margin-top: 1; }
    """

    def __init__(self, question: str, answers: list[tuple[str, str]], *, cancel: str = "Back (Esc)",
                 keys: dict[str, str] | None = None, warning: bool = False):
        """answers: (value, label) pairs; keys: a letter that chooses a value directly, e.g. {"n": "new"}."""
        super().__init__(classes="warning" if warning else None)
        self.question, self.answers, self.cancel_label = question, answers, cancel
        self.keys = keys or {}

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(self.question, classes="title", markup=False)
            for index, (_, label) in enumerate(self.answers):
                yield Button(safe_label(label), id=f"answer-{index}")
            yield Button(self.cancel_label, id="cancel")

    def on_mount(self) -> None:
        self.query_one(Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "cancel":
            self.dismiss(None)
        else:
            self.dismiss(self.answers[int(event.button.id.removeprefix("answer-"))][0])

    def on_key(self, event) -> None:
        if event.key in self.keys:
            event.stop()
            self.dismiss(self.keys[event.key])

    def action_cancel(self) -> None:
        self.dismiss(None)
