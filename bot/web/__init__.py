"""The web widget: a small web app serving widget.js (chat panel over Rasa's socket.io channel) and a demo page."""
