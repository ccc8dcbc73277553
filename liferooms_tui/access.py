"""Who is acting, and what their role lets them do. Enforced in the services, not only in the screens."""

from __future__ import annotations

import re
from dataclasses import dataclass


class NotAllowed(PermissionError):
    """The role in use may not do this."""


@dataclass(frozen=True)
class Actor:
    name: str
    site: str
    role: str  # "advisor" or "volunteer"
    laptop_id: str

    @property
    def origin(self) -> str:
        """The origin site id stamped on every row made here: the site and this laptop."""
        slug = re.sub(r"[^a-z0-9]+", "-", self.site.lower()).strip("-") or "site"
        return f"{slug}:{self.laptop_id}"

    @property
    def is_volunteer(self) -> bool:
        return self.role != "advisor"


def require_advisor(actor: Actor, what: str = "personal data") -> None:
    """Refuse anything personal to a volunteer (and to any role that is not 'advisor')."""
    if actor.is_volunteer:
        raise NotAllowed(f"Volunteers' mode cannot see or change {what}; ask an advisor.")
