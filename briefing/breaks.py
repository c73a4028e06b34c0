"""Restore the paragraph breaks a page lost when its text was flattened.

Scraped news text often glues what were separate paragraphs: a sentence to the next
("gendarmerie.Samedi"), a sentence to a quotation ('de 57 ans."La chance'), a
sub-heading to the sentence after it ('de vie"Mais', "justice.10 000 policiers
supplémentaires Dans l'émission"), an embedded video's teaser and credit ("qui est
prioritaire ?par Top Santé"). ``restore(line)`` cuts a line at such glue points:
sentences are joined back into one prose piece with the space they lacked; headings,
teasers and credits come out as pieces of their own, which the cleaner keeps as
headings or drops.

The rules are general: a glue point is a sentence end, or a closing quotation mark,
followed with no space by the next sentence's first letter or quotation mark; a word
a sentence opens with (``[breaks]`` of ``lexicon/*/cleaning.toml``) glued to the word
before it; or such a word after a short run without closing punctuation that follows
a sentence end (a heading). A question glued to "par <outlet>" is a video teaser.
"""

from __future__ import annotations

import functools
import itertools
import re
from dataclasses import dataclass

from briefing import lexicon

_TERMINAL = (".", "!", "?", "…", ":", ".\"", "!\"", "?\"", ".»", "»", "”", ".)")
_UPPER = "A-ZÀ-ÝÉ"
MAX_HEADING_WORDS = 14
CREDIT_REACH = 40  # the furthest a credit's outlet name runs before the glued text


@dataclass(frozen=True)
class Piece:
    """A run of a line: prose (whole sentences) or not (a heading; ``media``: an embedded
    video's teaser or credit, which is clutter); ``bullet``: an item of a flattened list."""

    text: str
    prose: bool
    media: bool = False
    bullet: bool = False


_BULLETS = re.compile(r"(?<=[.!?…»\"”])\s*[•▪◦‣]\s*(?=\S)")


def restore(line: str) -> list[Piece]:
    """Cut a line at its glue points; sentences stay together, the rest stands apart. A
    list flattened into the line ("septembre.• Météo France a placé ...") gives one
    piece per item."""
    items = _BULLETS.split(line)
    if len(items) == 1:
        return _restore(line)
    pieces = _restore(items[0])
    for item in items[1:]:
        pieces.extend(Piece(p.text, p.prose, p.media, bullet=p.prose) for p in _restore(item))
    return pieces


def _words(name: str) -> str:
    return lexicon.alternation(lexicon.entries("cleaning", f"breaks.{name}")) or "(?!)"


@functools.cache
def _glue() -> re.Pattern[str]:
    """Candidate glue points, each checked by ``_is_cut``."""
    return re.compile(
        r"(?P<sentence>(?<=[a-zà-ÿ]{2}[.!?…])(?=[" + _UPPER + r"0-9]))"
        r"|(?P<spaced>(?<=[a-zà-ÿ]{2}[ \u00a0\u202f][?!])(?=[" + _UPPER + r"][a-zà-ÿ]))"
        r"|(?P<open>(?<=[a-zà-ÿ0-9)\"»”][.!?…])(?=[\"«“][" + _UPPER + r"]))"
        r"|(?P<close>(?<=[\w.!?…][\"»”])(?=[" + _UPPER + r"]))"
        r"|(?P<camel>(?<=[a-zà-ÿ]{2})(?=(?:" + _words("glued_openers") + r")\s))"
        r"|(?P<heading>(?<=\S )(?=(?:" + _words("heading_followers") + r")\s))"
        r"|(?P<credit>(?<=[?!])\s*(?=(?:" + _words("credit_openers") + r")\s))")


def _restore(line: str) -> list[Piece]:
    cuts = [0]
    credits: set[int] = set()
    for match in _glue().finditer(line):
        at = match.end()
        if at <= cuts[-1] or not _is_cut(line, cuts[-1], at, match.lastgroup or ""):
            continue
        cuts.append(at)
        if match.lastgroup == "credit":
            credits.add(at)
            end = _credit_end(line, at)
            if end:
                cuts.append(end)
    if len(cuts) == 1:
        return [Piece(line, True)]
    cuts.append(len(line))
    runs = [(line[a:b].strip(), a in credits) for a, b in itertools.pairwise(cuts)]
    return _assemble([(run, credit) for run, credit in runs if run])


def _is_cut(line: str, start: int, at: int, kind: str) -> bool:
    mark = {"close": line[at - 1: at], "open": line[at: at + 1]}.get(kind, "")
    if mark == '"':
        # a straight mark glued on both sides ('ans."La', 'vie"Mais') closes the quotation
        # the mark before it opened, and otherwise opens the next sentence's
        position = at - 1 if kind == "close" else at
        closes = _closes(line, position)
        return closes if kind == "close" else not closes
    if kind == "heading":
        run = line[start:at].strip()
        return (start > 0 and line[:start].rstrip().endswith(_TERMINAL) and bool(run)
                and not run.endswith(_TERMINAL) and len(run.split()) <= MAX_HEADING_WORDS
                and bool(re.match(r"[\"«“]?[" + _UPPER + r"0-9]", run)))
    return True


def _closes(line: str, position: int) -> bool:
    """Whether the straight quotation mark at ``position`` closes a quotation: the mark
    before it reads as an opening one (space or start before it, a letter after), or,
    when that mark is glued on both sides too, the marks before it are odd in number."""
    previous = line.rfind('"', 0, position)
    if previous < 0:
        return False
    before = line[previous - 1: previous] if previous else " "
    after = line[previous + 1: previous + 2]
    if (before.isspace() or before in "('’-") and after and not after.isspace():
        return True
    if not before.isspace() and (not after or after.isspace() or after in ",.;:!?)"):
        return False
    return line[:position].count('"') % 2 == 1


def _credit_end(line: str, at: int) -> int | None:
    """Where a credit's outlet name ends: the first quotation mark, or capital starting a
    word glued to it ("par franceinfoCe jour-là", 'par Top Santé"Nous')."""
    glued = re.compile(r"[\"«“]|(?<=\S)(?=[" + _UPPER + r"][a-zà-ÿ])")
    match = glued.search(line, at + 4, at + CREDIT_REACH)
    return match.start() if match else None


def _assemble(runs: list[tuple[str, bool]]) -> list[Piece]:
    """Join consecutive sentences into one prose piece; a heading, a credit and the
    question it credits (an embedded video's teaser) stand alone."""
    pieces: list[Piece] = []
    for run, credit in runs:
        if credit:
            if pieces and pieces[-1].prose and pieces[-1].text.endswith("?"):
                pieces[-1:] = _split_teaser(pieces[-1].text, media=True)
            elif pieces and not pieces[-1].prose:
                pieces[-1] = Piece(pieces[-1].text, False, media=True)
            pieces.append(Piece(run, False, media=True))
            continue
        prose = run.endswith(_TERMINAL) or len(run.split()) > MAX_HEADING_WORDS
        for piece in [Piece(run, True)] if prose else _split_teaser(run):
            if piece.prose and pieces and pieces[-1].prose:
                pieces[-1] = Piece(f"{pieces[-1].text} {piece.text}", True)
            else:
                pieces.append(piece)
    return pieces


def _split_teaser(text: str, media: bool = False) -> list[Piece]:
    """The last sentence of a run stands apart (a teaser before its credit, a heading
    after the sentences glued before it); the sentences before it are prose."""
    sentences = re.split(r"(?:(?<=[.!?…])|(?<=[.!?…][\"»”]))\s+(?=\S)", text)
    head = " ".join(sentences[:-1])
    return ([Piece(head, True)] if head else []) + [Piece(sentences[-1], False, media)]
