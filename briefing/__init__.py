"""briefing: turn a week's news articles into a dated PDF briefing."""

from __future__ import annotations

__version__ = "0.1.0"
