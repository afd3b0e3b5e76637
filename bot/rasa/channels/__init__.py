"""Our Rasa input channels: REST, socket.io for the web widget, Microsoft Teams (Bot Framework),
with the bad-input guard they share."""
