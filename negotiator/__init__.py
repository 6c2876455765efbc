"""Negotiator: a negotiation-simulation game about an Israeli-Palestinian settlement."""

__version__ = "0.1.0"
