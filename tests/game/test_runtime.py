"""One runtime per game: what a scenario's games derive from it (compiled arrays, simulated publics, frontier, the
bots' forecaster) is built once per runtime, shared safely between threads, never shared between scenarios, and kept
nowhere else (no module-level caches)."""

from __future__ import annotations

import ast
import pickle
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

import negotiator
from negotiator.ai.batch import run_batch
from negotiator.ai.forecast import forecast_memo
from negotiator.ai.simulate import play_ai_game
from negotiator.engine.opinion import OpinionState, PublicOpinion
from negotiator.engine.opinion.public import REACTIONS_KEPT, ReactionMemo
from negotiator.game.replay import transcript_digest
from negotiator.game.rules import make_context, new_game
from negotiator.game.runtime import Runtimes, ScenarioRuntime
from negotiator.game.setup import default_setup
from negotiator.model.public import PublicScenario
from negotiator.model.registry import get_scenario
from negotiator.model.schema import Scenario
from tests.opinion.conftest import with_constituency


def _digests(scenario: Scenario, seeds: range, runtime: ScenarioRuntime | None) -> list[str]:
    return [
        transcript_digest(play_ai_game(scenario, default_setup(scenario, seed=s), runtime)) for s in seeds
    ]


def test_games_in_threads_give_what_they_give_one_after_another(water: Scenario) -> None:
    seeds = range(6)
    alone = _digests(water, seeds, None)  # each game on a fresh runtime of its own
    shared = ScenarioRuntime(water)
    with ThreadPoolExecutor(4) as pool:
        threaded = list(
            pool.map(
                lambda s: transcript_digest(play_ai_game(water, default_setup(water, seed=s), shared)), seeds
            )
        )
    assert threaded == alone
    assert len(set(alone)) > 1  # the seeds do make different games


def test_two_scenarios_in_one_process_do_not_cross(water: Scenario) -> None:
    """An edited copy of a scenario (same id, other publics) gets its own runtime, and games of the two played at
    once in threads each give what they give alone."""
    edited = with_constituency(water, "israeli_public", opinion__trust_other=0.9, opinion__bias=0.2)
    assert edited.id == water.id and edited is not water
    runtimes = Runtimes()
    rt_a, rt_b = runtimes(water), runtimes(edited)
    assert rt_a is not rt_b and rt_a.publics is not rt_b.publics
    pkg = dict(water.reference("partnership").options)
    a_rows = rt_a.publics.poll(rt_a.publics.initial(), pkg, "palestine")
    b_rows = rt_b.publics.poll(rt_b.publics.initial(), pkg, "palestine")
    assert a_rows != b_rows  # the edit shows, so a shared population would be caught
    alone = {sc.scenario.title + str(k): _digests(sc, range(3), None) for k, sc in enumerate((water, edited))}
    with ThreadPoolExecutor(4) as pool:
        jobs = {
            sc.scenario.title + str(k): pool.submit(_digests, sc, range(3), runtimes(sc))
            for k, sc in enumerate((water, edited))
        }
        together = {k: f.result() for k, f in jobs.items()}
    assert together == alone
    assert runtimes(water) is rt_a and runtimes(edited) is rt_b  # each kept, neither rebuilt


def test_each_part_is_built_once_even_when_threads_ask_together(water: Scenario) -> None:
    rt = ScenarioRuntime(water)
    barrier = threading.Barrier(4)

    def ask(_: int) -> tuple[object, object, object, object]:
        barrier.wait()
        return rt.publics, rt.compiled, rt.frontier(), forecast_memo(rt)

    with ThreadPoolExecutor(4) as pool:
        got = list(pool.map(ask, range(4)))
    for part in zip(*got, strict=True):
        assert all(p is part[0] for p in part)
    assert (
        rt.publics.opinion is rt.opinion
    )  # one population: the publics and the forecaster read the same people
    memo = forecast_memo(rt)
    assert np.isin(memo.forecaster.opinion.people[0].ideology, rt.opinion.people[0].ideology).all()


def test_a_game_keeps_the_runtime_it_was_given(water: Scenario) -> None:
    rt = ScenarioRuntime(water)
    state = new_game(water, default_setup(water, seed=1), rt)
    assert state.ctx.runtime is rt and state.ctx.publics is rt.publics and state.ctx.compiled is rt.compiled
    with pytest.raises(ValueError, match="another scenario"):
        confederation = get_scenario("confederation")
        make_context(confederation, default_setup(confederation, seed=1), rt)


def test_a_batch_builds_the_publics_once(water: Scenario, monkeypatch: pytest.MonkeyPatch) -> None:
    from negotiator.engine.opinion import PublicOpinion

    built = []
    real = PublicOpinion.create.__func__  # type: ignore[attr-defined]

    def counting(cls: type[PublicOpinion], *args: object, **kwargs: object) -> PublicOpinion:
        built.append(1)
        return real(cls, *args, **kwargs)  # type: ignore[no-any-return]

    monkeypatch.setattr(PublicOpinion, "create", classmethod(counting))
    rows = run_batch(water, 3, seed=5)
    assert len(rows) == 3 and len(built) == 1


NOT_CACHES = {
    "versions.py: UPGRADES": "the registry of schema upgrades (empty until schema version 2), filled in the source",
    "registry.py: @lru_cache": "scenario files parsed once per (path, modification time): keyed by value, immutable",
    "views.py: _adapters": "pydantic TypeAdapters per view class: keyed by a class (never reused), set by setdefault",
    "work.py: _WORKER_RUNTIMES": "a batch worker process's runtimes: the process owns them (it serves many chunks); "
    "keyed by scenario content, bounded, under a lock",
    "catalogue.py: _loaded": "translation catalogues per language code: keyed by value, read-only, under a lock",
    "catalogue.py: _sources": "translation sources per language code: keyed by value, read-only, under a lock",
    "style.py: _registered": "the shipped font families, registered with Qt once per process from assets/fonts",
    "legacy.py: _by_names": "old saves' title index per names object: weak-keyed, so it dies with its key",
}


def _module_level_caches(path: Path) -> list[str]:
    """Module-level names bound to an empty mutable container (a cache in the making), functools caches, and code
    calling ``id()`` (identity keys outlive nothing and are reused once their object dies)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef):
            for deco in node.decorator_list:
                name = ast.unparse(deco.func if isinstance(deco, ast.Call) else deco)
                if name.split(".")[-1] in {"lru_cache", "cache"}:
                    found.append(f"{path.name}: @{name.split('.')[-1]}")
    for node in tree.body:
        targets: list[ast.expr] = []
        value: ast.expr | None = None
        if isinstance(node, ast.Assign):
            targets, value = node.targets, node.value
        elif isinstance(node, ast.AnnAssign):
            targets, value = [node.target], node.value
        empty = (
            isinstance(value, ast.Dict | ast.List | ast.Set)
            and not getattr(value, "keys", None)
            and not getattr(value, "elts", None)
        ) or (
            isinstance(value, ast.Call)
            and ast.unparse(value.func).split(".")[-1]
            in {
                "dict",
                "list",
                "set",
                "WeakKeyDictionary",
                "WeakValueDictionary",
                "OrderedDict",
                "defaultdict",
            }
        )
        if empty:
            found.extend(f"{path.name}: {ast.unparse(t)}" for t in targets)
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "id":
            found.append(f"{path.name}:{node.lineno}: id(...)")
    return found


def test_no_module_level_caches_remain() -> None:
    root = Path(negotiator.__file__).parent
    found = [hit for path in sorted(root.rglob("*.py")) for hit in _module_level_caches(path)]
    assert [hit for hit in found if hit not in NOT_CACHES] == []


def test_the_cache_finder_finds_caches(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import functools, weakref\n_CACHE: dict[int, str] = {}\nMEMO = dict()\nOK = {'a': 1}\n"
        "W = weakref.WeakKeyDictionary()\n@functools.lru_cache(maxsize=4)\ndef f(x):\n    return id(x)\n"
    )
    assert sorted(_module_level_caches(sample)) == sorted(
        [
            "sample.py: _CACHE",
            "sample.py: MEMO",
            "sample.py: W",
            "sample.py: @lru_cache",
            "sample.py:8: id(...)",
        ]
    )


def test_publics_remember_a_reaction_and_answer_as_the_opinion_layer_does(water: Scenario) -> None:
    """The end of a round polls the text on the table and lets peers pull toward the same verdicts: the opinion
    layer remembers that reaction (``PublicOpinion.reactions``, shared by every mood of the game's publics), so it
    is computed once, and both answers are exactly those of publics that remember nothing yet (a fresh copy)."""
    rt = ScenarioRuntime(water)
    publics, opinion = rt.publics, rt.opinion
    memo = opinion.reactions
    pkg = dict(water.reference("partnership").options)
    state = opinion.apply_statement("israel", "firm").state
    assert (
        opinion.with_state(state).reactions is memo
        and publics.in_public(PublicScenario.of(water)).opinion.reactions is memo
    )
    rows = publics.poll(state, pkg, "palestine", np.random.default_rng(4))
    assert len(memo) == 1
    after = publics.after_round(state, pkg, "palestine")
    assert len(memo) == 1  # the poll's reaction, read again

    def fresh(at: OpinionState) -> PublicOpinion:
        return replace(opinion, reactions=ReactionMemo()).with_state(at)

    expected = fresh(state).poll(pkg, "palestine", rng=np.random.default_rng(4))
    assert [(r.group, r.support, r.low) for r in rows] == [
        (g, round(line.support, 6), round(line.interval90[0], 6))
        for g, line in sorted(expected.lines.items())
    ]
    assert after == fresh(state).step_round(pkg, "palestine").state
    assert publics.after_round(state) == fresh(state).step_round().state  # nothing on the table
    # another proposer, another mood: other reactions, not the remembered one
    assert publics.after_round(state, pkg, "israel") == fresh(state).step_round(pkg, "israel").state
    assert publics.after_round(after, pkg, "palestine") == fresh(after).step_round(pkg, "palestine").state
    assert len(memo) == 3
    assert after != fresh(state).step_round(pkg, "israel").state  # the proposer matters: the key must hold it


def test_the_reaction_memo_keeps_the_latest_and_pickles_empty(water: Scenario) -> None:
    """A worker's memory stays flat (issue 16): the memo keeps the last REACTIONS_KEPT reactions, and a copy sent
    to another process (pickled) carries none of them."""
    opinion = ScenarioRuntime(water).opinion
    sizes = [len(i.options) for i in water.issues]
    rng = np.random.default_rng(1)
    for _ in range(REACTIONS_KEPT + 10):
        opinion.react(np.array([rng.integers(n) for n in sizes], dtype=np.intp), "israel")
    assert len(opinion.reactions) == REACTIONS_KEPT
    copy = pickle.loads(pickle.dumps(opinion.reactions))
    assert len(copy) == 0 and copy.kept == REACTIONS_KEPT
