"""Passphrases and keys typed by a person: asked at a terminal without echo (getpass), or for scripts and tests
read line by line from standard input with --passphrase-stdin. Never from an argument or the environment."""

from __future__ import annotations

import getpass
import sys

from liferooms_tui.vocabulary import InvalidValue


def read_line() -> str:
    """The next line of standard input, without its line end."""
    line = sys.stdin.readline()
    if not line:
        raise InvalidValue("--passphrase-stdin was given but standard input ended before the passphrase: give it "
                           "on its own line.")
    return line.rstrip("\r\n")


def ask(prompt: str) -> str:
    """Asked at the terminal, not shown as typed; refused when nobody is there to type."""
    if not sys.stdin.isatty():
        raise InvalidValue("This laptop's data is encrypted and nobody is at a terminal to type the passphrase: "
                           "give it on the first line of input with --passphrase-stdin.")
    return getpass.getpass(prompt)
