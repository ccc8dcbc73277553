"""Referrals into the service, from a partner, a GP or the person themselves: recorded (who referred, why, when,
consent), then triaged: accepted for a drop-in (the person is expected in the Drop-in, and the drop-in they come
to links back), redirected (needs secondary mental health care, another service first, or other, with the
reason) or signposted. The referrer can be told the outcome in a short text."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from liferooms_tui.access import Actor, require_advisor
from liferooms_tui.db.models import Partner, Person, ReferralIn, utcnow
from liferooms_tui.db.outbox import save
from liferooms_tui.dropin import people
from liferooms_tui.privacy import audit
from liferooms_tui.safetext import literal
from liferooms_tui.typed import parse_day
from liferooms_tui.vocabulary import REDIRECT_KINDS, REFERRAL_IN_OUTCOMES, REFERRAL_IN_SOURCES, InvalidValue

MAX_TEXT = 2000


@dataclass(frozen=True)
class ReferralInRow:
    referral: ReferralIn
    person_name: str  # "" when no person is recorded
    partner_name: str  # "" unless a partner referred


def _text(value: str | None, what: str, *, required: bool = False, limit: int = MAX_TEXT) -> str:
    text = " ".join((value or "").split()) if limit <= 200 else (value or "").strip()
    if required and not text:
        raise InvalidValue(f"Type {what}.")
    if len(text) > limit:
        raise InvalidValue(f"Keep {what} under {limit} characters.")
    return text


def resolve_source(session: Session, text: str) -> tuple[str, str, str | None]:
    """Who referred, as typed: 'self', 'gp' or 'GP: Dr Khan, Seaforth', a partner's name (or a part of it that
    finds only one partner), or anyone else ('other: ...'). Returns (kind, name, partner id)."""
    typed = " ".join((text or "").split())
    if not typed:
        raise InvalidValue("Say who referred: a partner's name, 'gp', 'self' or 'other: WHO'.")
    head, _, rest = typed.partition(":")
    kind = head.strip().lower()
    if kind in REFERRAL_IN_SOURCES and kind != "partner":
        return kind, _text(rest, "who referred", limit=200), None
    if kind == "partner":
        typed = rest.strip()
    partners = session.exec(select(Partner).where(col(Partner.active).is_(True))).all()
    exact = [p for p in partners if p.name.lower() == typed.lower()]
    found = exact or [p for p in partners if typed.lower() in p.name.lower()]
    if len(found) == 1:
        return "partner", found[0].name, found[0].id
    if len(found) > 1:
        names = ", ".join(p.name for p in found[:3])
        raise InvalidValue(f"'{literal(typed)[:40]}' matches {len(found)} partners ({names}...): type more of the "
                           "name.")
    raise InvalidValue(f"No partner called '{literal(typed)[:40]}': type a partner's name, 'gp: WHO', 'self' or "
                       "'other: WHO'.")


def add_referral_in(session: Session, actor: Actor, *, source: str, reason: str, person: str = "",
                    received_on: str | date | None = None, consent: bool = False) -> ReferralIn:
    """Record a referral in. `person`: an id or a name that finds one person; a new name makes a record only with
    the person's consent (without it, the referral is kept without a name)."""
    require_advisor(actor)
    kind, name, partner_id = resolve_source(session, source)
    why = _text(reason, "why they referred", required=True)
    today = date.today()
    day = parse_day(received_on, "day the referral came", not_after=today, empty=today, today=today)
    person_id = _person_for(session, actor, person, consent) if person.strip() else None
    referral = ReferralIn(source_kind=kind, source_name=name, partner_id=partner_id, person_id=person_id,
                          reason=why, received_on=day, consent=consent, created_by=actor.name, site=actor.site)
    save(session, actor, referral)
    audit.record(session, actor, "create", "referral in", referral.id, person_id)
    return referral


def _person_for(session: Session, actor: Actor, typed: str, consent: bool) -> str:
    typed = typed.strip()
    if session.get(Person, typed) is not None:
        return people.live_person(session, typed).id
    found = people.find_people(session, actor, typed, limit=5)
    exact = [p for p in found if p.display_name.lower() == " ".join(typed.split()).lower()]
    if len(exact) == 1:
        return exact[0].id
    if len(exact) > 1:
        raise InvalidValue(f"More than one person is called '{literal(typed)[:40]}': use the id from "
                           "'liferooms privacy find NAME'.")
    if not consent:
        raise InvalidValue(f"No person '{literal(typed)[:40]}' yet: a new record needs their consent (--consent), "
                           "or leave the name out.")
    return people.add_person(session, actor, typed, consent_store=True, consent_share=False).id


def _get(session: Session, referral_id: str) -> ReferralIn:
    referral = session.get(ReferralIn, audit.clean_id(referral_id, "referral in"))
    if referral is None:
        raise InvalidValue(f"No referral in '{literal(referral_id)[:40]}': 'liferooms referrals-in list' shows "
                           "their ids.")
    return referral


def triage(session: Session, actor: Actor, referral_id: str, outcome: str, *, redirect_kind: str | None = None,
           reason: str = "") -> ReferralIn:
    """Accepted (needs a person on record: they are then expected in the Drop-in), redirected (a kind and a
    reason) or signposted. A referral is triaged once."""
    require_advisor(actor)
    referral = _get(session, referral_id)
    outcome = (outcome or "").strip().lower()
    if outcome not in REFERRAL_IN_OUTCOMES:
        raise InvalidValue(f"'{literal(outcome)[:30]}' is not an outcome: use {', '.join(REFERRAL_IN_OUTCOMES)}.")
    if referral.outcome:
        raise InvalidValue(f"This referral was triaged already ({REFERRAL_IN_OUTCOMES[referral.outcome].lower()}).")
    why = _text(reason, "the reason")
    kind = ""
    if outcome == "accepted" and referral.person_id is None:
        raise InvalidValue("Record the person first (with their consent), then accept the referral for a drop-in.")
    if outcome == "redirected":
        kind = (redirect_kind or "other").strip().lower()
        if kind not in REDIRECT_KINDS:
            raise InvalidValue(f"'{literal(kind)[:30]}' is not a redirection: use {', '.join(REDIRECT_KINDS)}.")
        if not why:
            raise InvalidValue("Say why it was redirected: the referrer will be told.")
    referral.outcome, referral.redirect_kind, referral.outcome_reason = outcome, kind, why
    referral.triaged_at, referral.triaged_by = utcnow(), actor.name
    save(session, actor, referral)
    audit.record(session, actor, "change", "referral in", referral.id, referral.person_id, f"triaged: {outcome}")
    return referral


def rows_of(session: Session, referrals: list[ReferralIn]) -> list[ReferralInRow]:
    ids = {r.person_id for r in referrals if r.person_id}
    names = {p.id: (p.display_name if p.erased_at is None else "") for p in
             session.exec(select(Person).where(col(Person.id).in_(ids)))} if ids else {}
    pids = {r.partner_id for r in referrals if r.partner_id}
    partners = dict(session.exec(select(Partner.id, Partner.name).where(col(Partner.id).in_(pids))).all()) \
        if pids else {}
    return [ReferralInRow(r, names.get(r.person_id or "", ""), partners.get(r.partner_id or "", ""))
            for r in referrals]


def list_referrals_in(session: Session, actor: Actor, *, untriaged: bool = False) -> list[ReferralInRow]:
    """Newest first; `untriaged`: only those waiting for triage."""
    require_advisor(actor)
    query = select(ReferralIn)
    if untriaged:
        query = query.where(ReferralIn.outcome == "")
    found = session.exec(query.order_by(col(ReferralIn.received_on).desc(), col(ReferralIn.created_at).desc()))
    return rows_of(session, list(found))


def expected_people(session: Session, actor: Actor) -> list[ReferralInRow]:
    """Accepted for a drop-in and not come yet: shown as expected in the Drop-in."""
    require_advisor(actor)
    query = select(ReferralIn).where(ReferralIn.outcome == "accepted", col(ReferralIn.conversation_id).is_(None))
    rows = rows_of(session, list(session.exec(query.order_by(col(ReferralIn.triaged_at)))))
    return [r for r in rows if r.person_name]


def link_drop_in(session: Session, actor: Actor, person_id: str, conversation_id: str) -> ReferralIn | None:
    """A drop-in started with someone expected: the (oldest) accepted referral in links back to it."""
    require_advisor(actor)
    query = select(ReferralIn).where(ReferralIn.person_id == person_id, ReferralIn.outcome == "accepted",
                                     col(ReferralIn.conversation_id).is_(None))
    referral = session.exec(query.order_by(col(ReferralIn.triaged_at))).first()
    if referral is not None:
        referral.conversation_id = conversation_id
        save(session, actor, referral)
    return referral


def outcome_text(row: ReferralInRow) -> str:
    """What the referrer can be told: short, no more personal data than they sent."""
    r = row.referral
    sent = f" on {r.received_on:%d/%m/%Y}" if r.received_on else ""
    thanks = f"Thank you for referring {row.person_name}{sent}" if row.person_name else \
        f"Thank you for the referral you made{sent}"
    if not r.outcome:
        return f"{thanks}. We have not triaged it yet."
    said = {
        "accepted": "they are welcome at a drop-in, and we expect them",
        "redirected": "our drop-ins are not the right first step for them now: "
                      + REDIRECT_KINDS.get(r.redirect_kind, "other").lower(),
        "signposted": "we signposted them to support that fits better",
    }[r.outcome]
    reason = f" ({r.outcome_reason})" if r.outcome_reason else ""
    return f"{thanks}. Outcome: {said}{reason}."


def summary(row: ReferralInRow) -> dict:
    r = row.referral
    return {"id": r.id, "from": r.source_name or REFERRAL_IN_SOURCES.get(r.source_kind, r.source_kind),
            "source_kind": r.source_kind, "partner": row.partner_name or None, "person": row.person_name or None,
            "person_id": r.person_id, "reason": r.reason, "received_on": r.received_on.isoformat()
            if r.received_on else None, "consent": r.consent, "outcome": r.outcome or None,
            "redirect_kind": r.redirect_kind or None, "outcome_reason": r.outcome_reason,
            "conversation_id": r.conversation_id, "message_for_referrer": outcome_text(row)}
