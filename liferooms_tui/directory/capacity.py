"""How full each partner is this week: open referrals counted per partner, numbers only.

The counting is the capacity rule the check before a referral uses (referrals.open_referrals_this_week: made
since Monday of this week, sent, and not closed now); it is read here for partner search. Only counts per
partner leave it, never who was referred, so volunteers' mode may show them.
"""

from __future__ import annotations

from liferooms_tui.referrals import open_referrals_this_week

__all__ = ["open_referrals_this_week", "places_left"]


def places_left(capacity_per_week: int | None, open_referrals: int) -> int | None:
    """Places left this week; None when the partner sets no weekly limit."""
    if capacity_per_week is None:
        return None
    return max(capacity_per_week - open_referrals, 0)
