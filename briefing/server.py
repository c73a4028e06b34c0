"""`briefing review`: the draft in a browser, every line traced to its place in the
article, each decision of the review file edited in place, the edition approved.

``ReviewSite`` holds the pages and the edits and knows nothing of HTTP; ``create_app``
serves it with Flask, and ``ReviewServer`` runs that app on Werkzeug's threaded server,
on 127.0.0.1 only, on a free port. Every request must carry the server's random token
(in the address for pages, in the form for posts, where it also stands as the CSRF
token: another site cannot read it, so cannot forge a post), name the server as its
host (no DNS rebinding) and, when it says where it comes from, come from the page
itself. Posts are capped in size. The page reads and writes the review file itself,
atomically; a save is refused when the file changed on disk since the page was
loaded, so no edit made elsewhere is overwritten. No path is ever taken from a request:
an article is named by its id in the draft.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
import threading
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import urlencode, urlparse

from flask import Flask, Response, request
from werkzeug.serving import WSGIRequestHandler, make_server

from briefing import lexicon, render, review, summarise, workflow
from briefing.errors import BriefingError
from briefing.models import Article, Digest, Edition, Event, Quote

log = logging.getLogger(__name__)

MAX_FORM = 2_000_000  # bytes of a posted form: a review file is far smaller
Form = Mapping[str, list[str]]


@dataclass(frozen=True)
class Page:
    """What one request gets back."""

    status: int
    body: str
    location: str | None = None


class ReviewSite:
    """The pages of one edition's review, independent of the HTTP server."""

    def __init__(self, files: workflow.EditionFiles, token: str | None = None,
                 recipients: tuple[str, ...] = ()) -> None:
        if not files.draft.exists():
            raise BriefingError(f"no draft for {files.date} in {files.reports}: run "
                                f"briefing draft --date {files.date} first")
        self.files = files
        self.token = token or secrets.token_urlsafe(24)
        self.recipients = recipients
        self._candidates: dict[str, list[str]] = {}  # by content id: ranked once

    def allowed(self, token: str) -> bool:
        """Whether a request carries this server's token."""
        return hmac.compare_digest(token.encode(), self.token.encode())

    def _state(self) -> tuple[Edition, review.Review, str]:
        machine = workflow.load_edition(self.files.draft)
        if not self.files.review.exists():
            return machine, review.from_edition(machine), ""
        data = self.files.review.read_bytes()
        return machine, review.load(self.files.review), hashlib.sha256(data).hexdigest()

    def _home(self, **query: str) -> str:
        return f"/?{urlencode({'t': self.token, **query})}"

    # ── pages ───────────────────────────────────────────────────────────────

    def edition_page(self, message: str = "", **values: str) -> Page:
        """The draft as the reviewer has it, every decision editable; ``message`` names a
        label of the page's words ("saved", "approved"), filled with ``values``."""
        machine, decisions, version = self._state()
        by_id = {d.id: d for d in machine.digests}
        promoted = {q.id for q in decisions.quotes if q.article}
        words = labels(machine.language)
        html = _template("review.html", machine).render(
            date=self.files.date, token=self.token, version=version, note=decisions.note,
            words=words, lang=machine.language,
            state=workflow.status(self.files, self.recipients),
            articles=[self._article(item, by_id[item.id], promoted)
                      for item in decisions.articles
                      if item.flag != review.GONE and item.id in by_id],
            quotes=[{"item": item, "href": self._quote_trace(machine, item)}
                    for item in decisions.quotes if item.flag != review.GONE],
            events=[{"item": item, "href": self._event_trace(machine, item.id)}
                    for item in decisions.events if item.flag != review.GONE],
            overview=[{"item": item, "href": self._line_trace(machine, item.id)}
                      for item in decisions.overview if item.flag != review.GONE],
            message=words[message].format(**values) if message else "")
        return Page(200, html)

    def _article(self, item: review.ArticleReview, digest: Digest,
                 promoted: set[str]) -> dict[str, Any]:
        """One article's entry: its decisions, each summary line traced, the sentences
        the scorer ranks best (to swap a line for), its quotes that are not key quotes."""
        article = digest.article
        published = article.published.isoformat() if article.published else ""
        return {"item": item, "title": _given(item.title, article.title),
                "outlet": _given(item.outlet, article.outlet),
                "author": _given(item.author, article.author),
                "published": _given(item.published, published),
                "lines": [self._trace(digest, line) for line in item.summary],
                "candidates": self._ranked(article),
                "quotes": [(n, q) for n, q in enumerate(digest.quotes)
                           if q.speaker and review.text_id(q.text) not in promoted]}

    def _ranked(self, article: Article) -> list[str]:
        """The article's sentences best first (an id is its content: ranked once)."""
        if article.id not in self._candidates:
            self._candidates[article.id] = [s.text for s in summarise.ranked_candidates(article)]
        return self._candidates[article.id]

    def _link(self, article_id: str, start: int, end: int) -> str:
        query = urlencode({"t": self.token, "start": start, "end": end})
        return f"/article/{article_id}?{query}#line"

    def _trace(self, digest: Digest, line: str) -> dict[str, Any]:
        sentence = digest.article.sentence_like(line)
        return {"text": line, "href": self._link(digest.id, sentence.start, sentence.end),
                "rows": len(line) // 110 + 1}  # lines the sentence takes in the text box

    def _in_sources(self, machine: Edition, sources: tuple[str, ...],
                    found: Callable[[Digest], Quote | Event | None]) -> str | None:
        """The link to what ``found`` finds in the first source article that has it."""
        by_id = {d.id: d for d in machine.digests}
        for source in sources:
            item = found(by_id[source]) if source in by_id else None
            if item is not None:
                return self._link(source, item.start, item.end)
        return None

    def _quote_trace(self, machine: Edition, item: review.QuoteReview) -> str | None:
        """The link to where a key quote stands in the first article that carries it."""
        key = next((q for q in machine.key_quotes if review.quote_id(q) == item.id), None)
        sources = key.sources if key else (item.article,)
        return self._in_sources(
            machine, sources,
            lambda digest: next((q for q in digest.quotes if q.text == item.text), None))

    def _line_trace(self, machine: Edition, line_id: str) -> str | None:
        """The link to the sentence an overview line was taken from."""
        line = next((x for x in machine.overview if review.overview_id(x) == line_id), None)
        return None if line is None else self._link(line.article, line.start, line.end)

    def _event_trace(self, machine: Edition, event_id: str) -> str | None:
        """The link to the sentence a chronology row was read from, in its first source."""
        entry = next((e for e in machine.chronology if review.event_id(e) == event_id), None)
        return None if entry is None else self._in_sources(
            machine, entry.sources,
            lambda digest: next((e for e in digest.events if e.date == entry.date), None))

    def article_page(self, article_id: str, start: int, end: int) -> Page:
        """The article's text, the traced sentence highlighted in its paragraph."""
        machine = workflow.load_edition(self.files.draft)
        digest = next((d for d in machine.digests if d.id == article_id), None)
        if digest is None:
            return Page(404, "no such article in the draft")
        article = digest.article
        paragraphs = []
        for block, offset in zip(article.blocks, article.block_starts, strict=True):
            low, high = max(start - offset, 0), min(end - offset, len(block.text))
            marked = 0 <= start - offset < len(block.text) and high > low
            paragraphs.append({"before": block.text[:low] if marked else block.text,
                               "mark": block.text[low:high] if marked else "",
                               "after": block.text[high:] if marked else ""})
        html = _template("review-article.html", machine).render(
            article=article, paragraphs=paragraphs, back=self._home(),
            words=labels(machine.language))
        return Page(200, html)

    # ── posts ───────────────────────────────────────────────────────────────

    def save(self, form: Form) -> Page:
        """Apply a posted form to the review file, unless the file changed since."""
        machine, decisions, version = self._state()
        if _one(form, "version") != version:
            return _conflict()
        updated = replace(
            decisions, note=_one(form, "note").strip().replace("\r\n", "\n"),
            articles=tuple(_article_edit(item, form) for item in decisions.articles),
            quotes=_quotes_edit(machine, decisions.quotes, form),
            events=tuple(_event_edit(item, form) for item in decisions.events),
            overview=_overview_edit(decisions.overview, form))
        try:
            review.apply(machine, updated)  # a review that cannot apply is not written
        except BriefingError as exc:
            return Page(400, f"Not saved: {exc}")
        previous = self.files.review.read_text(encoding="utf-8") if version else None
        render.write_atomic(self.files.review,
                            review.to_toml(updated, previous).encode("utf-8"))
        workflow.write_preview(self.files, machine, updated)
        return Page(303, "", location=self._home(saved="1"))

    def approve(self, form: Form) -> Page:
        """Build the final edition from the review file as saved, and approve it exactly
        as `briefing approve` does (an earlier approval goes to the history)."""
        _, _, version = self._state()
        if _one(form, "version") != version:
            return _conflict()
        by = _one(form, "by").strip()
        if not by:
            return Page(400, "Not approved: give your name")
        outputs = workflow.final(self.files)
        workflow.approve(self.files, by, self.recipients)
        return Page(303, "", location=self._home(approved=by, pdf=outputs.pdf.name))


def labels(language: str) -> dict[str, str]:
    """The review page's words in the edition's language."""
    return lexicon.table("messages", "review", language)


def _given(decision: str | None, machine: str | None) -> str:
    return decision if decision is not None else machine or ""


def _conflict() -> Page:
    return Page(409, "Not saved: the review file changed on disk since this page was "
                     "loaded (edited elsewhere?). Reload the page: it shows the file "
                     "as it is now.")


def _one(form: Form, key: str) -> str:
    values = form.get(key) or [""]
    return values[0]


def _article_edit(item: review.ArticleReview, form: Form) -> review.ArticleReview:
    """An article's inclusion, summary lines (a line swapped for a ranked sentence when
    the reviewer picked one) and metadata, as posted."""
    if f"summary-{item.id}" not in form:
        return item
    lines = [line.strip() for line in _one(form, f"summary-{item.id}").splitlines()
             if line.strip()]
    for number in range(len(lines)):
        chosen = _one(form, f"swap-{item.id}-{number}").strip()
        if chosen:
            lines[number] = chosen
    metadata = {key: _one(form, f"{key}-{item.id}").strip()
                for key in ("title", "outlet", "author", "published")
                if f"{key}-{item.id}" in form}
    return replace(item, include=f"include-{item.id}" in form,
                   summary=tuple(dict.fromkeys(lines)), **metadata)


def _quotes_edit(machine: Edition, quotes: tuple[review.QuoteReview, ...],
                 form: Form) -> tuple[review.QuoteReview, ...]:
    """Key quotes kept or dropped, speakers fixed; an article's quotes promoted."""
    edited = [replace(item, keep=f"keep-{item.id}" in form,
                      speaker=_one(form, f"speaker-{item.id}").strip() or None)
              if f"speaker-{item.id}" in form else item for item in quotes]
    known = {item.id for item in edited}
    for digest in machine.digests:
        for number in form.get(f"promote-{digest.id}", []):
            if not number.isdigit() or int(number) >= len(digest.quotes):
                continue
            quote = digest.quotes[int(number)]
            key = review.text_id(quote.text)
            if key not in known:
                known.add(key)
                edited.append(review.QuoteReview(key, quote.text, quote.speaker, True,
                                                 article=digest.id))
    return tuple(edited)


def _event_edit(item: review.EventReview, form: Form) -> review.EventReview:
    if f"date-{item.id}" not in form:
        return item
    return replace(item, keep=f"keep-{item.id}" in form,
                   date=_one(form, f"date-{item.id}").strip() or item.date,
                   text=_one(form, f"text-{item.id}").strip() or item.text,
                   place=_one(form, f"place-{item.id}").strip() or None)


def _overview_edit(lines: tuple[review.OverviewReview, ...], form: Form
                   ) -> tuple[review.OverviewReview, ...]:
    """Overview lines kept, reworded and put in the order their numbers give."""
    edited = [replace(item, keep=f"keep-{item.id}" in form,
                      text=_one(form, f"text-{item.id}").strip() or item.text)
              if f"text-{item.id}" in form else item for item in lines]

    def position(pair: tuple[int, review.OverviewReview]) -> tuple[float, int]:
        number, item = pair
        given = _one(form, f"order-{item.id}").strip()
        try:
            return float(given), number
        except ValueError:
            return float(number + 1), number
    return tuple(item for _, item in sorted(enumerate(edited), key=position))


def _template(name: str, edition: Edition) -> Any:
    return render.environment(render.templates_dir(), edition.language).get_template(name)


# ── HTTP ────────────────────────────────────────────────────────────────────

def create_app(site: ReviewSite, hosts: Collection[str]) -> Flask:
    """The Flask app serving ``site`` to requests that name one of ``hosts``."""
    app = Flask(__name__, static_folder=None)
    app.config.update(MAX_CONTENT_LENGTH=MAX_FORM, MAX_FORM_MEMORY_SIZE=MAX_FORM)

    @app.before_request
    def guard() -> Response | None:
        token = request.args.get("t", "") if request.method == "GET" else \
            request.form.get("t", "")
        origin = request.headers.get("Origin")
        if request.host not in hosts or (origin and urlparse(origin).netloc not in hosts) \
                or not site.allowed(token):
            return _response(Page(403, "forbidden: open the address briefing review printed"))
        return None

    @app.get("/")
    def home() -> Response:
        if request.args.get("approved"):
            return _response(site.edition_page("approved", by=request.args["approved"],
                                               pdf=request.args.get("pdf", "")))
        return _response(site.edition_page("saved" if request.args.get("saved") else ""))

    @app.get("/article/<article_id>")
    def article(article_id: str) -> Response:
        return _response(site.article_page(article_id, request.args.get("start", 0, int),
                                           request.args.get("end", 0, int)))

    @app.post("/save")
    def save() -> Response:
        return _response(site.save(request.form.to_dict(flat=False)))

    @app.post("/approve")
    def approve() -> Response:
        return _response(site.approve(request.form.to_dict(flat=False)))

    @app.errorhandler(BriefingError)
    def refused(exc: BriefingError) -> Response:
        return _response(Page(400, f"Not done: {exc}"))

    @app.after_request
    def headers(response: Response) -> Response:
        response.headers["Cache-Control"] = "no-store"
        response.headers["Content-Security-Policy"] = (
            "default-src 'self'; style-src 'unsafe-inline'; form-action 'self'; "
            "frame-ancestors 'none'")
        response.headers["Referrer-Policy"] = "same-origin"  # own posts keep their Origin
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response

    return app


def _response(page: Page) -> Response:
    kind = "text/html" if page.body.lstrip().startswith("<") else "text/plain"
    response = Response(page.body, status=page.status, mimetype=kind)
    if page.location:
        response.headers["Location"] = page.location
    return response


class _QuietHandler(WSGIRequestHandler):
    def log(self, type: str, message: str, *args: Any) -> None:
        log.debug("review server: " + message, *args)


class ReviewServer:
    """The review site served on 127.0.0.1 (port 0: a free one)."""

    def __init__(self, files: workflow.EditionFiles, port: int = 0,
                 recipients: tuple[str, ...] = ()) -> None:
        self.site = ReviewSite(files, recipients=recipients)
        self.hosts: list[str] = []  # filled once the port is known
        self.app = create_app(self.site, self.hosts)
        self.httpd = make_server("127.0.0.1", port, self.app, threaded=True,
                                 request_handler=_QuietHandler)
        bound = self.httpd.server_port
        self.hosts.extend((f"127.0.0.1:{bound}", f"localhost:{bound}"))

    @property
    def url(self) -> str:
        """The address to open, token included."""
        return f"http://127.0.0.1:{self.httpd.server_port}/?t={self.site.token}"

    def serve(self) -> None:
        """Serve until interrupted."""
        self.httpd.serve_forever()

    def start(self) -> threading.Thread:
        """Serve in a background thread (tests)."""
        thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        thread.start()
        return thread

    def stop(self) -> None:
        """Stop serving and close the socket."""
        self.httpd.shutdown()
        self.httpd.server_close()
