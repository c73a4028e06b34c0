"""Review, approval and e-mail, end to end through the CLI, with a real SMTP server on
127.0.0.1 (aiosmtpd)."""

from __future__ import annotations

import email
import shutil
import socket
import sqlite3
from email import policy
from pathlib import Path
from collections.abc import Iterator

import pytest
from aiosmtpd.controller import Controller
from click.testing import CliRunner

from briefing.cli import main
from conftest import ENGLISH_ARTICLE, INPUTS, write

DATE = "2025-04-20"
RECIPIENTS = ["ana@example.org", "ben@example.org", "chloe@example.org"]


class Recorder:
    """An SMTP handler that keeps what it receives and misbehaves on request."""

    def __init__(self) -> None:
        self.messages: list[tuple[list[str], bytes]] = []
        self.refuse: set[str] = set()
        self.drop_after_data: set[str] = set()
        self.temporary_once: set[str] = set()
        self.connections = 0

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        self.connections += 1
        session.host_name = hostname
        return responses

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.1.1 No such user here"
        if address in self.temporary_once:
            self.temporary_once.discard(address)
            return "451 4.3.0 Try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((list(envelope.rcpt_tos), envelope.original_content))
        if set(envelope.rcpt_tos) & self.drop_after_data:
            server.transport.close()  # the message arrived, the answer never does
            return "250 OK"
        return "250 Message accepted"

    def to(self, address: str) -> list[email.message.EmailMessage]:
        return [email.message_from_bytes(content, policy=policy.default)
                for rcpts, content in self.messages if address in rcpts]


@pytest.fixture()
def smtp() -> Iterator[tuple[Recorder, int]]:
    recorder = Recorder()
    with socket.socket() as probe:  # a free port on the loopback interface
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(recorder, hostname="127.0.0.1", port=port)
    controller.start()
    recorder.connections = 0  # the controller's own readiness check does not count
    try:
        yield recorder, port
    finally:
        controller.stop()


def _settings(folder: Path, port: int, recipients: list[str] = RECIPIENTS,
              subject: str = "Briefing — {date}", extra: str = "") -> None:
    listed = ", ".join(f'"{r}"' for r in recipients)
    (folder / "briefing.toml").write_text(f"""
[edition]
title = "Briefing Russie–États-Unis"

[mail]
host = "127.0.0.1"
port = {port}
security = "none"
sender = "Briefing <briefing@example.org>"
recipients = [{listed}]
subject = "{subject}"
retry_delay = 0
{extra}
""", encoding="utf-8")


def _cli(folder: Path, *args: str) -> object:
    config = str(folder / "briefing.toml")
    result = CliRunner().invoke(main, [args[0], "--config", config, *args[1:]])
    return result


@pytest.fixture()
def project(tmp_path: Path, smtp) -> tuple[Path, Recorder]:
    """A project folder with the samples drafted, built final and approved."""
    recorder, port = smtp
    shutil.copytree(INPUTS, tmp_path / "inputs")
    _settings(tmp_path, port)
    for args in (("draft", "--date", DATE), ("build", "--final", "--date", DATE),
                 ("approve", "--date", DATE, "--by", "Claire Analyste")):
        result = _cli(tmp_path, *args)
        assert result.exit_code == 0, result.output
    return tmp_path, recorder


def _ledger(folder: Path) -> dict[str, str]:
    with sqlite3.connect(folder / "reports" / f"briefing-{DATE}.ledger.sqlite") as db:
        return dict(db.execute("SELECT recipient, state FROM delivery"))


def test_approved_edition_reaches_every_recipient_once_with_the_pdf(project) -> None:
    folder, recorder = project
    result = _cli(folder, "send", "--date", DATE)
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "sent 3, already done 0, failed 0, unknown 0 (of 3)"
    pdf = (folder / "reports" / f"briefing-{DATE}.pdf").read_bytes()
    ids = set()
    for address in RECIPIENTS:
        [message] = recorder.to(address)
        assert message["To"] == address and message["From"] == "Briefing <briefing@example.org>"
        assert message["Subject"] == f"Briefing — {DATE}"
        ids.add(message["Message-ID"])
        text = message.get_body(("plain",)).get_content()
        html = message.get_body(("html",)).get_content()
        assert "Briefing Russie–États-Unis" in text and "Chronologie" in text
        assert "Riyad" in html and "Mondialisation.ca" in html
        [attachment] = list(message.iter_attachments())
        assert attachment.get_content_type() == "application/pdf"
        assert attachment.get_filename() == f"briefing-{DATE}.pdf"
        assert attachment.get_content() == pdf
    assert len(ids) == 3
    assert _ledger(folder) == dict.fromkeys(RECIPIENTS, "sent")

    again = _cli(folder, "send", "--date", DATE)
    assert again.exit_code == 0 and "sent 0, already done 3" in again.stdout
    assert len(recorder.messages) == 3
    status = _cli(folder, "status", "--date", DATE)
    assert "edition 2025-04-20: sent" in status.stdout and "sent to 3 of 3" in status.stdout


def test_a_refused_recipient_is_recorded_and_the_others_delivered(project) -> None:
    folder, recorder = project
    recorder.refuse.add("ben@example.org")
    result = _cli(folder, "send", "--date", DATE)
    assert result.exit_code == 1
    assert "ben@example.org: refused: RCPT TO: 550" in result.stderr
    assert _ledger(folder) == {"ana@example.org": "sent", "ben@example.org": "failed",
                               "chloe@example.org": "sent"}
    assert [r for r, _ in recorder.messages] == [["ana@example.org"], ["chloe@example.org"]]
    assert "failed 1" in _cli(folder, "status", "--date", DATE).stdout


def test_temporary_refusal_is_retried(project) -> None:
    folder, recorder = project
    recorder.temporary_once.add("ana@example.org")
    result = _cli(folder, "send", "--date", DATE)
    assert result.exit_code == 0, result.output
    assert len(recorder.to("ana@example.org")) == 1
    assert _ledger(folder)["ana@example.org"] == "sent"


def test_connection_lost_after_data_is_unknown_and_never_sent_twice(project) -> None:
    folder, recorder = project
    recorder.drop_after_data.add("ana@example.org")
    first = _cli(folder, "send", "--date", DATE)
    assert first.exit_code == 1 and "unknown 1" in first.stdout
    assert _ledger(folder)["ana@example.org"] == "unknown"
    assert _ledger(folder)["ben@example.org"] == _ledger(folder)["chloe@example.org"] == "sent"
    recorder.drop_after_data.clear()
    second = _cli(folder, "send", "--date", DATE)  # still unknown: reported, not resent
    assert second.exit_code == 1 and "sent 0, already done 2, failed 0, unknown 1" in second.stdout
    assert "ana@example.org: delivery unknown since an earlier send" in second.stderr
    assert len(recorder.to("ana@example.org")) == 1
    third = _cli(folder, "send", "--date", DATE, "--resend-unknown")
    assert third.exit_code == 0 and "sent 1" in third.stdout
    assert len(recorder.to("ana@example.org")) == 2
    assert len({m["Message-ID"] for m in recorder.to("ana@example.org")}) == 1


def test_unapproved_or_changed_editions_are_refused(tmp_path: Path, smtp) -> None:
    recorder, port = smtp
    shutil.copytree(INPUTS, tmp_path / "inputs")
    _settings(tmp_path, port)
    assert _cli(tmp_path, "draft", "--date", DATE).exit_code == 0
    assert _cli(tmp_path, "build", "--final", "--date", DATE).exit_code == 0
    refused = _cli(tmp_path, "send", "--date", DATE)
    assert refused.exit_code == 1 and "not approved" in refused.stderr
    assert _cli(tmp_path, "approve", "--date", DATE, "--by", "Claire").exit_code == 0

    review = tmp_path / "reports" / f"briefing-{DATE}.review.toml"
    review.write_text(review.read_text(encoding="utf-8").replace('note = ""',
                                                                 'note = "Relu."'),
                      encoding="utf-8")
    edited = _cli(tmp_path, "send", "--date", DATE)
    assert edited.exit_code == 1 and "changed after the final build" in edited.stderr
    assert _cli(tmp_path, "build", "--final", "--date", DATE).exit_code == 0
    rebuilt = _cli(tmp_path, "send", "--date", DATE)
    assert rebuilt.exit_code == 1 and "changed since Claire approved it" in rebuilt.stderr

    assert _cli(tmp_path, "approve", "--date", DATE, "--by", "Claire").exit_code == 0
    _settings(tmp_path, port, recipients=RECIPIENTS + ["dan@example.org"])
    widened = _cli(tmp_path, "send", "--date", DATE)
    assert widened.exit_code == 1 and "the recipient list changed" in widened.stderr
    assert recorder.messages == [] and recorder.connections == 0


@pytest.mark.parametrize("subject, recipients", [
    ("Briefing\\r\\nBcc: victim@example.org", RECIPIENTS),
    ("Briefing — {date}", ["ana@example.org\\nBcc: victim@example.org"]),
])
def test_header_injection_is_refused_before_connecting(project, subject: str,
                                                       recipients: list[str]) -> None:
    folder, recorder = project
    port = int((folder / "briefing.toml").read_text().split("port = ")[1].split()[0])
    _settings(folder, port, recipients=recipients, subject=subject)
    result = _cli(folder, "send", "--date", DATE)
    assert result.exit_code == 1 and "header injection" in result.stderr
    assert recorder.connections == 0 and recorder.messages == []


def test_no_login_over_clear_text_and_no_password_in_messages(project, monkeypatch) -> None:
    folder, recorder = project
    monkeypatch.setenv("BRIEFING_SMTP_PASSWORD", "s3cret-Pa55")
    port = int((folder / "briefing.toml").read_text().split("port = ")[1].split()[0])
    _settings(folder, port, extra='username = "briefing"\npassword_env = "BRIEFING_SMTP_PASSWORD"')
    clear = _cli(folder, "send", "--date", DATE)
    assert clear.exit_code == 1 and "no login over an unencrypted connection" in clear.stderr
    text = (folder / "briefing.toml").read_text().replace('security = "none"',
                                                          'security = "starttls"')
    (folder / "briefing.toml").write_text(text)
    refused = _cli(folder, "send", "--date", DATE)
    assert refused.exit_code == 1 and "does not offer STARTTLS" in refused.output
    assert "s3cret-Pa55" not in refused.output and recorder.messages == []


def test_dry_run_writes_one_eml_per_recipient(project) -> None:
    folder, recorder = project
    result = _cli(folder, "send", "--date", DATE, "--dry-run")
    assert result.exit_code == 0, result.output
    outbox = folder / "reports" / f"briefing-{DATE}.outbox"
    files = sorted(p.name for p in outbox.iterdir())
    assert files == ["ana_at_example.org.eml", "ben_at_example.org.eml",
                     "chloe_at_example.org.eml"]
    message = email.message_from_bytes((outbox / files[0]).read_bytes(), policy=policy.default)
    assert message["To"] == "ana@example.org" and recorder.messages == []


def test_reviewer_edits_survive_a_redraft_with_a_new_article(tmp_path: Path, smtp) -> None:
    _recorder, port = smtp
    shutil.copytree(INPUTS, tmp_path / "inputs")
    _settings(tmp_path, port)
    assert _cli(tmp_path, "draft", "--date", DATE).exit_code == 0
    review = tmp_path / "reports" / f"briefing-{DATE}.review.toml"
    text = review.read_text(encoding="utf-8")
    first_summary = text.split("summary = [\n", 1)[1].split("\n", 1)[0]
    edited = text.replace(first_summary, '    "Phrase réécrite par la relectrice.",', 1)
    edited = edited.replace('note = ""', 'note = "Vu et corrigé."')
    quote_block = edited.index("[[quote]]")
    keep = edited.index("keep = true", quote_block)
    edited = edited[:keep] + "keep = false" + edited[keep + len("keep = true"):]
    review.write_text(edited, encoding="utf-8")

    write(tmp_path / "inputs", "new.txt", ENGLISH_ARTICLE)
    result = _cli(tmp_path, "draft", "--date", DATE)
    assert result.exit_code == 0, result.output
    assert "new: " in result.stdout and "new: 0" not in result.stdout
    after = review.read_text(encoding="utf-8")
    assert '"Phrase réécrite par la relectrice.",' in after
    assert 'note = "Vu et corrigé."' in after
    first_quote = after[after.index("[[quote]]"):].split("[[", 2)[1]
    assert "keep = false" in first_quote
    assert 'flag = "new"' in after and "Trade envoys agree" in after

    assert _cli(tmp_path, "build", "--final", "--date", DATE).exit_code == 0
    final = (tmp_path / "reports" / f"briefing-{DATE}.json").read_text(encoding="utf-8")
    assert "Phrase réécrite par la relectrice." in final and "Vu et corrigé." in final
    preview = (tmp_path / "reports" / f"briefing-{DATE}.preview.html").read_text("utf-8")
    assert 'class="edited"' in preview

    (tmp_path / "inputs" / "new.txt").unlink()
    assert _cli(tmp_path, "draft", "--date", DATE).exit_code == 0
    gone = review.read_text(encoding="utf-8")
    assert 'flag = "gone"' in gone and '"Phrase réécrite par la relectrice.",' in gone


def test_an_unknown_delivery_marked_sent_by_hand_ends_the_alarm(project) -> None:
    folder, recorder = project
    recorder.drop_after_data.add("ben@example.org")
    assert _cli(folder, "send", "--date", DATE).exit_code == 1
    refused = _cli(folder, "send", "--date", DATE, "--mark-sent", "ana@example.org")
    assert refused.exit_code == 1 and "delivery is sent, not unknown" in refused.stderr
    marked = _cli(folder, "send", "--date", DATE, "--mark-sent", " Ben@Example.org")
    assert marked.exit_code == 0 and "marked sent: ben@example.org" in marked.stdout
    again = _cli(folder, "send", "--date", DATE)
    assert again.exit_code == 0 and "already done 3" in again.stdout
    assert len(recorder.to("ben@example.org")) == 1


# ── hostile review files, broken edition sets, recipients, locks, sessions ──────────

def _review(folder: Path) -> Path:
    return folder / "reports" / f"briefing-{DATE}.review.toml"


@pytest.mark.parametrize("old, new, message", [
    ("summary = [", "summary = 5\nx = [", "summary must be a list of strings"),
    ('note = ""', 'note = ["a", "b"]', "note must be a string"),
    ("keep = true", "keep = \"yes\"", "keep must be a true or false"),
])
def test_a_review_value_of_the_wrong_type_is_one_clear_error(project, old, new,
                                                              message) -> None:
    folder, _recorder = project
    text = _review(folder).read_text(encoding="utf-8")
    _review(folder).write_text(text.replace(old, new, 1), encoding="utf-8")
    result = _cli(folder, "build", "--final", "--date", DATE)
    assert result.exit_code == 1 and "internal error" not in result.output
    assert message in result.stderr


def test_an_article_table_given_as_a_number_is_refused(project) -> None:
    folder, _recorder = project
    _review(folder).write_text(f'edition = "{DATE}"\nnote = ""\narticle = 5\n',
                               encoding="utf-8")
    result = _cli(folder, "build", "--final", "--date", DATE)
    assert result.exit_code == 1 and "article must be a list of [[article]] tables" in (
        result.stderr)


def test_an_event_table_given_as_a_boolean_is_refused(project) -> None:
    folder, _recorder = project
    text = _review(folder).read_text(encoding="utf-8")
    head, _events = text.split("\n[[event]]\n", 1)
    _review(folder).write_text(head.replace('note = ""', 'note = ""\nevent = true'),
                               encoding="utf-8")
    result = _cli(folder, "build", "--final", "--date", DATE)
    assert result.exit_code == 1 and "event must be a list of [[event]] tables" in result.stderr


def test_a_latin1_or_huge_review_file_is_refused_with_its_reason(project) -> None:
    folder, _recorder = project
    text = _review(folder).read_text(encoding="utf-8")
    _review(folder).write_bytes(text.replace('note = ""', 'note = "Relu, été"').encode(
        "latin-1", "replace"))
    latin = _cli(folder, "build", "--final", "--date", DATE)
    assert latin.exit_code == 1 and "not UTF-8" in latin.stderr
    _review(folder).write_text(text.replace('note = ""', 'note = "' + "x" * 10_000_000 + '"'),
                               encoding="utf-8")
    huge = _cli(folder, "build", "--final", "--date", DATE)
    assert huge.exit_code == 1 and "larger than 2000000 bytes" in huge.stderr
    _review(folder).write_text(text.replace('note = ""', 'note = "' + "x" * 6_000 + '"'),
                               encoding="utf-8")
    long_note = _cli(folder, "build", "--final", "--date", DATE)
    assert long_note.exit_code == 1 and "note is 6000 characters long" in long_note.stderr


@pytest.mark.parametrize("kind", ["article", "quote", "event"])
def test_an_edited_id_is_an_error_that_names_it(project, kind: str) -> None:
    folder, _recorder = project
    text = _review(folder).read_text(encoding="utf-8")
    block = text.index(f"\n[[{kind}]]\n")
    start = text.index('id = "', block) + len('id = "')
    edited = text[:start] + "zz-edited" + text[start:]
    _review(folder).write_text(edited, encoding="utf-8")
    result = _cli(folder, "build", "--final", "--date", DATE)
    assert result.exit_code == 1
    assert f"{kind} id 'zz-edited" in result.stderr and "not in the draft" in result.stderr


def test_a_duplicated_article_is_an_error(project) -> None:
    folder, _recorder = project
    text = _review(folder).read_text(encoding="utf-8")
    first = text.index("\n[[article]]\n")
    second = text.index("\n[[article]]\n", first + 1)
    _review(folder).write_text(text[:second] + text[first:second] + text[second:],
                               encoding="utf-8")
    result = _cli(folder, "build", "--final", "--date", DATE)
    assert result.exit_code == 1 and "appears twice" in result.stderr


def test_a_failing_redraft_writes_nothing_and_a_redraft_keeps_comments(project) -> None:
    folder, _recorder = project
    draft = folder / "reports" / f"briefing-{DATE}.draft.json"
    text = _review(folder).read_text(encoding="utf-8")
    block = text.index("\n[[event]]\n")
    date_at = text.index('date = "', block)
    end = text.index('"', date_at + len('date = "'))
    broken = text[:date_at] + 'date = "le 3 mars' + text[end:]
    _review(folder).write_text(broken, encoding="utf-8")
    before = draft.read_bytes()
    failed = _cli(folder, "draft", "--date", DATE)
    assert failed.exit_code == 1 and "is not YYYY, YYYY-MM or YYYY-MM-DD" in failed.stderr
    assert draft.read_bytes() == before and _review(folder).read_text("utf-8") == broken

    commented = text.replace("\n[[article]]\n", "\n# vérifié avec l'AFP\n[[article]]\n", 1)
    commented = commented.replace("include = true", "include = true  # à garder", 1)
    _review(folder).write_text(commented, encoding="utf-8")
    assert _cli(folder, "draft", "--date", DATE).exit_code == 0
    after = _review(folder).read_text(encoding="utf-8")
    assert "# vérifié avec l'AFP" in after and "include = true  # à garder" in after


def test_an_edition_set_left_half_written_is_not_approved(project) -> None:
    folder, _recorder = project
    outputs = folder / "reports"
    html = outputs / f"briefing-{DATE}.html"
    html.write_text(html.read_text(encoding="utf-8") + "<!-- a newer build died here -->",
                    encoding="utf-8")
    refused = _cli(folder, "approve", "--date", DATE, "--by", "Claire")
    assert refused.exit_code == 1 and "is not whole" in refused.stderr
    (outputs / f"briefing-{DATE}.manifest.json").unlink()
    sent = _cli(folder, "send", "--date", DATE)
    assert sent.exit_code == 1 and "is not whole" in sent.stderr
    assert _cli(folder, "build", "--final", "--date", DATE).exit_code == 0
    assert _cli(folder, "approve", "--date", DATE, "--by", "Claire").exit_code == 0


def test_a_pdf_replaced_after_approval_is_not_sent(project) -> None:
    folder, recorder = project
    pdf = folder / "reports" / f"briefing-{DATE}.pdf"
    pdf.write_bytes(pdf.read_bytes() + b"\n% another PDF\n")
    result = _cli(folder, "send", "--date", DATE)
    assert result.exit_code == 1 and recorder.messages == []


def test_recipients_are_parsed_normalised_and_sent_once(project, smtp) -> None:
    folder, recorder = project
    _recorder, port = smtp
    assert _cli(folder, "send", "--date", DATE).exit_code == 0
    _settings(folder, port, recipients=[" ANA@example.org", "Ben <ben@EXAMPLE.org>",
                                        "chloe@example.org", "chloe@example.org "])
    again = _cli(folder, "send", "--date", DATE)  # the same people: approval still holds
    assert again.exit_code == 0, again.output
    assert "sent 0, already done 3" in again.stdout and len(recorder.messages) == 3
    _settings(folder, port, recipients=RECIPIENTS[:2] + ["chloe@example.org, eve@evil.org"])
    widened = _cli(folder, "send", "--date", DATE)
    assert widened.exit_code == 1 and "is not one e-mail address" in widened.stderr
    _settings(folder, port, recipients=RECIPIENTS + ["team: eve@evil.org;"])
    group = _cli(folder, "send", "--date", DATE)
    assert group.exit_code == 1 and "is not one e-mail address" in group.stderr
    assert len(recorder.messages) == 3


def test_a_second_send_of_the_same_edition_waits_its_turn(project) -> None:
    from briefing import workflow

    folder, recorder = project
    files = workflow.EditionFiles(folder / "reports", DATE)
    with workflow.locked(files.lock):
        result = _cli(folder, "send", "--date", DATE)
    assert result.exit_code == 1 and "another send of this edition is running" in result.stderr
    assert recorder.messages == []
    assert _cli(folder, "send", "--date", DATE).exit_code == 0  # the lock died with its holder


def test_a_session_failure_fails_the_run_not_the_recipients(project, smtp) -> None:
    folder, _recorder = project
    _recorder, port = smtp
    _settings(folder, port, extra='timeout = 5')
    text = (folder / "briefing.toml").read_text().replace('security = "none"',
                                                          'security = "ssl"')
    (folder / "briefing.toml").write_text(text)
    tls = _cli(folder, "send", "--date", DATE)
    assert tls.exit_code == 1 and "TLS with 127.0.0.1 failed" in tls.stderr
    assert set(_ledger(folder).values()) == {"pending"}
    _settings(folder, port)
    fixed = _cli(folder, "send", "--date", DATE)
    assert fixed.exit_code == 0 and "sent 3" in fixed.stdout


def test_a_refused_login_fails_the_run_not_the_recipients(project, monkeypatch) -> None:
    import smtplib

    from briefing import mail

    folder, recorder = project

    def refuse(self, user, password, **kwargs):
        raise smtplib.SMTPAuthenticationError(535, b"5.7.8 Authentication credentials invalid")

    monkeypatch.setattr(smtplib.SMTP, "login", refuse)
    monkeypatch.setattr(mail, "_password", lambda settings: "secret")
    port = int((folder / "briefing.toml").read_text().split("port = ")[1].split()[0])
    _settings(folder, port, extra='username = "briefing"')
    result = _cli(folder, "send", "--date", DATE)
    assert result.exit_code == 1 and "login refused" in result.stderr
    assert set(_ledger(folder).values()) == {"pending"} and recorder.messages == []


def test_an_endless_banner_is_cut_at_the_deadline(project) -> None:
    import threading
    import time

    folder, _recorder = project
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    stop = threading.Event()

    def trickle() -> None:
        while not stop.is_set():
            try:
                server.settimeout(0.2)
                client, _ = server.accept()
            except OSError:
                continue
            try:
                while not stop.is_set():
                    client.sendall(b"220-still talking\r\n")
                    time.sleep(0.1)
            except OSError:
                pass
            finally:
                client.close()

    thread = threading.Thread(target=trickle, daemon=True)
    thread.start()
    try:
        _settings(folder, server.getsockname()[1], extra="timeout = 0.5\nretries = 1")
        started = time.monotonic()
        result = _cli(folder, "send", "--date", DATE)
        elapsed = time.monotonic() - started
    finally:
        stop.set()
        thread.join(2)
        server.close()
    assert result.exit_code == 1 and "no complete answer within 1.5 s" in result.stderr
    assert elapsed < 30  # two connection attempts of 1.5 s each, not forever
    assert "sent" not in set(_ledger(folder).values())


# ── the review round's traps ─────────────────────────────────────────────────────

def _edit_first_summary_line(folder: Path) -> None:
    text = _review(folder).read_text(encoding="utf-8")
    first = text.split("summary = [\n", 1)[1].split("\n", 1)[0]
    _review(folder).write_text(text.replace(first, '    "Ligne de la relectrice.",', 1),
                               encoding="utf-8")


def _redraft_keeps_the_edited_line(folder: Path) -> None:
    result = _cli(folder, "draft", "--date", DATE)
    assert result.exit_code == 0, result.output
    after = _review(folder).read_text(encoding="utf-8")
    assert '"Ligne de la relectrice.",' in after and '\nflag = "gone"' not in after
    assert _cli(folder, "build", "--final", "--date", DATE).exit_code == 0
    final = (folder / "reports" / f"briefing-{DATE}.json").read_text(encoding="utf-8")
    assert "Ligne de la relectrice." in final


def test_a_word_fixed_in_an_input_keeps_the_reviewers_edits_on_that_article(project) -> None:
    folder, _recorder = project
    _edit_first_summary_line(folder)
    [source] = sorted((folder / "inputs").glob("000_*.txt"))
    source.write_text(source.read_text(encoding="utf-8").replace(" Russie ", " Russie  ", 1)
                      + "\nUne phrase ajoutée par l'auteur.\n", encoding="utf-8")
    _redraft_keeps_the_edited_line(folder)


def test_a_second_approval_says_whom_it_replaces_and_keeps_the_first(project) -> None:
    import json

    folder, _recorder = project
    again = _cli(folder, "approve", "--date", DATE, "--by", "Marc Second")
    assert again.exit_code == 0
    assert "replaces the approval by Claire Analyste" in again.stdout
    record = json.loads((folder / "reports" / f"briefing-{DATE}.approval.json").read_text())
    assert record["approved_by"] == "Marc Second"
    assert [h["approved_by"] for h in record["history"]] == ["Claire Analyste"]


def test_status_tells_a_plain_build_from_a_final_one(tmp_path: Path, smtp) -> None:
    _recorder, port = smtp
    shutil.copytree(INPUTS, tmp_path / "inputs")
    _settings(tmp_path, port)
    assert _cli(tmp_path, "draft", "--date", DATE).exit_code == 0
    assert _cli(tmp_path, "build", "--date", DATE).exit_code == 0  # the machine edition
    assert "final build: no" in _cli(tmp_path, "status", "--date", DATE).stdout
    assert _cli(tmp_path, "build", "--final", "--date", DATE).exit_code == 0
    assert "final build: yes" in _cli(tmp_path, "status", "--date", DATE).stdout


def test_a_deleted_review_file_is_not_silently_replaced_by_the_machine_draft(project) -> None:
    folder, _recorder = project
    _review(folder).unlink()
    result = _cli(folder, "build", "--final", "--date", DATE)
    assert result.exit_code == 1 and "review.toml is missing" in result.stderr


def test_every_command_run_out_of_order_names_the_one_that_comes_first(tmp_path: Path) -> None:
    shutil.copytree(INPUTS, tmp_path / "inputs")
    _settings(tmp_path, 2525)  # nothing is sent: every step below is refused first
    steps = [(("approve", "--date", DATE, "--by", "X"), "run briefing draft --date"),
             (("send", "--date", DATE, "--dry-run"), "run briefing draft --date"),
             (("send", "--date", DATE), "run briefing draft --date"),
             (("build", "--final", "--date", DATE), "run briefing draft --date"),
             (("review", "--date", DATE, "--no-browser"), "run briefing draft --date"),
             (("draft", "--date", DATE), None),
             (("approve", "--date", DATE, "--by", "X"), "run briefing build --final --date"),
             (("send", "--date", DATE, "--dry-run"), "run briefing approve --date"),
             (("build", "--final", "--date", DATE), None),
             (("send", "--date", DATE, "--dry-run"), "run briefing approve --date")]
    for args, first in steps:
        result = _cli(tmp_path, *args)
        if first is None:
            assert result.exit_code == 0, result.output
            continue
        lines = result.output.strip().splitlines()
        assert result.exit_code != 0 and len(lines) == 1, (args, result.output)
        assert first in lines[0], (args, lines)
    assert not list((tmp_path / "reports").glob("*.outbox"))  # nothing written when refused


def test_corrected_metadata_and_a_promoted_quote_survive_a_redraft(project) -> None:
    import json
    from dataclasses import replace

    from briefing import review, workflow

    folder, _recorder = project
    files = workflow.EditionFiles(folder / "reports", DATE)
    machine = workflow.load_edition(files.draft)
    digest = next(d for d in machine.digests if d.article.source.endswith(
        sorted((folder / "inputs").glob("000_*.txt"))[0].name))
    keys = {q.text for q in machine.key_quotes}
    quote = next(q for q in digest.quotes if q.text not in keys)
    decisions = review.load(files.review)
    decisions = replace(decisions, articles=tuple(
        replace(a, outlet="Outlet corrigé", author="Auteur corrigé", published="2025-02-20")
        if a.id == digest.id else a for a in decisions.articles), quotes=decisions.quotes + (
        review.QuoteReview(review.text_id(quote.text), quote.text, "Locuteur relu", True,
                           article=digest.id),))
    files.review.write_text(review.to_toml(decisions, files.review.read_text("utf-8")),
                            encoding="utf-8")
    [source] = sorted((folder / "inputs").glob("000_*.txt"))
    source.write_text(source.read_text(encoding="utf-8").replace(" Russie ", " Russie  ", 1),
                      encoding="utf-8")  # a fixed typo: a new content id
    result = _cli(folder, "draft", "--date", DATE)
    assert result.exit_code == 0, result.output
    assert _cli(folder, "build", "--final", "--date", DATE).exit_code == 0
    final = json.loads((folder / "reports" / f"briefing-{DATE}.json").read_text("utf-8"))
    [article] = [a for a in final["articles"] if a["source"].endswith(source.name)]
    assert (article["outlet"], article["author"], article["published"]) == (
        "Outlet corrigé", "Auteur corrigé", "2025-02-20")
    promoted = [q for q in final["key_quotes"] if q["text"] == quote.text]
    assert promoted and promoted[0]["speaker"] == "Locuteur relu"
    assert promoted[0]["sources"] == [article["id"]]


def test_two_rows_of_one_day_and_place_get_two_decisions(project) -> None:
    from dataclasses import replace

    from briefing import review, workflow
    from briefing.models import ChronologyEntry, EventDate

    folder, _recorder = project
    files = workflow.EditionFiles(folder / "reports", DATE)
    machine = workflow.load_edition(files.draft)
    source = machine.digests[0].id
    rows = tuple(ChronologyEntry(EventDate.parse("2025-02-18"), text, None, (source,), False,
                                 False)
                 for text in ("Une réunion a lieu à huis clos.", "Un accord est signé."))
    machine = replace(machine, chronology=rows)
    decisions = review.from_edition(machine)
    assert len({e.id for e in decisions.events}) == 2
    files.review.write_text(review.to_toml(decisions), encoding="utf-8")
    loaded = review.load(files.review)  # no "appears twice"
    dropped = replace(loaded, events=(replace(loaded.events[0], keep=False), loaded.events[1]))
    assert [e.text for e in review.apply(machine, dropped).chronology] == [
        "Un accord est signé."]


def test_an_input_renamed_and_corrected_keeps_the_reviewers_edits(project) -> None:
    folder, _recorder = project
    _edit_first_summary_line(folder)
    [source] = sorted((folder / "inputs").glob("000_*.txt"))
    (folder / "inputs" / "renamed-by-the-analyst.txt").write_text(
        source.read_text(encoding="utf-8").replace(" Russie ", " Russie  ", 1),
        encoding="utf-8")
    source.unlink()
    _redraft_keeps_the_edited_line(folder)
