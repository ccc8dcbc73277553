"""The service key: the random key the shared file is encrypted with (SQLCipher, raw key), one for the service.

`liferooms shared init` makes it and shows it once, in a readable form (groups of four letters and digits, like
the recovery key, with a short check at the end so a mistyped key is caught where it is typed). Each advisor's
laptop is given it once (`liferooms shared join`, or the Sync section asks for it) and keeps it inside its own
encrypted database (SyncMeta), never anywhere else. A volunteer's laptop never holds it: it opens personal data.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
from pathlib import Path

from sqlmodel import Session

from liferooms_tui.access import Actor, require_advisor
from liferooms_tui.db.models import SyncMeta
from liferooms_tui.vocabulary import InvalidValue

KEY_BYTES = 32
CHECK_BYTES = 3  # 32 + 3 bytes = 56 base32 characters, no padding
META_KEY = "service_key"
NO_KEY = ("This laptop has no key for the shared file: ask the service's lead for it and run "
          "'liferooms shared join'.")


def new_service_key() -> bytes:
    return os.urandom(KEY_BYTES)


def _check(key: bytes) -> bytes:
    return hashlib.sha256(b"liferooms service key" + key).digest()[:CHECK_BYTES]


def readable(key: bytes) -> str:
    """The key as it is shown and handed over: 14 groups of four (base32), the last few a check on the rest."""
    text = base64.b32encode(key + _check(key)).decode("ascii")
    return "-".join(text[i:i + 4] for i in range(0, len(text), 4))


def parse(typed: str) -> bytes:
    """A key as typed or read from a file (any case, with or without dashes and spaces); raises InvalidValue."""
    text = "".join(ch for ch in typed.upper() if ch.isalnum())
    try:
        raw = base64.b32decode(text) if len(text) == 56 else b""
    except (binascii.Error, ValueError):
        raw = b""
    if len(raw) != KEY_BYTES + CHECK_BYTES or raw[KEY_BYTES:] != _check(raw[:KEY_BYTES]):
        raise InvalidValue("That is not the service key: it is 14 groups of four letters and digits, as the lead "
                           "wrote it down; check each group and type it again.")
    return raw[:KEY_BYTES]


def read_key_file(path: str | os.PathLike) -> str:
    """The key in a file the lead handed over: its first line that is not empty or a # comment."""
    try:
        text = Path(path).expanduser().read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise InvalidValue(f"The key file {path} cannot be read ({exc.strerror or exc}): check the path.") from exc
    for line in text.splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            return line.strip()
    raise InvalidValue(f"The key file {path} holds no key: ask the lead for the file again.")


def kept_key(session: Session) -> bytes | None:
    """The service key this laptop was given, or None."""
    meta = session.get(SyncMeta, META_KEY)
    return bytes.fromhex(meta.value) if meta and meta.value else None


def keep_key(session: Session, actor: Actor, key: bytes) -> bool:
    """Keep the service key in this laptop's encrypted database; True when it replaced a different one."""
    require_advisor(actor, "the service key (it opens the shared file's personal data)")
    meta = session.get(SyncMeta, META_KEY) or SyncMeta(key=META_KEY)
    replaced = bool(meta.value) and meta.value != key.hex()
    meta.value = key.hex()
    session.add(meta)
    return replaced


def forget_key(session: Session) -> None:
    meta = session.get(SyncMeta, META_KEY)
    if meta is not None:
        session.delete(meta)


def laptop_key(store) -> bytes | None:
    with store.session() as session:
        return kept_key(session)
