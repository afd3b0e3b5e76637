"""The system-leadership coach: the assistant's own logic.

Only bot/rasa/ imports Rasa; bot/ops/ holds the tooling (launch, training, evaluation,
benchmarks), which the product never imports. tests/unit/test_boundaries.py checks both.
"""
