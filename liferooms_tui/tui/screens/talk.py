"""The Talk step of a drop-in: what matters to the person, their needs, the four ONS wellbeing questions.

The panel only shows and checks what is typed; the conversation screen saves it (conversation.py), and a draft is
saved in the order it was typed even when two saves overlap (DraftSaver).
"""

from __future__ import annotations

import threading
import time
from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widgets import Input, Label, Static, TextArea

from liferooms_tui.db.models import Conversation
from liferooms_tui.db.store import DatabaseBusy
from liferooms_tui.dropin import conversations
from liferooms_tui.gateway import Services
from liferooms_tui.runtime import Runtime
from liferooms_tui.tui.widgets.need_chips import NeedChips
from liferooms_tui.tui.work import KNOWN_ERRORS
from liferooms_tui.vocabulary import ONS4


class StepSaved(Message):
    """A step (Plan, Refer) wrote a change: the conversation's 'Saved at' line follows."""


class TalkPanel(VerticalScroll):
    DEFAULT_CSS = """
    TalkPanel #what-matters { height: 6; }
    TalkPanel .question { padding: 1 1 0 1; }
    TalkPanel .score { width: 14; }
    TalkPanel .score-row { height: auto; }
    TalkPanel .score-hint { padding: 0 1; color: $text-muted; }
    """

    def __init__(self, conversation: Conversation):
        super().__init__()
        self.conversation = conversation

    def compose(self) -> ComposeResult:
        talk = self.conversation
        yield Label("What matters to you? (in the person's own words)", classes="question")
        yield TextArea(talk.what_matters, id="what-matters", soft_wrap=True, tab_behavior="focus")
        yield Label("Needs: Tab here, then press a letter to choose", classes="question")
        yield NeedChips(talk.needs, id="needs")
        yield Static("ONS4 wellbeing, 0 to 10 each; leave empty to skip a question.", classes="question")
        for key, question in ONS4.items():
            yield Static(question, classes="question", markup=False)  # wraps: read out in full
            with Horizontal(classes="score-row"):
                value = getattr(talk, key)
                yield Input("" if value is None else str(value), id=key, classes="score", compact=True,
                            placeholder="0-10", max_length=2, restrict=r"[0-9]*")
                yield Static("", id=f"{key}-hint", classes="score-hint", markup=False)


class DraftSaver:
    """Saves a drop-in's changes in the order they were made. Each save gets a number; a save overtaken by a later
    one (the last save on closing the screen, say, while an earlier one waited for a busy database) is skipped
    rather than written over the newer text. Runs in worker threads, through the gateway."""

    def __init__(self, conversation_id: str):
        self.conversation_id = conversation_id
        self.lock = threading.Lock()
        self.numbered = 0  # the last number handed out (UI thread)
        self.written = 0  # the newest save written (worker threads, under the lock)

    def number(self) -> int:
        self.numbered += 1
        return self.numbered

    def save(self, runtime: Runtime, changes: dict[str, Any], number: int, *, finish: bool = False) -> bool | None:
        """fn(runtime, ...) for AsksServices.ask_run: True when something changed, None when overtaken."""
        with self.lock:
            if number < self.written:
                return None
            services = Services(runtime)
            if finish:
                services(conversations.finish_conversation, self.conversation_id, **changes)
                saved = True
            else:
                saved = services(conversations.autosave, self.conversation_id, **changes)
            self.written = number
            return saved

    def save_before_closing(self, runtime: Runtime, changes: dict[str, Any], tries: int = 10) -> None:
        """The last save, when the screen closes with changes not yet written: in a thread of its own (the
        screen's workers end with it), trying again while the database is busy. Python waits for it at exit."""
        number = self.number()

        def save() -> None:
            for _ in range(tries):
                try:
                    self.save(runtime, changes, number)
                    return
                except DatabaseBusy:
                    time.sleep(1.0)
                except KNOWN_ERRORS:  # refused: the same would be refused again
                    return

        threading.Thread(target=save, name=f"last save {self.conversation_id}").start()
