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
import ssl
import time
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr
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


class _HandedOver(Exception):
    """The connection failed after the message data was sent: delivery is unknown."""


@dataclass(frozen=True)
class SendReport:
    """What a send did: per state, the recipients."""

    sent: tuple[str, ...]
    failed: tuple[str, ...]
    unknown: tuple[str, ...]
    already: tuple[str, ...]
    total: int


def check_headers(settings: MailSettings, date: str) -> tuple[str, str, tuple[str, ...]]:
    """Validate sender, recipients and subject before any connection; return them clean."""
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
    return subject, settings.sender or "", tuple(settings.recipients)


def message_id(date: str, recipient: str, sender: str) -> str:
    """The fixed Message-ID of an edition for one recipient."""
    digest = hashlib.sha256(f"{date}\n{parseaddr(recipient)[1].lower()}".encode()).hexdigest()
    domain = parseaddr(sender)[1].rsplit("@", 1)[-1] or "briefing.invalid"
    return f"<briefing-{date}-{digest[:20]}@{domain}>"


def compose(edition: Edition, pdf: Path, settings: MailSettings, recipient: str) -> EmailMessage:
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
    message.add_attachment(pdf.read_bytes(), maintype="application", subtype="pdf",
                           filename=pdf.name)
    return message


def write_outbox(edition: Edition, pdf: Path, settings: MailSettings, outbox: Path) -> list[Path]:
    """Write each recipient's message as an .eml file instead of sending it."""
    outbox.mkdir(parents=True, exist_ok=True)
    written = []
    for recipient in check_headers(settings, edition.date.isoformat())[2]:
        name = parseaddr(recipient)[1].replace("@", "_at_") + ".eml"
        render.write_atomic(outbox / name, compose(edition, pdf, settings, recipient).as_bytes())
        written.append(outbox / name)
    return written


def send(edition: Edition, pdf: Path, settings: MailSettings, ledger: Ledger,
         resend_unknown: bool = False) -> SendReport:
    """Send the edition to every recipient not yet served, recording each state."""
    date = edition.date.isoformat()
    _, sender, recipients = check_headers(settings, date)
    password = _password(settings)
    todo, already = [], []
    for recipient in recipients:
        row = ledger.register(recipient, message_id(date, recipient, sender))
        if row.state == SENT or (row.state == UNKNOWN and not resend_unknown) or (
                row.state == FAILED and row.permanent):
            already.append(recipient)
        else:
            todo.append(recipient)
    sent: list[str] = []
    failed: list[str] = []
    unknown: list[str] = []
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


def _deliver(edition: Edition, pdf: Path, settings: MailSettings, password: str | None,
             ledger: Ledger, recipient: str,
             connection: smtplib.SMTP | None) -> tuple[str, smtplib.SMTP | None]:
    """Try one recipient, retrying temporary failures with a growing pause."""
    payload = compose(edition, pdf, settings, recipient).as_bytes()
    sender = parseaddr(settings.sender or "")[1]
    delay = settings.retry_delay
    for attempt in range(settings.retries + 1):
        try:
            connection = connection or _connect(settings, password)
            _transaction(connection, sender, parseaddr(recipient)[1], payload, ledger, recipient)
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


def _connect(settings: MailSettings, password: str | None) -> smtplib.SMTP:
    """Open a connection with the configured security and log in if asked."""
    host = settings.host or ""
    context = ssl.create_default_context()  # verifies certificates and host names
    try:
        if settings.security == "ssl":
            connection: smtplib.SMTP = smtplib.SMTP_SSL(host, settings.port,
                                                        timeout=settings.timeout,
                                                        context=context)
        else:
            connection = smtplib.SMTP(host, settings.port, timeout=settings.timeout)
            if settings.security == "starttls":
                connection.ehlo()
                if not connection.has_extn("starttls"):
                    connection.close()
                    raise SendError(f"{host} does not offer STARTTLS; refusing to send in "
                                    "clear (security = \"none\" to allow it)", permanent=True)
                connection.starttls(context=context)
        connection.ehlo_or_helo_if_needed()
        if settings.username:
            connection.login(settings.username, password or "")
        return connection
    except smtplib.SMTPAuthenticationError as exc:
        raise SendError(f"login refused for user {settings.username!r} ({exc.smtp_code})",
                        permanent=True) from exc
    except ssl.SSLError as exc:
        raise SendError(f"TLS with {host} failed: {exc.reason or exc}", permanent=True) from exc
    except (OSError, smtplib.SMTPException) as exc:
        if isinstance(exc, SendError):
            raise
        raise SendError(f"cannot connect to {host}:{settings.port} ({exc})",
                        permanent=False) from exc


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
