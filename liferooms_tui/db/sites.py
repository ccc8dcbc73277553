"""The site a row belongs to, one rule for reports and check-ins.

A row made in a conversation (a referral, a plan, feedback on a referral) belongs to that conversation's site;
a row made without one belongs to the site of the laptop it was made on: the part of its origin before the
colon ('bootle-hub:<laptop>', vocabulary.slug of the site's name). A site is found by any of its spellings
on conversations or by its slug (reports/period.resolve_site lists them).
"""

from __future__ import annotations


def site_of_sql(row: str, conversation: str) -> str:
    """SQL for the site of `row` (an alias of a table with origin_site) made in `conversation` (an alias of
    the conversation, outer-joined: NULL when there is none): the conversation's site, else the site slug of
    the row's origin."""
    return (f"COALESCE(NULLIF({conversation}.site, ''), "
            f"substr({row}.origin_site, 1, instr({row}.origin_site || ':', ':') - 1))")


def at_site_sql(row: str, conversation: str, spellings: str) -> str:
    """SQL true for a row whose site (site_of_sql) is one of `spellings` (SQL: a list of bound names, such as
    ':site_0, :site_1', holding the site's names and its slug)."""
    return f"{site_of_sql(row, conversation)} IN ({spellings})"
