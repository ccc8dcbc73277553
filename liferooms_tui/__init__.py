"""liferooms-tui: a keyboard-driven terminal app for social-prescribing drop-ins."""

__version__ = "0.1.0"
