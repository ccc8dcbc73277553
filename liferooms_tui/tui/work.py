"""Asking services from a screen, one style everywhere: a thread worker calls the service, a typed message brings
the answer back to the UI thread, and a busy database becomes a sentence and a retry (never a frozen screen, a
crash or lost text).

    class PeopleFound(Answer): ...               # one Answer subclass per kind of answer a screen handles

    self.ask(PeopleFound, people.find_people, name)          # fn(session, actor, name) in a worker
    def on_people_found(self, answer: PeopleFound): ...      # on the UI thread, with answer.value

A failed call posts the same message with `error` set (a sentence for the user) and `value` None; handlers check
`answer.error` first. Calls made again for the same message class replace the one still running (exclusive).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from textual.message import Message
from textual.timer import Timer
from textual.worker import get_current_worker

from liferooms_tui.access import NotAllowed
from liferooms_tui.db.store import DatabaseBusy, StoreError
from liferooms_tui.vocabulary import InvalidValue

RETRY_SECONDS = 1.0  # a busy database is asked again after this long
KNOWN_ERRORS = (InvalidValue, NotAllowed, StoreError, ValueError)


class Answer(Message):
    """What a service call made in a worker came back with: `value`, or `error` (a sentence) and `busy`."""

    def __init__(self, value: Any = None, error: str | None = None, busy: bool = False):
        super().__init__()
        self.value, self.error, self.busy = value, error, busy


class Working(Message):
    """Posted by `say_busy`: the database was busy; the asker shows the sentence while it retries."""

    def __init__(self, text: str):
        super().__init__()
        self.text = text


def unexpected(exc: BaseException) -> str:
    return (f"Something went wrong ({exc.__class__.__name__}); nothing saved was lost. Try again, and if it "
            "keeps happening, tell your lead.")


class AsksServices:
    """Mixed into a Screen or Widget: `ask` (a service taking session and actor), `ask_read` (session only),
    `ask_run` (a service taking the runtime), and `after_typing` (debounce)."""

    _typing_timers: dict[str, Timer]

    def ask(self, answer: type[Answer], fn: Callable, *args: Any, **kwargs: Any) -> None:
        self._start(answer, "__call__", fn, args, kwargs)

    def ask_read(self, answer: type[Answer], fn: Callable, *args: Any, **kwargs: Any) -> None:
        self._start(answer, "read", fn, args, kwargs)

    def ask_run(self, answer: type[Answer], fn: Callable, *args: Any, **kwargs: Any) -> None:
        self._start(answer, "run", fn, args, kwargs)

    def _start(self, answer: type[Answer], how: str, fn: Callable, args: tuple, kwargs: dict) -> None:
        call = partial(getattr(self.app.services, how), fn, *args, **kwargs)  # type: ignore[attr-defined]
        self.run_worker(partial(self._in_thread, answer, call, how, fn, args, kwargs),  # type: ignore[attr-defined]
                        name=answer.__name__, group=answer.__name__, thread=True, exclusive=True,
                        exit_on_error=False)

    def _in_thread(self, answer: type[Answer], call: Callable, how: str, fn: Callable, args: tuple,
                   kwargs: dict) -> None:
        worker = get_current_worker()
        try:
            message = answer(call())
        except DatabaseBusy as exc:
            if worker.is_cancelled:
                return
            self.post_message(Working(str(exc)))  # type: ignore[attr-defined]
            retry = partial(self._start, answer, how, fn, args, kwargs)
            self.app.call_from_thread(self.set_timer, RETRY_SECONDS, retry)  # type: ignore[attr-defined]
            return
        except KNOWN_ERRORS as exc:
            message = answer(error=str(exc))
        except Exception as exc:  # noqa: BLE001  (never a traceback in front of the user)
            message = answer(error=unexpected(exc))
        if not worker.is_cancelled:
            self.post_message(message)  # type: ignore[attr-defined]

    def on_working(self, message: Working) -> None:
        """Default: a warning toast. Screens with a message line override this to say it there (Textual calls
        this too after an override, unless the override prevents the default: so it steps aside itself)."""
        message.stop()
        if type(self).on_working is not AsksServices.on_working:
            return
        self.app.notify(message.text, severity="warning", timeout=3)  # type: ignore[attr-defined]

    def after_typing(self, key: str, callback: Callable[[], Any], delay: float = 0.12) -> None:
        """Call `callback` once typing has paused for `delay` seconds (each key restarts the wait)."""
        if not hasattr(self, "_typing_timers"):
            self._typing_timers = {}
        timer = self._typing_timers.get(key)
        if timer is not None:
            timer.stop()
        self._typing_timers[key] = self.set_timer(delay, callback)  # type: ignore[attr-defined]
