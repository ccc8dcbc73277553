"""Which of our needs an Open Referral service meets: the directory's one vocabulary of needs (tagging.py),
over its taxonomy terms and its own words."""

from __future__ import annotations

from liferooms_tui.directory.tagging import needs_with_reasons


def needs_from(terms: list[str], *texts: str) -> list[str]:
    """Our needs met by a service with these taxonomy terms and texts (name, keywords, description), in NEEDS
    order."""
    return list(needs_with_reasons(terms, *texts))
