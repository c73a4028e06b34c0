"""Render an edition as HTML (preview), JSON and PDF, each written atomically.

Templates get one ``ReportContext``. Jinja2 runs with autoescape and
StrictUndefined, so article text stays text. WeasyPrint gets a URL fetcher that
serves only files under the templates folder and small ``data:`` URIs.
"""

from __future__ import annotations

import hashlib
import json
import logging
import mimetypes
import os
import re
import tempfile
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any
from collections.abc import Callable
from urllib.parse import unquote, urlparse

import jinja2

from briefing import __version__, lexicon, messages, places, timeline
from briefing.dateformat import written_date, written_event_date
from briefing.errors import RenderError
from briefing.models import Digest, Edition

log = logging.getLogger(__name__)

MAX_DATA_URI = 64 * 1024


@dataclass(frozen=True)
class ReportContext:
    """Everything a report template may use."""

    edition: Edition
    labels: dict[str, str]  # the report's fixed words in its language
    written_date: str  # the edition date written out ("samedi 21 novembre 2026")
    generator: str  # "briefing 0.1.0", for the PDF's metadata
    preview: bool = False  # a review preview: edited items are marked
    edited: frozenset[str] = frozenset()  # ids of the items a reviewer changed
    left_out: tuple[str, ...] = ()  # what the review drops, described for the preview

    def marked(self, item_id: str) -> bool:
        """Whether a preview should mark this article, quote or event as edited."""
        return self.preview and item_id in self.edited

    def quote_id(self, quote: Any) -> str:
        """A key quote's stable id."""
        from briefing.review import quote_id
        return quote_id(quote)

    def event_id(self, entry: Any) -> str:
        """A chronology entry's stable id."""
        from briefing.review import event_id
        return event_id(entry)

    def outlet(self, article_id: str) -> str:
        """The outlet of an article: as the page names it, else its address's site name,
        else nothing (a file name is local: it is never printed)."""
        article = self.edition.digest(article_id).article
        if article.outlet:
            return article.outlet
        host = urlparse(article.url or "").hostname or ""
        return re.sub(r"^(?:www|m|amp)\.", "", host)

    def cite(self, article_id: str) -> str:
        """How a quote or an event cites an article: its outlet, else its number in the
        sources list ("[3]")."""
        number = [d.id for d in self.edition.digests].index(article_id) + 1
        return self.outlet(article_id) or f"[{number}]"

    def file_name(self, item: Any) -> str:
        """The input's file name (not its path), for the reviewer's preview only."""
        source = getattr(item, "source", None) or item.article.source
        return messages.shorten_paths(str(source)).rsplit("/", 1)[-1]

    def say(self, message: str) -> str:
        """A library message in the report's language."""
        return messages.say(message, self.edition.language)

    def count(self, number: int, forms: str) -> str:
        """A count with its noun in the singular or the plural."""
        return messages.plural(number, forms, self.edition.language)

    def title_of(self, digest: Digest) -> str:
        """The article's title, or a label saying it has none."""
        return digest.article.title or self.labels["untitled"]

    def timeline(self) -> timeline.Drawing | None:
        """The chronology's timeline, laid out for the template to draw."""
        return timeline.layout(self.edition.chronology, self.edition.language,
                               (self.labels["period_events"], self.labels["background"]))

    def place(self, place: str | None) -> str:
        """A place written in the report's language ("Riyad" / "Riyadh")."""
        return places.display(place, self.edition.language) if place else "—"


@dataclass(frozen=True)
class Outputs:
    """Where an edition was written."""

    pdf: Path
    html: Path
    json: Path

    @property
    def manifest(self) -> Path:
        """The hashes of the three files, written last: the set is whole only when they match."""
        return self.json.with_suffix(".manifest.json")

    def problem(self) -> str | None:
        """Why the PDF, HTML and JSON on disk are not one edition (None when they are):
        a build that died half-way, or a file replaced since."""
        try:
            manifest = json.loads(self.manifest.read_text(encoding="utf-8"))
            for path in (self.pdf, self.html, self.json):
                if manifest.get(path.name) != _sha256(path.read_bytes()):
                    return f"{path} is not the one its build wrote"
        except FileNotFoundError as exc:
            return f"{exc.filename} is missing: the build did not finish"
        except (OSError, ValueError, AttributeError) as exc:
            return f"{self.manifest} is unreadable ({exc})"
        return None


def templates_dir() -> Path:
    """The templates folder: inside the installed package, or beside it in a checkout."""
    packaged = Path(str(resources.files("briefing"))) / "templates"
    if packaged.is_dir():
        return packaged
    checkout = Path(__file__).resolve().parent.parent / "templates"
    if checkout.is_dir():
        return checkout
    raise RenderError("the templates folder is missing from this installation; reinstall briefing")


def environment(folder: Path, language: str, autoescape: bool = True) -> jinja2.Environment:
    """A Jinja2 environment with autoescape, StrictUndefined and the report's filters."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(folder), autoescape=autoescape,
                             undefined=jinja2.StrictUndefined, trim_blocks=True,
                             lstrip_blocks=True)
    env.filters["typo"] = typography(language)
    env.filters["event_date"] = lambda date: written_event_date(date, language)
    env.filters["day"] = lambda date: written_date(date, language).split(" ", 1)[1]
    return env


def typography(language: str) -> Callable[[Any], str]:
    """A filter applying the language's typography: French thin spaces before : ; ! ? »."""
    def french(value: Any) -> str:
        text = str(value)
        text = re.sub(r"[ \u00a0]+([:;!?»])", "\u202f\\1", text)
        text = re.sub(r"«[ \u00a0]+", "«\u202f", text)
        return text

    def plain(value: Any) -> str:
        return re.sub(r"[ \u00a0\u202f]+([:;!?])", r"\1", str(value))

    return french if language == "fr" else plain


def context(edition: Edition, **preview: Any) -> ReportContext:
    """The template context for an edition (``preview``: edited, left_out for a review)."""
    lang = edition.language if edition.language in lexicon.languages() else "en"
    labels = lexicon.table("messages", "labels", lang)
    return ReportContext(edition=edition, labels=labels,
                         written_date=written_date(edition.date, edition.language),
                         generator=f"briefing {__version__}", preview=bool(preview),
                         **preview)


def render_html(edition: Edition, template: str = "report.html", **preview: Any) -> str:
    """Render the edition's HTML (with ``edited``/``left_out``: a marked review preview)."""
    folder = templates_dir()
    try:
        return environment(folder, edition.language).get_template(template).render(
            ctx=context(edition, **preview))
    except jinja2.TemplateError as exc:
        raise RenderError(f"template {template}: {exc}") from exc


def render_text(edition: Edition, template: str) -> str:
    """Render a plain-text template (no HTML escaping: the output is not HTML)."""
    folder = templates_dir()
    try:
        return environment(folder, edition.language, autoescape=False).get_template(
            template).render(ctx=context(edition))
    except jinja2.TemplateError as exc:
        raise RenderError(f"template {template}: {exc}") from exc


def edition_paths(out_dir: Path, date: str) -> Outputs:
    """Where an edition's PDF, HTML and JSON go."""
    stem = f"briefing-{date}"
    return Outputs(pdf=out_dir / f"{stem}.pdf", html=out_dir / f"{stem}.html",
                   json=out_dir / f"{stem}.json")


def write_json(path: Path, edition: Edition) -> None:
    """Write an edition as edition.schema.json, atomically."""
    write_atomic(path, edition_json(edition))


def edition_json(edition: Edition) -> bytes:
    """An edition as edition.schema.json."""
    return (json.dumps(edition.as_dict(), ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def write_edition(edition: Edition, out_dir: Path, kind: str = "build") -> Outputs:
    """Write the edition's JSON, HTML preview and PDF under ``out_dir``; the manifest
    says which ``kind`` of build wrote them ("build": the machine's, "final": reviewed)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    outputs = edition_paths(out_dir, edition.date.isoformat())
    html = render_html(edition).encode("utf-8")
    pdf = render_pdf(html.decode("utf-8"))  # laid out before anything is written
    data = edition_json(edition)
    outputs.manifest.unlink(missing_ok=True)  # until the set is whole again
    write_atomic(outputs.json, data)
    write_atomic(outputs.html, html)
    write_atomic(outputs.pdf, pdf)
    manifest = {path.name: _sha256(content) for path, content in
                ((outputs.pdf, pdf), (outputs.html, html), (outputs.json, data))}
    manifest["kind"] = kind
    write_atomic(outputs.manifest, (json.dumps(manifest, indent=2) + "\n").encode())
    return outputs


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def render_pdf(html: str) -> bytes:
    """Lay out the HTML as a tagged A4 PDF with the package's own fonts."""
    HTML = _weasyprint_html()
    folder = templates_dir()
    try:
        document = HTML(string=html, base_url=folder.as_uri() + "/",
                        url_fetcher=safe_fetcher(folder))
        return document.write_pdf(pdf_tags=True, custom_metadata=False)
    except Exception as exc:  # WeasyPrint raises many kinds; all mean "no PDF"
        raise RenderError(f"PDF rendering failed: {exc}") from exc


PANGO_MISSING = ("WeasyPrint cannot load the Pango library it needs to lay out the PDF "
                 "({error}); install Pango 1.44 or later (Debian, Ubuntu: "
                 "apt-get install libpango-1.0-0 libpangoft2-1.0-0), then run again")


def _weasyprint_html() -> Any:
    """WeasyPrint's HTML class; a missing system library becomes one clear error."""
    try:
        from weasyprint import HTML
    except OSError as exc:  # cffi raises OSError when a shared library cannot be loaded
        raise RenderError(PANGO_MISSING.format(error=str(exc).splitlines()[0])) from exc
    return HTML


def safe_fetcher(root: Path) -> Any:
    """A WeasyPrint URL fetcher that serves files under ``root`` and small data: URIs only."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    base = root.resolve()

    class TemplatesOnlyFetcher(URLFetcher):
        """Refuses every URL but the project's own assets."""

        def fetch(self, url: str, headers: Any = None) -> Any:
            scheme = url.split(":", 1)[0].lower()
            if scheme == "data" and len(url) <= MAX_DATA_URI:
                return super().fetch(url, headers)
            if scheme == "file":
                path = Path(unquote(urlparse(url).path)).resolve()
                if path.is_relative_to(base) and path.is_file():
                    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                    return URLFetcherResponse(url, body=path.read_bytes(),
                                              headers={"Content-Type": kind})
            log.warning("refused to fetch %s: the report reads only its own templates folder",
                        url[:120])
            raise ValueError(f"fetching {url[:120]} is not allowed")

    return TemplatesOnlyFetcher(allowed_protocols=("file", "data"), allow_redirects=False)


def write_atomic(path: Path, data: bytes) -> None:
    """Write a file so that a crash never leaves a truncated file under its final name."""
    handle = tempfile.NamedTemporaryFile(dir=path.parent, prefix=f".{path.name}.",
                                         suffix=".tmp", delete=False)
    try:
        with handle:
            handle.write(data)
            os.fchmod(handle.fileno(), 0o644)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(handle.name, path)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise
