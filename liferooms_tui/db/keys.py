"""The keys that open a laptop's data, kept in keys.json in the data folder (0600).

An advisor's laptop has a random 32-byte data key: the key SQLCipher encrypts the local database with. The data
key is never stored as it is: it is kept twice, wrapped, once by a key derived from the passphrase and once by a key
derived from the recovery key (shown once at set-up, for the service's lead to keep). Changing the passphrase
wraps the same data key again, so the database is never rewritten for it.

Wrapping: scrypt(secret, fresh random salt) gives 64 bytes; the first 32 are XORed with the data key, the last 32
are the HMAC-SHA256 key over salt and wrapped bytes. A fresh salt each time makes the pad a one-time pad; the HMAC
tells a wrong passphrase from a right one (compared in constant time) without ever decrypting with a wrong key.
Losing both the passphrase and the recovery key means the local data cannot be read by anyone.

A volunteer's laptop holds no personal data: its keys file says so (role "volunteer") and holds no key; its
database is the partner directory only, not encrypted. The role is kept here, set once by `liferooms setup`.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
from dataclasses import dataclass
from pathlib import Path

from liferooms_tui.config import make_private_dir
from liferooms_tui.vocabulary import InvalidValue

KEYS_FILE = "keys.json"
FORMAT = "liferooms-keys"
KEY_BYTES = 32
SALT_BYTES = 16
MIN_PASSPHRASE = 8
MAX_PASSPHRASE = 1024  # scrypt takes any length; a bound keeps a pasted novel from stalling the app


class KeyProblem(Exception):
    """The keys cannot open the data; the message says why and what to do."""


class WrongPassphrase(KeyProblem):
    def __init__(self, what: str = "passphrase"):
        super().__init__(f"That is not the {what} for this laptop's data: nothing was opened or changed; "
                         "type it again.")


@dataclass(frozen=True)
class Cost:
    """scrypt's cost: n (memory and time, a power of two), r and p. Tests pass a cheap one; it is kept with each
    wrapped key, so opening uses the cost the key was wrapped with."""

    n: int = 2**14
    r: int = 8
    p: int = 1


DEFAULT_COST = Cost()


def scrypt(secret: str, salt: bytes, cost: Cost, length: int) -> bytes:
    return hashlib.scrypt(secret.encode("utf-8", "surrogatepass"), salt=salt, n=cost.n, r=cost.r, p=cost.p,
                          maxmem=128 * cost.r * (cost.n + cost.p + 2) + 1024 * 1024, dklen=length)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def check_new_passphrase(first: str, second: str) -> str:
    """The passphrase an advisor chose, typed twice; raises InvalidValue saying what is expected."""
    if len(first) < MIN_PASSPHRASE:
        raise InvalidValue(f"Choose a passphrase of at least {MIN_PASSPHRASE} characters (a few words are easy to "
                           "remember).")
    if len(first) > MAX_PASSPHRASE:
        raise InvalidValue(f"Keep the passphrase under {MAX_PASSPHRASE} characters.")
    if first != second:
        raise InvalidValue("The two passphrases are not the same: type the same passphrase twice.")
    return first


def verify_old_hash(passphrase: str, stored: str) -> bool:
    """True when the passphrase matches a hash kept in the settings before the data was encrypted
    ("scrypt$n$r$p$salt_b64$hash_b64"), compared in constant time; False for a bad hash."""
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest, validate=True)
        actual = scrypt(passphrase[:MAX_PASSPHRASE], base64.b64decode(salt, validate=True),
                        Cost(int(n), int(r), int(p)), len(expected))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


def wrap(data_key: bytes, secret: str, cost: Cost = DEFAULT_COST) -> dict:
    salt = os.urandom(SALT_BYTES)
    stream = scrypt(secret, salt, cost, 2 * KEY_BYTES)
    wrapped = bytes(a ^ b for a, b in zip(data_key, stream[:KEY_BYTES]))
    mac = hmac.new(stream[KEY_BYTES:], salt + wrapped, hashlib.sha256).digest()
    return {"n": cost.n, "r": cost.r, "p": cost.p, "salt": _b64(salt), "wrapped": _b64(wrapped), "mac": _b64(mac)}


def unwrap(entry: dict, secret: str) -> bytes | None:
    """The data key, or None when `secret` is not the one it was wrapped with."""
    try:
        cost = Cost(int(entry["n"]), int(entry["r"]), int(entry["p"]))
        salt, wrapped, mac = (base64.b64decode(entry[k], validate=True) for k in ("salt", "wrapped", "mac"))
        stream = scrypt(secret, salt, cost, 2 * KEY_BYTES)
    except (KeyError, TypeError, ValueError) as exc:
        raise KeyProblem("The keys file of this laptop is damaged: restore it from a backup, or open the data "
                         "with the recovery key.") from exc
    expected = hmac.new(stream[KEY_BYTES:], salt + wrapped, hashlib.sha256).digest()
    if not hmac.compare_digest(expected, mac):
        return None
    return bytes(a ^ b for a, b in zip(wrapped, stream[:KEY_BYTES]))


def new_recovery_key() -> str:
    """A random recovery key, as groups of letters and digits easy to copy by hand (base32, 256 bits)."""
    text = base64.b32encode(os.urandom(KEY_BYTES)).decode("ascii").rstrip("=")
    return "-".join(text[i:i + 4] for i in range(0, len(text), 4))


def normal_recovery_key(typed: str) -> str:
    """A recovery key as typed (any case, with or without dashes and spaces), in its one written form."""
    text = "".join(ch for ch in typed.upper() if ch.isalnum())
    return "-".join(text[i:i + 4] for i in range(0, len(text), 4))


@dataclass
class Keys:
    """What keys.json holds: the laptop's role and, for an advisor, the data key wrapped twice."""

    path: Path
    role: str
    by_passphrase: dict | None = None
    by_recovery: dict | None = None

    @property
    def encrypted(self) -> bool:
        return self.role != "volunteer"

    def open_with_passphrase(self, passphrase: str) -> bytes:
        key = unwrap(self.by_passphrase or {}, passphrase) if self.by_passphrase else None
        if key is None:
            raise WrongPassphrase()
        return key

    def open_with_recovery_key(self, recovery_key: str) -> bytes:
        key = unwrap(self.by_recovery, normal_recovery_key(recovery_key)) if self.by_recovery else None
        if key is None:
            raise WrongPassphrase("recovery key")
        return key

    def change_passphrase(self, data_key: bytes, new_passphrase: str, cost: Cost = DEFAULT_COST) -> None:
        self.by_passphrase = wrap(data_key, new_passphrase, cost)
        self.save()

    def save(self) -> None:
        data = {"format": FORMAT, "version": 1, "role": self.role}
        if self.encrypted:
            data |= {"cipher": "sqlcipher4", "passphrase": self.by_passphrase, "recovery": self.by_recovery}
        _write_private(self.path, json.dumps(data, indent=2) + "\n")


def keys_path(data_dir: Path) -> Path:
    return Path(data_dir) / KEYS_FILE


def read_keys(data_dir: Path) -> Keys | None:
    """The laptop's keys, or None when the folder was never set up."""
    path = keys_path(data_dir)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        raise KeyProblem(f"{path} cannot be read ({exc.__class__.__name__}): restore it from a backup.") from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("role") not in ("advisor", "volunteer"):
        raise KeyProblem(f"{path} is not a liferooms keys file: restore it from a backup.")
    keys = Keys(path, data["role"], data.get("passphrase"), data.get("recovery"))
    if keys.encrypted and not (isinstance(keys.by_passphrase, dict) and isinstance(keys.by_recovery, dict)):
        raise KeyProblem(f"{path} holds no key for an advisor's data: this laptop was set up for a volunteer, or "
                         "the file is damaged. Restore it from a backup, or set up a new data folder.")
    return keys


def new_keys(data_dir: Path, role: str, passphrase: str | None, cost: Cost = DEFAULT_COST
             ) -> tuple[Keys, bytes | None, str | None]:
    """Keys for a laptop being set up: (keys, data key, recovery key); volunteers get neither key. Not saved yet."""
    if role == "volunteer":
        return Keys(keys_path(data_dir), role), None, None
    assert passphrase is not None
    data_key, recovery = os.urandom(KEY_BYTES), new_recovery_key()
    keys = Keys(keys_path(data_dir), role, wrap(data_key, passphrase, cost), wrap(data_key, recovery, cost))
    return keys, data_key, recovery


def _write_private(path: Path, text: str) -> None:
    make_private_dir(path.parent)
    tmp = path.with_name(f".{path.name}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)
