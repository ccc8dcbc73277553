"""Everything one run of liferooms needs, opened once: paths, settings, the local store, who is acting."""

from __future__ import annotations

from dataclasses import dataclass

from liferooms_tui.access import Actor
from liferooms_tui.config import Paths, Settings, load_settings, resolve_paths
from liferooms_tui.db.store import BUSY_TIMEOUT_MS, Store
from liferooms_tui.directory.sample import seed_if_empty


@dataclass
class Runtime:
    paths: Paths
    settings: Settings
    store: Store
    actor: Actor

    def close(self) -> None:
        self.store.close()


def open_runtime(data_dir: str | None = None, *, volunteer: bool = False,
                 busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> Runtime:
    """Open (and on first run create) the data folder, settings and database, seeded with the sample directory.
    `busy_timeout_ms`: how long a write waits for another writer before it is said to be busy."""
    paths = resolve_paths(data_dir)
    settings = load_settings(paths)
    store = Store(paths.database, busy_timeout_ms=busy_timeout_ms)
    with store.session() as session:
        seed_if_empty(session)
    role = "volunteer" if volunteer else settings.role
    actor = Actor(name=settings.advisor, site=settings.site, role=role, laptop_id=settings.laptop_id)
    return Runtime(paths=paths, settings=settings, store=store, actor=actor)
