"""Safeguarding: crisis contacts one key away, concerns raised about a person, and referrals that come into the
service from partners, GPs and people themselves."""
