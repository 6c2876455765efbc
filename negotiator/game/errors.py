"""Errors the game layer raises on purpose: bad setups, malformed commands, illegal moves.

All derive from :class:`~negotiator.model.errors.NegotiatorError`, so the CLI and the UI print them as one clear line
instead of a traceback. Saves and network messages are parsed with :func:`negotiator.game.commands.command_from_dict`
and :meth:`negotiator.game.setup.GameSetup.from_dict`; those raise only :class:`CommandError` / :class:`SetupError`.
"""

from __future__ import annotations

from negotiator.model.errors import NegotiatorError, ProblemsError


class SetupError(ProblemsError):
    """A game setup is malformed or does not fit its scenario (unknown delegation, missing signatory, ...)."""


class CommandError(NegotiatorError):
    """A command could not be parsed from data (wrong type, missing field, unknown command type)."""


class IllegalCommand(NegotiatorError):
    """A well-formed command that the rules do not allow now (not your turn, no such proposal, wrong phase)."""
