"""Import partners from an Open Referral UK file: type a path, see what would change, then confirm.

Enter checks the file in a dry run (a worker thread, with a progress bar) and shows what would be added,
updated, deactivated or rejected; Enter again imports it (another worker) and closes with the summary;
Escape cancels at any point. Everything the file says is shown as plain text.
"""

from __future__ import annotations

import threading

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, ProgressBar, Static

from liferooms_tui.directory.openreferral import ImportSummary, import_partners
from liferooms_tui.safetext import literal
from liferooms_tui.tui.work import Answer, AsksServices, Working

ASK = "Enter checks the file; nothing changes yet. Escape cancels."


class ImportCancelled(Exception):
    """Escape was pressed while the file was being read: the import stops and its transaction rolls back."""


class FileChecked(Answer):
    value: ImportSummary  # a dry run: what would change


class PartnersImported(Answer):
    value: ImportSummary


class ImportDirectoryScreen(AsksServices, ModalScreen[ImportSummary | None]):
    """A modal that imports an Open Referral file after showing its dry run; returns the summary or None."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="import_directory.cancel"),
        Binding("enter", "go", "Check / import", show=False, id="import_directory.go"),
    ]
    DEFAULT_CSS = """
    ImportDirectoryScreen { align: center middle; }
    ImportDirectoryScreen > Vertical { width: 95%; max-width: 110; height: auto; max-height: 95%;
                                       border: round $accent; background: $surface; padding: 0 1; }
    ImportDirectoryScreen > Vertical.with-summary { height: 95%; max-height: 40; }
    ImportDirectoryScreen .title { padding: 0; }
    ImportDirectoryScreen #import-progress { display: none; }
    ImportDirectoryScreen #import-progress.busy { display: block; }
    ImportDirectoryScreen #import-summary-box { height: 1fr; display: none; margin: 1 0 0 0; }
    ImportDirectoryScreen #import-summary-box.shown { display: block; }
    """

    def __init__(self, path: str = ""):
        super().__init__()
        self.initial_path = path
        self.checked: tuple[str, ImportSummary] | None = None  # the dry run shown, for the path it was run on
        self.busy = False
        self.cancelled = threading.Event()

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("Import partners (Open Referral UK)", classes="title", markup=False)
            yield Static("Path of an Open Referral UK / HSDS JSON file, or of a folder or zip with "
                         "datapackage.json and CSV files:", markup=False)
            yield Input(self.initial_path, placeholder="e.g. ~/Downloads/sefton-services.json", id="import-path")
            yield Static(ASK, id="import-hint", classes="muted", markup=False)
            yield ProgressBar(id="import-progress", show_eta=False)
            with VerticalScroll(id="import-summary-box"):
                yield Static("", id="import-summary", markup=False)

    def on_mount(self) -> None:
        if self.app.runtime.actor.is_volunteer:
            self._hint("Volunteers' mode cannot import partners; ask an advisor. Escape closes.", error=True)
            self.query_one(Input).disabled = True
            return
        self.query_one(Input).focus()

    def _hint(self, text: str, *, error: bool = False) -> None:
        hint = self.query_one("#import-hint", Static)
        hint.update(Text(literal(text)))
        hint.set_class(error, "error")
        hint.set_class(not error, "muted")

    def on_input_changed(self, event: Input.Changed) -> None:
        if self.checked and self.checked[0] != event.value.strip():
            self.checked = None
            self._show_summary(False)
            self._hint(ASK)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_go()

    def action_go(self) -> None:
        if self.busy or self.app.runtime.actor.is_volunteer:
            return
        path = self.query_one(Input).value.strip()
        if not path:
            self._hint("Type the path of an Open Referral file first, or press Escape.", error=True)
            return
        confirm = self.checked is not None and self.checked[0] == path
        self._begin(path, dry_run=not confirm)

    def _begin(self, path: str, *, dry_run: bool) -> None:
        self.busy = True
        bar = self.query_one(ProgressBar)
        bar.update(total=None, progress=0)
        bar.add_class("busy")
        self._hint("Checking the file..." if dry_run else "Importing...")
        self.ask_run(FileChecked if dry_run else PartnersImported, import_partners, path, dry_run=dry_run,
                     progress=self._progress_from_thread)

    def _progress_from_thread(self, done: int, total: int) -> None:
        if self.cancelled.is_set():
            raise ImportCancelled
        self.app.call_from_thread(self._progress, total, done)

    def _progress(self, total: int, done: int) -> None:  # on the app's thread: the only one to touch widgets
        self.query_one(ProgressBar).update(total=total, progress=done)

    def on_working(self, message: Working) -> None:
        message.stop()
        message.prevent_default()  # said in the hint, not in a toast
        self._hint(message.text)

    def _finished(self, answer: Answer) -> bool:
        """True when the answer is a summary to show; an error is said in the hint."""
        if self.cancelled.is_set():
            return False
        self.busy = False
        self.query_one(ProgressBar).remove_class("busy")
        if answer.error:
            self._hint(answer.error, error=True)
            return False
        return True

    def on_partners_imported(self, answer: PartnersImported) -> None:
        if self._finished(answer):
            self.app.notify(answer.value.headline(), title="Partners imported", markup=False)
            self.dismiss(answer.value)

    def on_file_checked(self, answer: FileChecked) -> None:
        if not self._finished(answer):
            return
        summary = answer.value
        self.checked = (summary.path, summary)
        self.query_one("#import-summary", Static).update(Text("\n".join(summary.lines())))
        self._show_summary(True)
        if summary.changed:
            self._hint("Enter imports these changes. Escape cancels (nothing has changed yet).")
        else:
            self._hint("Nothing would change. Enter or Escape closes.")

    def _show_summary(self, shown: bool) -> None:
        self.query_one("#import-summary-box").set_class(shown, "shown")
        self.query_one(Vertical).set_class(shown, "with-summary")

    def action_cancel(self) -> None:
        self.cancelled.set()  # a running import stops at its next step and rolls back
        self.dismiss(None)
