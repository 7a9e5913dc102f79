"""Country codes checked against ISO 3166-1 through CLDR's territory names (Babel)."""

from __future__ import annotations

import pytest

from kitgen.i18n.territories import countries, country_problem, likely_country, official_locales


def test_countries_are_exactly_iso_3166_1() -> None:
    codes = countries()
    assert len(codes) == 249  # the officially assigned alpha-2 codes
    assert codes["KG"] == "Kyrgyzstan" and codes["KY"] == "Cayman Islands"
    assert not {"EU", "UN", "ZZ", "XK", "XA", "AC", "419"} & set(codes)


@pytest.mark.parametrize(
    ("code", "problem"),
    [
        ("KG", None),
        ("kz", "must be upper case: 'KZ' (Kazakhstan)"),
        ("Georgia", "'Georgia' is a country name; write its ISO 3166-1 code 'GE'"),
        ("ARM", "write the two-letter ISO 3166-1 code 'AM' (Armenia), not 'ARM'"),
        ("Tadjikistan", "did you mean 'TJ' (Tajikistan)?"),
        ("EU", "unknown country code 'EU'"),
        ("hy", "'hy' looks like a language code: its country is 'AM' (Armenia)"),
        ("tg", "'TG' (Togo); if you meant the language 'tg', its country is 'TJ' (Tajikistan)"),
    ],
)
def test_country_problems_suggest_the_code(code: str, problem: str | None) -> None:
    found = country_problem(code)
    assert found is None if problem is None else problem in (found or "")


def test_official_languages_map_to_kitgen_locales() -> None:
    assert official_locales("KG") == ("ky", "ru")
    assert official_locales("UZ") == ("uz-Latn",)  # kitgen has Uzbek in Latin script only
    assert official_locales("FR") == ()
    assert likely_country("uz-Latn") == "UZ" and likely_country("ka") == "GE"
