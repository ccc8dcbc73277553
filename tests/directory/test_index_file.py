"""The search index kept beside the database for the command line: the same answers as a fresh index, never
used once the partners changed, private, and a damaged file is simply built again."""

from __future__ import annotations

import stat

from sqlmodel import select

from liferooms_tui.db.models import Partner
from liferooms_tui.db.outbox import save
from liferooms_tui.directory import index_file
from liferooms_tui.directory.search import Filters, PartnerIndex, index_from_file


def answers(index, query, filters=None):
    filters = filters or Filters()
    return [(h.partner.id, h.partner.name, h.score, h.why) for h in index.search(query, filters, limit=20)]


def test_the_kept_index_answers_as_a_fresh_one_and_follows_changes(runtime):
    path = index_file.path_beside(runtime.paths.database)
    with runtime.store.session() as session:
        fresh = PartnerIndex.build(session.exec(select(Partner)))
        first = index_from_file(session, runtime.paths.database)  # built, then kept
    assert path.exists() and stat.S_IMODE(path.stat().st_mode) == 0o600
    with runtime.store.session() as session:
        kept = index_from_file(session, runtime.paths.database)
    assert type(kept.partner(fresh._partners[0].id)).__name__ == "PartnerRow"  # read from the file, not built
    for query, filters in [("hosing", Filters()), ("rent arrears", Filters(needs=frozenset({"debt"}))),
                           ("", Filters(postcode="L20")), ("choir", Filters(hub="Bootle Hub"))]:
        assert answers(kept, query, filters) == answers(fresh, query, filters) == answers(first, query, filters)
    with runtime.store.session() as session:
        partner = session.exec(select(Partner)).first()
        partner.name = "Zebra Crossing Wellbeing Walks"
        save(session, runtime.actor, partner)
    with runtime.store.session() as session:
        changed = index_from_file(session, runtime.paths.database)
    assert answers(changed, "zebra")[0][1] == "Zebra Crossing Wellbeing Walks"


def test_a_damaged_file_is_built_again(runtime):
    path = index_file.path_beside(runtime.paths.database)
    path.write_bytes(b"\x00not an index")
    with runtime.store.session() as session:
        index = index_from_file(session, runtime.paths.database)
    assert index.search("hosing", limit=1)
    assert index_file.load(path, (), PartnerIndex) is None  # another table's fingerprint: not used
