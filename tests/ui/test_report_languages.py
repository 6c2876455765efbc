"""Printable reports in Hebrew and Arabic (issue 14, issue 15 item 2): ``negotiator report --lang he|ar`` writes the
debrief and a delegation's report with every heading, table, sentence of the record and scenario text from the
catalogues and the scenario's translations, laid out right to left with the shipped fonts embedded. Read back as
text, the PDFs hold no English word but the game's own name, a file name and what a person typed."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from negotiator.cli import main
from tests.ui.report_games import ISRAEL_SECRET, ai_water_game, scripted_confederation

pypdf = pytest.importorskip("pypdf")
from tests.ui.test_report import embedded_fonts  # noqa: E402  (after the pypdf skip)

ALLOWED = {"negotiator", "docs", "analytics"}
"""Latin words a Hebrew or Arabic report may hold: the game's name and the file that defines the measures."""


def pdf_text(path: Path) -> str:
    reader = pypdf.PdfReader(str(path))
    text = unicodedata.normalize("NFKC", " ".join(page.extract_text() for page in reader.pages))
    return re.sub(r"\s+", " ", text)


def english_words(text: str, typed: str = "", game: str = "") -> list[str]:
    """Latin words of three letters or more that are not allowed: not the game's name, not in the words a person
    typed (shown as typed), not a piece of the game's hex id (which a right-to-left text extraction may reverse)."""
    mine = {w.lower() for w in re.findall(r"[A-Za-z]+", typed)}
    hexid = game[:8].lower()
    return [
        w
        for w in re.findall(r"[A-Za-z]{3,}", text)
        if w.lower() not in ALLOWED | mine and not (game and (w.lower() in hexid or w.lower()[::-1] in hexid))
    ]


def fonts(path: Path) -> dict[str, bool]:
    """Every font the PDF uses: embedded?"""
    return dict(embedded_fonts(path))


SCRIPT = {
    "he": re.compile(r"[\u0590-\u05FF]"),
    "ar": re.compile(r"[\u0600-\u06FF\uFB50-\uFDFF\uFE70-\uFEFF]"),
}
FONT = {"he": "NotoSansHebrew", "ar": "NotoSansArabic"}


@pytest.fixture(scope="module")
def games(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, str]]:
    root = tmp_path_factory.mktemp("report-languages")
    return {
        "water": (root / "ai.db", ai_water_game(root / "ai.db")),
        "conf": (root / "conf.db", scripted_confederation(root / "conf.db")),
    }


def write(
    tmp: Path, db: Path, game: str, seat: str | None, lang: str, capsys: pytest.CaptureFixture[str]
) -> Path:
    out = tmp / f"{seat or 'debrief'}-{lang}.pdf"
    args = ["report", "--db", str(db), "--game", game[:10], "--pdf", str(out), "--lang", lang]
    if seat:
        args += ["--seat", seat]
    assert main(args) == 0
    err = capsys.readouterr().err
    assert str(out) in err and not english_words(err.replace(str(out), "")), (
        err
    )  # "wrote ..." in the language
    return out


@pytest.mark.parametrize("lang", ["he", "ar"])
def test_reports_in_hebrew_and_arabic_hold_no_english(
    qapp, tmp_path: Path, games: dict[str, tuple[Path, str]], lang: str, capsys: pytest.CaptureFixture[str]
) -> None:  # type: ignore[no-untyped-def]
    db, game = games["water"]
    debrief = write(tmp_path, db, game, None, lang, capsys)
    text = pdf_text(debrief)
    assert len(SCRIPT[lang].findall(text)) > 2000  # the transcript is there, in the language's script
    assert english_words(text, game=game) == []
    db, game = games["conf"]
    own = write(tmp_path, db, game, "israel", lang, capsys)
    own_text = pdf_text(own)
    assert english_words(own_text, typed=ISRAEL_SECRET, game=game) == []
    # A person's own words, as typed (text extraction orders a right-to-left page visually: words, not a phrase).
    assert all(w in own_text for w in re.findall(r"[A-Za-z]{4,}", ISRAEL_SECRET))
    for path in (debrief, own):
        used = fonts(path)
        assert all(used.values()), used  # every font embedded
        assert any(FONT[lang] in name for name in used), used  # the shipped font shapes the script


def test_the_document_reads_right_to_left_and_the_window_keeps_its_language(
    qapp, games: dict[str, tuple[Path, str]]
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    from negotiator.model.registry import get_scenario
    from negotiator.session.log import load
    from negotiator.session.standard import StandardRules
    from negotiator.store.database import SaveDatabase
    from negotiator.ui import words
    from negotiator.ui.report import delegation_document, mirror_tables

    db, game_id = games["conf"]
    with SaveDatabase.open(db, readonly=True) as d:
        game = load(StandardRules(), d.load_game(game_id), get_scenario)
    assert words.current() == "en"
    doc = delegation_document(game, "palestine", lang="ar")
    assert words.current() == "en"  # the report was made in Arabic, the window still reads English
    directions = set()
    block = doc.begin()
    while block.isValid():
        directions.add(block.blockFormat().layoutDirection())
        block = block.next()
    assert directions == {Qt.LayoutDirection.RightToLeft}
    assert "النقاط لكل خيار" in doc.toPlainText()
    english = delegation_document(game, "palestine")
    assert "Points per option" in english.toPlainText()
    # Qt lays table columns out left to right in every direction: a right-to-left report reverses each row itself.
    assert mirror_tables(
        "<table><tr><th width='5%'>a</th><th>b</th></tr><tr><td>1</td><td><b>2</b></td></tr>"
    ) == ("<table><tr><th>b</th><th width='5%'>a</th></tr><tr><td><b>2</b></td><td>1</td></tr>")


@pytest.mark.parametrize("lang", ["he", "ar"])
def test_the_exported_debrief_page_is_translated_and_right_to_left(
    qapp, games: dict[str, tuple[Path, str]], lang: str
) -> None:  # type: ignore[no-untyped-def]
    from negotiator.game.views import view_for
    from negotiator.model.registry import get_scenario
    from negotiator.session.log import load
    from negotiator.session.standard import StandardRules
    from negotiator.store.database import SaveDatabase
    from negotiator.ui.debrief_export import debrief_html
    from negotiator.ui.debrief_model import build_debrief
    from negotiator.ui.report import in_language

    db, game_id = games["water"]
    with SaveDatabase.open(db, readonly=True) as d:
        game = load(StandardRules(), d.load_game(game_id), get_scenario)
    with in_language(lang):
        data = build_debrief(game.scenario, view_for(game.state, "israel"))
        page = debrief_html(data, {}, ["line"], seats="seats")
    assert f"<html lang='{lang}' dir='rtl'>" in page
    visible = re.sub(r"<[^>]+>|<style>.*?</style>", " ", re.sub(r"<style>.*?</style>", " ", page, flags=re.S))
    assert english_words(visible, typed="line seats") == []
    with in_language("en"):
        english = debrief_html(build_debrief(game.scenario, view_for(game.state, "israel")), {}, [])
    assert "<html lang='en' dir='ltr'>" in english and "The deal next to the historical plans" in english
