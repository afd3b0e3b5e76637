"""WAL mode is set even while another process holds the new file (a concurrent migration)."""
import sqlite3
import threading

from bot.db.engine import _ensure_wal


def test_wal_is_set_once_the_other_writer_lets_go_instead_of_failing_as_locked(tmp_path):
    path = tmp_path / "coach.db"
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("CREATE TABLE t (x)")
    holder.execute("BEGIN EXCLUSIVE")  # as a migration in another process would
    threading.Timer(0.3, lambda: holder.execute("COMMIT")).start()
    other = sqlite3.connect(path, isolation_level=None, timeout=0.1)
    _ensure_wal(other.cursor(), timeout_s=10)
    assert other.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    holder.close()
    other.close()
