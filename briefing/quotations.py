"""Find quotations: spans of an article's text between quotation marks.

Quotations are found per block, not per sentence, because a quoted statement often
runs over several sentences. Marks are paired by direction: « », “ ”, ‹ ›, „ “ open
and close; a straight " opens or closes by what stands beside it (a space before and a
letter after open, a letter before and a space or stop after close; glued ones, as in
``table."Nous``, by whether a quotation is open). A statement that runs over several
paragraphs ("… no closing mark¶“Next paragraph …”") is one quotation per paragraph,
each marked as continuing the one before. A mark that closes nothing is left out.
"""

from __future__ import annotations

from dataclasses import dataclass

from briefing.models import Article

PAIRS = {"«": "»", "“": "”", "‹": "›", "„": "“", '"': '"'}
_OPENERS_BEFORE = " \t\n([{/—–-:;,.!?…'’"
MAX_CHARS = 3000  # a quotation longer than this is a missed closing mark, not a quote


@dataclass(frozen=True)
class Quotation:
    """A quoted stretch of an article: offsets of its marks and of the words inside."""

    start: int  # offset of the opening mark in Article.text
    end: int  # offset just after the closing mark (or the end of the paragraph)
    inner_start: int  # the words between the marks, spaces trimmed
    inner_end: int
    block: int
    closed: bool  # False: the paragraph ends inside it, the next paragraph continues it
    continues: bool = False  # it continues the quotation of the previous paragraph

    def text(self, article: Article) -> str:
        """The quoted words."""
        return article.text[self.inner_start:self.inner_end]


def find_quotations(article: Article) -> list[Quotation]:
    """Every quotation of the article's paragraphs and bullets, in reading order."""
    found: list[Quotation] = []
    for index, (block, offset) in enumerate(zip(article.blocks, article.block_starts,
                                                strict=True)):
        if block.kind == "heading":
            continue
        spans = quoted_spans(block.text)
        continuing = bool(found) and not found[-1].closed and found[-1].block == index - 1
        for number, (start, end, closed) in enumerate(spans):
            inner = _trim(block.text, start + 1, end - 1 if closed else end)
            if inner is None:
                continue
            found.append(Quotation(offset + start, offset + end, offset + inner[0],
                                   offset + inner[1], index, closed,
                                   continues=continuing and number == 0 and start == 0))
        if found and not found[-1].closed and not _continued(article, index):
            found.pop()  # a mark that never closes quotes nothing
    return found


def _continued(article: Article, index: int) -> bool:
    """Whether the paragraph after ``index`` opens with a quotation mark."""
    following = article.blocks[index + 1].text if index + 1 < len(article.blocks) else ""
    return following[:1] in PAIRS


def quoted_spans(text: str) -> list[tuple[int, int, bool]]:
    """The outermost quoted spans of one paragraph: (start, end, closed). Only the last
    one may be unclosed: it opens the paragraph's last quotation, which the paragraph
    does not close."""
    spans: list[tuple[int, int, bool]] = []
    position = 0
    while position < len(text):
        opener = text[position]
        if opener not in PAIRS or not _opens(text, position):
            position += 1
            continue
        end = _closing(text, position)
        if end is None:
            if _starts_paragraph_quote(text, position):
                spans.append((position, len(text), False))
                break
            position += 1
            continue
        if end - position <= MAX_CHARS:
            spans.append((position, end + 1, True))
        position = end + 1
    return spans


def _starts_paragraph_quote(text: str, position: int) -> bool:
    """An opening mark at the head of a paragraph (or right after its first colon) that
    the paragraph never closes: a statement that goes on in the next paragraph."""
    head = text[:position].strip()
    return not head or head.endswith(":")


def _opens(text: str, position: int) -> bool:
    """Whether the mark at ``position`` can open a quotation."""
    mark = text[position]
    if mark != '"':
        return True
    after = text[position + 1: position + 2]
    before = text[position - 1] if position else " "
    return bool(after) and not after.isspace() and (before in _OPENERS_BEFORE or
                                                    not before.isalnum())


def _closes(text: str, position: int) -> bool:
    """Whether a straight mark at ``position`` can close a quotation."""
    before = text[position - 1] if position else " "
    after = text[position + 1: position + 2]
    return not before.isspace() and (not after or not after.isalnum() or
                                      before in ".!?…")


def _closing(text: str, start: int) -> int | None:
    """The position of the mark closing the quotation opened at ``start``."""
    opener = text[start]
    closer = PAIRS[opener]
    if opener == '"':
        return _straight_closing(text, start)
    depth = 0
    for position in range(start, min(len(text), start + MAX_CHARS + 1)):
        char = text[position]
        if char == opener and (opener != "„" or depth == 0):
            depth += 1
        elif char == closer:
            depth -= 1
            if depth == 0:
                return position
    return None


def _straight_closing(text: str, start: int) -> int | None:
    """The straight mark that closes one opened at ``start``: the first that can close.
    Straight marks do not nest (news writes nested quotes with other marks), so a mark
    that can only open (a space before it, a letter after) means the quotation lost its
    closing mark: it is left out rather than run on into the next one."""
    position = start + 1
    limit = min(len(text), start + MAX_CHARS + 1)
    while position < limit:
        position = text.find('"', position, limit)
        if position < 0:
            return None
        if _closes(text, position):
            return position
        if _opens(text, position) and text[position - 1].isspace():
            return None
        position += 1
    return None


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start] in " \u00a0\u202f":
        start += 1
    while end > start and text[end - 1] in " \u00a0\u202f":
        end -= 1
    return (start, end) if end > start else None
