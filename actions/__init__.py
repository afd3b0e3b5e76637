"""Thin rasa_sdk adapters: read the tracker, call `bot`, turn the result into responses and events."""
