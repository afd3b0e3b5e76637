"""Follow-up check-ins on leaders' commitments: due dates from their words, outcomes, and claims.

Importing this package connects to nothing and imports nothing from Rasa. Modules:
`dates` (parse_due_date), `service` (check-in logic over bot.journal's JournalRepository) and
`scheduler` (claim_due: proactive check-ins that two replicas never send twice).
"""
