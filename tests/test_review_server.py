"""`briefing review`: the draft served on 127.0.0.1 with a token, lines traced to their
article, edits saved to the review file, a changed file never overwritten."""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode, urlparse

import pytest
from click.testing import CliRunner

from briefing import server, workflow
from briefing.cli import main
from conftest import review_server

DATE = "2025-04-20"
RECIPIENTS = ("desk@example.org", "analyst@example.org")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _open(url: str, data: dict[str, str] | None = None,
          headers: dict[str, str] | None = None) -> tuple[int, str, dict[str, str]]:
    body = urlencode(data).encode() if data is not None else None
    request = urllib.request.Request(url, data=body, headers=headers or {})
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(request, timeout=10) as response:
            return response.status, response.read().decode(), dict(response.headers)
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode(), dict(exc.headers)


@pytest.fixture()
def served(tmp_path: Path) -> Iterator[tuple[server.ReviewServer, Path]]:
    with review_server(tmp_path, DATE, RECIPIENTS) as running:
        yield running, tmp_path


def _form(page: str) -> dict[str, str]:
    """The fields of the page's form, as a browser would post them unchanged."""
    fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', page))
    fields["note"] = re.search(r'<textarea id="note" name="note"[^>]*>(.*?)</textarea>',
                               page, re.S).group(1)
    for name, text in re.findall(r'<textarea name="(summary-\w+)"[^>]*>(.*?)</textarea>',
                                 page, re.S):
        fields[name] = text.replace("&#34;", '"').replace("&#39;", "'").replace("&amp;", "&")
    for name in re.findall(r'name="((?:include|keep)-[\w-]+)" checked', page):
        fields[name] = "on"
    for name, value in re.findall(
            r'<input type="(?:text|number)" name="((?:speaker|date|place|text|title|outlet|author|'
            r'published|order)-[\w-]+)" value="([^"]*)"',
            page):
        fields[name] = value.replace("&#39;", "'").replace("&#34;", '"').replace("&amp;", "&")
    return fields


def test_the_page_needs_the_token_and_its_own_host_name(served) -> None:
    review_server, _ = served
    url = urlparse(review_server.url)
    assert url.hostname == "127.0.0.1"
    assert _open(review_server.url)[0] == 200
    assert _open(f"http://{url.netloc}/")[0] == 403
    assert _open(f"http://{url.netloc}/?t=guess")[0] == 403
    rebinding = _open(review_server.url, headers={"Host": f"evil.example:{url.port}"})
    assert rebinding[0] == 403


def test_each_summary_line_links_to_its_sentence_highlighted_in_the_article(served) -> None:
    review_server, _ = served
    _status, page, headers = _open(review_server.url)
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    links = re.findall(r'<a href="(/article/[^"]+)">source de la ligne', page)
    assert links
    base = f"http://{urlparse(review_server.url).netloc}"
    status, article, _ = _open(base + links[0].replace("&amp;", "&"))
    assert status == 200
    marked = re.search(r'<mark id="line">(.*?)</mark>', article, re.S).group(1)
    first_line = re.search(r'<textarea name="summary-\w+"[^>]*>(.*?)\n', page, re.S).group(1)
    assert marked.strip()[:40] == first_line.strip()[:40]


def test_an_edit_saved_in_the_page_reaches_the_review_file_and_the_final_pdf(served) -> None:
    review_server, folder = served
    _status, page, _ = _open(review_server.url)
    form = _form(page)
    [summary_key, *_] = [k for k in form if k.startswith("summary-")]
    form[summary_key] = "Une phrase réécrite dans le navigateur.\n" + form[summary_key]
    form["note"] = "Relu dans le navigateur <b>sans</b> balise."
    status, _body, headers = _open(review_server.url.split("?")[0] + "save", form)
    assert status == 303 and "saved=1" in headers["Location"]
    text = (folder / "reports" / f"briefing-{DATE}.review.toml").read_text(encoding="utf-8")
    assert "Une phrase réécrite dans le navigateur." in text
    assert 'note = "Relu dans le navigateur <b>sans</b> balise."' in text
    result = CliRunner().invoke(main, ["build", "--final", "--out", str(folder / "reports"),
                                       "--date", DATE])
    assert result.exit_code == 0, result.output
    html = (folder / "reports" / f"briefing-{DATE}.html").read_text(encoding="utf-8")
    assert "Une phrase réécrite dans le navigateur." in html
    assert "&lt;b&gt;sans&lt;/b&gt;" in html  # the note stays text


def test_a_save_is_refused_when_the_file_changed_on_disk_since_the_page_loaded(served) -> None:
    review_server, folder = served
    _status, page, _ = _open(review_server.url)
    review_file = folder / "reports" / f"briefing-{DATE}.review.toml"
    changed = review_file.read_text(encoding="utf-8").replace('note = ""',
                                                              'note = "Édité à la main."')
    review_file.write_text(changed, encoding="utf-8")
    form = _form(page)
    form["note"] = "Depuis le navigateur."
    status, body, _ = _open(review_server.url.split("?")[0] + "save", form)
    assert status == 409 and "changed on disk" in body
    assert review_file.read_text(encoding="utf-8") == changed


def test_a_post_from_another_site_or_without_the_token_is_refused(served) -> None:
    review_server, folder = served
    _status, page, _ = _open(review_server.url)
    review_file = folder / "reports" / f"briefing-{DATE}.review.toml"
    before = review_file.read_bytes()
    form = _form(page)
    form["note"] = "Injecté."
    save = review_server.url.split("?")[0] + "save"
    assert _open(save, {**form, "t": "guess"})[0] == 403
    assert _open(save, form, headers={"Origin": "https://evil.example"})[0] == 403
    assert review_file.read_bytes() == before


def test_key_quotes_are_kept_or_dropped_and_their_speaker_fixed_in_the_page(served) -> None:
    review_server, folder = served
    _status, page, _ = _open(review_server.url)
    form = _form(page)
    keeps = sorted(k for k in form if k.startswith("keep-q-"))
    speakers = sorted(k for k in form if k.startswith("speaker-"))
    assert len(keeps) >= 2 and len(speakers) == len(keeps)
    assert re.search(r'<a href="/article/[^"]+">source</a>', page)
    del form[keeps[0]]
    form[speakers[1]] = "Sergueï Lavrov"
    assert _open(review_server.url.split("?")[0] + "save", form)[0] == 303
    text = (folder / "reports" / f"briefing-{DATE}.review.toml").read_text(encoding="utf-8")
    dropped = text.split(f'id = "{keeps[0].removeprefix("keep-")}"', 1)[1].split("[[", 1)[0]
    fixed = text.split(f'id = "{speakers[1].removeprefix("speaker-")}"', 1)[1].split("[[", 1)[0]
    assert "keep = false" in dropped and 'speaker = "Sergueï Lavrov"' in fixed


def test_chronology_rows_are_fixed_in_the_page_and_a_bad_date_is_refused(served) -> None:
    review_server, folder = served
    _status, page, _ = _open(review_server.url)
    form = _form(page)
    dates = sorted(k for k in form if k.startswith("date-"))
    assert dates
    row = dates[0].removeprefix("date-")
    review_file = folder / "reports" / f"briefing-{DATE}.review.toml"
    before = review_file.read_bytes()
    save = review_server.url.split("?")[0] + "save"
    status, body, _ = _open(save, {**form, f"date-{row}": "le 3 mars"})
    assert status == 400 and "is not YYYY, YYYY-MM or YYYY-MM-DD" in body
    assert review_file.read_bytes() == before
    form.update({f"date-{row}": "2025-02-18", f"place-{row}": "Riyad",
                 f"text-{row}": "Rencontre russo-américaine à Riyad."})
    assert _open(save, form)[0] == 303
    entry = review_file.read_text(encoding="utf-8").split(f'id = "{row}"', 1)[1].split("[[")[0]
    assert 'date = "2025-02-18"' in entry and 'place = "Riyad"' in entry
    assert 'text = "Rencontre russo-américaine à Riyad."' in entry


def test_overview_lines_are_reworded_or_dropped_and_reach_the_final_edition(served) -> None:
    import json

    review_server, folder = served
    _status, page, _ = _open(review_server.url)
    form = _form(page)
    lines = sorted(k for k in form if k.startswith("text-o-"))
    assert len(lines) >= 2
    form[lines[0]] = "Ligne d'aperçu réécrite."
    del form["keep-" + lines[1].removeprefix("text-")]
    assert _open(review_server.url.split("?")[0] + "save", form)[0] == 303
    result = CliRunner().invoke(main, ["build", "--final", "--out", str(folder / "reports"),
                                       "--date", DATE])
    assert result.exit_code == 0, result.output
    final = json.loads((folder / "reports" / f"briefing-{DATE}.json").read_text("utf-8"))
    texts = [line["text"] if isinstance(line, dict) else line for line in final["overview"]]
    assert "Ligne d'aperçu réécrite." in texts and len(texts) == len(lines) - 1


def _final(folder: Path) -> dict:
    import json

    result = CliRunner().invoke(main, ["build", "--final", "--out", str(folder / "reports"),
                                       "--date", DATE])
    assert result.exit_code == 0, result.output
    return json.loads((folder / "reports" / f"briefing-{DATE}.json").read_text("utf-8"))


def _save(review_server: server.ReviewServer, form: dict[str, str]) -> tuple[int, str]:
    status, body, _ = _open(review_server.url.split("?")[0] + "save", form)
    return status, body


def test_article_title_outlet_author_and_date_are_corrected_in_the_page(served) -> None:
    review_server, folder = served
    _status, page, _ = _open(review_server.url)
    form = _form(page)
    article = sorted(k for k in form if k.startswith("title-"))[0].removeprefix("title-")
    status, body = _save(review_server, {**form, f"published-{article}": "mars 2025"})
    assert status == 400 and "is not a date" in body
    form.update({f"title-{article}": "Titre corrigé", f"outlet-{article}": "Le Quotidien",
                 f"author-{article}": "Jeanne Martin", f"published-{article}": "2025-02-19"})
    assert _save(review_server, form)[0] == 303
    [entry] = [a for a in _final(folder)["articles"] if a["id"] == article]
    assert (entry["title"], entry["outlet"], entry["author"], entry["published"]) == (
        "Titre corrigé", "Le Quotidien", "Jeanne Martin", "2025-02-19")


def test_overview_lines_are_put_in_the_order_the_reviewer_numbers_them(served) -> None:
    review_server, folder = served
    _status, page, _ = _open(review_server.url)
    form = _form(page)
    orders = [k for k in form if k.startswith("order-")]
    assert len(orders) >= 2
    texts = [form["text-" + k.removeprefix("order-")] for k in orders]
    for number, key in enumerate(reversed(orders), 1):
        form[key] = str(number)
    assert _save(review_server, form)[0] == 303
    final = list(_final(folder)["overview"])
    assert final == list(reversed(texts))


def test_a_summary_line_is_swapped_for_a_sentence_the_scorer_ranks(served) -> None:
    review_server, folder = served
    _status, page, _ = _open(review_server.url)
    form = _form(page)
    select = re.search(r'<select name="(swap-(\w+)-0)">\s*<option value="">[^<]*</option>\s*'
                       r'<option value="([^"]*)"', page)
    assert select is not None
    chosen = select.group(3).replace("&#34;", '"').replace("&#39;", "'").replace("&amp;", "&")
    form[select.group(1)] = chosen
    assert _save(review_server, form)[0] == 303
    [entry] = [a for a in _final(folder)["articles"] if a["id"] == select.group(2)]
    assert entry["summary"][0] == chosen


def test_an_article_quote_is_promoted_to_the_key_quotes(served) -> None:
    review_server, folder = served
    _status, page, _ = _open(review_server.url)
    form = _form(page)
    offered = re.search(r'name="(promote-\w+)" value="(\d+)"> [^<]*</label>\s*« (.{20})', page)
    assert offered is not None
    before = [q["text"] for q in _final(folder)["key_quotes"]]
    start = offered.group(3).replace("&#39;", "'").replace("&#34;", '"')
    assert not any(text.startswith(start) for text in before)
    form[offered.group(1)] = offered.group(2)
    assert _save(review_server, form)[0] == 303
    text = (folder / "reports" / f"briefing-{DATE}.review.toml").read_text(encoding="utf-8")
    assert f'article = "{offered.group(1).removeprefix("promote-")}"' in text
    after = _final(folder)["key_quotes"]
    assert any(q["text"].startswith(start) and q["speaker"] for q in after)


def test_the_edition_is_approved_from_the_page_with_a_name_and_history(served) -> None:
    import json

    review_server, folder = served
    _status, page, _ = _open(review_server.url)
    assert "brouillon de la machine" in page and "envoyée" not in page
    version = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', page))
    approve = review_server.url.split("?")[0] + "approve"
    assert _open(approve, {**version, "by": " "})[0] == 400
    assert _open(approve, {**version, "by": "Ana", "t": "guess"})[0] == 403
    status, _body, headers = _open(approve, {**version, "by": "Ana"})
    assert status == 303 and "approved=Ana" in headers["Location"]
    assert _open(approve, {**version, "by": "Bo"})[0] == 303
    record = json.loads((folder / "reports" / f"briefing-{DATE}.approval.json").read_text())
    assert record["approved_by"] == "Bo" and record["recipients"] == len(RECIPIENTS)
    assert [h["approved_by"] for h in record["history"]] == ["Ana"]
    state = workflow.status(workflow.EditionFiles(folder / "reports", DATE), RECIPIENTS)
    assert state.approved_by == "Bo" and state.problem is None and state.final
    _status, page, _ = _open(review_server.url)
    assert "approuvée par Bo" in page and "envoyée à 0 destinataires sur 2" in page


def test_an_oversized_post_is_refused_and_nothing_written(served) -> None:
    review_server, folder = served
    _status, page, _ = _open(review_server.url)
    review_file = folder / "reports" / f"briefing-{DATE}.review.toml"
    before = review_file.read_bytes()
    status, _body = _save(review_server, {**_form(page), "note": "x" * (server.MAX_FORM + 1)})
    assert status == 413 and review_file.read_bytes() == before
