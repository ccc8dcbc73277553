"""The partner directory: sample data, search index, Open Referral import and export."""
