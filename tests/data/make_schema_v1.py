"""How tests/data/schema_v1.sql was made: the schema of liferooms 0.1 at schema version 1.

Version 2 added the two listing indexes; everything else is as version 1 created it. Kept so the fixture
can be checked, not re-run: a later schema must be reached by migrations from this file.
"""

import sqlite3
import sys
import tempfile
from pathlib import Path

from liferooms_tui.db.store import Store

with tempfile.TemporaryDirectory() as tmp:
    Store(Path(tmp) / "v.db").close()
    conn = sqlite3.connect(Path(tmp) / "v.db")
    rows = conn.execute("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY rowid").fetchall()
    v2 = ("ix_referralevent_referral_at", "ix_outboxentry_sent_at")
    sys.stdout.write("".join(f"{sql};\n" for (sql,) in rows if not any(name in sql for name in v2)))
