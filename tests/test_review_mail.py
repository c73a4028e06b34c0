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
    second = _cli(folder, "send", "--date", DATE)
    assert "sent 0, already done 3" in second.stdout
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
