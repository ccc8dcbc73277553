"""The help screen (F1 or ?): what the section is for and every key it answers to."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Input, Static, TextArea

# Lists' and scrolling's own keys (arrows, Page Up/Down, Home/End): every list has them.
MOVING = {"cursor_up", "cursor_down", "cursor_left", "cursor_right", "page_up", "page_down", "page_left",
          "page_right", "scroll_home", "scroll_end", "scroll_top", "scroll_bottom", "scroll_up", "scroll_down",
          "scroll_left", "scroll_right", "select_cursor"}


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,f1,question_mark,q", "dismiss", "Close help", id="help.close")]
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll { width: 90%; max-width: 100; height: 90%; border: round $accent;
                                  background: $surface; padding: 0 1; }
    """

    def __init__(self, screen: Screen):
        super().__init__()
        self.for_screen = screen

    def compose(self) -> ComposeResult:
        title = getattr(self.for_screen, "SECTION", "") or "liferooms"
        with VerticalScroll():
            yield Static(f"Help: {title}", classes="title", markup=False)
            yield Static(getattr(self.for_screen, "HELP", ""), markup=False)
            # The whole help scrolls as one (arrows, Page Up/Down): the table is never a small box of its own
            # whose last rows (F5, F6, F1, Ctrl+L) were hidden below its fold at 80x24.
            table = DataTable(show_cursor=False, zebra_stripes=True)
            table.can_focus = False
            table.add_columns("Key", "What it does", "Keymap id")
            seen = set()
            for key, active in self.for_screen.active_bindings.items():
                binding = active.binding
                if isinstance(active.node, (Input, TextArea)) or binding.action in MOVING:
                    continue  # the usual editing and moving keys: not what help is for
                if not binding.description or (binding.description, key) in seen:
                    continue
                seen.add((binding.description, key))
                table.add_row(self.app.get_key_display(binding), binding.tooltip or binding.description,
                              binding.id or "")
            yield table
            yield Static("Text fields take the usual editing keys and lists the arrow keys. Ctrl+P opens the "
                         "command palette: every action by name. Escape closes this help. A key moves in "
                         "settings.toml's [keymap] by its id, e.g. \"plan.agree\" = \"a\".")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)  # every row at its height (app.tcss gives tables 1fr: a small box)
        table.styles.height, table.styles.max_height = "auto", None
        self.query_one(VerticalScroll).focus()

    def action_dismiss(self) -> None:
        self.dismiss(None)
