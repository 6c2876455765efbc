"""Public opinion: calibrated agent-based publics, their reactions, polls, dynamics, explanations and ratification.

Other layers hold one :class:`PublicOpinion` (immutable; deterministic for a scenario, a seed and a history):

- the game rules call ``react``/``poll`` on the text on the table each round, ``apply_event``/``apply_statement``/
  ``apply_shift`` when news breaks, ``step_round`` at the end of a round, and ``ratify`` on a signed package;
- the UI previews ``poll(package).as_json()`` live while a player edits an offer (a full poll takes a few ms);
- bots ask ``react``/``ratify`` ("will my public accept this?") and ``explain`` ("what would flip this group?").

Modules: :mod:`.population` (people as arrays), :mod:`.reaction` (the utility of a package), :mod:`.dynamics`
(state over rounds), :mod:`.polls`, :mod:`.explain`, :mod:`.ratification`, :mod:`.polldata` (published polls and
how a scenario expresses them), :mod:`.calibration` (published figures next to the model's), :mod:`.fitting` (the
fit), :mod:`.scenario_edit` (writing fitted values into a scenario in place), :mod:`.bench` (speed targets).
"""

from negotiator.engine.opinion.dynamics import TONES, OpinionState, StatementEffect, Tone, initial_state
from negotiator.engine.opinion.explain import Explanation, IssueContribution, Move
from negotiator.engine.opinion.polls import Poll, PollLine, Shares, wilson
from negotiator.engine.opinion.population import (
    DEFAULT_SIZE,
    OpinionError,
    OpinionModel,
    Population,
    compile_opinion,
    sample,
)
from negotiator.engine.opinion.public import SIGNED, PublicOpinion, Reaction
from negotiator.engine.opinion.ratification import PartyVote, RatificationResult, Vote

__all__ = [
    "DEFAULT_SIZE",
    "SIGNED",
    "TONES",
    "Explanation",
    "IssueContribution",
    "Move",
    "OpinionError",
    "OpinionModel",
    "OpinionState",
    "PartyVote",
    "Poll",
    "PollLine",
    "Population",
    "PublicOpinion",
    "RatificationResult",
    "Reaction",
    "Shares",
    "StatementEffect",
    "Tone",
    "Vote",
    "compile_opinion",
    "initial_state",
    "sample",
    "wilson",
]
