"""Where liferooms keeps its files, and the advisor's settings (a small TOML file).

The data folder is, in order: --data-dir, the LIFEROOMS_HOME environment variable, or platformdirs' user
data dir. When the data folder is given (several "laptops" on one machine), the settings file lives in it too;
otherwise it lives in platformdirs' user config dir.
"""

from __future__ import annotations

import os
import tomllib
import uuid
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

import platformdirs
import tomli_w

from liferooms_tui.vocabulary import ROLES, InvalidValue

APP_NAME = "liferooms"
SETTINGS_FILE = "settings.toml"
DATABASE_FILE = "liferooms.db"


@dataclass(frozen=True)
class Paths:
    data_dir: Path
    config_dir: Path

    @property
    def database(self) -> Path:
        return self.data_dir / DATABASE_FILE

    @property
    def settings(self) -> Path:
        return self.config_dir / SETTINGS_FILE

    @property
    def exports(self) -> Path:
        return self.data_dir / "exports"

    @property
    def backups(self) -> Path:
        return self.data_dir / "backups"


def resolve_paths(data_dir: str | os.PathLike | None = None) -> Paths:
    chosen = data_dir or os.environ.get("LIFEROOMS_HOME")
    if chosen:
        root = Path(chosen).expanduser().resolve()
        return Paths(data_dir=root, config_dir=root)
    return Paths(
        data_dir=Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
        config_dir=Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
    )


def make_private_dir(path: Path) -> Path:
    """Create a folder readable by its owner only (0700)."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(path, 0o700)
    return path


# The induction checklist for a partner delivering at a hub, unless settings.toml says otherwise.
INDUCTION_ITEMS = ("Met the hub team", "Knows who to call if someone is distressed or discloses something",
                   "Safeguarding procedure shared", "Room and access needs agreed", "Fire and evacuation")


@dataclass
class Settings:
    advisor: str = "Advisor"
    site: str = "Bootle Hub"
    role: str = "advisor"  # "advisor", "lead" (the safeguarding lead: closes concerns) or "volunteer"
    shared_path: str = ""  # the shared SQLite file that sync reads and writes
    laptop_id: str = field(default_factory=lambda: uuid.uuid4().hex[:12])
    lock_idle_minutes: int = 10
    passphrase_hash: str = ""
    check_in_weeks: int = 4  # referrals with no update for this long are flagged
    keymap: dict[str, str] = field(default_factory=dict)  # binding id -> key(s), e.g. "plan.agree" = "a"
    local_crisis_line: str = ""  # the area's mental health crisis line, shown in the crisis list (F12)
    safeguarding_lead: str = ""  # the service's safeguarding lead: name and how to reach them
    capacity_weeks: int = 4  # a partner's capacity not updated for this long needs attention
    catch_up_months: int = 3  # the next catch-up with a partner is due this long after the last
    induction_items: list[str] = field(default_factory=lambda: list(INDUCTION_ITEMS))  # for partners at a hub
    offer_days: int = 7  # a course place offered to someone waiting goes to the next after this many days
    course_completed_share: float = 2 / 3  # share of a course's sessions attended to have completed it
    sample_directory: bool = True  # the fictional sample directory is loaded into an empty one (set up, removed)

    def validate(self) -> None:
        if self.role not in ROLES:
            raise InvalidValue(f"role '{self.role}' in settings is not known: use 'advisor', 'lead' or 'volunteer'.")
        for key, unit in (("lock_idle_minutes", "minutes"), ("check_in_weeks", "weeks"), ("capacity_weeks", "weeks"),
                          ("catch_up_months", "months"), ("offer_days", "days")):
            value = getattr(self, key)
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                raise InvalidValue(f"{key} in settings must be a whole number of {unit}, 1 or more.")
        share = self.course_completed_share
        if isinstance(share, bool) or not isinstance(share, int | float) or not 0 < share <= 1:
            raise InvalidValue("course_completed_share in settings is the share of sessions attended to complete a "
                               "course, more than 0 and at most 1: e.g. 0.67.")
        for key in ("local_crisis_line", "safeguarding_lead"):
            if not isinstance(getattr(self, key), str):
                raise InvalidValue(f'{key} in settings is text, in quotes: e.g. {key} = "0800 145 6570".')
        if not isinstance(self.induction_items, list) or not all(
                isinstance(item, str) and item.strip() for item in self.induction_items):
            raise InvalidValue('induction_items in settings is a list of words in quotes, e.g. induction_items = '
                               '["met the hub team", "fire and evacuation"]; fix it.')
        if not isinstance(self.sample_directory, bool):
            raise InvalidValue("sample_directory in settings is true or false (without quotes); fix it.")
        if not isinstance(self.keymap, dict) or not all(
                isinstance(k, str) and isinstance(v, str) and v.strip() for k, v in self.keymap.items()):
            raise InvalidValue('[keymap] in settings maps binding ids to keys, e.g. "plan.agree" = "a"; fix it.')


def load_settings(paths: Paths) -> Settings:
    """Read the settings file, creating it with defaults on first run."""
    if not paths.settings.exists():
        settings = Settings()
        save_settings(paths, settings)
        return settings
    try:
        raw = tomllib.loads(paths.settings.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InvalidValue(f"{paths.settings} is not valid TOML ({exc}); fix or delete it and start again.") from exc
    known = {f.name for f in fields(Settings)}
    settings = Settings(**{k: v for k, v in raw.items() if k in known})
    settings.validate()
    if "laptop_id" not in raw:
        save_settings(paths, settings)
    return settings


def save_settings(paths: Paths, settings: Settings) -> None:
    make_private_dir(paths.config_dir)
    text = ("# liferooms settings. role is 'advisor', 'lead' (the safeguarding lead) or 'volunteer'. [keymap]\n"
            "# changes keys by binding id (F1 in the app lists them), e.g. \"plan.agree\" = \"a\".\n"
            "# local_crisis_line and safeguarding_lead show in the crisis list (F12).\n")
    text += tomli_w.dumps(asdict(settings))
    tmp = paths.settings.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.replace(tmp, paths.settings)
