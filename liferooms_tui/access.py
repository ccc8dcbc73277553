"""Who is acting, and what their role lets them do. Enforced in the services, not only in the screens."""

from __future__ import annotations

from dataclasses import dataclass

from liferooms_tui.vocabulary import slug


class NotAllowed(PermissionError):
    """The role in use may not do this."""


@dataclass(frozen=True)
class Actor:
    name: str
    site: str
    role: str  # "advisor", "lead" (an advisor who is the safeguarding lead) or "volunteer"
    laptop_id: str

    @property
    def origin(self) -> str:
        """The origin site id stamped on every row made here: the site and this laptop."""
        return f"{slug(self.site)}:{self.laptop_id}"

    @property
    def is_volunteer(self) -> bool:
        return self.role not in ("advisor", "lead")

    @property
    def is_lead(self) -> bool:
        return self.role == "lead"


def require_advisor(actor: Actor, what: str = "personal data") -> None:
    """Refuse anything personal to a volunteer (and to any role that is not 'advisor' or 'lead')."""
    if actor.is_volunteer:
        raise NotAllowed(f"Volunteers' mode cannot see or change {what}; ask an advisor.")


def require_lead(actor: Actor, what: str) -> None:
    """Refuse what only the safeguarding lead may do."""
    require_advisor(actor, "safeguarding concerns")
    if not actor.is_lead:
        raise NotAllowed(f"Only the safeguarding lead can {what}; ask your lead.")
