"""The pseudo-locale ``xx-long``: English made about 40% longer, to find labels that would be cut in a longer language.

German, Arabic and Hebrew sentences often run longer than the English they translate (Hebrew is usually shorter in
letters but Arabic and most European languages are not); a screen that fits ``xx-long`` leaves that room. Words are
lengthened in place (so text still wraps where it wrapped), never inside an HTML tag, an entity or a placeholder, and
the ``&`` of a keyboard mnemonic stays where it was.
"""

from __future__ import annotations

import math
import re

PSEUDO = "xx-long"
"""The pseudo-locale's code: not a language of the game (the catalogues never hold it), accepted by the UI and the
self-test."""
GROWTH = 0.4

_TOKEN = re.compile(r"(<[^>]*>|&[#a-zA-Z0-9]+;|\{[^}]*\})|([A-Za-z]+)")


def lengthen(text: str) -> str:
    """``text`` with every word of letters made ``GROWTH`` longer by repeating its last letter (``Quit`` ->
    ``Quittt``: ceil(0.4 x 4) = 2 more letters)."""

    def grow(m: re.Match[str]) -> str:
        if m.group(1):
            return m.group(1)
        word = m.group(2)
        return word + word[-1] * math.ceil(GROWTH * len(word))

    return _TOKEN.sub(grow, text)
