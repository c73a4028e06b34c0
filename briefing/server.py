"""`briefing review`: the draft in a browser, each summary line traced to its place in
the article, summaries, inclusion and the note edited in place.

The server listens on 127.0.0.1 only, on a free port, and answers only requests that
carry its random token (in the address for pages, in the form for saves, so another
site cannot post to it) and name it as their host (no DNS rebinding). The page reads
and writes the review file itself, atomically; a save is refused when the file changed
on disk since the page was loaded, so no edit made elsewhere is overwritten.
"""

from __future__ import annotations

import hashlib
import hmac
import http.server
import logging
import secrets
import threading
from dataclasses import dataclass, replace
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs, urlencode, urlparse

from briefing import render, review, workflow
from briefing.errors import BriefingError
from briefing.models import Digest, Edition, Event, Quote

log = logging.getLogger(__name__)

MAX_FORM = 2_000_000  # bytes of a posted form: a review file is far smaller


@dataclass(frozen=True)
class Page:
    """What one request gets back."""

    status: int
    body: str
    location: str | None = None


class ReviewSite:
    """The pages of one edition's review, independent of the HTTP server."""

    def __init__(self, files: workflow.EditionFiles, token: str | None = None) -> None:
        if not files.draft.exists():
            raise BriefingError(f"no draft for {files.date} in {files.reports}: run "
                                f"briefing draft --date {files.date} first")
        self.files = files
        self.token = token or secrets.token_urlsafe(24)

    def allowed(self, token: str) -> bool:
        """Whether a request carries this server's token."""
        return hmac.compare_digest(token.encode(), self.token.encode())

    def _state(self) -> tuple[Edition, review.Review, str]:
        machine = workflow.load_edition(self.files.draft)
        if not self.files.review.exists():
            return machine, review.from_edition(machine), ""
        data = self.files.review.read_bytes()
        return machine, review.load(self.files.review), hashlib.sha256(data).hexdigest()

    def edition_page(self, message: str = "") -> Page:
        """The draft as the reviewer has it: each article's summary lines, editable."""
        machine, decisions, version = self._state()
        by_id = {d.id: d for d in machine.digests}
        articles = [(item, by_id[item.id]) for item in decisions.articles
                    if item.flag != review.GONE and item.id in by_id]
        html = _template("review.html", machine).render(
            date=self.files.date, token=self.token, version=version, note=decisions.note,
            articles=[{"item": item, "lines": [self._trace(d, line) for line in item.summary]}
                      for item, d in articles],
            quotes=[{"item": item, "href": self._quote_trace(machine, item.id)}
                    for item in decisions.quotes if item.flag != review.GONE],
            events=[{"item": item, "href": self._event_trace(machine, item.id)}
                    for item in decisions.events if item.flag != review.GONE],
            overview=[{"item": item, "href": self._line_trace(machine, item.id)}
                      for item in decisions.overview if item.flag != review.GONE],
            message=message, edited=review.is_edited(decisions, machine))
        return Page(200, html)

    def _link(self, article_id: str, start: int, end: int) -> str:
        query = urlencode({"t": self.token, "start": start, "end": end})
        return f"/article/{article_id}?{query}"

    def _trace(self, digest: Digest, line: str) -> dict[str, Any]:
        sentence = digest.article.sentence_like(line)
        return {"text": line, "href": self._link(digest.id, sentence.start, sentence.end)}

    def _in_sources(self, machine: Edition, sources: tuple[str, ...],
                    found: Callable[[Digest], Quote | Event | None]) -> str | None:
        """The link to what ``found`` finds in the first source article that has it."""
        by_id = {d.id: d for d in machine.digests}
        for source in sources:
            item = found(by_id[source]) if source in by_id else None
            if item is not None:
                return self._link(source, item.start, item.end)
        return None

    def _quote_trace(self, machine: Edition, quote_id: str) -> str | None:
        """The link to where a key quote stands in the first article that carries it."""
        key = next((q for q in machine.key_quotes if review.quote_id(q) == quote_id), None)
        return None if key is None else self._in_sources(
            machine, key.sources,
            lambda digest: next((q for q in digest.quotes if q.text == key.text), None))

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
            article=article, paragraphs=paragraphs, back=f"/?{urlencode({'t': self.token})}")
        return Page(200, html)

    def save(self, form: dict[str, list[str]]) -> Page:
        """Apply a posted form to the review file, unless the file changed since."""
        machine, decisions, version = self._state()
        if _one(form, "version") != version:
            return Page(409, "Not saved: the review file changed on disk since this page was "
                             "loaded (edited elsewhere?). Reload the page: it shows the file "
                             "as it is now.")
        articles = tuple(
            replace(item, include=f"include-{item.id}" in form,
                    summary=tuple(line.strip() for line in
                                  _one(form, f"summary-{item.id}").splitlines() if line.strip()))
            if f"summary-{item.id}" in form else item
            for item in decisions.articles)
        quotes = tuple(
            replace(item, keep=f"keep-{item.id}" in form,
                    speaker=_one(form, f"speaker-{item.id}").strip() or None)
            if f"speaker-{item.id}" in form else item
            for item in decisions.quotes)
        events = tuple(
            replace(item, keep=f"keep-{item.id}" in form,
                    date=_one(form, f"date-{item.id}").strip() or item.date,
                    text=_one(form, f"text-{item.id}").strip() or item.text,
                    place=_one(form, f"place-{item.id}").strip() or None)
            if f"date-{item.id}" in form else item
            for item in decisions.events)
        overview = tuple(
            replace(item, keep=f"keep-{item.id}" in form,
                    text=_one(form, f"text-{item.id}").strip() or item.text)
            if f"text-{item.id}" in form else item
            for item in decisions.overview)
        updated = replace(decisions, note=_one(form, "note").strip().replace("\r\n", "\n"),
                          articles=articles, quotes=quotes, events=events, overview=overview)
        try:
            review.apply(machine, updated)  # a review that cannot apply is not written
        except BriefingError as exc:
            return Page(400, f"Not saved: {exc}")
        previous = self.files.review.read_text(encoding="utf-8") if version else None
        render.write_atomic(self.files.review,
                            review.to_toml(updated, previous).encode("utf-8"))
        workflow.write_preview(self.files, machine, updated)
        return Page(303, "", location=f"/?{urlencode({'t': self.token, 'saved': '1'})}")


def _one(form: dict[str, list[str]], key: str) -> str:
    values = form.get(key) or [""]
    return values[0]


def _template(name: str, edition: Edition) -> Any:
    return render.environment(render.templates_dir(), edition.language).get_template(name)


class _Handler(http.server.BaseHTTPRequestHandler):
    site: ReviewSite
    host: str

    def _allowed(self, token: str) -> bool:
        if self.headers.get("Host") not in (self.host, self.host.replace("127.0.0.1",
                                                                          "localhost")):
            return False  # another name for this address: a DNS-rebinding page
        origin = self.headers.get("Origin")
        if origin and urlparse(origin).netloc not in (self.host,):
            return False
        return self.site.allowed(token)

    def do_GET(self) -> None:
        url = urlparse(self.path)
        query = parse_qs(url.query)
        if not self._allowed(_one(query, "t")):
            self._send(Page(403, "forbidden: open the address briefing review printed"))
            return
        try:
            if url.path == "/":
                page = self.site.edition_page("Saved." if _one(query, "saved") else "")
            elif url.path.startswith("/article/"):
                page = self.site.article_page(url.path.removeprefix("/article/"),
                                              int(_one(query, "start") or 0),
                                              int(_one(query, "end") or 0))
            else:
                page = Page(404, "not found")
        except (BriefingError, ValueError) as exc:
            page = Page(400, str(exc))
        self._send(page)

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if urlparse(self.path).path != "/save" or not 0 < length <= MAX_FORM:
            self._send(Page(400, "bad request"))
            return
        form = parse_qs(self.rfile.read(length).decode("utf-8", "replace"),
                        keep_blank_values=True)
        if not self._allowed(_one(form, "t")):
            self._send(Page(403, "forbidden"))
            return
        try:
            page = self.site.save(form)
        except BriefingError as exc:
            page = Page(400, f"Not saved: {exc}")
        self._send(page)

    def _send(self, page: Page) -> None:
        body = page.body.encode("utf-8")
        self.send_response(page.status)
        if page.location:
            self.send_header("Location", page.location)
        kind = "text/html" if page.body.lstrip().startswith("<") else "text/plain"
        self.send_header("Content-Type", f"{kind}; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("Content-Security-Policy", "default-src 'self'; style-src "
                         "'unsafe-inline'; form-action 'self'; frame-ancestors 'none'")
        self.send_header("Referrer-Policy", "no-referrer")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("review server: " + format, *args)


class ReviewServer:
    """The review site served on 127.0.0.1 (port 0: a free one)."""

    def __init__(self, files: workflow.EditionFiles, port: int = 0) -> None:
        self.site = ReviewSite(files)
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), _Handler)
        self.httpd.daemon_threads = True
        host = f"127.0.0.1:{self.httpd.server_address[1]}"
        handler = type("Handler", (_Handler,), {"site": self.site, "host": host})
        self.httpd.RequestHandlerClass = handler

    @property
    def url(self) -> str:
        """The address to open, token included."""
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/?t={self.site.token}"

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
