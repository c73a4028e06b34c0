"""The review page driven in a real headless Chromium (Debian's chromium and
chromium-driver, which `.ci/run` installs when missing): a reviewer edits a summary line,
drops a quote, fixes a speaker, follows a line to its sentence and approves; the final
PDF shows each edit and the edition is approved."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader

from briefing import server, workflow
from conftest import review_server, squash

DATE = "2025-04-21"
RECIPIENTS = ("desk@example.org",)
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"

webdriver = pytest.importorskip("selenium.webdriver")
if not (os.access(CHROMIUM, os.X_OK) and os.access(CHROMEDRIVER, os.X_OK)):
    pytest.skip("no chromium and chromedriver: apt-get install chromium chromium-driver "
                "(.ci/run does)", allow_module_level=True)

from selenium.common.exceptions import StaleElementReferenceException  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402


@pytest.fixture()
def browser(tmp_path: Path) -> Iterator[object]:
    os.environ["SE_AVOID_STATS"] = "true"
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--window-size=1200,1600",
                 f"--user-data-dir={tmp_path / 'chromium'}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture()
def served(tmp_path: Path) -> Iterator[tuple[server.ReviewServer, Path]]:
    with review_server(tmp_path, DATE, RECIPIENTS) as running:
        yield running, tmp_path


def _wait_for(driver, text: str) -> None:
    """Wait until the page the last click loads says ``text`` (a final build takes a while)."""
    WebDriverWait(driver, 120, ignored_exceptions=(StaleElementReferenceException,)).until(
        lambda d: any(text in e.text for e in d.find_elements(By.CSS_SELECTOR, ".message")))


def test_a_reviewer_edits_traces_and_approves_in_a_real_browser(browser, served) -> None:
    review_server, folder = served
    driver = browser
    driver.get(review_server.url)
    assert "brouillon de la machine" in driver.find_element(By.ID, "state").text

    # Follow the first summary line to its sentence, highlighted in the article.
    summary = driver.find_element(By.CSS_SELECTOR, "textarea[name^='summary-']")
    first_line, *rest = summary.get_attribute("value").splitlines()
    driver.find_element(By.PARTIAL_LINK_TEXT, "source de la ligne 1").click()
    assert driver.find_element(By.ID, "line").text[:40] == first_line[:40]
    driver.back()

    # Edit that line, drop the first key quote, fix the second one's speaker.
    summary = driver.find_element(By.CSS_SELECTOR, "textarea[name^='summary-']")
    summary.clear()
    summary.send_keys("\n".join(["Ligne relue dans Chromium.", *rest]))
    keeps = driver.find_elements(By.CSS_SELECTOR, "#quotes input[type=checkbox]")
    dropped = driver.find_elements(By.CSS_SELECTOR, "#quotes p.quote")[0].text
    keeps[0].click()
    speaker = driver.find_elements(By.CSS_SELECTOR, "#quotes input[name^='speaker-']")[1]
    speaker.clear()
    speaker.send_keys("Porte-parole relu")
    driver.find_element(By.ID, "save").click()
    _wait_for(driver, "Enregistré.")

    # Approve with a name: the final edition is built and recorded.
    driver.find_element(By.NAME, "by").send_keys("Relectrice")
    driver.find_element(By.ID, "approve").click()
    _wait_for(driver, "Approuvée par Relectrice")
    assert "approuvée par Relectrice" in driver.find_element(By.ID, "state").text

    pdf = folder / "reports" / f"briefing-{DATE}.pdf"
    text = squash(" ".join(page.extract_text() for page in PdfReader(pdf).pages))
    assert squash("Ligne relue dans Chromium.") in text
    assert squash("Porte-parole relu") in text
    dropped_words = squash(dropped.split("»")[0].split("«")[-1])[:50]
    assert dropped_words and dropped_words not in text
    state = workflow.status(workflow.EditionFiles(folder / "reports", DATE), RECIPIENTS)
    assert state.approved_by == "Relectrice" and state.problem is None
