"""Partners: the partnership with each one (owner, agreement, catch-ups, induction, events), its pauses,
closures, verifications and capacity as dated facts, edits checked by the directory's field rules, and what needs
attention. Services take (session, actor, ...) and enforce roles; partnership data is for advisors only."""
