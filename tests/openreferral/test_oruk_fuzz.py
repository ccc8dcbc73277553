"""Property tests: arbitrary bytes, text and JSON fed to the importer never crash it. Either the file is
refused with one sentence (InvalidValue), or every record is imported or rejected with its problems named,
and what is imported can be written to the database and summarised as plain, printable text."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import Session

from liferooms_tui.access import Actor
from liferooms_tui.db.store import Store
from liferooms_tui.directory.openreferral import import_directory
from liferooms_tui.directory.openreferral.extension import FIELDS as OURS
from liferooms_tui.directory.openreferral.extension import TAXONOMY
from liferooms_tui.directory.openreferral.read import feed_from_json, load, parse_json
from liferooms_tui.vocabulary import InvalidValue

ACTOR = Actor(name="Fuzz", site="Bootle Hub", role="advisor", laptop_id="fuzz")
FIELDS = ["id", "name", "description", "status", "minimum_age", "maximum_age", "assured_date", "last_modified",
          "organization", "contacts", "phones", "schedules", "regular_schedules", "service_areas",
          "service_at_locations", "attributes", "service_taxonomys", "eligibilitys", "eligibility_description",
          "url", "email", "alert", "capacities", "location", "addresses", "taxonomy_term", "taxonomy", "number",
          "byday", "opens_at", "weekday", "code", "value", "postal_code", "name", "service_area"]
NASTY = st.sampled_from(["\x1b[2J", "\ud800", "\x00", "<b>", "[bold]", "L20 3AB", "12", "NaN", "liferooms",
                         "needs", "active", "", " ", "9" * 40, "\u202e", "\r\n"])
text = st.one_of(st.text(max_size=40), NASTY)
scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), text)
json_values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.one_of(st.sampled_from(FIELDS), st.text(max_size=8)), inner,
                                                 max_size=6)), max_leaves=30)
our_attributes = st.lists(st.fixed_dictionaries({
    "taxonomy_term": st.fixed_dictionaries({"taxonomy": st.just(TAXONOMY), "code": st.sampled_from([*OURS, "x"])}),
    "value": json_values}), max_size=6)
ours = st.fixed_dictionaries({"id": text, "name": text, "attributes": our_attributes})
services = st.lists(st.one_of(ours, st.dictionaries(st.sampled_from(FIELDS), json_values, max_size=10)), max_size=5)
documents = st.one_of(json_values, services, st.fixed_dictionaries({"contents": services}),
                      st.fixed_dictionaries({"content": services, "totalPages": scalars}))


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    """One database for every example of this module, closed (and its folder left to pytest) at the end."""
    opened = Store(tmp_path_factory.mktemp("fuzz") / "fuzz.db")
    yield opened
    opened.close()


def _check_import(store: Store, feed) -> None:
    with Session(store.engine) as session:
        summary = import_directory(session, ACTOR, feed, "fuzz")
        session.flush()  # what was imported can be written (no lone surrogates, no wrong types)
        session.rollback()
    assert summary.read == len(feed.records)
    accepted = len(summary.added) + len(summary.updated) + len(summary.unchanged) + len(summary.deactivated)
    assert accepted + len(summary.rejected) == summary.read
    assert all(r.problems for r in summary.rejected)
    assert all(ch.isprintable() for line in summary.lines() for ch in line)
    json.dumps(summary.as_dict(), default=str)


SETTINGS = settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", "100")), deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(st.binary(max_size=300))
def test_arbitrary_bytes(store, data):
    try:
        feed = parse_json(data, "upload.json")
    except InvalidValue as exc:
        assert "\n" not in str(exc)
        return
    _check_import(store, feed)


@SETTINGS
@given(documents)
def test_arbitrary_json_documents(store, document):
    try:
        feed = feed_from_json(document, "upload.json")
    except InvalidValue as exc:
        assert "\n" not in str(exc)
        return
    _check_import(store, feed)


@SETTINGS
@given(st.text(max_size=300))
def test_arbitrary_text(store, data):
    try:
        feed = parse_json(data.encode("utf-8", "surrogatepass"), "upload.json")
    except InvalidValue:
        return
    _check_import(store, feed)


CSV_TEXT = st.one_of(st.text(max_size=200), st.lists(st.lists(text, max_size=6), max_size=5).map(
    lambda rows: "\n".join(",".join(cells) for cells in [["id", "name", "status", "minimum_age"], *rows])))


@SETTINGS
@given(CSV_TEXT, st.sampled_from(["services.csv", "datapackage.json", "contacts.csv"]), CSV_TEXT)
def test_arbitrary_csv_packages(store, services_csv, other_name, other_text):
    with tempfile.TemporaryDirectory() as name:  # one folder per example, removed after it
        folder = Path(name)
        (folder / "services.csv").write_text(services_csv, encoding="utf-8", errors="surrogatepass")
        if other_name != "services.csv":
            (folder / other_name).write_text(other_text, encoding="utf-8", errors="surrogatepass")
        try:
            feed = load(folder)
        except InvalidValue as exc:
            assert "\n" not in str(exc)
            return
    _check_import(store, feed)
