"""Rasa input channels of our own (Rasa glue by nature: the only part of bot/ importing Rasa)."""
