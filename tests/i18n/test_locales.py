from kitgen.i18n.locales import SUPPORTED_LOCALES, display_name, gettext_name, locale_problem, native_name


def test_all_supported_locales_are_valid_bcp47():
    assert len(SUPPORTED_LOCALES) == 13
    for code in SUPPORTED_LOCALES:
        assert locale_problem(code) is None, code


def test_bad_codes_are_explained():
    assert locale_problem("uz_Latn") == "locale 'uz_Latn' uses '_'; write the BCP 47 form 'uz-Latn'"
    assert "did you mean the language 'kk'" in locale_problem("kz")
    assert "did you mean 'uz-Latn'" in locale_problem("uz-latn")
    assert locale_problem("zz").startswith("unknown locale 'zz'")


def test_display_names_come_from_cldr():
    assert display_name("uz-Latn") == "Uzbek (Latin)"
    assert display_name("hy") == "Armenian"
    assert native_name("ka") == "ქართული"
    assert native_name("kk") == "Қазақ тілі"
    assert gettext_name("uz-Latn") == "uz_Latn"
