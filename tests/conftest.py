"""Shared fixtures: the repository's paths, the contract schemas and small articles."""

from __future__ import annotations

import contextlib
import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource

ROOT = Path(__file__).resolve().parent.parent
INPUTS = ROOT / "inputs"
TESTS = Path(__file__).resolve().parent
CONTRACT = TESTS / "contract"


@pytest.fixture(scope="session")
def gold() -> dict:
    """The analyst's expectations for the two sample articles."""
    return json.loads((TESTS / "data" / "gold-seeds.json").read_text(encoding="utf-8"))


def _validator(name: str) -> Draft202012Validator:
    schemas = {p.name: json.loads(p.read_text(encoding="utf-8")) for p in CONTRACT.glob("*.json")}
    registry = Registry().with_resources(
        (name_, Resource.from_contents(schema)) for name_, schema in schemas.items())
    return Draft202012Validator(schemas[name], registry=registry)


@pytest.fixture(scope="session")
def article_validator() -> Draft202012Validator:
    """Validates one article against article.schema.json."""
    return _validator("article.schema.json")


@pytest.fixture(scope="session")
def edition_validator() -> Draft202012Validator:
    """Validates an edition against edition.schema.json."""
    return _validator("edition.schema.json")


def squash(text: str) -> str:
    """Letters and digits only, lowercased: compares text across PDF line breaks and hyphens."""
    return re.sub(r"[\W_]+", "", text).lower()


def write(folder: Path, name: str, content: str | bytes) -> Path:
    """Write a test input file."""
    path = folder / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


FRENCH_ARTICLE = """Sommet de Genève : les ministres s'accordent sur un calendrier

Par Claire Dumont

Le Courrier du Léman, 12 mars 2025

Les ministres des Affaires étrangères de six pays se sont réunis mardi à Genève pour discuter de la reprise des négociations commerciales. Ils ont adopté un calendrier de travail qui prévoit trois nouvelles rencontres avant l'été.

La réunion a duré plus de huit heures et s'est conclue par une déclaration commune. Les délégations ont insisté sur la nécessité de progresser rapidement, malgré des divergences persistantes sur les droits de douane.

Le prochain rendez-vous est fixé au 2 avril 2025 à Vienne, où les experts présenteront un premier projet d'accord. Les ministres se retrouveront ensuite en mai pour l'examiner.

Selon plusieurs diplomates, l'ambiance était constructive, même si aucun texte n'a encore été paraphé. Les observateurs soulignent que les négociations restent fragiles et dépendent de la volonté politique des capitales.
"""

ENGLISH_ARTICLE = """Trade envoys agree on a timetable in Geneva

By Mark Ellison

The Lakeside Review, Published 14 March 2025

Foreign ministers from six countries met in Geneva on Tuesday to discuss resuming trade talks. They adopted a work plan that foresees three more meetings before the summer.

The meeting lasted more than eight hours and ended with a joint statement. Delegations stressed the need to move quickly despite lasting disagreements over tariffs.

The next meeting is set for April 2, 2025 in Vienna, where experts will present a first draft agreement. Ministers will then meet again in May to review it.
"""


@contextlib.contextmanager
def review_server(folder: Path, date: str, recipients: tuple[str, ...]) -> Iterator[object]:
    """The samples drafted for ``date`` in ``folder``, their review served on 127.0.0.1."""
    from click.testing import CliRunner

    from briefing import server, workflow
    from briefing.cli import main

    shutil.copytree(INPUTS, folder / "inputs")
    result = CliRunner().invoke(main, ["draft", "--inputs", str(folder / "inputs"), "--out",
                                       str(folder / "reports"), "--date", date])
    assert result.exit_code == 0, result.output
    served = server.ReviewServer(workflow.EditionFiles(folder / "reports", date),
                                 recipients=recipients)
    served.start()
    try:
        yield served
    finally:
        served.stop()
