"""Review before distribution: draft, final build, approval and status of an edition.

Files of the edition of DATE, in the reports folder:
  briefing-DATE.draft.json     the machine's edition, as drafted
  briefing-DATE.review.toml    the reviewer's edits (never overwritten, only merged)
  briefing-DATE.preview.html   the draft with the edits applied and marked
  briefing-DATE.pdf/.html/.json  the final, reviewed edition (build --final)
  briefing-DATE.approval.json  who approved what (hashes of edition, PDF, recipients)
  briefing-DATE.ledger.sqlite  who has been sent the edition
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from briefing import clock, render, review
from briefing.errors import BriefingError, ConfigError
from briefing.models import Edition
from briefing.settings import MailSettings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class EditionFiles:
    """The files of one edition."""

    reports: Path
    date: str

    def _path(self, suffix: str) -> Path:
        return self.reports / f"briefing-{self.date}{suffix}"

    @property
    def draft(self) -> Path:
        return self._path(".draft.json")

    @property
    def review(self) -> Path:
        return self._path(".review.toml")

    @property
    def preview(self) -> Path:
        return self._path(".preview.html")

    @property
    def final(self) -> render.Outputs:
        return render.edition_paths(self.reports, self.date)

    @property
    def approval(self) -> Path:
        return self._path(".approval.json")

    @property
    def ledger(self) -> Path:
        return self._path(".ledger.sqlite")

    @property
    def lock(self) -> Path:
        return self._path(".send.lock")

    @property
    def outbox(self) -> Path:
        return self._path(".outbox")


@dataclass(frozen=True)
class DraftResult:
    """What a draft wrote and what changed since the previous one."""

    files: EditionFiles
    edition: Edition
    new: int
    gone: int

    @property
    def log_file(self) -> Path:
        """Where the run's warnings are written when there are many."""
        return self.files.reports / f"briefing-{self.files.date}.log"


def draft(edition: Edition, reports: Path) -> DraftResult:
    """Write the machine edition, merge the review file (keeping every edit), preview it."""
    reports.mkdir(parents=True, exist_ok=True)
    files = EditionFiles(reports, edition.date.isoformat())
    previous_machine = load_edition(files.draft) if files.draft.exists() else None
    previous_review = review.load(files.review) if files.review.exists() else None
    merged = review.redraft(previous_review, previous_machine, edition)
    preview = _preview(edition, merged)  # a review that cannot apply fails before any write
    previous_text = files.review.read_text(encoding="utf-8") if previous_review else None
    render.write_json(files.draft, edition)
    render.write_atomic(files.review, review.to_toml(merged, previous_text).encode("utf-8"))
    render.write_atomic(files.preview, preview)
    items: list[Any] = [*merged.articles, *merged.quotes, *merged.events]
    return DraftResult(files, edition, new=sum(i.flag == review.NEW for i in items),
                       gone=sum(i.flag == review.GONE for i in items))


def write_preview(files: EditionFiles, machine: Edition, decisions: review.Review) -> None:
    """Write the HTML preview of the reviewed edition."""
    render.write_atomic(files.preview, _preview(machine, decisions))


def _preview(machine: Edition, decisions: review.Review) -> bytes:
    """The HTML preview of the reviewed edition, edits marked, left-out items listed."""
    reviewed = review.apply(machine, decisions)
    html = render.render_html(reviewed, edited=review.edited_ids(decisions, machine),
                              left_out=_left_out(machine, reviewed))
    return html.encode("utf-8")


def _left_out(machine: Edition, reviewed: Edition) -> tuple[str, ...]:
    kept_articles = {d.id for d in reviewed.digests}
    kept_quotes = {q.text for q in reviewed.key_quotes}
    kept_events = {review.event_id(e) for e in reviewed.chronology}
    out = [f"{d.article.title or d.article.source} ({d.article.outlet or d.article.source})"
           for d in machine.digests if d.id not in kept_articles]
    out += [f"« {q.text[:80]} » — {q.speaker}" for q in machine.key_quotes
            if q.text not in kept_quotes]
    out += [f"{e.date.iso()} {e.text[:80]}" for e in machine.chronology
            if review.event_id(e) not in kept_events and e.date not in
            {r.date for r in reviewed.chronology if r.text == e.text}]
    return tuple(out)


def load_edition(path: Path) -> Edition:
    """Read an edition JSON written by briefing."""
    try:
        return Edition.from_dict(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError) as exc:
        raise BriefingError(f"{path}: not a briefing edition ({exc})") from exc


def reviewed_edition(files: EditionFiles) -> Edition:
    """The drafted edition with the review applied."""
    if not files.draft.exists():
        raise BriefingError(f"no draft for {files.date} in {files.reports}: "
                            f"run briefing draft --date {files.date} first")
    machine = load_edition(files.draft)
    if not files.review.exists():
        return machine
    return review.apply(machine, review.load(files.review))


def final(files: EditionFiles) -> render.Outputs:
    """Render the reviewed edition as the final PDF, HTML and JSON."""
    if files.draft.exists() and not files.review.exists():
        raise BriefingError(f"{files.review} is missing: the final edition is the reviewed "
                            f"one; run briefing draft --date {files.date} to write it again "
                            "(every edit in it was lost with it)")
    outputs = render.write_edition(reviewed_edition(files), files.reports, kind="final")
    machine = load_edition(files.draft)
    if files.review.exists():
        write_preview(files, machine, review.load(files.review))
    return outputs


def send(files: EditionFiles, settings: MailSettings, dry_run: bool = False,
         resend_unknown: bool = False) -> Any:
    """Send the approved edition (``dry_run``: write .eml files instead): a SendReport,
    or the list of files written. One send per edition at a time; the PDF is read once
    and must be the one approved."""
    from briefing import mail
    from briefing.ledger import Ledger

    _, _, recipients = mail.check_headers(settings, files.date)
    problem = approval_problem(files, recipients)
    if problem:
        raise BriefingError(f"not {'written' if dry_run else 'sent'}: {problem}")
    edition = reviewed_edition(files)
    with locked(files.lock):
        pdf = mail.Attachment.read(files.final.pdf)
        if _sha256(pdf.content) != _approval(files).get("pdf_sha256"):
            raise BriefingError(f"not sent: {files.final.pdf} changed since it was approved: "
                                "approve again")
        if dry_run:
            return mail.write_outbox(edition, pdf, settings, files.outbox)
        with Ledger(files.ledger) as ledger:
            return mail.send(edition, pdf, settings, ledger, resend_unknown)


def mark_sent(files: EditionFiles, settings: MailSettings, addresses: tuple[str, ...]
              ) -> tuple[str, ...]:
    """Record deliveries whose state is unknown as sent (the reviewer checked they arrived)."""
    from briefing import mail
    from briefing.ledger import SENT, UNKNOWN, Ledger

    wanted = mail.normalised_recipients(addresses)
    with locked(files.lock), Ledger(files.ledger) as ledger:
        states = {row.recipient: row.state for row in ledger.rows()}
        for address in wanted:
            if states.get(address) != UNKNOWN:
                raise BriefingError(f"{address}: delivery is {states.get(address, 'not started')}"
                                    ", not unknown; nothing marked")
        for address in wanted:
            ledger.mark(address, SENT, error="marked sent by hand")
    return wanted


@contextlib.contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold an edition's lock: a second send (or mark) of the same edition is refused
    while this one runs. The lock dies with the process, so a crash never leaves it held."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+b") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            raise BriefingError(f"another send of this edition is running ({path} is locked); "
                                "nothing done") from exc
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _is_final(files: EditionFiles) -> bool:
    """Whether the edition's files are a whole final build of the reviewed draft (a plain
    `briefing build` writes the same names from the machine edition)."""
    outputs = files.final
    if outputs.problem() or not files.review.exists():
        return False
    try:
        manifest = json.loads(outputs.manifest.read_text(encoding="utf-8"))
        return manifest.get("kind") == "final" and bool(
            json.loads(outputs.json.read_text(encoding="utf-8"))
            == reviewed_edition(files).as_dict())
    except (OSError, ValueError, BriefingError):
        return False


def _approval(files: EditionFiles) -> dict[str, Any]:
    try:
        record = json.loads(files.approval.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return record if isinstance(record, dict) else {}


# ── approval ────────────────────────────────────────────────────────────────

def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def recipients_hash(recipients: tuple[str, ...]) -> str:
    """A hash of the recipient list (order and case do not matter)."""
    return _sha256("\n".join(sorted(r.strip().lower() for r in recipients)).encode())


def _fingerprint(files: EditionFiles, recipients: tuple[str, ...]) -> dict[str, str]:
    """What an approval covers, as it stands now on disk and in the settings."""
    outputs = files.final
    if not files.draft.exists():
        raise BriefingError(f"no draft for {files.date} in {files.reports}: "
                            f"run briefing draft --date {files.date} first")
    if not outputs.json.exists() or not outputs.pdf.exists():
        raise BriefingError(f"no final edition for {files.date}: run "
                            f"briefing build --final --date {files.date}")
    broken = outputs.problem()
    if broken:
        raise BriefingError(f"the final edition of {files.date} is not whole ({broken}): run "
                            f"briefing build --final --date {files.date} again")
    reviewed = reviewed_edition(files)
    final_json = outputs.json.read_bytes()
    if json.loads(final_json) != reviewed.as_dict():
        raise BriefingError(f"the review of {files.date} changed after the final build: run "
                            f"briefing build --final --date {files.date} again")
    return {"edition_sha256": _sha256(final_json),
            "pdf_sha256": _sha256(outputs.pdf.read_bytes()),
            "recipients_sha256": recipients_hash(recipients)}


def approve(files: EditionFiles, by: str, recipients: tuple[str, ...]) -> dict[str, Any]:
    """Record who approved the final edition and the recipient list, by their hashes."""
    from briefing import mail

    if not by.strip() or "\n" in by or "\r" in by:
        raise ConfigError("--by must name the approver on one line")
    recipients = mail.normalised_recipients(recipients)
    if not recipients:
        raise ConfigError("no recipients in [mail] recipients: nothing to approve")
    record: dict[str, Any] = {
        "edition": files.date, "approved_by": by.strip(),
        "approved_at": clock.now().isoformat(timespec="seconds"),
        "recipients": len(recipients), **_fingerprint(files, recipients)}
    earlier = _approval(files)
    history = list(earlier.get("history", []))
    if earlier.get("approved_by"):
        history.append({key: earlier.get(key) for key in
                        ("approved_by", "approved_at", "edition_sha256", "pdf_sha256",
                         "recipients_sha256")})
    record["history"] = history
    render.write_atomic(files.approval, (json.dumps(record, indent=2) + "\n").encode())
    return record


def approval_problem(files: EditionFiles, recipients: tuple[str, ...]) -> str | None:
    """Why the edition is not approved as it stands, or None when it is."""
    if not files.draft.exists():
        return (f"no draft for {files.date} in {files.reports}: run briefing draft --date "
                f"{files.date} first")
    if not files.approval.exists():
        return (f"the edition of {files.date} is not approved: run briefing approve "
                f"--date {files.date} --by NAME (or approve it in briefing review)")
    try:
        record = json.loads(files.approval.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return f"{files.approval} is unreadable; approve again"
    try:
        current = _fingerprint(files, recipients)
    except BriefingError as exc:
        return str(exc)
    changed = [name for key, name in (("edition_sha256", "the edition"),
                                      ("pdf_sha256", "the PDF"),
                                      ("recipients_sha256", "the recipient list"))
               if record.get(key) != current[key]]
    if changed:
        return (f"{' and '.join(changed)} changed since {record.get('approved_by')} approved "
                f"it: approve again")
    return None


@dataclass(frozen=True)
class Status:
    """An edition's state, as `briefing status` shows it."""

    drafted: bool
    edited: bool
    final: bool
    approved_by: str | None
    problem: str | None
    sent: int
    failed: int
    unknown: int
    recipients: int

    def lines(self, date: str) -> list[str]:
        """Human-readable lines."""
        state = ("sent" if self.recipients and self.sent == self.recipients else
                 "approved" if self.approved_by and not self.problem else
                 "edited" if self.edited else "drafted" if self.drafted else "not drafted")
        lines = [f"edition {date}: {state}",
                 f"  drafted: {'yes' if self.drafted else 'no'}; edited: "
                 f"{'yes' if self.edited else 'no'}; final build: "
                 f"{'yes' if self.final else 'no'}"]
        if self.approved_by and not self.problem:
            lines.append(f"  approved by {self.approved_by}")
        elif self.problem and self.drafted:
            lines.append(f"  not approved: {self.problem}")
        lines.append(f"  sent to {self.sent} of {self.recipients}"
                     + (f"; failed {self.failed}" if self.failed else "")
                     + (f"; unknown {self.unknown}" if self.unknown else ""))
        return lines


def status(files: EditionFiles, recipients: tuple[str, ...]) -> Status:
    """Read an edition's state from its files."""
    from briefing import mail
    from briefing.ledger import FAILED, SENT, UNKNOWN, Ledger

    try:
        recipients = mail.normalised_recipients(recipients)
    except ConfigError:
        pass  # status still reports; send and approve name the bad entry
    drafted = files.draft.exists()
    edited = drafted and files.review.exists() and review.is_edited(
        review.load(files.review), load_edition(files.draft))
    problem = approval_problem(files, recipients) if drafted else "not drafted"
    approved_by = None
    if files.approval.exists():
        approved_by = json.loads(files.approval.read_text(encoding="utf-8")).get("approved_by")
    counts = {SENT: 0, FAILED: 0, UNKNOWN: 0}
    if files.ledger.exists():
        with Ledger(files.ledger) as ledger:
            for row in ledger.rows():
                if row.recipient in recipients and row.state in counts:
                    counts[row.state] += 1
    return Status(drafted=drafted, edited=edited, final=drafted and _is_final(files),
                  approved_by=approved_by, problem=problem, sent=counts[SENT],
                  failed=counts[FAILED], unknown=counts[UNKNOWN], recipients=len(recipients))
