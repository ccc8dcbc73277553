"""How full each partner is this week: open referrals counted per partner, numbers only.

The counting is the capacity rule the check before a referral uses (referrals.open_referrals_this_week: made
since Monday of this week, sent, and not closed now) and when a partner is full (eligibility.is_full); they are
read here for partner search. Only counts per
partner leave it, never who was referred, so volunteers' mode may show them.
"""

from __future__ import annotations

from liferooms_tui.referrals import open_referrals_this_week
from liferooms_tui.referrals.eligibility import is_full, places_left

__all__ = ["is_full", "open_referrals_this_week", "places_left"]
