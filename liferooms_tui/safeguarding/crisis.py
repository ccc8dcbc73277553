"""Crisis contacts: who to turn to at once when something is disclosed. National, public numbers ship with the
app; the local crisis line and the service's own safeguarding lead are settings. No personal data: the list
shows over the lock screen and in volunteers' mode."""

from __future__ import annotations

from dataclasses import dataclass

from liferooms_tui.config import Settings

NOT_SET = "not set yet: ask your lead"


@dataclass(frozen=True)
class CrisisContact:
    name: str
    how: str  # the number, or what to text where
    what_for: str
    setting: str = ""  # the settings key that holds `how`, for the ones the service fills in

    @property
    def is_set(self) -> bool:
        return self.how != NOT_SET


NATIONAL = [
    CrisisContact("Emergency", "999", "Someone is in danger now, or badly hurt: call at once."),
    CrisisContact("NHS 111", "111, then choose the mental health option",
                  "Urgent mental health help, any time, when it is not an emergency."),
    CrisisContact("Samaritans", "116 123 (free, any time)",
                  "Anyone struggling to cope, who wants to talk it through."),
    CrisisContact("Shout", "text SHOUT to 85258", "Crisis support by text, any time, for those who would rather not "
                  "talk."),
]


def crisis_contacts(settings: Settings) -> list[CrisisContact]:
    """The list as shown: the national numbers, then the local crisis line and the safeguarding lead."""
    local = [
        CrisisContact("Local crisis line", settings.local_crisis_line.strip() or NOT_SET,
                      "The area's own mental health crisis line.", "local_crisis_line"),
        CrisisContact("Safeguarding lead", settings.safeguarding_lead.strip() or NOT_SET,
                      "Tell them about any disclosure or concern, the same day.", "safeguarding_lead"),
    ]
    return NATIONAL + local
