"""Numpy engine: compiled utilities, bargaining analysis, public opinion. No Qt, no database."""

from negotiator.engine.compiled import CompiledScenario, compile_scenario

__all__ = ["CompiledScenario", "compile_scenario"]
