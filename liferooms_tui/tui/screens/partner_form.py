"""One form for every change to a partner: add, edit, pause, close, reopen, verified today, capacity, the
partnership, a catch-up, the induction checklist. The form only collects what is typed; the service checks it
(the rules an import follows too) and saves it in one transaction. A wrong field is said in one sentence on the
form's own line, the cursor goes to that field, and nothing typed is lost; Ctrl+S saves, Escape goes back."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Input, Label, Select, Static, TextArea

from liferooms_tui.tui.widgets.text import literal, safe_label
from liferooms_tui.tui.work import Answer, AsksServices


@dataclass(frozen=True)
class Field:
    key: str
    label: str
    value: Any = ""
    placeholder: str = ""
    kind: str = "text"  # "text", "long" (several lines), "check" (a tick box) or "choice" (one of `choices`)
    choices: tuple[tuple[str, str], ...] = ()  # (label, value)


# (values typed, by key) -> (service function taking session and actor, its arguments, its keyword arguments)
Saver = Callable[[dict[str, Any]], tuple[Callable, tuple, dict]]


class FormSaved(Answer):
    value: Any


class PartnerForm(AsksServices, ModalScreen[Any]):
    """Returns what the service returned, or None when the advisor went back."""

    BINDINGS = [Binding("escape", "cancel", "Back", id="partner_form.back"),
                Binding("ctrl+s", "save", "Save", id="partner_form.save")]
    DEFAULT_CSS = """
    PartnerForm { align: center middle; }
    PartnerForm > Vertical { width: 90%; max-width: 96; height: auto; max-height: 95%;
                             border: round $accent; background: $surface; padding: 0 1; }
    PartnerForm VerticalScroll { height: auto; max-height: 65vh; }
    PartnerForm Input, PartnerForm Select { margin: 0 0 1 0; }
    PartnerForm TextArea { height: 4; margin: 0 0 1 0; }
    PartnerForm Label { color: $text-muted; }
    PartnerForm #form-message { color: $error; height: auto; }
    """

    def __init__(self, title: str, intro: str, fields: list[Field], saver: Saver):
        super().__init__()
        self.title_text, self.intro, self.fields, self.saver = title, intro, fields, saver
        self.saving = False

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.title_text, classes="title", markup=False)
            if self.intro:
                yield Static(self.intro, markup=False)
            yield Static("", id="form-message", markup=False)  # above the fields: seen whatever is scrolled
            with VerticalScroll():
                yield from self.compose_fields()
            yield Static("Ctrl+S saves · Escape goes back (nothing is saved)", classes="muted", markup=False)

    def compose_fields(self) -> ComposeResult:
        for field in self.fields:
            if field.kind == "check":
                yield Checkbox(safe_label(field.label), bool(field.value), id=f"f-{field.key}", compact=True)
                continue
            yield Label(safe_label(field.label))
            if field.kind == "long":
                yield TextArea(literal(str(field.value or "")), id=f"f-{field.key}", soft_wrap=True,
                               show_line_numbers=False, compact=True)
            elif field.kind == "choice":
                yield Select([(safe_label(label), value) for label, value in field.choices],
                             value=field.value or Select.NULL, id=f"f-{field.key}", compact=True)
            else:
                yield Input(literal(str(field.value or "")), placeholder=field.placeholder,
                            id=f"f-{field.key}", compact=True)

    def on_mount(self) -> None:
        self.query_one(f"#f-{self.fields[0].key}").focus()

    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for field in self.fields:
            widget = self.query_one(f"#f-{field.key}")
            if isinstance(widget, Select):
                out[field.key] = "" if widget.value is Select.NULL else widget.value
            elif isinstance(widget, TextArea):
                out[field.key] = widget.text
            else:
                out[field.key] = widget.value  # type: ignore[attr-defined]
        return out

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.focus_next()

    def action_save(self) -> None:
        if self.saving:
            return
        fn, args, kwargs = self.saver(self.values())
        self.saving = True
        self.query_one("#form-message", Static).update("Saving…")
        self.ask(FormSaved, fn, *args, **kwargs)

    def on_form_saved(self, answer: FormSaved) -> None:
        answer.stop()
        self.saving = False
        if answer.error:
            self.query_one("#form-message", Static).update(answer.error)
            self.focus_field_named(answer.error)
            return
        self.dismiss(answer.value)

    def focus_field_named(self, sentence: str) -> None:
        """The cursor to the field the sentence begins with (its label), so the fix is one keystroke away."""
        for field in sorted(self.fields, key=lambda f: -len(f.label)):
            if sentence.startswith(field.label) or sentence.lower().startswith(field.label.lower()):
                self.query_one(f"#f-{field.key}").focus()
                return

    def action_cancel(self) -> None:
        self.dismiss(None)
