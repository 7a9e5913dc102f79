"""The chrome catalogs: real gettext files read and written through Babel."""

from __future__ import annotations

import io
import re
import shutil
import string
import unicodedata
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from kitgen.errors import OptionError, SourceError
from kitgen.i18n.chrome import CHROME, LOCALES_DIR, TEMPLATE_NAME, UnknownChromeMessage
from kitgen.i18n.chrome_files import available_locales, load_chrome, template_catalog, update_catalogs, write_template
from kitgen.i18n.locales import SUPPORTED_LOCALES, babel_locale, gettext_name

IDS = [m.msgid for m in CHROME]
ARMENIAN = re.compile(r"[\u0531-\u0556\u0561-\u0587]")
GEORGIAN = re.compile(r"[\u10D0-\u10FA]")


def read(path: Path, locale: str | None = None) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=babel_locale(locale) if locale else None, abort_invalid=True)


def write(path: Path, catalog: Catalog) -> None:
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=100, no_location=True)
    path.write_bytes(buffer.getvalue())


def fields(text: str) -> list[str]:
    return sorted(name for _, name, _, _ in string.Formatter().parse(text) if name is not None)


def sample(message) -> dict[str, str]:
    return {name: "12" for name in message.fields}


def test_declared_messages_are_unique_and_described():
    assert 50 <= len(CHROME) <= 130
    assert len(set(IDS)) == len(IDS)
    for message in CHROME:
        assert message.comment.strip(), message.msgid
        assert fields(message.msgid) == sorted(message.fields)


def test_every_supported_locale_has_a_catalog():
    assert available_locales() == tuple(sorted(SUPPORTED_LOCALES))
    assert not (LOCALES_DIR / "uz_Latn.po").exists()


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_catalog_is_complete_and_consistent(locale):
    catalog = read(LOCALES_DIR / f"{locale}.po", locale)
    assert [m.id for m in catalog if m.id] == IDS
    for message in CHROME:
        entry = catalog[message.msgid]
        assert not entry.fuzzy, (locale, message.msgid)
        assert entry.string.strip(), (locale, message.msgid)
        assert fields(entry.string) == fields(message.msgid), (locale, message.msgid, entry.string)
        assert entry.string == entry.string.strip()
        assert unicodedata.is_normalized("NFC", entry.string), (locale, entry.string)
        if message.limit:
            printed = entry.string.format(**sample(message))
            assert len(printed) <= message.limit, (locale, printed, message.limit)


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_catalog_header(locale):
    catalog = read(LOCALES_DIR / f"{locale}.po", locale)
    assert "draft translations that a native speaker should review" in catalog.header_comment
    headers = dict(catalog.mime_headers)
    assert headers["Language"] == gettext_name(locale)
    assert headers["Plural-Forms"] == Catalog(locale=babel_locale(locale)).plural_forms
    assert "charset=utf-8" in headers["Content-Type"].lower()
    assert not catalog.fuzzy


@pytest.mark.parametrize("locale", [code for code in SUPPORTED_LOCALES if code != "en"])
def test_translations_are_not_english_copies(locale):
    chrome = load_chrome(locale)
    assert chrome.missing() == ()
    unchanged = [m.msgid for m in CHROME if chrome.text(m.msgid, **sample(m)) == m.msgid.format(**sample(m))]
    # Short international words ("Text", "Materiale", "min") may coincide with English.
    assert len(unchanged) <= 3, unchanged


def test_english_catalog_is_the_source_text():
    chrome = load_chrome("en")
    assert chrome.missing() == ()
    for message in CHROME:
        assert chrome.text(message.msgid, **sample(message)) == message.msgid.format(**sample(message))


def test_scripts_and_letters():
    def strings(locale: str) -> list[str]:
        return [m.string for m in read(LOCALES_DIR / f"{locale}.po", locale) if m.id]

    romanian = "".join(strings("ro"))
    assert "ș" in romanian and "ț" in romanian
    assert not set("şţŞŢ") & set(romanian), "Romanian needs comma-below ș ț, not cedilla"
    uzbek = "".join(strings("uz-Latn"))
    assert "oʻ" in uzbek.lower() and "gʻ" in uzbek.lower()
    assert not re.search(r"[oOgG]['‘’`]", uzbek), "Uzbek oʻ/gʻ take U+02BB"
    assert not re.search(r"[\u0400-\u04FF]", uzbek)
    tajik = "".join(strings("tg"))
    assert set("ӣӯҳҷқғ") <= set(tajik)
    assert not set("ыщэ") & set(tajik)
    assert "ə" in "".join(strings("az"))
    turkmen = "".join(strings("tk"))
    assert set("äçňöşüý") <= set(turkmen)
    for text in strings("hy"):
        assert ARMENIAN.search(text), text
    for text in strings("ka"):
        assert GEORGIAN.search(text), text
    for locale in ("ru", "uk", "be", "kk", "ky", "tg"):
        assert all(re.search(r"[\u0400-\u04FF]", t) for t in strings(locale)), locale


def test_armenian_page_footer():
    footer = load_chrome("hy").text("Page {page} of {pages}", page=3, pages=12)
    assert "3" in footer and "12" in footer
    assert ARMENIAN.search(footer)


def test_text_formats_each_locale():
    assert load_chrome("ru").text("Lesson {number}", number=4) == "Урок 4"
    assert load_chrome("kk").text("Lesson {number}", number=4) == "4-сабақ"
    assert load_chrome("ro").text("Age {min}–{max}", min=7, max=10) == "Vârsta: 7–10"
    assert load_chrome("uz-Latn").locale == "uz-Latn"


def test_unknown_message_is_a_programming_error():
    with pytest.raises(UnknownChromeMessage, match="did you mean 'Lesson'"):
        load_chrome("ru").text("Lessons")
    with pytest.raises(KeyError):
        load_chrome("en").text("Pgae")


def test_wrong_placeholders_are_a_programming_error():
    with pytest.raises(TypeError, match="page"):
        load_chrome("ru").text("Page {page} of {pages}", page=1)
    with pytest.raises(TypeError):
        load_chrome("ru").text("Name", page=1)


def test_chrome_is_read_afresh_each_time(tmp_path):
    """No module-level cache: an edited catalog is seen (a build session keeps what it read)."""
    shutil.copy(LOCALES_DIR / "ru.po", tmp_path / "ru.po")
    before = load_chrome("ru", tmp_path).text("Name")
    catalog = read(tmp_path / "ru.po")
    catalog.get("Name").string = "Имя и фамилия"
    with (tmp_path / "ru.po").open("wb") as handle:
        write_po(handle, catalog)
    assert (before, load_chrome("ru", tmp_path).text("Name")) == ("Имя", "Имя и фамилия")


def test_template_is_up_to_date(tmp_path):
    shipped = read(LOCALES_DIR / TEMPLATE_NAME)
    fresh_path = tmp_path / TEMPLATE_NAME
    assert write_template(fresh_path) is True
    fresh = read(fresh_path)
    for catalog in (shipped, fresh):
        assert [m.id for m in catalog if m.id] == IDS
    assert [(m.id, m.auto_comments, sorted(m.flags)) for m in shipped if m.id] == [
        (m.id, m.auto_comments, sorted(m.flags)) for m in fresh if m.id
    ]
    assert [m.auto_comments for m in template_catalog() if m.id] == [m.comments() for m in CHROME]
    # Writing again with nothing changed leaves the file alone.
    assert write_template(fresh_path) is False


def test_regenerating_leaves_shipped_catalogs_unchanged(tmp_path):
    for path in LOCALES_DIR.iterdir():
        shutil.copy(path, tmp_path / path.name)
    update_catalogs(tmp_path)
    for path in LOCALES_DIR.iterdir():
        assert (tmp_path / path.name).read_bytes() == path.read_bytes(), path.name


def test_a_new_chrome_string_is_untranslated_in_every_locale_but_english(tmp_path, monkeypatch):
    """Catalog.update adds the template's own message objects: a shared template once carried
    the English filled into en.po on into the catalogs merged after it."""
    import kitgen.i18n.chrome_files as chrome_files
    from kitgen.i18n.chrome import ChromeMessage

    for path in LOCALES_DIR.iterdir():
        shutil.copy(path, tmp_path / path.name)
    monkeypatch.setattr(chrome_files, "CHROME", (*CHROME, ChromeMessage("Brand new words", "Test: a new chrome string.")))
    update_catalogs(tmp_path)
    for locale in SUPPORTED_LOCALES:
        entry = read(tmp_path / f"{locale}.po", locale).get("Brand new words")
        assert entry is not None, locale
        assert entry.string == ("Brand new words" if locale == "en" else ""), locale


def copy_catalog(tmp_path: Path, locale: str) -> Catalog:
    shutil.copy(LOCALES_DIR / f"{locale}.po", tmp_path / f"{locale}.po")
    return read(tmp_path / f"{locale}.po", locale)


def test_fuzzy_empty_and_broken_entries_fall_back_to_english(tmp_path):
    catalog = copy_catalog(tmp_path, "ru")
    catalog["Name"].flags.add("fuzzy")
    catalog["Date"].string = ""
    catalog["Page {page} of {pages}"].string = "Страница {pg} из {pages}"
    catalog["Lesson {number}"].string = "Урок {number"
    del catalog["Signature"]
    write(tmp_path / "ru.po", catalog)

    chrome = load_chrome("ru", tmp_path)
    assert chrome.text("Name") == "Name"
    assert chrome.text("Date") == "Date"
    assert chrome.text("Signature") == "Signature"
    assert chrome.text("Page {page} of {pages}", page=2, pages=5) == "Page 2 of 5"
    assert chrome.text("Lesson {number}", number=3) == "Lesson 3"
    assert chrome.text("Class") == "Класс"
    assert chrome.missing() == ("Name", "Date", "Signature", "Page {page} of {pages}", "Lesson {number}")


def test_missing_locale_and_bad_codes_are_user_errors(tmp_path):
    copy_catalog(tmp_path, "kk")
    assert available_locales(tmp_path) == ("kk",)
    with pytest.raises(SourceError, match=r"no chrome translations for locale 'ro' \(expected .*ro\.po\); available: kk"):
        load_chrome("ro", tmp_path)
    with pytest.raises(OptionError, match="BCP 47 form 'uz-Latn'"):
        load_chrome("uz_Latn")
    with pytest.raises(OptionError, match="country code"):
        load_chrome("kz")


def test_unreadable_catalog_points_at_the_line(tmp_path):
    text = (LOCALES_DIR / "be.po").read_text(encoding="utf-8")
    broken = text.replace('msgstr "Клас"\n', "", 1)
    assert broken != text
    (tmp_path / "be.po").write_text(broken, encoding="utf-8")
    with pytest.raises(SourceError) as caught:
        load_chrome("be", tmp_path)
    assert caught.value.location is not None
    assert caught.value.location.line == text.splitlines().index('msgid "Class"') + 1
    assert "missing msgstr for msgid 'Class'; fix" in caught.value.message
    assert caught.value.format_message().startswith(f"{caught.value.location.path}:{caught.value.location.line}: error:")


def test_update_keeps_translations_and_marks_changed_text_fuzzy(tmp_path):
    catalog = copy_catalog(tmp_path, "uk")
    old = catalog["Page {page} of {pages}"]
    catalog.delete("Page {page} of {pages}")
    catalog.add("Page {page} from {pages}", old.string, auto_comments=old.auto_comments)
    catalog.add("A line that was removed", "Рядок, якого більше немає")
    write(tmp_path / "uk.po", catalog)

    update_catalogs(tmp_path)

    assert (tmp_path / TEMPLATE_NAME).is_file()
    merged = read(tmp_path / "uk.po", "uk")
    assert [m.id for m in merged if m.id] == IDS
    changed = merged["Page {page} of {pages}"]
    assert changed.fuzzy and changed.string == "Сторінка {page} з {pages}"
    previous = '#| msgid "Page {page} from {pages}"\nmsgid "Page {page} of {pages}"'
    assert previous in (tmp_path / "uk.po").read_text(encoding="utf-8")
    assert "A line that was removed" in merged.obsolete
    chrome = load_chrome("uk", tmp_path)
    assert chrome.missing() == ("Page {page} of {pages}",)
    assert chrome.text("Workbook") == "Робочий зошит"


def test_update_twice_keeps_the_previous_text(tmp_path):
    catalog = copy_catalog(tmp_path, "ka")
    old = catalog["Tick the correct answer"]
    catalog.delete("Tick the correct answer")
    catalog.add("Tick the right answer", old.string)
    write(tmp_path / "ka.po", catalog)

    update_catalogs(tmp_path)
    first = (tmp_path / "ka.po").read_bytes()
    update_catalogs(tmp_path)
    assert (tmp_path / "ka.po").read_bytes() == first
    text = first.decode("utf-8")
    assert '#, fuzzy\n#| msgid "Tick the right answer"\nmsgid "Tick the correct answer"' in text
    assert "# |" not in text
    assert load_chrome("ka", tmp_path).missing() == ("Tick the correct answer",)


def test_adding_a_locale_creates_an_empty_catalog(tmp_path):
    copy_catalog(tmp_path, "en")
    update_catalogs(tmp_path, add=("fr",))
    catalog = read(tmp_path / "fr.po", "fr")
    assert [m.id for m in catalog if m.id] == IDS
    assert all(not m.string for m in catalog if m.id)
    assert dict(catalog.mime_headers)["Language"] == "fr"
    assert "native speaker should review" in catalog.header_comment
    chrome = load_chrome("fr", tmp_path)
    assert chrome.missing() == tuple(IDS)
    assert chrome.text("Episode {number}", number=2) == "Episode 2"
    with pytest.raises(OptionError, match="BCP 47"):
        update_catalogs(tmp_path, add=("pt_BR",))
