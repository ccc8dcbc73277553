"""Which tests are slow (used by tests/conftest.py to mark them and start them first)."""

from __future__ import annotations

# The slowest tests (each over ~10 s on a 2-core CI box; measured with --durations). They run in CI like every
# other test: the mark lets a quick local run leave them out (-m "not slow"), and they are started first so that
# with -n 2 no long test begins last while the other worker sits idle. A name here that no longer names a test
# fails tests/test_slow_list.py.
SLOW = {
    "tests/tui/test_dropin_flow.py::test_whole_drop_in_by_keyboard",
    "tests/sync/test_sync_crash.py::test_nothing_lost_nothing_doubled_when_syncs_are_killed",
    "tests/sync/test_sync_crash.py::test_the_check_catches_marking_sent_before_the_shared_commit",
    "tests/sync/test_sync_property.py::test_two_laptops_converge",
    "tests/sync/test_sync_property.py::test_two_laptops_converge_on_a_server",
    "tests/test_people_search.py::test_finds_exactly_what_the_old_scan_found",
    "tests/test_cli.py::test_console_script_version_and_help",
    "tests/test_checks.py::test_mypy_passes_on_services_and_db",
    "tests/tui/test_plan_rows.py::test_a_partner_meeting_two_of_their_needs_asks_which",
    "tests/tui/test_busy_sections.py::test_sections_say_busy_and_carry_on_when_the_lock_goes",
    "tests/directory/test_capacity_and_cache.py::test_counts_match_the_capacity_check_for_every_partner",
    "tests/tui/test_footers.py::test_every_footer_fits_at_80_columns_and_shows_crisis",
}


def is_slow(nodeid: str) -> bool:
    """The test or any of its parametrised cases / steps (test[case], TestCase::runTest) is listed in SLOW."""
    return any(nodeid == name or nodeid.startswith((f"{name}[", f"{name}::")) for name in SLOW)
