"""Tooling around the coach, not the coach: start the servers (launch, production layout), train,
evaluate, benchmark, build the Teams app package. Reached from `python -m bot` and the Makefile."""
