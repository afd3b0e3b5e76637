import threading
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import create_engine, select, text

from bot.checkins.scheduler import CLAIMS, claim_due, mark_sent, release

NOW = datetime(2026, 3, 10, 9, 0, tzinfo=timezone.utc)
TODAY = NOW.date()


def test_claims_only_open_due_earliest_first(engine, repository):
    late = repository.add_commitment("ann", "late", TODAY)
    early = repository.add_commitment("bob", "early", date(2026, 3, 1))
    repository.add_commitment("ann", "future", TODAY + timedelta(days=1))
    repository.add_commitment("ann", "undated", None)
    closed = repository.add_commitment("ann", "closed", TODAY)
    repository.set_commitment_status("ann", closed, "done")
    claims = claim_due(engine, NOW, 10)
    assert [c.commitment_id for c in claims] == [early, late]
    assert (claims[0].sender_id, claims[0].text, claims[0].due_date, claims[0].attempts) == (
        "bob", "early", date(2026, 3, 1), 1)
    assert claims[0].claimed_at == NOW
    assert claim_due(engine, NOW, 10) == []  # never claimed twice


def test_limit_and_next_day(engine, repository):
    ids = [repository.add_commitment("ann", f"c{i}", TODAY) for i in range(5)]
    assert [c.commitment_id for c in claim_due(engine, NOW, 2)] == ids[:2]
    assert [c.commitment_id for c in claim_due(engine, NOW, 2)] == ids[2:4]
    assert claim_due(engine, NOW, 0) == []
    tomorrow = repository.add_commitment("ann", "tomorrow", TODAY + timedelta(days=1))
    later = NOW + timedelta(days=1)
    assert [c.commitment_id for c in claim_due(engine, later, 10)] == [ids[4], tomorrow]


def test_mark_sent_and_release_retry(engine, repository):
    cid = repository.add_commitment("ann", "talk to Sam", TODAY)
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


def test_gives_up_after_max_attempts(engine, repository):
    cid = repository.add_commitment("ann", "talk to Sam", TODAY)
    for _ in range(3):
        assert [c.commitment_id for c in claim_due(engine, NOW, 10, max_attempts=3)] == [cid]
        release(engine, cid, "boom")
    assert claim_due(engine, NOW, 10, max_attempts=3) == []


def test_naive_now_is_utc_and_bad_now_rejected(engine, repository):
    repository.add_commitment("ann", "talk to Sam", TODAY)
    [claim] = claim_due(engine, NOW.replace(tzinfo=None), 10)
    assert claim.claimed_at == NOW
    with pytest.raises(ValueError):
        claim_due(engine, TODAY, 10)  # type: ignore[arg-type]


def test_closed_after_claim_row_exists_is_not_claimed(engine, repository):
    cid = repository.add_commitment("ann", "talk to Sam", TODAY)
    claim_due(engine, NOW, 10)
    release(engine, cid)
    repository.set_commitment_status("ann", cid, "done")
    assert claim_due(engine, NOW, 10) == []


@pytest.mark.timeout(120)
def test_two_replicas_never_claim_the_same(engine, repository):
    """Two threads, each with its own engine (own connections), race for the same due rows."""
    total = 60
    for i in range(total):
        repository.add_commitment(f"leader{i % 7}", f"c{i}", TODAY - timedelta(days=i % 5))
    results: dict[int, list[int]] = {0: [], 1: []}
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
                results[number].extend(c.commitment_id for c in batch)
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
    claimed = results[0] + results[1]
    assert len(claimed) == len(set(claimed)) == total
    with engine.connect() as connection:
        assert connection.execute(text("SELECT COUNT(*) FROM checkin_claims WHERE attempts = 1")).scalar() == total


def _connect_args(engine):
    return {"timeout": 30} if engine.dialect.name == "sqlite" else {}


@pytest.mark.timeout(30)  # waiting on the lock instead of skipping it would hang here
@pytest.mark.parametrize("engine", ["postgresql"], indirect=True)
def test_postgres_skips_rows_locked_by_another_replica(engine, repository):
    """SKIP LOCKED: a row another transaction holds is skipped at once, not waited for."""
    first = repository.add_commitment("ann", "first", TODAY)
    second = repository.add_commitment("ann", "second", TODAY)
    claim_due(engine, NOW, 0)  # nothing claimed
    with engine.begin() as connection:  # create the claim rows without claiming
        connection.execute(CLAIMS.insert(), [{"commitment_id": first, "attempts": 0},
                                             {"commitment_id": second, "attempts": 0}])
    other = create_engine(engine.url, future=True)
    try:
        with other.connect() as holder:
            transaction = holder.begin()
            holder.execute(text("SELECT 1 FROM checkin_claims WHERE commitment_id = :id FOR UPDATE"), {"id": first})
            assert [c.commitment_id for c in claim_due(engine, NOW, 10)] == [second]
            transaction.rollback()
        assert [c.commitment_id for c in claim_due(engine, NOW, 10)] == [first]
    finally:
        other.dispose()
