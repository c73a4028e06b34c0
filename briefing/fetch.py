"""Fetch articles listed by URL: http(s) only, a timeout, a size cap, safe redirects."""

from __future__ import annotations

import logging
import queue
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlparse

from briefing.errors import InputError

log = logging.getLogger(__name__)

ALLOWED_SCHEMES = ("http", "https")
MAX_REDIRECTS = 5
USER_AGENT = "briefing (news briefing builder)"


@dataclass(frozen=True)
class Fetched:
    """A fetched resource: where it ended up, its bytes and its media type."""

    url: str
    content: bytes
    content_type: str


class _SafeRedirects(urllib.request.HTTPRedirectHandler):
    """Follows a few redirects, and only to http or https addresses."""

    max_redirections = MAX_REDIRECTS

    def redirect_request(self, req: Any, fp: Any, code: int, msg: str, headers: Any,
                         newurl: str) -> Any:
        scheme = urlparse(newurl).scheme.lower()
        if scheme not in ALLOWED_SCHEMES:
            raise urllib.error.HTTPError(newurl, code, "redirect refused", headers, fp)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _read_body(url: str, response: Any, max_bytes: int, deadline: float,
               timeout: float) -> bytes:
    """The body, chunk by chunk as it arrives, within the size limit and the deadline."""
    chunks: list[bytes] = []
    size = 0
    while True:
        if time.monotonic() > deadline:
            raise InputError(url, f"not fetched within {timeout:g} s")
        chunk = response.read1(65536)
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > max_bytes:
            raise InputError(url, f"more than the {max_bytes}-byte limit")
        chunks.append(chunk)


def _opener() -> urllib.request.OpenerDirector:
    opener = urllib.request.OpenerDirector()
    for handler in (urllib.request.HTTPHandler(), urllib.request.HTTPSHandler(),
                    _SafeRedirects(), urllib.request.HTTPErrorProcessor(),
                    urllib.request.HTTPDefaultErrorHandler(), urllib.request.UnknownHandler()):
        opener.add_handler(handler)
    return opener


def fetch(url: str, timeout: float, max_bytes: int) -> Fetched:
    """Fetch one URL or raise InputError saying why not. ``timeout`` bounds the whole
    fetch (connection, redirects, headers and body), not only each read."""
    scheme = urlparse(url).scheme.lower()
    if scheme not in ALLOWED_SCHEMES:
        raise InputError(url, f"only http and https addresses are fetched, not {scheme or 'this'}")
    outcome: queue.Queue[Fetched | BaseException] = queue.Queue(maxsize=1)
    deadline = time.monotonic() + timeout

    def work() -> None:
        try:
            outcome.put(_fetch(url, timeout, max_bytes, deadline))
        except BaseException as exc:  # handed to the caller as it is
            outcome.put(exc)

    # A daemon thread: a server that trickles bytes past the deadline is abandoned with
    # its socket, and the read loop below ends it at its next byte.
    threading.Thread(target=work, name=f"fetch {url}", daemon=True).start()
    try:
        result = outcome.get(timeout=timeout + 1)
    except queue.Empty:
        raise InputError(url, f"not fetched within {timeout:g} s") from None
    if isinstance(result, BaseException):
        raise result
    return result


def _fetch(url: str, timeout: float, max_bytes: int, deadline: float) -> Fetched:
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with _opener().open(request, timeout=timeout) as response:
            length = response.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > max_bytes:
                raise InputError(url, f"{length} bytes is over the {max_bytes}-byte limit")
            content = _read_body(url, response, max_bytes, deadline, timeout)
            kind = response.headers.get_content_type() or "application/octet-stream"
            return Fetched(url=response.geturl(), content=content, content_type=kind)
    except urllib.error.HTTPError as exc:
        if 300 <= exc.code < 400:
            raise InputError(url, "redirect refused: only http and https addresses are "
                                  "followed, at most 5 times") from exc
        raise InputError(url, f"the server answered {exc.code} {exc.reason}") from exc
    except urllib.error.URLError as exc:
        raise InputError(url, f"cannot be fetched ({exc.reason})") from exc
    except TimeoutError as exc:
        raise InputError(url, f"no answer within {timeout:g} s") from exc
    except OSError as exc:
        raise InputError(url, f"cannot be fetched ({exc})") from exc
