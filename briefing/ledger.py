"""The send ledger: one row per recipient of an edition, in SQLite beside the edition.

States: ``pending`` (not yet handed to the server), ``sent`` (the server accepted
it), ``failed`` (refused; ``permanent`` when the server said 5xx), ``unknown``
(the connection was lost after the message was handed over: it may have
arrived, so it is not sent again without ``--resend-unknown``). A recipient's
Message-ID is fixed per edition, so a resent message is recognisable.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from briefing import clock

PENDING, SENT, FAILED, UNKNOWN = "pending", "sent", "failed", "unknown"


@dataclass(frozen=True)
class Row:
    """One recipient's delivery state."""

    recipient: str
    message_id: str
    state: str
    attempts: int
    error: str
    permanent: bool


class Ledger:
    """A recipient-by-recipient record of one edition's sending."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._db = sqlite3.connect(path, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS delivery (recipient TEXT PRIMARY KEY, message_id TEXT "
            "NOT NULL, state TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, error TEXT NOT "
            "NULL DEFAULT '', permanent INTEGER NOT NULL DEFAULT 0, updated TEXT NOT NULL)")

    def close(self) -> None:
        """Close the database."""
        self._db.close()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def register(self, recipient: str, message_id: str) -> Row:
        """The recipient's row, created as pending the first time."""
        self._db.execute(
            "INSERT OR IGNORE INTO delivery (recipient, message_id, state, updated) "
            "VALUES (?, ?, ?, ?)", (recipient, message_id, PENDING, _stamp()))
        return self.row(recipient)

    def row(self, recipient: str) -> Row:
        """One recipient's state."""
        found = self._db.execute(
            "SELECT recipient, message_id, state, attempts, error, permanent FROM delivery "
            "WHERE recipient = ?", (recipient,)).fetchone()
        if found is None:
            raise KeyError(recipient)
        return Row(found[0], found[1], found[2], found[3], found[4], bool(found[5]))

    def rows(self) -> list[Row]:
        """Every recipient's state, in address order."""
        return [self.row(r) for (r,) in self._db.execute(
            "SELECT recipient FROM delivery ORDER BY recipient")]

    def mark(self, recipient: str, state: str, error: str = "", permanent: bool = False,
             attempt: bool = False) -> None:
        """Record a recipient's new state at once (committed before anything else happens)."""
        self._db.execute(
            "UPDATE delivery SET state = ?, error = ?, permanent = ?, updated = ?, "
            "attempts = attempts + ? WHERE recipient = ?",
            (state, error, int(permanent), _stamp(), int(attempt), recipient))


def _stamp() -> str:
    return clock.now().isoformat(timespec="seconds")
