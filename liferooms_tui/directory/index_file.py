"""The search index kept in a file beside the database, so a command-line search starts in milliseconds instead
of building the index again (1-2 s for a council's directory, 15 s for 10,000 partners on a busy laptop).

Why a file rather than SQLite FTS5: the search's typo, prefix and lay-word steps and its scoring need the
in-memory index anyway (FTS5 would only give candidates, and its own tokens and ranking differ from ours), so
keeping that same index, written once and read back, gives the same results as the app by construction. It is
written with `marshal` (plain values only: nothing in the file can run code when read), readable by its owner
only, and carries the fingerprint of the partner table it was made from (index_cache.fingerprint): a file made
from an older table is never used, it is built again and replaced. It holds only the partner directory, which
is no one's personal data.
"""

from __future__ import annotations

import marshal
import threading
from array import array
from collections import OrderedDict, namedtuple
from datetime import date, datetime
from pathlib import Path

from liferooms_tui.directory.matching import Vocabulary
from liferooms_tui.files import write_private

FILE_NAME = "directory-index.bin"
FORMAT = 1  # changes whenever what the file holds changes; another format is built again
_SETS = ("_at_hub", "_anywhere", "_has_location", "_live", "_dead")
_SET_MAPS = ("_needs", "_hubs", "_catchment", "_delivery", "_located", "_located_area")
_PLAIN = ("_needs_of", "_need_mask", "_need_bit", "_slot", "_df", "_display", "_capacity", "_by_name", "_penalty")


def path_beside(database: Path) -> Path:
    return Path(database).with_name(FILE_NAME)


def _value(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list):
        return tuple(value)
    return value


def save(index, path: Path, fingerprint: tuple) -> None:
    """Write the index (its partners as plain rows) with the fingerprint of the table it was made from."""
    with index._lock:
        index._name_order()
        names = tuple(type(next(p for p in index._partners if p is not None)).model_fields) if index._live else ()
        state = {
            "format": FORMAT, "fingerprint": tuple(_value(v) for v in fingerprint), "names": names,
            "partners": [None if p is None else tuple(_value(p.__dict__.get(n, getattr(p, n))) for n in names)
                         for p in index._partners],
            "postings": {term: [None if slots is None else slots.tobytes() for slots in lists]
                         for term, lists in index._postings.items()},
            "vocab": (index._vocab.words, index._vocab._buckets, index._vocab._prefixes, index._vocab._prefix_keys),
            **{name: getattr(index, name) for name in _SETS + _SET_MAPS + _PLAIN},
        }
        data = marshal.dumps(state)
    write_private(path, data)


def load(path: Path, fingerprint: tuple, index_class):
    """The index in the file when it was made from a partner table with this fingerprint, else None. Its
    partners are read-only rows with the Partner's field names (dates as ISO text)."""
    try:
        state = marshal.loads(Path(path).read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return None
    if not isinstance(state, dict) or state.get("format") != FORMAT or \
            state.get("fingerprint") != tuple(_value(v) for v in fingerprint):
        return None
    index = index_class.__new__(index_class)
    index._lock = threading.RLock()
    index._words = OrderedDict()
    row = namedtuple("PartnerRow", state["names"]) if state["names"] else tuple
    index._partners = [None if p is None else row(*p) for p in state["partners"]]
    index._postings = {term: [None if slots is None else array("i", slots) for slots in lists]
                       for term, lists in state["postings"].items()}
    vocab = Vocabulary()
    vocab.words, vocab._buckets, vocab._prefixes, vocab._prefix_keys = state["vocab"]
    index._vocab = vocab
    for name in _SETS + _SET_MAPS + _PLAIN:
        setattr(index, name, state[name])
    return index
