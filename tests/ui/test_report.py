"""Printable reports: ``negotiator report`` writes the debrief and a delegation's own report as PDF (Qt's own text
document and PDF writer) and the scores as CSV. The delegation's PDF, read back as text, holds none of another
delegation's confidential material; the trainer's debrief (the positive control) holds it all."""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from pathlib import Path

import pytest

from negotiator.cli import main
from negotiator.engine import compile_scenario
from negotiator.model.registry import get_scenario
from tests.ui.report_games import (
    ISRAEL_SECRET,
    PALESTINE_ASK,
    PALESTINE_SECRET,
    ai_water_game,
    scripted_confederation,
)

pypdf = pytest.importorskip("pypdf")


def pdf_text(path: Path) -> str:
    """The PDF's text with ligatures undone (NFKC), every run of whitespace folded to one space, and no space after
    a hyphen (a line may wrap after the hyphen of "two-state")."""
    reader = pypdf.PdfReader(str(path))
    text = unicodedata.normalize("NFKC", " ".join(page.extract_text() for page in reader.pages))
    return re.sub(r"-\s+", "-", re.sub(r"\s+", " ", text))


def fragments(text: str, words: int = 6) -> list[str]:
    """The opening words of each sentence of ``text``: what a leak would show, robust to line wrapping."""
    out = []
    for sentence in re.split(r"(?<=[.;:!?])\s+", " ".join(text.split())):
        ws = sentence.split()
        if len(ws) >= words:
            out.append(re.sub(r"-\s+", "-", " ".join(ws[:words])))
    return out


def embedded_fonts(path: Path) -> list[tuple[str, bool]]:
    """(font name, embedded?) of every font the PDF uses."""
    reader = pypdf.PdfReader(str(path))
    seen: dict[str, bool] = {}
    for page in reader.pages:
        fonts = page["/Resources"].get("/Font", {})
        for ref in fonts.values():
            font = ref.get_object()
            descendants = font.get("/DescendantFonts")
            desc = (descendants[0].get_object() if descendants else font).get("/FontDescriptor")
            desc = desc.get_object() if desc is not None else {}
            seen[str(font.get("/BaseFont"))] = any(
                k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3")
            )
    return sorted(seen.items())


@pytest.fixture(scope="module")
def conf_game(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    path = tmp_path_factory.mktemp("reports") / "class.db"
    return path, scripted_confederation(path)


def report(tmp: Path, db: Path, game: str, seat: str | None, name: str) -> Path:
    out = tmp / name
    args = ["report", "--db", str(db), "--game", game[:10], "--pdf", str(out)]
    if seat:
        args += ["--seat", seat]
    assert main(args) == 0
    assert out.stat().st_size > 0
    return out


def test_a_delegation_report_holds_none_of_the_other_sides_confidential_material(
    qapp, tmp_path: Path, conf_game: tuple[Path, str]
) -> None:  # type: ignore[no-untyped-def]
    db, game = conf_game
    conf = get_scenario("confederation")
    israel = pdf_text(report(tmp_path, db, game, "israel", "israel.pdf"))
    palestine = pdf_text(report(tmp_path, db, game, "palestine", "palestine.pdf"))
    trainer = pdf_text(report(tmp_path, db, game, None, "debrief.pdf"))

    pal = conf.delegation("palestine")
    secrets = [
        *fragments(PALESTINE_SECRET, 5),
        *fragments(PALESTINE_ASK, 5),
        *fragments(pal.confidential_brief),
        *[f for r in pal.red_lines for f in fragments(r.why)],
        *[f for x in pal.interactions for f in fragments(x.why)],
    ]
    assert len(secrets) >= 8
    for s in secrets:
        assert s not in israel, f"Israel's report leaks Palestine's {s!r}"
    # The same checks can fail: Palestine's own report carries all of its material.
    for s in secrets:
        assert s in palestine, f"Palestine's own report lacks {s!r}"
    # Private messages: Israel sees its own, not Palestine's, not even that Palestine wrote one.
    assert fragments(ISRAEL_SECRET, 5)[0] in israel
    assert fragments(ISRAEL_SECRET, 5)[0] not in palestine
    assert "writes privately to united-states" not in israel.replace(
        "Israel writes privately to united-states", ""
    )
    assert "writes privately to united-states" in palestine
    # Palestine's points for every text on the table: in the trainer's copy, never in Israel's report.
    comp = compile_scenario(conf)
    with_points = []
    for pid in ("p1", "p3"):
        state_points = _points_of(db, game, pid, comp)
        pal_pts, isr_pts = state_points["palestine"], state_points["israel"]
        assert f"{isr_pts:.1f}" in israel  # its own points are there
        if f"{pal_pts:.1f}" != f"{isr_pts:.1f}":
            assert f"{pal_pts:.1f}" not in israel, f"Israel's report shows Palestine's points {pal_pts:.1f}"
            assert f"{pal.title} {pal_pts:.1f}" in trainer
            with_points.append(pid)
    assert with_points
    for s in secrets[:2]:
        assert s in trainer


def _points_of(db: Path, game: str, pid: str, comp) -> dict[str, float]:  # type: ignore[no-untyped-def]
    from negotiator.model.registry import get_scenario as gs
    from negotiator.session.log import load
    from negotiator.session.standard import StandardRules
    from negotiator.store.database import SaveDatabase

    with SaveDatabase.open(db, readonly=True) as d:
        loaded = load(StandardRules(), d.load_game(game), gs)
    return comp.score_one(dict(loaded.state.proposal(pid).package))


def test_fonts_are_embedded_and_long_transcripts_complete(qapp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from negotiator.session.log import load
    from negotiator.session.standard import StandardRules
    from negotiator.store.database import SaveDatabase
    from negotiator.store.transcript import moves

    db = tmp_path / "ai.db"
    game = ai_water_game(db)
    out = report(tmp_path, db, game, None, "debrief.pdf")
    fonts = embedded_fonts(out)
    assert fonts and all(embedded for _, embedded in fonts), fonts
    with SaveDatabase.open(db, readonly=True) as d:
        loaded = load(StandardRules(), d.load_game(game), get_scenario)
    rows = moves(loaded, "trainer")
    text = pdf_text(out)
    assert f"Transcript ({len(rows)} moves" in text
    assert len(pypdf.PdfReader(str(out)).pages) >= 4
    # The last move and the one before are in the document (the table flows over pages, never cut).
    for m in rows[-2:]:
        assert " ".join(m.text.split()[:4]) in text
    assert "How each side negotiated" in text and "Logrolling index" in text
    seat_out = report(tmp_path, db, game, "israel", "israel.pdf")
    assert all(embedded for _, embedded in embedded_fonts(seat_out))
    assert "How you negotiated" in pdf_text(seat_out)


def test_scores_csv_for_every_game(tmp_path: Path, conf_game: tuple[Path, str], capsys) -> None:  # type: ignore[no-untyped-def]
    db, game = conf_game
    out = tmp_path / "scores.csv"
    assert main(["report", "--db", str(db), "--csv", str(out)]) == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert [r["delegation"] for r in rows] == ["israel", "palestine", "united-states"]
    israel, palestine, us = rows
    assert israel["first_offer"] == "yes" and palestine["first_offer"] == "no"
    assert israel["mediator_requests"] == "0" and palestine["mediator_requests"] == "1"
    assert israel["texts_tabled"] == "1" and us["opening_points"] == ""
    assert israel["result"] in ("ratified", "rejected-at-home")
    assert float(israel["walk_away"]) == get_scenario("confederation").delegation("israel").reservation_value


def test_report_errors_are_one_line(tmp_path: Path, conf_game: tuple[Path, str], capsys) -> None:  # type: ignore[no-untyped-def]
    db, game = conf_game
    assert main(["report", "--db", str(db), "--game", game]) == 2
    assert "nothing to write" in capsys.readouterr().err
    assert main(["report", "--db", str(db), "--pdf", str(tmp_path / "x.pdf")]) == 2
    assert "--pdf needs --game" in capsys.readouterr().err
    assert (
        main(["report", "--db", str(db), "--game", game, "--seat", "egypt", "--csv", str(tmp_path / "s.csv")])
        == 2
    )
    assert "has no seat in this game" in capsys.readouterr().err
    assert main(["report", "--db", str(db), "--game", "ffff", "--csv", str(tmp_path / "s.csv")]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err and "no game" in err[0] and "Traceback" not in "".join(err)


def test_answers_csv_before_and_after(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    """Answers saved with a game come out per delegation and question, in words, with whether they changed."""
    from negotiator.store.database import SaveDatabase
    from negotiator.ui.report_answers import encode_answer

    water = get_scenario("water-and-crossings")
    assert water.questionnaire is not None
    q = {x.id: x for x in water.questionnaire.questions}
    db = tmp_path / "class.db"
    game = ai_water_game(db)
    with SaveDatabase.open(db) as d:
        d.save_answers(
            game,
            "israel",
            "before",
            {
                "water-both-accept": encode_answer(q["water-both-accept"], 0),
                "other-side-cares": encode_answer(q["other-side-cares"], [1]),
                "deal-exists": encode_answer(q["deal-exists"], 2),
            },
        )
        d.save_answers(
            game,
            "israel",
            "after",
            {
                "water-both-accept": encode_answer(q["water-both-accept"], 3),
                "other-side-cares": encode_answer(q["other-side-cares"], [1]),
                "deal-exists": encode_answer(q["deal-exists"], 5),
                "next-time": encode_answer(q["next-time"], "Ask what they need before tabling"),
            },
        )
    out = tmp_path / "answers.csv"
    assert main(["report", "--db", str(db), "--answers-csv", str(out)]) == 0
    rows = {r["question"]: r for r in csv.DictReader(io.StringIO(out.read_text(encoding="utf-8")))}
    assert set(rows) == {"water-both-accept", "other-side-cares", "deal-exists", "next-time"}
    assert rows["water-both-accept"]["before"] == "Today's quotas"
    assert rows["water-both-accept"]["after"] == "Needs-based sharing"
    assert rows["water-both-accept"]["changed"] == "yes"
    assert rows["other-side-cares"]["before"] == rows["other-side-cares"]["after"] == "Crossings"
    assert rows["other-side-cares"]["changed"] == "no"
    assert (rows["deal-exists"]["before"], rows["deal-exists"]["after"]) == ("2", "5")
    assert rows["next-time"]["before"] == "" and rows["next-time"]["changed"] == ""
    assert all(r["delegation"] == "israel" and r["game"] == game for r in rows.values())
    with pytest.raises(ValueError, match="option number"):
        encode_answer(q["water-both-accept"], 9)
