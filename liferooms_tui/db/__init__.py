"""The data layer: models, the store that opens databases, outbox, version clock, referral status."""

# The models first, whichever db module is imported: they register the tables of db/partnership.py (which need
# models.Synced) in models.SYNCED_TABLES.
from liferooms_tui.db import models  # noqa: E402, F401
