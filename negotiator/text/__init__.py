"""Text a person reads, as message ids with arguments, rendered in English, Hebrew or Arabic when shown.

The bottom layer beside :mod:`negotiator.assets` (no Qt, no scenario types), so every layer can build messages and
the UI, the CLI and the reports can render them: :class:`Message` (what is stored), :func:`render` (what is shown),
the catalogues (:mod:`negotiator.text.catalogue`: gettext ``.po`` files in ``assets/locale/``).
"""

from negotiator.text.catalogue import LANGUAGES, RTL, SOURCE, catalogue, direction, entries
from negotiator.text.message import (
    Arg,
    Message,
    Ref,
    TextError,
    delegation,
    event,
    group,
    issue,
    message_from_json,
    option,
)
from negotiator.text.render import FSI, PDI, Names, isolate, mid_sentence, render

__all__ = [
    "FSI",
    "LANGUAGES",
    "PDI",
    "RTL",
    "SOURCE",
    "Arg",
    "Message",
    "Names",
    "Ref",
    "TextError",
    "catalogue",
    "delegation",
    "direction",
    "entries",
    "event",
    "group",
    "isolate",
    "issue",
    "message_from_json",
    "mid_sentence",
    "option",
    "render",
]
