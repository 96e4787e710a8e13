"""WAL checkpoints on a background thread, so that no request waits for the fsync a checkpoint needs.

The request connection turns SQLite's automatic checkpoint off; this thread, on its own connection,
runs a PASSIVE checkpoint (which never blocks the writer) every `interval` seconds, and a full one
(TRUNCATE, shrinking the WAL file) when the server stops.
"""

from __future__ import annotations

import sqlite3
import threading


class Checkpointer:
    """A daemon thread checkpointing one database file."""

    def __init__(self, path: str, interval: float = 0.5) -> None:
        self.path = path
        self.interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="sqlite-checkpoint", daemon=True)

    def start(self) -> None:
        """Start checkpointing."""
        self._thread.start()

    def stop(self) -> None:
        """Stop the thread after a last, full checkpoint."""
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()

    def _run(self) -> None:
        conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False, timeout=30.0)
        try:
            while not self._stop.wait(self.interval):
                conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        except sqlite3.Error:
            pass  # a busy or closed database: the next start (or SQLite itself) checkpoints
        finally:
            conn.close()
