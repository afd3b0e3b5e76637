"""The system-leadership coach: all of the assistant's own logic (no Rasa imports outside channels/)."""
