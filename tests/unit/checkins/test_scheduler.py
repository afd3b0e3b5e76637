import threading
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import create_engine, select, text, update

from bot.checkins.scheduler import CLAIMS, COMMITMENTS, claim_due, mark_sent, release

NOW = datetime(2026, 3, 10, 9, 0, tzinfo=timezone.utc)
TODAY = NOW.date()
EARLIER = NOW - timedelta(days=7)
REFERENCE = {"service_url": "https://smba.example/amer/", "conversation_id": "a:1x", "bot_id": "28:bot"}


def opt_in(repository, *senders, reference=REFERENCE, **choices):
    for sender in senders:
        repository.set_preferences(sender, teams_reference=reference, teams_reminders=True, **choices)


def add(engine, repository, sender, label, due, made=EARLIER):
    """A commitment made at `made` (by default a week ago)."""
    cid = repository.add_commitment(sender, label, due)
    with engine.begin() as connection:
        connection.execute(update(COMMITMENTS).where(COMMITMENTS.c.id == cid).values(created_at=made))
    return cid


def claimed(engine, now=NOW, limit=10, **options):
    return [c.commitment_id for c in claim_due(engine, now, limit, **options)]


def test_claims_each_leaders_earliest_due_commitment(engine, repository):
    opt_in(repository, "ann", "bob", "cat")
    ann = add(engine, repository, "ann", "late", TODAY)
    bob = add(engine, repository, "bob", "early", date(2026, 3, 1))
    add(engine, repository, "cat", "future", TODAY + timedelta(days=1))
    add(engine, repository, "cat", "undated", None)
    closed = add(engine, repository, "cat", "closed", TODAY)
    repository.set_commitment_status("cat", closed, "done")
    claims = claim_due(engine, NOW, 10)
    assert [c.commitment_id for c in claims] == [bob, ann]
    assert (claims[0].sender_id, claims[0].text, claims[0].due_date, claims[0].attempts) == (
        "bob", "early", date(2026, 3, 1), 1)
    assert claims[0].claimed_at == NOW
    assert claims[0].teams_reference == REFERENCE
    assert claim_due(engine, NOW, 10) == []  # never claimed twice


def test_leaders_who_did_not_opt_in_are_never_claimed(engine, repository):
    add(engine, repository, "nobody", "no preferences at all", TODAY)
    repository.set_preferences("web", teams_reminders=True)  # no Teams conversation to write to
    add(engine, repository, "web", "no reference", TODAY)
    repository.set_preferences("quiet", teams_reference=REFERENCE)  # wrote in Teams, never asked
    add(engine, repository, "quiet", "no reminders", TODAY)
    opt_in(repository, "stopped", checkins_enabled=False)
    add(engine, repository, "stopped", "check-ins off", TODAY)
    assert claimed(engine) == []
    with engine.connect() as connection:  # and no claim rows either
        assert connection.execute(select(CLAIMS)).all() == []
    opt_in(repository, "quiet")
    assert len(claimed(engine)) == 1
    repository.set_preferences("stopped", checkins_enabled=True)
    assert len(claimed(engine)) == 1


def test_opting_out_after_the_claim_row_exists_stops_it(engine, repository):
    opt_in(repository, "ann")
    cid = add(engine, repository, "ann", "talk to Sam", TODAY)
    assert claimed(engine) == [cid]
    release(engine, cid, "Teams said 503")
    repository.set_preferences("ann", checkins_enabled=False)
    assert claimed(engine) == []
    repository.set_preferences("ann", checkins_enabled=True, teams_reminders=False)
    assert claimed(engine) == []


def test_made_today_or_already_asked_is_not_due(engine, repository):
    opt_in(repository, "ann", "bob")
    add(engine, repository, "ann", "made this morning", TODAY, made=NOW - timedelta(hours=1))
    asked = add(engine, repository, "bob", "asked on return", TODAY)
    repository.mark_commitment_asked("bob", asked, NOW - timedelta(hours=2))
    assert claimed(engine) == []
    assert len(claimed(engine, NOW + timedelta(days=1))) == 1  # the one made yesterday, now


def test_one_at_a_time_and_at_most_one_sent_a_day(engine, repository):
    opt_in(repository, "ann")
    first = add(engine, repository, "ann", "first", date(2026, 3, 1))
    second = add(engine, repository, "ann", "second", date(2026, 3, 2))
    assert claimed(engine) == [first]
    assert claimed(engine) == []  # the first is in flight
    release(engine, first, "boom")
    assert claimed(engine) == [first]
    mark_sent(engine, first, NOW)
    repository.mark_commitment_asked("ann", first, NOW)
    assert claimed(engine, NOW + timedelta(hours=3)) == []  # one a day
    assert claimed(engine, NOW + timedelta(days=1)) == [second]


def test_a_leaders_first_check_in_is_the_one_the_check_in_action_asks(engine, repository):
    """Ordered as bot.checkins.service orders them: by check-in day (never the day it was made)."""
    from bot.checkins import service

    opt_in(repository, "ann")
    late_made = add(engine, repository, "ann", "due before it was made", date(2026, 3, 1),
                    made=datetime(2026, 3, 5, 23, 30, tzinfo=timezone.utc))  # check-in day 6 March
    early_made = add(engine, repository, "ann", "due on the 3rd", date(2026, 3, 3),
                     made=datetime(2026, 2, 1, tzinfo=timezone.utc))  # check-in day 3 March
    if hasattr(service, "checkin_to_open"):  # the check-in conversation's choice, once merged
        assert service.checkin_to_open(repository, "ann", TODAY).id == early_made
    assert claimed(engine) == [early_made]
    mark_sent(engine, early_made, NOW)
    repository.mark_commitment_asked("ann", early_made, NOW)
    assert claimed(engine, NOW + timedelta(days=1)) == [late_made]


def test_limit_and_next_day(engine, repository):
    senders = [f"leader{i}" for i in range(5)]
    opt_in(repository, *senders)
    ids = [add(engine, repository, sender, "c", TODAY) for sender in senders]
    assert claimed(engine, limit=2) == ids[:2]
    assert claimed(engine, limit=2) == ids[2:4]
    assert claimed(engine, limit=0) == []
    opt_in(repository, "later")
    tomorrow = add(engine, repository, "later", "tomorrow", TODAY + timedelta(days=1))
    assert claimed(engine, NOW + timedelta(days=1)) == [ids[4], tomorrow]


def test_mark_sent_and_release_retry(engine, repository):
    opt_in(repository, "ann")
    cid = add(engine, repository, "ann", "talk to Sam", TODAY)
    [claim] = claim_due(engine, NOW, 10)
    assert release(engine, cid, "Teams said 503") is True
    [again] = claim_due(engine, NOW, 10)
    assert (again.commitment_id, again.attempts) == (cid, 2)
    assert mark_sent(engine, cid, NOW) is True
    assert release(engine, cid) is False  # sent: stays claimed
    assert claim_due(engine, NOW, 10) == []
    with engine.connect() as connection:
        row = connection.execute(select(CLAIMS)).one()
    assert row.sent_at == NOW and row.attempts == 2 and row.last_error is None
    assert mark_sent(engine, 999, NOW) is False


def test_release_can_undo_the_failed_attempts_question(engine, repository):
    opt_in(repository, "ann")
    cid = add(engine, repository, "ann", "talk to Sam", TODAY)
    older = add(engine, repository, "ann", "asked last week", None)
    repository.mark_commitment_asked("ann", older, EARLIER)
    [claim] = claim_due(engine, NOW, 10)
    repository.mark_commitment_asked("ann", cid, NOW + timedelta(seconds=2))  # the action asked...
    assert release(engine, cid, "status 500", unask_since=claim.claimed_at) is True  # ...but it never arrived
    assert repository.get_commitment("ann", cid).asked_at is None
    assert repository.get_commitment("ann", older).asked_at == EARLIER  # asked before the claim: kept
    with engine.connect() as connection:
        assert connection.execute(select(CLAIMS.c.last_error)).scalar() == "status 500"
    assert claimed(engine, NOW + timedelta(minutes=5)) == [cid]


def test_gives_up_after_max_attempts_and_moves_on(engine, repository):
    opt_in(repository, "ann")
    cid = add(engine, repository, "ann", "talk to Sam", TODAY)
    later = add(engine, repository, "ann", "later one", TODAY)
    for _ in range(3):
        assert claimed(engine, max_attempts=3) == [cid]
        release(engine, cid, "boom")
    assert claimed(engine, max_attempts=3) == [later]


def test_a_postponed_commitment_is_checked_in_on_again(engine, repository):
    opt_in(repository, "ann")
    cid = add(engine, repository, "ann", "talk to Sam", TODAY)
    assert claimed(engine) == [cid]
    mark_sent(engine, cid, NOW)
    repository.mark_commitment_asked("ann", cid, NOW)
    next_week = TODAY + timedelta(days=7)
    assert repository.set_commitment_due_date("ann", cid, next_week)  # "ask me again next week"
    assert claimed(engine, NOW + timedelta(days=1)) == []
    [again] = claim_due(engine, NOW + timedelta(days=7), 10)
    assert (again.commitment_id, again.attempts, again.due_date) == (cid, 1, next_week)


def test_an_unasked_sent_commitment_is_not_claimed_again(engine, repository):
    """The check-in action found nothing to ask (sent nothing): no loop of retries."""
    opt_in(repository, "ann")
    cid = add(engine, repository, "ann", "talk to Sam", TODAY)
    assert claimed(engine) == [cid]
    mark_sent(engine, cid, NOW)
    assert claimed(engine, NOW + timedelta(days=3)) == []


def test_naive_now_is_utc_and_bad_now_rejected(engine, repository):
    opt_in(repository, "ann")
    add(engine, repository, "ann", "talk to Sam", TODAY)
    [claim] = claim_due(engine, NOW.replace(tzinfo=None), 10)
    assert claim.claimed_at == NOW
    with pytest.raises(ValueError):
        claim_due(engine, TODAY, 10)  # type: ignore[arg-type]


def test_closed_after_claim_row_exists_is_not_claimed(engine, repository):
    opt_in(repository, "ann")
    cid = add(engine, repository, "ann", "talk to Sam", TODAY)
    claim_due(engine, NOW, 10)
    release(engine, cid)
    repository.set_commitment_status("ann", cid, "done")
    assert claim_due(engine, NOW, 10) == []


@pytest.mark.timeout(120)
def test_two_replicas_never_claim_the_same(engine, repository):
    """Two threads, each with its own engine (own connections), race for the same due rows."""
    leaders = 30
    opt_in(repository, *(f"leader{i}" for i in range(leaders)))
    for i in range(2 * leaders):  # two due commitments each: one check-in per leader per day
        add(engine, repository, f"leader{i % leaders}", f"c{i}", TODAY - timedelta(days=i % 5))
    results: dict[int, list] = {0: [], 1: []}
    errors: list[BaseException] = []
    start = threading.Barrier(2)

    def replica(number: int) -> None:
        own = create_engine(engine.url, future=True, connect_args=_connect_args(engine))
        try:
            start.wait()
            while True:
                batch = claim_due(own, NOW, 3)
                if not batch:
                    break
                results[number].extend((c.commitment_id, c.sender_id) for c in batch)
        except BaseException as error:  # noqa: BLE001 - reported by the main thread
            errors.append(error)
        finally:
            own.dispose()

    threads = [threading.Thread(target=replica, args=(n,)) for n in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors
    claims = results[0] + results[1]
    assert len({cid for cid, _ in claims}) == len(claims) == leaders
    assert len({sender for _, sender in claims}) == leaders
    with engine.connect() as connection:
        assert connection.execute(text("SELECT COUNT(*) FROM checkin_claims WHERE attempts = 1")).scalar() == leaders


def _connect_args(engine):
    return {"timeout": 30} if engine.dialect.name == "sqlite" else {}


@pytest.mark.timeout(30)  # waiting on the lock instead of skipping it would hang here
@pytest.mark.parametrize("engine", ["postgresql"], indirect=True)
def test_postgres_skips_rows_locked_by_another_replica(engine, repository):
    """SKIP LOCKED: a row another transaction holds is skipped at once, not waited for."""
    opt_in(repository, "ann", "bob")
    first = add(engine, repository, "ann", "first", TODAY)
    second = add(engine, repository, "bob", "second", TODAY)
    claim_due(engine, NOW, 0)  # nothing claimed
    with engine.begin() as connection:  # create the claim rows without claiming
        connection.execute(CLAIMS.insert(), [{"commitment_id": first, "attempts": 0},
                                             {"commitment_id": second, "attempts": 0}])
    other = create_engine(engine.url, future=True)
    try:
        with other.connect() as holder:
            transaction = holder.begin()
            holder.execute(text("SELECT 1 FROM checkin_claims WHERE commitment_id = :id FOR UPDATE"), {"id": first})
            assert claimed(engine) == [second]
            transaction.rollback()
        assert claimed(engine) == [first]
    finally:
        other.dispose()
