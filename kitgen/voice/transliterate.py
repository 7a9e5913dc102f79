"""Transliteration schemes: rewrite a line so that a voice of a related language can read it.

A voice profile names a scheme with ``transliterate: <name>``; the line's text is rewritten
just before synthesis (:func:`kitgen.voice.narrate.speak`), and the rewritten text is part
of the speech cache key. Captions and the storybook keep the original text.

``tg-fa-latn``
    Tajik Cyrillic to the Latin spelling ("Pinglish") that espeak-ng's Persian voice
    ``fa-Latn`` reads. espeak-ng has no Tajik voice; Tajik is a variety of Persian, so this
    gives an *approximate* Tajik voice. The Latin letters are those of the ``?1`` rules in
    espeak-ng's ``dictsource/fa_rules`` (unchanged from 1.52.0 to the 2025 sources):
    ``aa`` = /ɒ/ (Tajik о), ``a`` = /æ/, ``e``, ``i``, ``u``, ``kh`` = /x/, ``gh`` and ``q``
    = Persian's one sound for غ and ق (espeak's ``q1``, for Tajik ғ and қ), ``sh``, ``ch``,
    ``jh`` = /ʒ/, ``j`` = /dʒ/, ``y`` = /j/; an apostrophe is read as nothing but lengthens a
    preceding ``a``. ``th`` and ``ph`` have no Persian rule and switch the word to English.
    A one-letter word is read as the letter's name. Stress follows espeak's Persian default
    (the last syllable but one), not Tajik's usual final stress.

Every scheme is a frozen :class:`Scheme` in the read-only registry :data:`SCHEMES`.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from types import MappingProxyType
from typing import Mapping

from kitgen.errors import did_you_mean

#: The 35 letters of the Tajik Cyrillic alphabet (1998 orthography), in order.
TAJIK_ALPHABET = "абвгғдеёжзиӣйкқлмнопрстуӯфхҳчҷшъэюя"


@dataclass(frozen=True)
class Scheme:
    """One transliteration: lower-case source letters to what the target voice reads.

    ``letters`` covers ``alphabet`` and may map more (loanword letters). ``iotated`` are
    letters written differently at the start of a word and after a vowel or a sign (Tajik е
    is "ye" there). ``digraphs`` are the letter pairs the target reads as one sound; when two
    source letters would form one by accident (т + ҳ = "th"), a ``separator`` goes between
    them (``separator_after_vowel`` after a vowel letter that the separator would change).
    ``alone`` respells a word that would be a single letter, which espeak reads by its name.
    """

    name: str
    description: str
    locales: tuple[str, ...]  # the languages whose text it rewrites
    engine: str  # the engine it writes for; other engines get the original text
    reads: str  # the voice language that reads the result
    alphabet: str
    letters: Mapping[str, str]
    iotated: Mapping[str, str]
    after: frozenset[str]  # letters after which an iotated letter takes its iotated form
    digraphs: frozenset[str]
    separator: str
    separator_after_vowel: str
    vowels: frozenset[str]  # target letters after which separator_after_vowel is used
    alone: Mapping[str, str]

    def applies_to(self, engine: str) -> bool:
        return engine == self.engine

    def missing(self) -> tuple[str, ...]:
        """The letters of the scheme's alphabet (both cases) it has no mapping for."""
        wanted = self.alphabet + self.alphabet.upper()
        return tuple(ch for ch in wanted if ch.lower() not in self.letters)

    def unmapped(self, text: str) -> tuple[str, ...]:
        """The distinct letters of ``text`` the scheme cannot rewrite, in order of appearance.

        Latin letters pass through unchanged (the target reads them), so they never count.
        """
        found: dict[str, None] = {}
        for ch in unicodedata.normalize("NFC", text):
            if ch.isalpha() and not _is_latin(ch) and ch.lower() not in self.letters:
                found[ch] = None
        return tuple(found)

    def apply(self, text: str) -> str:
        """``text`` rewritten for the target voice; digits, punctuation and Latin pass through."""
        text = unicodedata.normalize("NFC", text)
        out: list[str] = []
        start = 0
        while start < len(text):
            end = start
            while end < len(text) and text[end].isalpha():
                end += 1
            if end == start:
                out.append(text[start])
                start += 1
                continue
            out.append(self._word(text[start:end]))
            start = end
        return "".join(out)

    def _word(self, word: str) -> str:
        shout = len(word) > 1 and word.isupper()
        result = ""
        free = False  # whether the last letter of result could still pair with the next one
        previous = ""
        for ch in word:
            low = ch.lower()
            if low in self.iotated and (not previous or previous in self.after):
                piece = self.iotated[low]
            else:
                piece = self.letters.get(low, ch if _is_latin(ch) else low)
            if ch.isupper():
                piece = piece.upper() if shout else piece[:1].upper() + piece[1:]
            if piece and result and free and (result[-1] + piece[0]).lower() in self.digraphs:
                if result[-1].lower() in self.vowels:
                    if len(result) > 1:  # a one-letter fragment would be spelled out
                        result += self.separator_after_vowel
                else:
                    result += self.separator
            for letter in piece:
                pairs = bool(result) and free and (result[-1] + letter).lower() in self.digraphs
                free = not pairs and letter.isalpha()
                result += letter
            previous = low
        bare = result.replace(self.separator, "")
        if bare.lower() in self.alone:
            respelled = self.alone[bare.lower()]
            result = respelled.upper() if shout else (respelled.capitalize() if bare[:1].isupper() else respelled)
        return result


def _is_latin(ch: str) -> bool:
    return ch.isascii() and ch.isalpha()


_TAJIK_TO_FA_LATN: Mapping[str, str] = MappingProxyType({
    "а": "a", "б": "b", "в": "v", "г": "g", "ғ": "gh", "д": "d", "е": "e", "ё": "yaa",
    "ж": "jh", "з": "z", "и": "i", "ӣ": "i", "й": "y", "к": "k", "қ": "q", "л": "l",
    "м": "m", "н": "n", "о": "aa", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u",
    "ӯ": "u", "ф": "f", "х": "kh", "ҳ": "h", "ч": "ch", "ҷ": "j", "ш": "sh", "ъ": "'",
    "э": "e", "ю": "yu", "я": "ya",
    # Letters of Russian loanwords, dropped from the Tajik alphabet in 1998 but still seen.
    "ц": "ts", "щ": "sh", "ы": "i", "ь": "",
})

#: Every scheme by name. Read-only: add a scheme by adding it here.
SCHEMES: Mapping[str, Scheme] = MappingProxyType({
    "tg-fa-latn": Scheme(
        name="tg-fa-latn",
        description="Tajik Cyrillic to the Persian Latin spelling espeak's fa-Latn voice reads",
        locales=("tg",),
        engine="espeak",
        reads="fa-Latn",
        alphabet=TAJIK_ALPHABET,
        letters=_TAJIK_TO_FA_LATN,
        iotated=MappingProxyType({"е": "ye"}),
        after=frozenset("аеёиӣоуӯэюяъь"),
        # fa_rules' multi-letter groups; "th" and "ph" have no Persian rule and switch to English.
        digraphs=frozenset({"aa", "ch", "ee", "gh", "jh", "kh", "oo", "ou", "ph", "sh", "th"}),
        separator="'",
        separator_after_vowel="-",  # "a'" would read as a long a
        vowels=frozenset("a"),
        alone=MappingProxyType({"u": "oo", "i": "ee"}),
    ),
})


def find_scheme(name: str) -> Scheme | None:
    return SCHEMES.get(name)


def scheme_problem(name: str, locale: str) -> str | None:
    """Why a profile for ``locale`` cannot use the scheme ``name``, or None when it can."""
    scheme = SCHEMES.get(name)
    if scheme is None:
        return f"unknown transliteration '{name}'{did_you_mean(name, SCHEMES)}; choose one of: {', '.join(SCHEMES)}"
    language = locale.split("-", 1)[0].lower()
    if language not in scheme.locales:
        return f"the transliteration '{name}' rewrites {', '.join(scheme.locales)} text, not '{locale}'"
    return None


def transliterate(text: str, name: str) -> str:
    """``text`` rewritten by the scheme ``name`` (a KeyError for an unknown name)."""
    return SCHEMES[name].apply(text)
