"""Killing the app mid-conversation (SIGKILL) loses nothing typed before the last autosave."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from laptops import open_laptop
from sqlmodel import select

from liferooms_tui.db.models import Conversation

DRIVER = Path(__file__).with_name("drive_autosave.py")


def run_until(data_dir: Path, marker: str) -> None:
    child = subprocess.Popen([sys.executable, str(DRIVER), str(data_dir)], stdout=subprocess.PIPE, text=True)
    said = []
    try:
        for line in child.stdout:
            if line.strip() == marker:
                break
            said.append(line.strip())
        else:
            raise AssertionError(f"driver ended before {marker}: exit {child.wait()}, it said {said}")
    finally:
        if child.poll() is None:
            os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=10)


def saved(data_dir: Path) -> Conversation:
    runtime = open_laptop(data_dir)
    with runtime.store.session() as session:
        conversation = session.exec(select(Conversation)).one()
    runtime.close()
    return conversation


def test_kill_after_autosave_keeps_the_notes(tmp_path):
    """The notes are still being typed (focus never left them): the timer saved them, within a few seconds."""
    run_until(tmp_path, "READY")
    conversation = saved(tmp_path)
    assert conversation.what_matters.startswith("my flat is cold")
    assert conversation.needs == ["housing"] and conversation.ons_satisfied == 8
    assert conversation.ended_at is None  # still a draft, offered for resuming


def test_fields_save_on_change_without_waiting(tmp_path):
    run_until(tmp_path, "TYPED")
    conversation = saved(tmp_path)
    assert conversation.needs == ["housing"] and conversation.ons_satisfied == 8
    assert conversation.what_matters == ""  # nothing typed there yet
