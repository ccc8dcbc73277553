"""Fixtures shared by the sync tests: one laptop with a queued referral, or two laptops and a shared file."""

from __future__ import annotations

import pytest
from sync_helpers import add_referral, make_laptop, new_shared


@pytest.fixture
def laptop(tmp_path):
    """A laptop (Bootle Hub) with one fictional person and a referral queued for sync."""
    rt = make_laptop(tmp_path, "a")
    add_referral(rt)
    yield rt
    rt.close()


@pytest.fixture
def pair(tmp_path):
    """Two laptops at different hubs and a new, empty shared file."""
    a = make_laptop(tmp_path, "a", "Bootle Hub")
    b = make_laptop(tmp_path, "b", "Southport Hub")
    yield a, b, new_shared(tmp_path)
    a.close()
    b.close()
