"""The forms of the Partners section, each a PartnerForm with its fields and the service that saves it."""

from __future__ import annotations

from typing import Any

from liferooms_tui.directory.fields import EDITABLE, RULES
from liferooms_tui.partners import changes, edit, partnership
from liferooms_tui.partners.status import CAPACITY, CHECKS, Rules
from liferooms_tui.tui.screens.partner_form import Field, PartnerForm
from liferooms_tui.tui.widgets.text import literal

DAY = "DD/MM/YYYY"


LONG_FIELDS = ("description", "who_for", "not_for")


def _shown(value: Any) -> Any:
    """A value as the form shows it (lists joined by commas, control characters made visible), so a field left
    alone compares equal to what the form gives back and is not saved."""
    if isinstance(value, list):
        return literal(", ".join(str(v) for v in value))
    return "" if value is None else literal(str(value))


def _date(value: str | None) -> str:
    """An ISO day from a page as the form shows days (DD/MM/YYYY)."""
    if not value:
        return ""
    year, month, day = value.split("-")
    return f"{day}/{month}/{year}"


def _fields(partner: dict | None) -> list[Field]:
    out = []
    for name in EDITABLE:
        rule = RULES[name]
        out.append(Field(name, rule.label, _shown(partner.get(name)) if partner else "", rule.example,
                         "long" if name in LONG_FIELDS else "text"))
    return out


def add_form() -> PartnerForm:
    def saver(values: dict) -> tuple:
        given = {k: v for k, v in values.items() if v not in ("", None)}
        return edit.add_partner, (), given
    return PartnerForm("Add a partner", "A name is needed; fill in what you know (lists: separated by commas).",
                       _fields(None), saver)


def edit_form(partner: dict) -> PartnerForm:
    before = {f.key: f.value for f in _fields(partner)}

    def saver(values: dict) -> tuple:
        changed = {k: v for k, v in values.items() if v != before[k]}
        return edit.edit_partner, (partner["id"],), changed
    return PartnerForm(f"Correct {partner['name']}", "Change what is wrong; only the fields you change are saved "
                       "(and the audit log says which).", _fields(partner), saver)


def pause_form(partner: dict) -> PartnerForm:
    fields = [Field("reason", "Reason for the pause", placeholder="funding gap, staff away ..."),
              Field("from_on", "Paused from", placeholder=f"{DAY} (empty: today)"),
              Field("until_on", "Paused until", placeholder=f"{DAY}: the day it takes referrals again")]
    return PartnerForm(f"Pause {partner['name']}", "No new referrals while paused (open ones carry on); it comes "
                       "back by itself on the until day.", fields,
                       lambda v: (changes.pause, (partner["id"],), v))


def close_form(partner: dict) -> PartnerForm:
    fields = [Field("reason", "Reason for closing", placeholder="funding ended, service stopped ..."),
              Field("on", "Closed on", placeholder=f"{DAY} (empty: today)")]
    return PartnerForm(f"Close {partner['name']}", "It is no longer running: not offered for referrals.", fields,
                       lambda v: (changes.close, (partner["id"],), v))


def reopen_form(partner: dict) -> PartnerForm:
    fields = [Field("reason", "Reason for reopening", placeholder="new funding ..."),
              Field("on", "Reopened on", placeholder=f"{DAY} (empty: today)")]
    return PartnerForm(f"Reopen {partner['name']}", "It takes referrals again.", fields,
                       lambda v: (changes.reopen, (partner["id"],), v))


def verify_form(partner: dict) -> PartnerForm:
    fields = [Field(key, f"Checked {label}", False, kind="check") for key, label in CHECKS.items()]
    fields.append(Field("note", "Note", placeholder="anything to note (optional)"))

    def saver(values: dict) -> tuple:
        checked = [key for key in CHECKS if values.get(key)]
        return changes.verify, (partner["id"],), {"checked": checked, "note": values["note"]}
    return PartnerForm(f"Verified today: {partner['name']}", "Tick what you checked with the partner today.",
                       fields, saver)


def capacity_form(partner: dict, said: dict | None) -> PartnerForm:
    fields = [Field("status", "Taking referrals", (said or {}).get("status", ""), kind="choice",
                    choices=tuple((label, key) for key, label in CAPACITY.items())),
              Field("places", "Places this week", placeholder="a number (optional)"),
              Field("waiting_weeks", "Waiting list (weeks)", placeholder="with a waiting list: how long"),
              Field("said_on", "Said on", placeholder=f"{DAY} (empty: today)"),
              Field("said_by", "Who said it", placeholder="who at the partner")]
    return PartnerForm(f"Capacity: {partner['name']}", "What the partner says about taking referrals now.", fields,
                       lambda v: (changes.record_capacity, (partner["id"],), v))


def partnership_form(partner: dict, link: dict) -> PartnerForm:
    fields = [Field("owner", "Owner", link["owner"], "the staff member who looks after this partner"),
              Field("agreement_signed_on", "Agreement signed on", _date(link["agreement_signed_on"]), DAY),
              Field("agreement_review_on", "Review by", _date(link["agreement_review_on"]), DAY),
              Field("catch_up_months", "Catch up every (months)", str(link["catch_up_months"]), "3")]
    before = {f.key: f.value for f in fields}

    def saver(values: dict) -> tuple:
        return partnership.set_partnership, (partner["id"],), {k: v for k, v in values.items() if v != before[k]}
    return PartnerForm(f"The partnership with {partner['name']}", "Who in the service looks after this partner, "
                       "and the agreement.", fields, saver)


def catch_up_form(partner: dict, rules: Rules) -> PartnerForm:
    fields = [Field("met_on", "Met on", placeholder=f"{DAY} (empty: today)"),
              Field("who_met", "Who met", placeholder="names"),
              Field("notes", "Notes", placeholder="what was said and agreed"),
              Field("partner_said", "What the partner said", placeholder="about working with the service"),
              Field("next_due", "Next catch-up", placeholder=f"{DAY} (empty: in {rules.catch_up_months} months)")]
    return PartnerForm(f"Catch-up with {partner['name']}", "", fields,
                       lambda v: (partnership.add_catch_up, (partner["id"],), {**v, "rules": rules}))


def induction_form(partner: dict, items: list[dict], rules: Rules) -> PartnerForm:
    fields = [Field(f"item{i}", item["item"], bool(item["done_on"]), kind="check") for i, item in enumerate(items)]

    def saver(values: dict) -> tuple:
        done = {item["item"]: bool(values[f"item{i}"]) for i, item in enumerate(items)}
        return partnership.set_induction, (partner["id"], done), {"rules": rules}
    return PartnerForm(f"Induction: {partner['name']}", "Tick what is done (today's date is kept with it).",
                       fields, saver)
