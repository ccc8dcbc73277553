"""The one way from a screen to the data.

A screen never opens a session: it hands a service function and its arguments to `Services`, which opens a
session, calls the function as the acting user (`fn(session, actor, ...)`), commits, and returns what the function
returned (plain values, or rows detached from the session). A database locked by another writer comes back as
`DatabaseBusy`, a sentence the screen shows before it tries again. The TUI calls this from thread workers only
(tui/work.py); the CLI calls services directly.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Concatenate, ParamSpec, TypeVar

from sqlmodel import Session

from liferooms_tui.access import Actor
from liferooms_tui.runtime import Runtime

P = ParamSpec("P")
T = TypeVar("T")


class Services:
    def __init__(self, runtime: Runtime):
        self.runtime = runtime

    @property
    def actor(self) -> Actor:
        return self.runtime.actor

    def __call__(self, fn: Callable[Concatenate[Session, Actor, P], T], *args: P.args, **kwargs: P.kwargs) -> T:
        """Run one service function, `fn(session, actor, *args, **kwargs)`, in one transaction."""
        with self.runtime.store.session() as session:
            return fn(session, self.runtime.actor, *args, **kwargs)

    def read(self, fn: Callable[Concatenate[Session, P], T], *args: P.args, **kwargs: P.kwargs) -> T:
        """Run a service function that needs no actor (`fn(session, *args, **kwargs)`): sync status, counts."""
        with self.runtime.store.session() as session:
            return fn(session, *args, **kwargs)

    def run(self, fn: Callable[Concatenate[Runtime, P], T], *args: P.args, **kwargs: P.kwargs) -> Any:
        """Run a service that opens its own sessions from the runtime (sync, import): long work in chunks."""
        return fn(self.runtime, *args, **kwargs)
