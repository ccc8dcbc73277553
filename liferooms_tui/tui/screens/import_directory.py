"""Import partners from an Open Referral UK file: type a path, see what would change, then confirm.

Enter checks the file in a dry run (a worker thread, with a progress bar) and shows what would be added,
updated, deactivated or rejected; Enter again imports it (another worker) and closes with the summary;
Escape cancels at any point. Everything the file says is shown as plain text.
"""

from __future__ import annotations

import threading
from functools import partial

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, ProgressBar, Static
from textual.worker import Worker, WorkerState

from liferooms_tui.access import NotAllowed
from liferooms_tui.directory.openreferral import ImportSummary, import_file
from liferooms_tui.safetext import literal
from liferooms_tui.vocabulary import InvalidValue

ASK = "Enter checks the file; nothing changes yet. Escape cancels."


class ImportCancelled(Exception):
    """Escape was pressed while the file was being read: the import stops and its transaction rolls back."""


class ImportDirectoryScreen(ModalScreen[ImportSummary | None]):
    """A modal that imports an Open Referral file after showing its dry run; returns the summary or None."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("enter", "go", "Check / import", show=False),
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
        self._start(path, dry_run=not confirm)

    def _start(self, path: str, *, dry_run: bool) -> None:
        self.busy = True
        bar = self.query_one(ProgressBar)
        bar.update(total=None, progress=0)
        bar.add_class("busy")
        self._hint("Checking the file..." if dry_run else "Importing...")
        self.run_worker(partial(self._work, path, dry_run), name="dry-run" if dry_run else "import",
                        group="import-directory", thread=True, exclusive=True, exit_on_error=False)

    def _work(self, path: str, dry_run: bool) -> tuple[str, ImportSummary]:
        runtime = self.app.runtime
        summary = import_file(runtime.store, runtime.actor, path, dry_run=dry_run, progress=self._progress_from_thread)
        return path, summary

    def _progress_from_thread(self, done: int, total: int) -> None:
        if self.cancelled.is_set():
            raise ImportCancelled
        self.app.call_from_thread(self._progress, total, done)

    def _progress(self, total: int, done: int) -> None:  # on the app's thread: the only one to touch widgets
        self.query_one(ProgressBar).update(total=total, progress=done)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        if (worker.group != "import-directory" or event.state not in (WorkerState.SUCCESS, WorkerState.ERROR)
                or self.cancelled.is_set()):
            return
        self.busy = False
        self.query_one(ProgressBar).remove_class("busy")
        if event.state == WorkerState.ERROR:
            error = worker.error
            if isinstance(error, InvalidValue | NotAllowed):
                self._hint(str(error), error=True)
            elif isinstance(error, OSError):
                self._hint(f"The file could not be read ({error.strerror or error}); check the path.", error=True)
            else:
                self._hint(f"The import stopped ({type(error).__name__}); nothing was changed.", error=True)
            return
        path, summary = worker.result
        if worker.name == "import":
            self.app.notify(summary.headline(), title="Partners imported", markup=False)
            self.dismiss(summary)
            return
        self.checked = (path, summary)
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
