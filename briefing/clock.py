"""The single source of "today" for editions, file names and tests."""

from __future__ import annotations

import datetime as dt
import os

from briefing.errors import ConfigError


def now() -> dt.datetime:
    """The current time (UTC); ``SOURCE_DATE_EPOCH`` fixes it for reproducible runs."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
        except (ValueError, OverflowError, OSError) as exc:
            raise ConfigError(f"SOURCE_DATE_EPOCH={epoch!r} is not a Unix timestamp") from exc
    return dt.datetime.now(tz=dt.UTC)


def today() -> dt.date:
    """Return the edition date to use when none is given (see ``now``)."""
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return now().date()
    return dt.date.today()


def parse_week(value: str) -> tuple[int, int]:
    """Parse an ISO week given by a user ("2025-W08")."""
    import re

    match = re.fullmatch(r"(\d{4})-?W(\d{2})", value.strip(), re.IGNORECASE)
    if not match:
        raise ConfigError(f"{value!r} is not an ISO week of the form YYYY-Www")
    year, week = int(match.group(1)), int(match.group(2))
    try:
        dt.date.fromisocalendar(year, week, 1)
    except ValueError as exc:
        raise ConfigError(f"{value!r}: {year} has no week {week}") from exc
    return year, week


def parse_date(value: str) -> dt.date:
    """Parse a YYYY-MM-DD edition date given by a user."""
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise ConfigError(f"{value!r} is not a date of the form YYYY-MM-DD") from exc
