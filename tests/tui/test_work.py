"""tui/work.py: a busy database is said once, where the asker says it (a toast only when it has no line)."""

from __future__ import annotations

from textual.app import App
from textual.widgets import Static

from liferooms_tui.tui.work import AsksServices, Working


class Quiet(AsksServices, Static):
    said: list[str]

    def on_working(self, message: Working) -> None:
        message.stop()
        self.said.append(message.text)


class Loud(AsksServices, Static):
    pass


async def test_an_asker_with_its_own_line_gets_no_toast_as_well():
    app = App()
    async with app.run_test() as pilot:
        quiet, loud = Quiet(), Loud()
        quiet.said = []
        await app.mount(quiet, loud)
        quiet.post_message(Working("The database is busy."))
        await pilot.pause()
        assert quiet.said == ["The database is busy."] and not app._notifications
        loud.post_message(Working("The database is busy."))
        await pilot.pause()
        assert [n.message for n in app._notifications] == ["The database is busy."]
