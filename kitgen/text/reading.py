"""How long a line takes to say, estimated from its words when no narration has timed it.

:data:`WORDS_PER_MINUTE` is an unhurried reading pace for children's narration; the voice
profiles' espeak rates (about 145 words per minute) are a little faster. The estimate serves
relative lengths (splitting a take, checking a clip) and rough totals (a recording script),
never exact timing.
"""

from __future__ import annotations

import re

WORDS_PER_MINUTE = 130
MIN_SECONDS = 0.6  # even a one-word line takes about this long

_WORD = re.compile(r"\w+(?:[-'’]\w+)*")


def words(text: str) -> int:
    return len(_WORD.findall(text))


def speaking_seconds(text: str) -> float:
    """Seconds to say ``text`` at :data:`WORDS_PER_MINUTE` (at least :data:`MIN_SECONDS`)."""
    return max(MIN_SECONDS, words(text) * 60.0 / WORDS_PER_MINUTE)
