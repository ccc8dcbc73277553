from __future__ import annotations

import pytest

from liferooms_tui.config import Settings, load_settings, resolve_paths, save_settings
from liferooms_tui.vocabulary import InvalidValue, normalise_district


def test_data_dir_beats_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("LIFEROOMS_HOME", str(tmp_path / "env"))
    assert resolve_paths(str(tmp_path / "flag")).data_dir == tmp_path / "flag"
    assert resolve_paths(None).data_dir == tmp_path / "env"
    assert resolve_paths(None).settings == tmp_path / "env" / "settings.toml"


def test_settings_round_trip_with_awkward_text(tmp_path):
    paths = resolve_paths(str(tmp_path))
    save_settings(paths, Settings(advisor='Jo "JJ" O\'Neil \\ test', site="Toxteth Hub", shared_path="/mnt/x y"))
    loaded = load_settings(paths)
    assert loaded.advisor == 'Jo "JJ" O\'Neil \\ test' and loaded.site == "Toxteth Hub"
    assert loaded.shared_path == "/mnt/x y"


def test_first_run_creates_settings_with_a_laptop_id(tmp_path):
    paths = resolve_paths(str(tmp_path))
    first = load_settings(paths)
    assert paths.settings.exists() and len(first.laptop_id) == 12
    assert load_settings(paths).laptop_id == first.laptop_id


def test_bad_settings_say_what_to_do(tmp_path):
    paths = resolve_paths(str(tmp_path))
    paths.settings.write_text('role = "boss"\n')
    with pytest.raises(InvalidValue, match="'advisor', 'lead' or 'volunteer"):
        load_settings(paths)
    paths.settings.write_text("role = = \n")
    with pytest.raises(InvalidValue, match="not valid TOML"):
        load_settings(paths)


@pytest.mark.parametrize(("typed", "district"), [("l20", "L20"), (" PR8 ", "PR8"), ("L20 3AB", "L20"),
                                                 ("l203ab", "L20"), ("", None), ("L1", "L1")])
def test_postcode_districts(typed, district):
    assert normalise_district(typed) == district


@pytest.mark.parametrize("typed", ["20L", "hello", "L20-3AB", "!!"])
def test_bad_postcode_districts(typed):
    with pytest.raises(InvalidValue, match="not a postcode district"):
        normalise_district(typed)


def test_keymap_is_kept_in_settings_and_checked(tmp_path):
    paths = resolve_paths(tmp_path)
    settings = load_settings(paths)
    settings.keymap = {"plan.agree": "a", "app.help": "f10"}
    save_settings(paths, settings)
    assert load_settings(paths).keymap == {"plan.agree": "a", "app.help": "f10"}
    paths.settings.write_text(paths.settings.read_text() + '"app.quit" = 5\n')
    with pytest.raises(InvalidValue, match="keymap"):
        load_settings(paths)
