"""The lock: the advisor's passphrase checked against the keys that open the data (db/keys.py), with a backoff.

Wrong attempts
are counted in the memory of the running app (an `Unlocker`); from the third wrong attempt on, the next attempt
must wait, and the wait doubles after each further wrong attempt. The clock is injectable so tests need no sleep.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from liferooms_tui.db.keys import MAX_PASSPHRASE as MAX_LENGTH
from liferooms_tui.db.keys import MIN_PASSPHRASE as MIN_LENGTH
from liferooms_tui.db.keys import KeyProblem, Keys, WrongPassphrase
from liferooms_tui.vocabulary import InvalidValue

__all__ = ["MAX_LENGTH", "MIN_LENGTH", "MAX_NAME", "TooSoon", "Unlocker", "IdleWatch", "checker"]
MAX_NAME = 80  # an advisor's name, as shown in the header and the history of each change
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


def checker(keys: Keys) -> Callable[[str], bool]:
    """True for the passphrase that opens this laptop's data."""

    def check(passphrase: str) -> bool:
        try:
            keys.open_with_passphrase(passphrase)
        except (WrongPassphrase, KeyProblem):
            return False
        return True

    return check


class Unlocker:
    """Checks passphrases typed at the lock screen, slowing down after repeated wrong attempts.
    `check(passphrase)` is True for the right one (`checker(keys)` for a laptop's keys)."""

    def __init__(self, check: Callable[[str], bool], clock: Callable[[], float] = time.monotonic):
        self._check = check
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
        if self._check(passphrase[:MAX_LENGTH]):
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
