"""Scenario types, loading and validation: the bottom layer every other layer reads."""

from negotiator.model.errors import NegotiatorError, PackageError, Problem, ScenarioError
from negotiator.model.loader import load_scenario, parse_scenario
from negotiator.model.package import Package, make_package, reference_package, resolve_package
from negotiator.model.paradigm import Classification, classify
from negotiator.model.schema import Scenario

__all__ = [
    "Classification",
    "NegotiatorError",
    "Package",
    "PackageError",
    "Problem",
    "Scenario",
    "ScenarioError",
    "classify",
    "load_scenario",
    "make_package",
    "parse_scenario",
    "reference_package",
    "resolve_package",
]
