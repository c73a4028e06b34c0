"""The single source of "today" for editions, file names and tests."""

from __future__ import annotations

import datetime as dt
import os

from briefing.errors import ConfigError


def today() -> dt.date:
    """Return the edition date to use when none is given.

    Honours ``SOURCE_DATE_EPOCH`` (reproducible builds) so that the same inputs
    give the same outputs on any day.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc).date()
        except (ValueError, OverflowError, OSError) as exc:
            raise ConfigError(f"SOURCE_DATE_EPOCH={epoch!r} is not a Unix timestamp") from exc
    return dt.date.today()


def parse_date(value: str) -> dt.date:
    """Parse a YYYY-MM-DD edition date given by a user."""
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise ConfigError(f"{value!r} is not a date of the form YYYY-MM-DD") from exc
