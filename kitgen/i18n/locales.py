"""Locale codes: BCP 47 validation and CLDR display names through Babel."""

from __future__ import annotations

import functools
import re

from babel import Locale, UnknownLocaleError
from babel.localedata import locale_identifiers

from kitgen.errors import did_you_mean
from kitgen.i18n.supported import SUPPORTED_LOCALES


_BCP47 = re.compile(r"^[a-z]{2,3}(-[A-Z][a-z]{3})?(-(?:[A-Z]{2}|\d{3}))?$")


def locale_problem(code: object) -> str | None:
    """Why ``code`` is not a usable BCP 47 locale code, or None when it is."""
    if not isinstance(code, str) or not code:
        return f"locale {code!r} must be a BCP 47 code such as 'kk' or 'uz-Latn'"
    if code in _COUNTRY_NOT_LANGUAGE and code.islower():
        return f"unknown locale '{code}'{_suggest(code)}"
    if "_" in code:
        fixed = _to_bcp47(code)
        return f"locale '{code}' uses '_'; write the BCP 47 form '{fixed}'"
    if not _BCP47.match(code):
        return f"locale '{code}' is not a BCP 47 code (language[-Script][-REGION], e.g. 'kk', 'uz-Latn', 'pt-BR'){_suggest(code)}"
    try:
        Locale.parse(code, sep="-")
    except (UnknownLocaleError, ValueError):
        return f"unknown locale '{code}'{_suggest(code)}"
    return None


# Country codes people often write where a language code belongs.
_COUNTRY_NOT_LANGUAGE = {
    "kz": "kk", "ge": "ka", "ua": "uk", "by": "be", "tj": "tg",
    "tm": "tk", "md": "ro", "kg": "ky", "uz-UZ": "uz-Latn", "ru-RU": "ru",
}


def _suggest(code: str) -> str:
    if code in _COUNTRY_NOT_LANGUAGE:
        return f"; '{code}' looks like a country code; did you mean the language '{_COUNTRY_NOT_LANGUAGE[code]}'?"
    return did_you_mean(code, SUPPORTED_LOCALES, cutoff=0.5) or did_you_mean(code, known_locales())


@functools.lru_cache(maxsize=1)
def known_locales() -> tuple[str, ...]:
    return tuple(sorted(_to_bcp47(ident) for ident in locale_identifiers()))


def _to_bcp47(identifier: str) -> str:
    return identifier.replace("_", "-")


@functools.lru_cache(maxsize=64)
def babel_locale(code: str) -> Locale:
    return Locale.parse(code, sep="-")


def display_name(code: str, in_locale: str = "en") -> str:
    """The CLDR name of ``code``, e.g. ``display_name('uz-Latn')`` -> 'Uzbek (Latin)'."""
    name = babel_locale(code).get_display_name(babel_locale(in_locale))
    return name or code


def native_name(code: str) -> str:
    """The locale's name in its own language, capitalised as CLDR gives it."""
    name = display_name(code, code)
    if name[:1] and "\u10d0" <= name[0] <= "\u10ff":  # Georgian Mkhedruli is written without capitals
        return name
    return name[:1].upper() + name[1:]


def gettext_name(code: str) -> str:
    """The gettext/POSIX form of the code, e.g. 'uz_Latn', for PO headers."""
    return str(babel_locale(code))
