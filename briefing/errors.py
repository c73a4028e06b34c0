"""The one exception family of briefing; the CLI turns it into one-line messages."""

from __future__ import annotations


class BriefingError(Exception):
    """Base of every error briefing raises on purpose."""


class InputError(BriefingError):
    """An input file cannot be read as an article; the run skips it and goes on."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class NoArticlesError(BriefingError):
    """Nothing readable was found, so there is no edition to build."""


class RenderError(BriefingError):
    """The edition could not be written as HTML, JSON or PDF."""


class ConfigError(BriefingError):
    """Settings or command-line values are invalid."""
