"""Trainers' analytics: usage figures aggregated in SQL over Rasa's `events` and the journal,
pseudonyms and masking, trainer accounts and tags, conversation review, retention.

Importing connects to nothing. Modules:
    queries      make_filters(), overview(engine, filters) -> the report's figures (dict)
    review       list_conversations(), transcript(), find_sender()
    privacy      pseudonym(sender_id), mask(text)
    accounts     TrainerAccounts, get_accounts(url), ensure_event_indexes()
    maintenance  purge(engine, older_than_days), retention_days()
    report       to_json / to_csv / to_html
    cli          main(argv): `trainers ...` and `analytics ...` (wired into `python -m bot`)
    bench        one million synthetic events on PostgreSQL, timing overview()
"""
