"""Offline queue and sync to the shared SQLite file."""
