"""Safety first: step 1 of every turn (ARCHITECTURE.md, "Understanding a turn").

`assess(text, intent)` decides the level from evidence in the sentence (bot.safety.assess): the
patterns (bot.safety.patterns) and a small learned reading (bot.safety.learned) weighed together;
`safety_step(...)` says what that means for this turn, the one decision every caller uses
(bot.safety.step). Under a millisecond a message (median, measured by `make eval-safety`).
"""
from bot.safety.assess import Level, Safety, assess
from bot.safety.step import SafetyStep, handled_this_turn, safety_step, signposted_last_turn

__all__ = ["Level", "Safety", "SafetyStep", "assess", "handled_this_turn", "safety_step", "signposted_last_turn"]
