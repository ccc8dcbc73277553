from __future__ import annotations

import pytest

from liferooms_tui.tui.app import create_app


@pytest.fixture
def make_app(runtime):
    """The app as the CLI makes it, in its test configuration."""

    def make(**kw):
        return create_app(runtime, ask_passphrase=False, **kw)

    return make
