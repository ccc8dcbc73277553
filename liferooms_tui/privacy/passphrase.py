"""The advisor's passphrase and the lock: a salted scrypt hash, checked in constant time, with a backoff.

The passphrase is stored only as "scrypt$n$r$p$salt_b64$hash_b64" in Settings.passphrase_hash. Wrong attempts
are counted in the memory of the running app (an `Unlocker`); from the third wrong attempt on, the next attempt
must wait, and the wait doubles after each further wrong attempt. The clock is injectable so tests need no sleep.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import time
from collections.abc import Callable
from dataclasses import replace

from liferooms_tui.access import Actor, require_advisor
from liferooms_tui.config import Paths, Settings, save_settings
from liferooms_tui.vocabulary import SITES, InvalidValue

MIN_LENGTH = 8
MAX_LENGTH = 1024  # scrypt takes any length; a bound keeps a pasted novel from stalling the app
MAX_NAME = 80  # an advisor's name, as shown in the header and the history of each change
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
SALT_BYTES = 16
KEY_BYTES = 32
FREE_ATTEMPTS = 2  # wrong attempts before the backoff starts
FIRST_WAIT_SECONDS = 2.0
MAX_WAIT_SECONDS = 300.0


class TooSoon(InvalidValue):
    """An attempt made before the backoff after wrong attempts has passed."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        super().__init__(f"Too many wrong passphrases: wait {wait_words(seconds)} before trying again.")


def wait_words(seconds: float) -> str:
    whole = max(1, int(seconds + 0.999))
    if whole < 120:
        return "1 second" if whole == 1 else f"{whole} seconds"
    return f"{(whole + 59) // 60} minutes"


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _scrypt(passphrase: str, salt: bytes, n: int, r: int, p: int, length: int) -> bytes:
    return hashlib.scrypt(passphrase.encode("utf-8", "surrogatepass"), salt=salt, n=n, r=r, p=p,
                          maxmem=128 * r * (n + p + 2) + 1024 * 1024, dklen=length)


def hash_passphrase(passphrase: str, *, n: int = SCRYPT_N, r: int = SCRYPT_R, p: int = SCRYPT_P,
                    salt: bytes | None = None) -> str:
    salt = salt if salt is not None else os.urandom(SALT_BYTES)
    digest = _scrypt(passphrase, salt, n, r, p, KEY_BYTES)
    return f"scrypt${n}${r}${p}${_b64(salt)}${_b64(digest)}"


def verify_passphrase(passphrase: str, stored: str) -> bool:
    """True when the passphrase matches the stored hash (compared in constant time); False for a bad hash."""
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest, validate=True)
        actual = _scrypt(passphrase[:MAX_LENGTH], base64.b64decode(salt, validate=True), int(n), int(r), int(p),
                         len(expected))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


def check_new_passphrase(first: str, second: str) -> str:
    """The passphrase an advisor chose, typed twice; raises InvalidValue saying what is expected."""
    if len(first) < MIN_LENGTH:
        raise InvalidValue(f"Choose a passphrase of at least {MIN_LENGTH} characters (a few words are easy to "
                           "remember).")
    if len(first) > MAX_LENGTH:
        raise InvalidValue(f"Keep the passphrase under {MAX_LENGTH} characters.")
    if first != second:
        raise InvalidValue("The two passphrases are not the same: type the same passphrase twice.")
    return first


def needs_passphrase(settings: Settings, actor: Actor) -> bool:
    """An advisor without a passphrase is asked for one; volunteers' mode never is (it holds no personal data)."""
    return not actor.is_volunteer and not settings.passphrase_hash


def set_passphrase(paths: Paths, settings: Settings, actor: Actor, first: str, second: str) -> None:
    """Store a new passphrase (as its hash only) in the settings file."""
    require_advisor(actor, "the passphrase")
    settings.passphrase_hash = hash_passphrase(check_new_passphrase(first, second))
    save_settings(paths, settings)


def first_run(paths: Paths, settings: Settings, actor: Actor, name: str, site: str, first: str,
              second: str) -> Actor:
    """An advisor's first run: their name (kept with every change they make), the site they work at (the site
    of their drop-ins in reports) and their passphrase; saved together. Returns the actor as now known."""
    require_advisor(actor, "the passphrase")
    name = " ".join(name.split())
    if not name or len(name) > MAX_NAME:
        raise InvalidValue(f"Type your name as colleagues know you (up to {MAX_NAME} characters).")
    if site not in SITES:
        raise InvalidValue(f"Choose where you work: one of {', '.join(SITES)}.")
    settings.passphrase_hash = hash_passphrase(check_new_passphrase(first, second))
    settings.advisor, settings.site = name, site
    save_settings(paths, settings)
    return replace(actor, name=name, site=site)


class Unlocker:
    """Checks passphrases typed at the lock screen, slowing down after repeated wrong attempts."""

    def __init__(self, stored_hash: str | Callable[[], str], clock: Callable[[], float] = time.monotonic):
        self._stored = stored_hash if callable(stored_hash) else (lambda: stored_hash)
        self.clock = clock
        self.failures = 0
        self._next_allowed = 0.0

    def wait_for(self, failures: int) -> float:
        """Seconds to wait after this many wrong attempts in a row."""
        if failures <= FREE_ATTEMPTS:
            return 0.0
        return min(FIRST_WAIT_SECONDS * 2 ** (failures - FREE_ATTEMPTS - 1), MAX_WAIT_SECONDS)

    def seconds_left(self) -> float:
        return max(0.0, self._next_allowed - self.clock())

    def try_unlock(self, passphrase: str) -> bool:
        """True when the passphrase is right (the count starts again); raises TooSoon during a backoff."""
        left = self.seconds_left()
        if left > 0:
            raise TooSoon(left)
        if verify_passphrase(passphrase, self._stored()):
            self.failures = 0
            self._next_allowed = 0.0
            return True
        self.failures += 1
        self._next_allowed = self.clock() + self.wait_for(self.failures)
        return False


class IdleWatch:
    """When the last key or mouse event came, and whether the idle time has passed since."""

    def __init__(self, minutes: Callable[[], int], clock: Callable[[], float] = time.monotonic):
        self.minutes = minutes
        self.clock = clock
        self.last_input = clock()

    def touch(self) -> None:
        self.last_input = self.clock()

    def expired(self) -> bool:
        return self.clock() - self.last_input >= self.minutes() * 60
