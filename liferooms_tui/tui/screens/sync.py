"""Sync: what this laptop has queued, the last sync, the shared file; sync now (in a worker), rejects."""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable, ProgressBar, Static

from liferooms_tui.access import NotAllowed
from liferooms_tui.config import save_settings
from liferooms_tui.sync import review
from liferooms_tui.sync.engine import SyncReport, run_sync
from liferooms_tui.sync.errors import SyncError
from liferooms_tui.sync.join import KEY_WORDS, Started, join, start_shared
from liferooms_tui.sync.postgres import is_url
from liferooms_tui.tui.screens.choice import ChoiceScreen
from liferooms_tui.tui.screens.prompt import PromptScreen
from liferooms_tui.tui.screens.section import SectionScreen
from liferooms_tui.tui.widgets.status_line import StatusLine
from liferooms_tui.tui.widgets.text import plural, safe
from liferooms_tui.tui.work import Answer
from liferooms_tui.vocabulary import InvalidValue


class SyncRead(Answer):
    value: review.SyncOverview


class SharedFileMade(Answer):
    value: Started


class KeyKept(Answer):
    value: bool


class SyncProgress(Message):
    """Posted from the sync worker's thread: how far it has got."""

    def __init__(self, what: str, done: int, total: int):
        super().__init__()
        self.what, self.done, self.total = what, done, total


class SyncFinished(Message):
    """Posted from the sync worker's thread when it ends: a report, or the sentence saying why not."""

    def __init__(self, report: SyncReport | None, error: str | None, kind: str = ""):
        super().__init__()
        self.report, self.error, self.kind = report, error, kind


def when(iso: str) -> str:
    return iso[:16].replace("T", " ") + " UTC" if iso else "never"


class SyncScreen(SectionScreen):
    MODE = "sync"
    SECTION = "Sync"
    HELP = ("What this laptop has queued for the shared file, how the last sync went, and rows the shared file "
            "refused. s syncs now (in the background: keep working), p sets the shared file, n makes a new one "
            "there; nothing queued is lost if a sync fails.")
    BINDINGS = [
        Binding("s", "sync", "Sync now", id="sync.sync_now"),
        Binding("p", "set_path", "Shared file", id="sync.shared_file"),
        Binding("n", "new_shared", "New shared file", show=False, id="sync.new_shared_file"),
        Binding("r", "reload", "Refresh", id="sync.refresh"),
    ]
    DEFAULT_CSS = """
    SyncScreen #sync-summary { height: auto; padding: 0 1; }
    SyncScreen #sync-progress { height: 1; padding: 0 1; }
    SyncScreen #sync-message { height: auto; max-height: 4; padding: 0 1; }
    SyncScreen #rejects-title { padding: 1 1 0 1; }
    """

    syncing = False

    def compose_body(self) -> ComposeResult:
        yield Static(id="sync-summary", markup=False)
        yield ProgressBar(id="sync-progress", show_eta=False)
        yield Static("", id="sync-message", markup=False)
        yield Static("Rows the shared file refused (a row changed again is sent again)", id="rejects-title",
                     classes="muted", markup=False)
        yield DataTable(id="sync-rejects", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        self.query_one("#sync-progress", ProgressBar).display = False
        self.query_one("#sync-rejects", DataTable).add_columns("What", "Id", "Why", "When")
        self.load()

    def on_screen_resume(self) -> None:
        self.load()

    def load(self) -> None:
        self.ask(SyncRead, review.overview)

    def on_sync_read(self, answer: SyncRead) -> None:
        if answer.error:
            self.say(answer.error, "error")
            return
        seen = answer.value
        status = seen.status
        where = self.runtime.settings.shared_path or "not set: press p to choose it"
        result = f" ({status.last_result})" if status.last_result else ""
        self.query_one("#sync-summary", Static).update(
            f"Queued to send: {status.queued_changes:,} changes ({plural(status.queued_referrals, 'referral')})\n"
            f"Last sync: {when(status.last_sync_at)}{result}\n"
            f"Last sync that worked: {when(seen.last_ok_at)}\n"
            f"Shared file: {where}\n"
            f"Rejected rows: {seen.rejected} · conflicts kept (values that lost): {seen.conflicted}"
        )
        table = self.query_one("#sync-rejects", DataTable)
        table.clear()
        for reject in seen.rejects:
            table.add_row(review.what(reject.table_name), safe(reject.row_id[:8]), safe(reject.reason),
                          f"{reject.at:%Y-%m-%d %H:%M}", key=reject.id)

    def say(self, text: str, style: str = "") -> None:
        message = self.query_one("#sync-message", Static)
        message.set_classes(style)
        message.update(text)

    def action_reload(self) -> None:
        self.load()

    def action_sync(self) -> None:
        if self.syncing:
            self.say("A sync is already running.", "warn")
            return
        if not self.runtime.settings.shared_path:
            self.say("No shared file is set: press p to choose it.", "warn")
            return
        self.syncing = True
        bar = self.query_one("#sync-progress", ProgressBar)
        bar.display = True
        bar.update(total=None, progress=0)
        self.say(f"Syncing with {self.runtime.settings.shared_path} ...")
        self.run_worker(self._sync_in_thread, name="sync", group="sync", thread=True, exclusive=True,
                        exit_on_error=False)

    def _sync_in_thread(self) -> None:
        """Runs in a worker thread: only posts messages back to the screen."""
        def progress(what: str, done: int, total: int) -> None:
            self.post_message(SyncProgress(what, done, total))

        try:
            report = self.app.services.run(run_sync, progress=progress)
        except SyncError as exc:
            self.post_message(SyncFinished(None, str(exc), exc.kind))
        except (InvalidValue, NotAllowed) as exc:
            self.post_message(SyncFinished(None, str(exc)))
        except Exception as exc:  # noqa: BLE001  (never a traceback in front of the user)
            self.post_message(SyncFinished(None, f"The sync stopped unexpectedly ({exc.__class__.__name__}: "
                                                 f"{exc}). Nothing queued was lost; try again."))
        else:
            self.post_message(SyncFinished(report, None))

    @on(SyncProgress)
    def show_progress(self, message: SyncProgress) -> None:
        self.query_one("#sync-progress", ProgressBar).update(total=max(message.total, 1), progress=message.done)
        self.say(f"{message.what}: {message.done} of {message.total}")

    @on(SyncFinished)
    def show_result(self, message: SyncFinished) -> None:
        self.syncing = False
        self.query_one("#sync-progress", ProgressBar).display = False
        report = message.report
        if report is None:
            self.say(message.error or "The sync did not finish.", "error")
            if message.kind in ("no-key", "wrong-key"):
                self.ask_for_key(message.error or "")
        else:
            self.say(report.message, "warn" if report.read_only or report.rejects else "ok")
        self.load()
        for status in self.query(StatusLine):
            status.refresh_status()

    def action_set_path(self) -> None:
        def chosen(text: str | None) -> None:
            if text is None:
                return
            # the same file whichever folder liferooms starts in; a postgresql:// address is kept as typed
            path = text.strip() if is_url(text.strip()) else str(Path(text).expanduser().resolve())
            try:
                self.runtime.settings.shared_path = path
                save_settings(self.runtime.paths, self.runtime.settings)
            except OSError as exc:
                self.say(f"The settings could not be saved ({exc.strerror or exc}); check the data folder.", "error")
                return
            self.say(f"This laptop now syncs with {path}.", "ok")
            self.load()

        self.app.show(PromptScreen("Shared file", "The shared file's full path (on the share, USB stick "
                                          "or synced folder):", self.runtime.settings.shared_path,
                                          placeholder="/media/share/liferooms-shared.db"), chosen)

    def action_new_shared(self) -> None:
        path = self.runtime.settings.shared_path
        if not path:
            self.say("Set the shared file's path first (p), then press n to create it there.", "warn")
            return
        question = (f"Make a new, empty shared file at {path}? Do this once for the whole service. If the share "
                    "is only not connected, connect it instead: laptops syncing to different files drift apart.")
        self.app.show(ChoiceScreen(question, [("create", "Make a new shared file")], cancel="Not now (Esc)",
                                          warning=True),
                             lambda answer: self.create_shared(path) if answer == "create" else None)

    def create_shared(self, path: str) -> None:
        self.ask_run(SharedFileMade, start_shared, path)

    def on_shared_file_made(self, answer: SharedFileMade) -> None:
        if answer.error:
            self.say(answer.error, "error")
            return
        made = answer.value
        did = "Encrypted the shared file" if made.sealed else "Created a new shared file"
        self.say(f"{did} at {made.path}. Press s to sync with it.", "ok")
        self.app.show(ChoiceScreen(f"{did} at {made.path}.\n\n" + KEY_WORDS.format(key=made.key),
                                   [("done", "I have written the key down")], cancel="Close (Esc)", warning=True))
        self.load()

    def ask_for_key(self, why: str) -> None:
        """No service key here, or one that does not open the shared file: ask for the one the lead gave."""
        def typed(text: str | None) -> None:
            if text:
                self.ask(KeyKept, join, text, self.runtime.settings.shared_path)

        self.app.show(PromptScreen("Service key", f"{why}\nType the service key the lead gave you (14 groups of "
                                   "four letters and digits):", placeholder="ABCD-EFGH-..."), typed)

    def on_key_kept(self, answer: KeyKept) -> None:
        if answer.error:
            self.say(answer.error, "error")
            return
        self.say("This laptop now has the service key: syncing ...", "ok")
        self.action_sync()
