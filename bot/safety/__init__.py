"""Safety first: step 1 of every turn (ARCHITECTURE.md, "Understanding a turn").

`assess(text, intent)` decides the level from evidence in the sentence (bot.safety.assess);
`safety_step(...)` says what that means for this turn, the one decision every caller uses
(bot.safety.step). Plain Python, no model: a fraction of a millisecond a message.
"""
from bot.safety.assess import Level, Safety, assess
from bot.safety.step import SafetyStep, handled_this_turn, safety_step, signposted_last_turn

__all__ = ["Level", "Safety", "SafetyStep", "assess", "handled_this_turn", "safety_step", "signposted_last_turn"]
