"""The tutorial walks the teaching scenario in the real window: it starts a real game, the coach explains each screen
with a spotlight on the widget it talks about, and the steps that ask the player to act wait until they have."""

from __future__ import annotations

from negotiator.ui.tutorial import STEPS
from tests.ui.helpers import Player


def step_title(w) -> str:  # type: ignore[no-untyped-def]
    return w.tutorial.coach.title.text()


def test_tutorial_walks_the_teaching_game(player: Player) -> None:
    w = player.w
    player.click(w.start.tutorial_button)
    player.screen("briefing")
    t = w.tutorial
    assert (
        w.controller.game.session.scenario.id == "water-and-crossings"
        and w.controller.game.session.setup.mode == "solo"
    )
    assert t.coach.isVisible() and step_title(w) == "Welcome"
    seen = [step_title(w)]
    # Briefing steps: Next moves on, and the spotlight frames the widget each step names.
    while not STEPS[t.index].wait:
        player.click(t.coach.next)
        seen.append(step_title(w))
        target = STEPS[t.index].target(w)
        assert t.spotlight.target is not None and target is not None
    assert STEPS[t.index].wait == "table" and not t.coach.next.isVisible()
    player.click(w.briefing.ready)  # doing what the step asks moves it on
    player.screen("table")
    player.until(lambda: step_title(w) == "The issue board")
    for _ in range(4):
        player.click(t.coach.next)
        seen.append(step_title(w))
    assert step_title(w) == "Your first offer" and not t.coach.next.isVisible()
    player.my_turn()
    player.action("propose")
    player.until(lambda: step_title(w) == "The offer builder")
    b = w.builder
    assert b.coach.isVisible() and "Table it" in b.coach.text()
    player.click(b.table_button)
    player.until(lambda: step_title(w) in ("Their answer", "Your turn again"))
    player.until(lambda: step_title(w) == "Your turn again")
    player.click(t.coach.next)
    assert step_title(w) == "Keep going"
    player.click(t.coach.next)  # Finish
    assert not t.coach.isVisible() and not t.active
    assert w.settings.tutorial_done
    assert len(set(seen)) >= 7
