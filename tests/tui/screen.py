"""What a person would see: the rendered screen as plain text (from Textual's own screenshot), and a way to wait
for the app to get somewhere without guessing how long it takes."""

from __future__ import annotations

import html
import inspect
import re
import time


def screen_text(app) -> str:
    svg = app.export_screenshot()
    lines = re.findall(r"<text[^>]*>(.*?)</text>", svg, flags=re.S)
    return html.unescape("".join(lines) if lines else re.sub(r"<[^>]+>", "", svg)).replace("\xa0", " ")


async def wait_for(pilot, condition, timeout: float = 5.0, step: float = 0.02, what: str | None = None):
    """Pause the app in short steps until condition() is true (a thread worker answered, a screen was pushed ...).

    condition may be a plain function or a coroutine function. Returns its (truthy) value. On timeout the test
    fails saying what was awaited (`what`, else the condition's source) and what the screen showed."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if inspect.isawaitable(value):
            value = await value
        if value:
            return value
        if time.monotonic() >= deadline:
            break
        await pilot.pause(step)
    if what is None:
        try:
            what = inspect.getsource(condition).strip()
        except (OSError, TypeError):
            what = repr(condition)
    try:
        shown = screen_lines(pilot.app)
    except Exception as exc:  # the screen itself may be what broke
        shown = f"(could not render the screen: {exc})"
    raise AssertionError(f"waited {timeout} s and this never became true: {what}\nThe screen showed:\n{shown}")


def palette_highlights(app, title: str) -> bool:
    """True once the command palette is open and its highlighted (first) command is `title` (any case)."""
    from textual.command import CommandList, CommandPalette

    screen = app.screen
    if not isinstance(screen, CommandPalette):
        return False
    commands = screen.query_one(CommandList)
    if commands.highlighted is None:
        return False
    option = commands.get_option_at_index(commands.highlighted)
    hit = getattr(option, "hit", None)
    text = (getattr(hit, "text", None) or str(option.prompt)).lower()
    return text == title.lower()


async def run_from_palette(pilot, typed: str, title: str, timeout: float = 5.0):
    """Open the command palette (ctrl+p), type `typed`, wait until `title` is the highlighted command, run it."""
    from textual.command import CommandPalette

    await pilot.press("ctrl+p")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, CommandPalette), timeout, what="the palette opens")
    await pilot.press(*typed)
    await wait_for(pilot, lambda: palette_highlights(pilot.app, title), timeout,
                   what=f"the palette highlights {title!r} after typing {typed!r}")
    await pilot.press("enter")
    await wait_for(pilot, lambda: not isinstance(pilot.app.screen, CommandPalette), timeout,
                   what="the palette closes")


def screen_lines(app) -> str:
    """The screen as plain text, line by line as a person sees it (Textual's compositor, without styles);
    trailing spaces are dropped so a snapshot file reads cleanly."""
    import io

    from rich.console import Console

    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), force_terminal=True, color_system=None,
                      record=True, legacy_windows=False, safe_box=False)
    console.print(app.screen._compositor.render_update(full=True, screen_stack=app._background_screens))
    lines = console.export_text(styles=False).replace("\xa0", " ").split("\n")
    return "\n".join(line.rstrip() for line in lines[:height]).rstrip("\n") + "\n"


async def settle(pilot, quiet: float = 0.3, timeout: float = 10.0) -> str:
    """Let the app finish what it started (workers, debounced searches, timers) until the screen has not changed
    for `quiet` seconds with no worker running; returns that text. Fails, with what the screen showed, if it never
    stops changing."""
    app = pilot.app
    state = {"text": None, "since": 0.0}

    async def still() -> bool:
        await app.workers.wait_for_complete()
        await pilot.pause()
        text = screen_lines(app)
        if text != state["text"]:
            state["text"], state["since"] = text, time.monotonic()
        return time.monotonic() - state["since"] >= quiet and not any(w.is_running for w in app.workers)

    await wait_for(pilot, still, timeout, what=f"the screen stops changing for {quiet} s")
    return state["text"]
