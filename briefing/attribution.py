"""Name the speaker of a quotation: an ordered table of small rules.

Each rule reads the quotation's setting (the words of its sentence before and after
it) and returns a speaker phrase resolved by ``speakers.Discourse``, or None. The first
rule that names someone wins, and its name is recorded with the quote, so that
``briefing eval quotes --by-rule`` can score each rule and a reviewer can see why a
speaker was chosen. Rules are language-free; their words come from the lexicon.

    dash                « … » — Sergueï Lavrov
    inverted-pronoun    « … », a-t-il dit / ajoute-t-elle / ont-ils souligné
    after-verb-speaker  « … », a déclaré lundi à la presse le conseiller, Iouri Ouchakov
                        "…," said Secretary of State Marco Rubio
    after-speaker-verb  "…," Trump told reporters / "…," the senator, a Democrat, said
    after-source        « … », selon l'AFP / "…," according to the Times
    before-colon        Lavrov a déclaré : « … » / Carmen Costa : « … » / He wrote: "…"
    before-source       Selon X, « … » / According to X, "…"
    before-as           As Politico reported, "…" / Comme l'a rapporté Le Parisien, « … »
    asked-by            X was asked by moderator Gerard Baker whether "…" (the asker's)
    before-verb         Brafman said, "…" / X a affirmé que « … » / X called it "…"
    sentence-end        « … », sera versée « … », a précisé X  (the sentence's last clause)
    intro-previous      Cruz continued:¶"…"  (the sentence before ends with a colon)
    list-intro          X a fait plusieurs déclarations :¶- … « … »  (a bulleted list)
    inside              ¶House Speaker Paul Ryan says …  (a statement set off on its own)
    previous-statement  Kerry said that ….¶"That adds up …"  (the sentence before reports)
    recent-speaker      a statement set off on its own: the last person shown speaking
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass

from briefing import lexicon
from briefing.discourse import Discourse
from briefing.models import Article
from briefing.names import find_names
from briefing.phrases import (MAX_SUBJECT_WORDS, attribution_clause, blanked, introducer,
                              inverted_description, noun_phrase, opens_with_determiner,
                              participle, source_pattern, subject, subject_after, verb_at)
from briefing.quotations import Quotation
from briefing.speakers import (Speaker, after_preposition, auxiliaries,
                               gender_of_word, has_speech_marker,
                               is_reporting, reporting_verbs,
                               tokens)

_DASH = re.compile(r"^\s*[,.]?\s*[—–]\s*(?P<who>[^,.;()«»\"“”]{2,60})")
_INVERTED = re.compile(r"^[\s,.]*(?:(?P<aux>[\w'’]+)\s+)?(?P<verb>[\w'’]+)-(?:t-)?"
                       r"(?P<pronoun>il|elle|ils|elles|on)\b", re.IGNORECASE)
_RECENT_SENTENCES = 12  # how far back a statement set off on its own looks for a speaker


@dataclass(frozen=True)
class Setting:
    """A quotation in its sentence: what stands before and after it."""

    quotation: Quotation
    before: str  # the sentence up to the opening mark, other quotations blanked
    before_start: int  # offset of ``before`` in the article's text
    after: str  # from the closing mark to the end of the sentence (or the next quotation)
    after_start: int
    previous: str  # the sentence before the quotation's sentence ("" at the top)
    previous_start: int
    tail: str = ""  # the rest of the sentence after the quotation, other quotations blanked
    inner: str = ""  # the words of a statement set off on its own (no quotation marks)

    @property
    def opens_sentence(self) -> bool:
        """Whether nothing but space stands before the quotation in its sentence."""
        return not self.before.strip(" \u00a0\u202f")


Rule = Callable[[Setting, Discourse], Speaker | None]


def attribute(setting: Setting, discourse: Discourse,
              rules: tuple[tuple[str, Rule], ...] | None = None) -> tuple[Speaker | None, str]:
    """The speaker of a quotation and the rule that named it ("" when none did)."""
    for name, rule in rules or RULES:
        found = rule(setting, discourse)
        if found is not None:
            return found, name
    return None, ""


# ── after the quotation ─────────────────────────────────────────────────────

def _dash(setting: Setting, discourse: Discourse) -> Speaker | None:
    found = _DASH.match(setting.after)
    if not found:
        return None
    return discourse.resolve(found.group("who"), setting.after_start + found.start("who"))


def _inverted_pronoun(setting: Setting, discourse: Discourse) -> Speaker | None:
    """« … », a-t-il dit / estime-t-elle / ont-ils ajouté."""
    found = _INVERTED.match(setting.after[:60])
    if not found:
        return None
    words = [w.lower() for w in (found.group("aux") or "", found.group("verb"))]
    following = [w for w in tokens(setting.after[found.end(): found.end() + 60])[:4]
                 if w not in lexicon.words("speech", "adverbs") and not w.endswith("ment")]
    if not (set(words) & reporting_verbs() or (words[1] in auxiliaries() and
                                               set(following[:1]) & reporting_verbs())):
        return None
    pronoun = found.group("pronoun").lower()
    offset = setting.after_start + found.start("pronoun")
    if pronoun in lexicon.words("speech", "pronouns"):  # the quotation's own sentence is
        person = discourse.antecedent(offset, gender_of_word(pronoun))  # what was said
        return Speaker(person, "pronoun") if person else None
    return discourse.resolve(pronoun, offset)


def _after_verb_speaker(setting: Setting, discourse: Discourse) -> Speaker | None:
    """« … », a déclaré X / "…," said X: the verb first, its subject after it."""
    clause, start = attribution_clause(setting.after, setting.after_start)
    words = list(re.finditer(r"[\w'’\-]+", clause))
    verb = verb_at(words, leading=True, lang=discourse.lang)
    if verb is None or participle(words[verb].group()):
        return None  # "…, adding that": a participle has no subject after it
    rest_start = words[verb].end()
    return subject_after(clause[rest_start:], start + rest_start, discourse)


def _after_speaker_verb(setting: Setting, discourse: Discourse) -> Speaker | None:
    """"…," Trump told reporters / "…," the senator, a Democrat, said: subject, then verb."""
    after = re.sub(r"^([^,.;!?]{2,60}),\s+(?:who|qui)\b[^,.;!?]{0,120},",  # "X, who served
                   lambda m: m.group(1) + " " * (len(m.group()) - len(m.group(1))),  # as …,
                   setting.after.lstrip(" ,\u00a0\u202f"))  # told": blanked, offsets kept
    skipped = len(setting.after) - len(setting.after.lstrip(" ,\u00a0\u202f"))
    clause, start = attribution_clause(after, setting.after_start + skipped, keep_commas=True)
    if not clause:
        return None
    words = list(re.finditer(r"[\w'’\-]+", clause))
    for index, word in enumerate(words[:MAX_SUBJECT_WORDS]):
        previous = words[index - 1].group().lower() if index else ""
        if index and is_reporting(word.group().lower(), previous, discourse.lang):
            subject = clause[: word.start()]
            subject = re.sub(r"\s+(?:" + lexicon.alternation(
                lexicon.entries("speech", "perfect_auxiliaries")) + r")\s*$", "", subject)
            found = noun_phrase(subject, start, discourse)
            if found is None and index <= 4 and opens_with_determiner(subject, discourse):
                found = inverted_description(subject)
            return found
    return None


def _after_agent(setting: Setting, discourse: Discourse) -> Speaker | None:
    """« … » promis par Emmanuel Macron / "…" cited by X: a reporting verb's agent."""
    found = re.match(r"^[\s,]*([\w'’-]+)\s+(?:par|by)\s+(?P<who>[^.;!?«»\"“”]{2,80})",
                     setting.after)
    if not found or found.group(1).lower() not in lexicon.reporting_verbs():
        return None
    return noun_phrase(found.group("who"), setting.after_start + found.start("who"), discourse)


def _after_source(setting: Setting, discourse: Discourse) -> Speaker | None:
    """« … », selon X / "…," according to X."""
    found = source_pattern("after").match(setting.after)
    if not found:
        return None
    return noun_phrase(found.group("who"), setting.after_start + found.start("who"), discourse)


# ── before the quotation ────────────────────────────────────────────────────

def _before_colon(setting: Setting, discourse: Discourse) -> Speaker | None:
    """X a déclaré : « … » / Carmen Costa : « … » / He wrote: "…"."""
    stripped = setting.before.rstrip(" \u00a0\u202f")
    if not stripped.endswith(":"):
        return None
    return introducer(stripped[:-1], setting.before_start, discourse)


def _before_source(setting: Setting, discourse: Discourse) -> Speaker | None:
    """Selon X, « … » / According to X, "…"."""
    found = source_pattern("before").search(setting.before)
    if not found:
        return None
    who = found.group("who").split(",")[0]
    return noun_phrase(who, setting.before_start + found.start("who"), discourse)


def _before_as(setting: Setting, discourse: Discourse) -> Speaker | None:
    """As Politico reported, "…" / Comme l'a rapporté Le Parisien, « … »: the source of a
    comparative clause that opens the quotation's sentence."""
    for pattern in _as_patterns():
        found = pattern.search(setting.before)
        if found and found.group("verb").lower() in reporting_verbs():
            return noun_phrase(found.group("who"), setting.before_start + found.start("who"),
                               discourse)
    return None


@functools.cache
def _as_patterns() -> tuple[re.Pattern[str], ...]:
    """"comme (l'a|le) VERB X," (the verb first) and "as X (has) VERB," (the source first)."""
    openers = lexicon.alternation(lexicon.entries("speech", "as_openers"))
    perfect = lexicon.alternation(lexicon.entries("speech", "perfect_auxiliaries"))
    lead = r"(?:^|[\s,(])(?:" + openers + r")\s+"
    who = r"(?P<who>[^,;:«»\"“”]{2,60}?)"
    return (re.compile(lead + r"(?:(?:l['’]\s*|le\s+|la\s+)(?:(?:" + perfect + r")\s+)?)?"
                       r"(?P<verb>[\w'’]+)\s+" + who + r"\s*,\s*$", re.IGNORECASE),
            re.compile(lead + who + r"\s+(?:(?:" + perfect + r")\s+)?(?P<verb>[\w'’]+)"
                       r"\s*,\s*$", re.IGNORECASE))


def _before_asked_by(setting: Setting, discourse: Discourse) -> Speaker | None:
    """Rubio was asked by moderator Gerard Baker whether "…": the question is the
    asker's."""
    pattern = _asked_by_pattern()
    found = pattern.search(setting.before) if pattern else None
    if not found:
        return None
    return noun_phrase(found.group("who"), setting.before_start + found.start("who"), discourse)


@functools.cache
def _asked_by_pattern() -> re.Pattern[str] | None:
    """"was asked by X," / "… by X whether": None where no language has the phrase."""
    phrases = lexicon.alternation(lexicon.entries("speech", "asked_by"))
    if not phrases:
        return None
    return re.compile(r"\b(?:" + phrases + r")\s+(?P<who>[^,;:«»\"“”]{2,80}?)(?:\s*,|\s+(?:"
                      + lexicon.alternation(lexicon.entries("speech", "question_words"))
                      + r")\b|\s*$)", re.IGNORECASE)


def _before_verb(setting: Setting, discourse: Discourse) -> Speaker | None:
    """Brafman said, "…" / X a affirmé que « … » / X called it "…": a reporting verb before
    the quotation, in the clause that holds it; its subject speaks. A lone participle
    ("Adding, “…”") goes on from the subject of the sentence before."""
    clause = setting.before
    if not clause.strip() or not has_speech_marker(clause, discourse.lang):
        return None
    relative = re.search(r",\s+(?:qui|who)\s+(?:\S+\s+){0,2}$", clause)
    if relative:  # "a lancé Emmanuel Macron, qui pense « … »": who the relative follows
        found = _last_named(clause[: relative.start()], setting.before_start, discourse)
        if found is not None:
            return found
    found = subject(clause, setting.before_start, discourse)
    words = tokens(clause)
    if found is None and len(words) <= 2 and participle(words[0]) and setting.previous:
        found = subject(setting.previous, setting.previous_start, discourse)
    return found


def _last_named(text: str, start: int, discourse: Discourse) -> Speaker | None:
    """The last person or institution a stretch of text names (not as a complement)."""
    names = [n for n in find_names(text, initial=True) if n.kind != "place"
             and not after_preposition(text, n.start)
             and (n.kind != "person" or discourse.person(n))]
    return discourse.resolve(names[-1].text, start + names[-1].start, fragment=True) \
        if names else None


def _sentence_end(setting: Setting, discourse: Discourse) -> Speaker | None:
    """« … », sera versée « … », a précisé X: the attribution closing the sentence, past
    other clauses and quotations, names every quotation of it."""
    tail = setting.tail
    for comma in reversed([m.start() for m in re.finditer(",", tail)]):
        clause = Setting(setting.quotation, "", 0, tail[comma:], setting.after_start + comma,
                         "", 0)
        if len(tail[comma:].split()) > 12:
            break
        for rule in (_inverted_pronoun, _after_verb_speaker):
            found = rule(clause, discourse)
            if found is not None:
                return found
    return None


def _list_intro(setting: Setting, discourse: Discourse) -> Speaker | None:
    """A quotation in a bulleted list: the subject of the sentence that introduces the
    list ("La délégation américaine a fait plusieurs déclarations :¶- … « … »")."""
    article = discourse.article
    index = setting.quotation.block
    if article.blocks[index].kind != "bullet":
        return None
    while index > 0 and article.blocks[index - 1].kind == "bullet":
        index -= 1
    if index == 0 or not article.sentences_by_block[index - 1]:
        return None
    intro = article.sentences_by_block[index - 1][-1]
    if not intro.text.rstrip().endswith(":") or not has_speech_marker(intro.text,
                                                                      discourse.lang):
        return None
    return subject(intro.text.rstrip()[:-1], intro.start, discourse)


def _inside(setting: Setting, discourse: Discourse) -> Speaker | None:
    """A statement set off on its own that reports its speaker in its first words
    ("House Speaker Paul Ryan says no matter what …")."""
    if not setting.inner:
        return None
    first = re.split(r"(?<=[.!?])\s+", setting.inner, maxsplit=1)[0]
    words = list(re.finditer(r"[\w'’\-]+", first))
    for index, word in enumerate(words[1:9], start=1):
        if is_reporting(word.group().lower(), words[index - 1].group().lower(),
                        discourse.lang):
            return noun_phrase(first[: word.start()], setting.quotation.inner_start,
                                discourse)
    return None


def _previous_statement(setting: Setting, discourse: Discourse) -> Speaker | None:
    """A quotation opening its paragraph right after a sentence that reports speech
    ("Kerry said that 100,000 would be accepted.¶"That adds up …"): that sentence's
    subject goes on speaking."""
    if not setting.opens_sentence or not setting.previous or setting.previous.rstrip(
            ).endswith(("?", "!")):
        return None
    if not has_speech_marker(setting.previous, discourse.lang):
        return None
    return subject(setting.previous, setting.previous_start, discourse)


def _intro_previous(setting: Setting, discourse: Discourse) -> Speaker | None:
    """The quotation opens its sentence and the sentence before ends with a colon; when
    that sentence names nobody, the institution its paragraph names ("Ce qui conduit
    le NYT à acter … : ¶« … »")."""
    stripped = setting.previous.rstrip()
    if not setting.opens_sentence or not stripped.endswith(":"):
        return None
    found = introducer(stripped[:-1], setting.previous_start, discourse)
    if found is not None:
        return found
    article = discourse.article
    block = article.sentences[discourse.sentence_at(setting.previous_start)].block
    text = article.blocks[block].text
    institutions = [n for n in find_names(text) if n.kind == "institution"
                    and not after_preposition(text, n.start)]
    if not institutions:
        return None
    first = institutions[0]
    return discourse.resolve(first.text, article.block_starts[block] + first.start, True)


RULES: tuple[tuple[str, Rule], ...] = (
    ("dash", _dash),
    ("inverted-pronoun", _inverted_pronoun),
    ("after-verb-speaker", _after_verb_speaker),
    ("after-speaker-verb", _after_speaker_verb),
    ("after-source", _after_source),
    ("after-agent", _after_agent),
    ("before-colon", _before_colon),
    ("before-source", _before_source),
    ("before-as", _before_as),
    ("asked-by", _before_asked_by),
    ("before-verb", _before_verb),
    ("sentence-end", _sentence_end),
    ("intro-previous", _intro_previous),
    ("list-intro", _list_intro),
    ("inside", _inside),
)
def _recent_speaker(setting: Setting, discourse: Discourse) -> Speaker | None:
    """A statement set off on its own, with no introduction naming anyone: the last
    person the preceding paragraphs show speaking ("Ensuite, Lavrov a donné une
    conférence de presse. … :¶Quand les intérêts …")."""
    if not setting.inner:
        return None
    article = discourse.article
    first = discourse.sentence_at(setting.quotation.start)
    looked = 0
    for number in range(first - 1, -1, -1):
        sentence = article.sentences[number]
        if article.blocks[sentence.block].kind == "quotation" or not discourse.reported[number]:
            continue  # statements and quotations are what was said, not who said it
        looked += 1
        if looked > _RECENT_SENTENCES:
            break
        if has_speech_marker(sentence.text, discourse.lang):
            found = subject(sentence.text, sentence.start, discourse)
            if found is not None and found.how in ("name", "title", "role", "pronoun"):
                return found
    return None


# Tried after "continuation" (quotes.py): the sentence before reports someone speaking;
# a statement set off on its own goes to the last person shown speaking.
FALLBACK_RULES: tuple[tuple[str, Rule], ...] = (
    ("previous-statement", _previous_statement),
    ("recent-speaker", _recent_speaker),
)


# ── phrases ─────────────────────────────────────────────────────────────────

































def setting_of(article: Article, quotation: Quotation, others: list[Quotation],
               discourse: Discourse) -> Setting:
    """A quotation's setting in its article: the rest of its sentence around it."""
    text = article.text
    sentences = article.sentences
    first = discourse.sentence_at(quotation.start)
    last = discourse.sentence_at(max(quotation.start, quotation.end - 1))
    low = sentences[first].start if sentences else 0
    high = sentences[last].end if sentences else len(text)
    if high <= quotation.end and last + 1 < len(sentences) and \
            sentences[last + 1].block == quotation.block and \
            sentences[last + 1].text[:1].islower():
        high = sentences[last + 1].end  # Punkt cut after the mark: "… !" a lancé X
    before = list(text[low: quotation.start])
    for other in others:
        if other is not quotation and low <= other.start and other.end <= quotation.start:
            for position in range(other.start, other.end):
                before[position - low] = " "  # other quotations' words never attribute
    following = [o for o in others if quotation.end <= o.start < high]
    after_end = min((o.start for o in following), default=high)
    tail = list(text[quotation.end: high])
    for other in following:
        for position in range(other.start, min(other.end, high)):
            tail[position - quotation.end] = " "
    previous = sentences[first - 1] if first > 0 else None
    previous_text = blanked(previous.text, previous.start, others) if previous else ""
    return Setting(quotation=quotation, before="".join(before), before_start=low,
                   after=text[quotation.end: after_end], after_start=quotation.end,
                   previous=previous_text,
                   previous_start=previous.start if previous else 0, tail="".join(tail))


