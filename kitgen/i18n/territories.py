"""Country codes: ISO 3166-1 alpha-2, checked against the CLDR territory names Babel ships,
and the languages CLDR lists as official in a country."""

from __future__ import annotations

import difflib
import functools

from babel import Locale
from babel.core import get_global
from babel.languages import get_official_languages

from kitgen.i18n.supported import SUPPORTED_LOCALES

#: CLDR territories with two-letter codes that are not ISO 3166-1 countries: groupings
#: (EU, EZ, UN, QO), pseudo-locales (XA, XB), the unknown region (ZZ), ISO's exceptional
#: reservations (AC, CP, CQ, DG, EA, IC, TA) and the user-assigned XK.
NOT_COUNTRIES = frozenset({"EU", "EZ", "UN", "QO", "XA", "XB", "ZZ", "AC", "CP", "CQ", "DG", "EA", "IC", "TA", "XK"})


@functools.lru_cache(maxsize=1)
def countries() -> dict[str, str]:
    """ISO 3166-1 alpha-2 code -> English name, e.g. ``'KG': 'Kyrgyzstan'``."""
    names = Locale("en").territories
    return {
        code: name for code, name in sorted(names.items())
        if len(code) == 2 and code.isalpha() and code.isupper() and code not in NOT_COUNTRIES
    }


def country_name(code: str) -> str:
    return countries().get(code, code)


def country_problem(code: object) -> str | None:
    """Why ``code`` is not an ISO 3166-1 alpha-2 country code, with a suggestion; None when it is."""
    known = countries()
    if isinstance(code, str) and code in known:
        return None
    text = str(code).strip()
    if text.upper() in known and len(text) == 2:
        language = likely_country(text) if text in _LANGUAGES else None
        meant = f"; if you meant the language '{text}', its country is '{language}' ({known[language]})" if language and language != text.upper() else ""
        return f"country code '{text}' must be upper case: '{text.upper()}' ({known[text.upper()]}){meant}"
    aliases = [iso for iso in get_global("territory_aliases").get(text.upper(), ()) if iso in known]
    if len(aliases) == 1:  # an ISO 3166-1 alpha-3 or numeric code, or a replaced one
        return f"write the two-letter ISO 3166-1 code '{aliases[0]}' ({known[aliases[0]]}), not '{text}'"
    by_name = {name.casefold(): iso for iso, name in known.items()}
    if text.casefold() in by_name:
        iso = by_name[text.casefold()]
        return f"'{text}' is a country name; write its ISO 3166-1 code '{iso}'"
    return f"unknown country code '{text}' (ISO 3166-1 alpha-2, e.g. 'KG' for Kyrgyzstan){_suggest(text, known, by_name)}"


def _suggest(text: str, known: dict[str, str], by_name: dict[str, str]) -> str:
    names = difflib.get_close_matches(text.casefold(), list(by_name), n=1, cutoff=0.6)
    if names:
        iso = by_name[names[0]]
        return f"; did you mean '{iso}' ({known[iso]})?"
    region = likely_country(text.lower()) if text.lower() in _LANGUAGES else None
    if region:  # a language code given for a country
        return f"; '{text}' looks like a language code: its country is '{region}' ({known[region]})"
    return ""


#: The languages of kitgen's locales (``uz-Latn`` -> ``uz``).
_LANGUAGES = frozenset(locale.split("-")[0] for locale in SUPPORTED_LOCALES)


def official_locales(country: str) -> tuple[str, ...]:
    """The kitgen locales CLDR lists as official in ``country`` (``'KG'`` -> ``('ky', 'ru')``).

    A language kitgen has only in one script (``uz`` -> ``uz-Latn``) maps to that locale;
    languages kitgen has no fonts, chrome or voices for are left out.
    """
    found: list[str] = []
    for language in get_official_languages(country, de_facto=True):
        code = language.replace("_", "-")
        if code in SUPPORTED_LOCALES:
            found.append(code)
            continue
        scripts = [locale for locale in SUPPORTED_LOCALES if locale.split("-")[0] == code]
        if len(scripts) == 1:
            found.append(scripts[0])
    return tuple(dict.fromkeys(found))


def likely_country(locale: str) -> str | None:
    """The country CLDR finds most likely for ``locale`` (``'ky'`` -> ``'KG'``), or None."""
    likely = get_global("likely_subtags").get(locale.replace("-", "_").split("_")[0])
    region = likely.split("_")[-1] if likely else None
    return region if region in countries() else None
