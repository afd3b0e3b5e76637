"""Everything that imports Rasa: the Rasa entry point with our fixes (server.py), the input
channels, the tracker and lock stores, and the check-in policy. Nothing here runs on import:
bot/rasa/server.py applies the fixes, in the Rasa server process only."""
