"""A drop-in: the people, the conversation, the plan (social prescription) and its export."""
