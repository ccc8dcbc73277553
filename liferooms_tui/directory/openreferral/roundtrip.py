"""An export imported back: a liferooms export names, for each service, where its partner came from and its id
there (the "partner_record" and "record_id" attributes, extension.py). When that partner is here already from
another source, added by hand, or from the sample, the service is that partner: it is left as it is (an import
changes only its own source's partners) and never added again, so an export re-imported into the directory it
came from adds nothing, deactivates nothing and changes nothing.
"""

from __future__ import annotations

from sqlmodel import Session, select

from liferooms_tui.db.models import Partner
from liferooms_tui.directory.openreferral.clean import Problem
from liferooms_tui.directory.openreferral.extension import RESERVED_SOURCES, record_id
from liferooms_tui.directory.openreferral.hand_edits import as_json
from liferooms_tui.directory.openreferral.mapping import Mapped
from liferooms_tui.directory.openreferral.summary import Change, ImportSummary


class Elsewhere:
    """Partners of other sources by (source, id there); read once, when the first exported service asks."""

    def __init__(self, session: Session, source: str):
        self.session, self.source = session, source
        self.partners: dict[tuple[str, str], Partner] | None = None
        self.ids: set[str] = set()  # service ids found here this way

    def found(self, mapped: Mapped, summary: ImportSummary) -> bool:
        if not mapped.record or mapped.record[0] == self.source:
            return False
        if self.partners is None:
            self.partners = {(p.source, record_id(p.source, p.source_id, p.id)): p for p in self.session.exec(
                select(Partner).where(Partner.source != self.source))}
        here = self.partners.get(mapped.record)
        if here is None:
            return False
        self.ids.add(mapped.source_id)
        summary.unchanged.append(Change(mapped.source_id, mapped.name))
        differ = [name for name, value in mapped.fields.items() if as_json(getattr(here, name)) != as_json(value)]
        if differ:
            how = ("correct it with 'liferooms partners edit'" if here.source in RESERVED_SOURCES
                   else f"import its source with --source {here.source} to update it")
            summary.warnings.append(Problem(mapped.label, "partner_record", (
                f"is a partner here already ({'added by hand' if here.source == 'manual' else here.source}), "
                f"whose {', '.join(differ[:4])} differ; left as it is: {how}")))
        return True
