"""The data layer: models, the store that opens databases, outbox, version clock, referral status."""
