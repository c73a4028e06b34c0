"""E-mail the approved briefing: one message per recipient, each sent exactly once.

Each message has a text and an HTML part rendered from templates/mail.txt and
templates/mail.html and the PDF attached. Sending goes recipient by recipient,
recording each state in the ledger before the next step, so that a crash or a
lost connection never sends anyone the edition twice. TLS certificates are
verified; there is no login over an unencrypted connection; CR or LF in a
header is refused before connecting; the password is never logged.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import smtplib
import socket
import ssl
import threading
import time
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import format_datetime, getaddresses, parseaddr
from pathlib import Path

from briefing import clock, render
from briefing.errors import BriefingError, ConfigError
from briefing.ledger import FAILED, PENDING, SENT, UNKNOWN, Ledger
from briefing.models import Edition
from briefing.settings import MailSettings

log = logging.getLogger(__name__)


class SendError(BriefingError):
    """A message could not be handed over; ``permanent`` when the server refused it (5xx)."""

    def __init__(self, message: str, permanent: bool) -> None:
        super().__init__(message)
        self.permanent = permanent


class SessionError(BriefingError):
    """The server cannot be used at all (login refused, TLS failed, no STARTTLS): the run
    fails and no recipient is marked, so a fixed setting sends to everyone."""


class _HandedOver(Exception):
    """The connection failed after the message data was sent: delivery is unknown."""


@dataclass(frozen=True)
class Attachment:
    """The PDF as read once: what was approved is what every recipient gets."""

    name: str
    content: bytes

    @classmethod
    def read(cls, path: Path) -> Attachment:
        """Read the PDF (once)."""
        return cls(path.name, path.read_bytes())


@dataclass(frozen=True)
class SendReport:
    """What a send did: per state, the recipients."""

    sent: tuple[str, ...]
    failed: tuple[str, ...]
    unknown: tuple[str, ...]
    already: tuple[str, ...]
    total: int


def check_headers(settings: MailSettings, date: str) -> tuple[str, str, tuple[str, ...]]:
    """Validate sender, recipients and subject before any connection; return them clean
    (recipients parsed, normalised and each once)."""
    problems: list[str] = []
    subject = settings.subject.replace("{date}", date)
    for label, value in [("subject", subject), ("sender", settings.sender or "")] + [
            ("recipient", r) for r in settings.recipients]:
        if "\r" in value or "\n" in value:
            problems.append(f"{label} {value!r} contains a line break (header injection)")
    for label, value in [("sender", settings.sender or "")] + [
            ("recipient", r) for r in settings.recipients]:
        if "\r" not in value and "\n" not in value and "@" not in parseaddr(value)[1]:
            problems.append(f"{label} {value!r} is not an e-mail address")
    if not settings.recipients:
        problems.append("no recipients in [mail] recipients")
    if problems:
        raise ConfigError("mail settings: " + "; ".join(problems))
    return subject, settings.sender or "", normalised_recipients(settings.recipients)


def normalised_recipients(entries: tuple[str, ...]) -> tuple[str, ...]:
    """One address per entry, lower-cased and stripped, each once (first order kept).
    An entry with two addresses or group syntax is refused: it would widen the list
    without the approval showing it."""
    found: dict[str, None] = {}
    problems: list[str] = []
    for entry in entries:
        if "\r" in entry or "\n" in entry:
            problems.append(f"recipient {entry!r} contains a line break (header injection)")
            continue
        addresses = getaddresses([entry])
        address = addresses[0][1].strip().lower() if len(addresses) == 1 else ""
        if len(addresses) != 1 or ":" in entry or ";" in entry or not _ADDRESS.fullmatch(address):
            problems.append(f"recipient {entry!r} is not one e-mail address (one per entry)")
            continue
        found.setdefault(address)
    if problems:
        raise ConfigError("mail settings: " + "; ".join(problems))
    return tuple(found)


_ADDRESS = re.compile(r"[^@\s<>,;:\"]+@[^@\s<>,;:\"]+\.[^@\s<>,;:\"]+")


def message_id(date: str, recipient: str, sender: str) -> str:
    """The fixed Message-ID of an edition for one recipient."""
    digest = hashlib.sha256(f"{date}\n{parseaddr(recipient)[1].lower()}".encode()).hexdigest()
    domain = parseaddr(sender)[1].rsplit("@", 1)[-1] or "briefing.invalid"
    return f"<briefing-{date}-{digest[:20]}@{domain}>"


def compose(edition: Edition, pdf: Attachment, settings: MailSettings,
            recipient: str) -> EmailMessage:
    """The message for one recipient: text and HTML parts, the PDF attached."""
    date = edition.date.isoformat()
    subject, sender, _ = check_headers(settings, date)
    message = EmailMessage()
    message["From"] = sender
    message["To"] = recipient
    message["Subject"] = subject
    message["Date"] = format_datetime(clock.now())
    message["Message-ID"] = message_id(date, recipient, sender)
    message["Content-Language"] = edition.language
    message.set_content(render.render_text(edition, "mail.txt"))
    message.add_alternative(render.render_html(edition, "mail.html"), subtype="html")
    message.add_attachment(pdf.content, maintype="application", subtype="pdf",
                           filename=pdf.name)
    return message


def write_outbox(edition: Edition, pdf: Attachment, settings: MailSettings,
                 outbox: Path) -> list[Path]:
    """Write each recipient's message as an .eml file instead of sending it."""
    outbox.mkdir(parents=True, exist_ok=True)
    written = []
    for recipient in check_headers(settings, edition.date.isoformat())[2]:
        name = parseaddr(recipient)[1].replace("@", "_at_") + ".eml"
        render.write_atomic(outbox / name, compose(edition, pdf, settings, recipient).as_bytes())
        written.append(outbox / name)
    return written


def send(edition: Edition, pdf: Attachment, settings: MailSettings, ledger: Ledger,
         resend_unknown: bool = False) -> SendReport:
    """Send the edition to every recipient not yet served, recording each state.
    A delivery left unknown by an earlier run is reported again (and counts as not
    served) until it is resent or marked sent."""
    date = edition.date.isoformat()
    _, sender, recipients = check_headers(settings, date)
    password = _password(settings)
    todo, already, unknown = [], [], []
    for recipient in recipients:
        row = ledger.register(recipient, message_id(date, recipient, sender))
        if row.state == UNKNOWN and not resend_unknown:
            log.warning("%s: delivery unknown since an earlier send (it may have arrived): "
                        "--resend-unknown sends it again, --mark-sent records it as "
                        "delivered", recipient)
            unknown.append(recipient)
        elif row.state == SENT or (row.state == FAILED and row.permanent):
            already.append(recipient)
        else:
            todo.append(recipient)
    sent: list[str] = []
    failed: list[str] = []
    connection: smtplib.SMTP | None = None
    try:
        for recipient in todo:
            state, connection = _deliver(edition, pdf, settings, password, ledger, recipient,
                                         connection)
            {SENT: sent, FAILED: failed, UNKNOWN: unknown}.get(state, failed).append(recipient)
    finally:
        _quit(connection)
    return SendReport(tuple(sent), tuple(failed), tuple(unknown), tuple(already),
                      len(recipients))


def _deliver(edition: Edition, pdf: Attachment, settings: MailSettings, password: str | None,
             ledger: Ledger, recipient: str,
             connection: smtplib.SMTP | None) -> tuple[str, smtplib.SMTP | None]:
    """Try one recipient, retrying temporary failures with a growing pause."""
    payload = compose(edition, pdf, settings, recipient).as_bytes()
    sender = parseaddr(settings.sender or "")[1]
    delay = settings.retry_delay
    for attempt in range(settings.retries + 1):
        try:
            connection = connection or _connect(settings, password)
            with _deadline(connection, TRANSACTION_TIMEOUTS * settings.timeout):
                _transaction(connection, sender, recipient, payload, ledger, recipient)
            ledger.mark(recipient, SENT, attempt=True)
            log.info("sent to %s", recipient)
            return SENT, connection
        except _HandedOver as exc:
            ledger.mark(recipient, UNKNOWN, error=str(exc), attempt=True)
            log.warning("%s: connection lost after the message was handed over; it is "
                        "recorded as unknown and not sent again without --resend-unknown",
                        recipient)
            return UNKNOWN, None
        except SendError as exc:
            if exc.permanent:
                ledger.mark(recipient, FAILED, error=str(exc), permanent=True, attempt=True)
                log.warning("%s: refused: %s", recipient, exc)
                return FAILED, connection
            ledger.mark(recipient, PENDING, error=str(exc), attempt=True)
            _quit(connection)
            connection = None
            if attempt < settings.retries:
                log.info("%s: %s; retrying in %.1f s", recipient, exc, delay)
                time.sleep(delay)
                delay *= 2
    ledger.mark(recipient, FAILED, error=ledger.row(recipient).error)
    log.warning("%s: not sent after %d attempts: %s", recipient, settings.retries + 1,
                ledger.row(recipient).error)
    return FAILED, None


def _transaction(connection: smtplib.SMTP, sender: str, recipient: str, payload: bytes,
                 ledger: Ledger, ledger_key: str) -> None:
    """MAIL, RCPT, DATA for one recipient; the ledger says 'unknown' once data may arrive."""
    try:
        _expect(connection.mail(sender), "MAIL FROM", (250,))
        _expect(connection.rcpt(recipient), "RCPT TO", (250, 251))
        _expect(connection.docmd("DATA"), "DATA", (354,))
    except SendError:
        _reset(connection)
        raise
    except (smtplib.SMTPException, OSError) as exc:
        raise SendError(f"connection failed before the message was sent ({exc})",
                        permanent=False) from exc
    ledger.mark(ledger_key, UNKNOWN, error="handed over, awaiting the server's answer")
    try:
        connection.send(_dot_stuffed(_crlf(payload)) + b"\r\n.\r\n")
        code, answer = connection.getreply()
    except (smtplib.SMTPException, OSError) as exc:
        raise _HandedOver(f"connection lost after DATA ({exc})") from exc
    try:
        _expect((code, answer), "end of DATA", (250,))
    except SendError:
        _reset(connection)
        raise


def _dot_stuffed(payload: bytes) -> bytes:
    """Double a leading dot on every line, as SMTP's DATA requires (RFC 5321, 4.5.2)."""
    return re.sub(rb"(?m)^\.", b"..", payload)


def _crlf(payload: bytes) -> bytes:
    return payload.replace(b"\r\n", b"\n").replace(b"\r", b"\n").replace(b"\n", b"\r\n")


def _expect(reply: tuple[int, bytes], step: str, accepted: tuple[int, ...]) -> None:
    code, answer = reply
    if code in accepted:
        return
    text = answer.decode("utf-8", "replace") if isinstance(answer, bytes) else str(answer)
    raise SendError(f"{step}: {code} {text}", permanent=500 <= code < 600)


def _reset(connection: smtplib.SMTP) -> None:
    try:
        connection.rset()
    except (smtplib.SMTPException, OSError):
        pass


# Each exchange has a total deadline, in multiples of [mail] timeout (which bounds one
# read): a server trickling an endless banner cannot hold a send.
CONNECT_TIMEOUTS = 3
TRANSACTION_TIMEOUTS = 6


class _deadline:
    """Cut the connection's socket when an exchange outlasts ``seconds``: the read in
    progress then fails at once, whatever the server trickles."""

    def __init__(self, connection: smtplib.SMTP, seconds: float) -> None:
        self.connection = connection
        self.seconds = seconds
        self.timer = threading.Timer(seconds, self._cut)
        self.timer.daemon = True
        self.expired = False

    def _cut(self) -> None:
        self.expired = True
        sock = getattr(self.connection, "sock", None)
        if sock is not None:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def __enter__(self) -> _deadline:
        self.timer.start()
        return self

    def __exit__(self, kind: object, exc: object, tb: object) -> None:
        self.timer.cancel()
        if self.expired and isinstance(exc, (OSError, smtplib.SMTPException)):
            raise SendError(f"no complete answer within {self.seconds:g} s", permanent=False)


def _connect(settings: MailSettings, password: str | None) -> smtplib.SMTP:
    """Open a connection with the configured security and log in if asked."""
    host = settings.host or ""
    context = ssl.create_default_context()  # verifies certificates and host names
    connection: smtplib.SMTP = (smtplib.SMTP_SSL(timeout=settings.timeout, context=context)
                                if settings.security == "ssl"
                                else smtplib.SMTP(timeout=settings.timeout))
    try:
        with _deadline(connection, CONNECT_TIMEOUTS * settings.timeout):
            _open(connection, settings, password, context)
        return connection
    except smtplib.SMTPAuthenticationError as exc:
        connection.close()
        raise SessionError(f"login refused for user {settings.username!r} ({exc.smtp_code}); "
                           "nothing sent") from exc
    except ssl.SSLError as exc:
        connection.close()
        raise SessionError(f"TLS with {host} failed: {exc.reason or exc}; nothing sent") from exc
    except (OSError, smtplib.SMTPException) as exc:
        connection.close()
        raise SendError(f"cannot connect to {host}:{settings.port} ({exc})",
                        permanent=False) from exc
    except BriefingError:
        connection.close()
        raise


def _open(connection: smtplib.SMTP, settings: MailSettings, password: str | None,
          context: ssl.SSLContext) -> None:
    host = settings.host or ""
    setattr(connection, "_host", host)  # noqa: B010 (smtplib checks TLS against it)
    connection.connect(host, settings.port)
    if settings.security == "starttls":
        connection.ehlo()
        if not connection.has_extn("starttls"):
            raise SessionError(f"{host} does not offer STARTTLS; refusing to send in clear "
                               "(security = \"none\" to allow it); nothing sent")
        connection.starttls(context=context)
    connection.ehlo_or_helo_if_needed()
    if settings.username:
        connection.login(settings.username, password or "")


def _password(settings: MailSettings) -> str | None:
    """The password from the environment; refuse a login over a clear connection."""
    if not settings.host:
        raise ConfigError("mail settings: no [mail] host")
    if not settings.username:
        return None
    if settings.security == "none":
        raise ConfigError("mail settings: no login over an unencrypted connection "
                          "(use security = \"starttls\" or \"ssl\")")
    if not settings.password_env:
        raise ConfigError("mail settings: username given but no password_env")
    password = os.environ.get(settings.password_env)
    if password is None:
        raise ConfigError(f"mail settings: the environment variable {settings.password_env} "
                          "holding the password is not set")
    return password


def _quit(connection: smtplib.SMTP | None) -> None:
    if connection is None:
        return
    try:
        connection.quit()
    except (smtplib.SMTPException, OSError):
        connection.close()
