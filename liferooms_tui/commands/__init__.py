"""Subcommands of the `liferooms` CLI: each module registers its parser and handlers (no textual here)."""
