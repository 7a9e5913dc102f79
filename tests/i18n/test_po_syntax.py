"""Strict PO reading: what Babel would tolerate or repair silently is a located error."""

from __future__ import annotations

import pytest

from kitgen.errors import Location, Report, SourceError
from kitgen.i18n.catalog import check_catalog, read_catalog, translations
from kitgen.i18n.messages import Message

HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n"Plural-Forms: nplurals=2; plural=(n > 1);\\n"\n\n'


def _po(tmp_path, body: str, header: str = HEADER, name: str = "hy.po"):
    path = tmp_path / name
    path.write_text(header + body, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "body, says, line, column",
    [
        ('msgctxt "a"\nmsgid "Hello"\nmsgstr "Barev\n', "unterminated string", 8, 8),
        ('msgid "Hello"\nmsgstr ""\n"Barev\n', "unterminated string", 8, 1),
        ('msgid "Hello"\nmsgstr "Ba\\qrev"\n', "unknown escape '\\q'", 7, 11),
        ('msgid "Hello"\nmsgstr "Ba"rev"\n', "text after the closing quote", 7, 12),
        ('msgid "Hello"\nmsgstr Barev\n', 'expected a quoted string ("...") here', 7, 8),
        ('msgid "Hello"\nmsgstr "Barev"\nBarev again\n', "unknown keyword 'Barev'", 8, None),
        ('"orphan"\nmsgid "Hello"\nmsgstr "Barev"\n', "a quoted string with no keyword", 6, 1),
        ('msgid "Hello"\n# note\nmsgstr "Barev"\n', "a comment inside an entry", 7, None),
        ('msgctxt "x"\nmsgid "Hello"\nmsgstr "Barev"\n\nmsgctxt "x"\nmsgid "Hello"\nmsgstr "Other"\n',
         "a second entry for msgctxt 'x' (the first is on line 7)", 11, None),
        ('msgid "Hello"\n\nmsgid "Bye"\nmsgstr "Ցտեսություն"\n', "missing msgstr for msgid 'Hello'", 6, None),
        ('msgid "Hello"\nmsgstr "Barev"\nmsgstr "Again"\n', "a second msgstr in one entry", 8, None),
        ('msgid "a"\nmsgid_plural "as"\nmsgstr[0] "x"\nmsgstr[2] "y"\n', "msgstr[2] out of order; expected msgstr[1]", 9, None),
        ('msgid "a"\nmsgid_plural "as"\nmsgstr[0] "x"\n', "1 plural form(s) but the Plural-Forms header says nplurals=2", 6, None),
        ('msgid "a"\nmsgstr[0] "x"\n', "msgstr[0] needs a msgid and a msgid_plural", 7, None),
        ('msgid "Hello"\nmsgstr "Ba\x1b[1mrev"\n', "control character U+001B", 7, 8),
        ('#, fuzzy\n#| msgid "Hel\nmsgid "Hello"\nmsgstr "Barev"\n', "unterminated string", 7, 10),
    ],
)
def test_what_babel_tolerates_is_a_located_error(tmp_path, body, says, line, column):
    path = _po(tmp_path, body)
    with pytest.raises(SourceError) as caught:
        read_catalog(path)
    assert says in caught.value.message and caught.value.message.startswith("invalid PO syntax: ")
    assert (caught.value.location.line, caught.value.location.column) == (line, column)


def test_the_unterminated_string_babel_used_to_shorten(tmp_path):
    from babel.messages.pofile import read_po

    text = HEADER + 'msgctxt "story/title"\nmsgid "Hello"\nmsgstr "Barev\n'
    assert [m.string for m in read_po(__import__("io").StringIO(text)) if m.id] == ["Bare"]  # Babel drops a letter
    with pytest.raises(SourceError, match="unterminated string"):
        read_catalog(_po(tmp_path, 'msgctxt "story/title"\nmsgid "Hello"\nmsgstr "Barev\n'))


def test_good_catalogs_still_read(tmp_path):
    body = ('#. a comment\n#: story.yaml:3\n#, fuzzy\n#| msgid "Hel"\nmsgctxt "a"\nmsgid "Hello"\nmsgstr ""\n"Ba\\"rev\\"\\n"\n\n'
            '#~ msgctxt "old"\n#~ msgid "Old"\n#~ msgstr "Hin"\n')
    catalog = read_catalog(_po(tmp_path, body))
    assert catalog.get("Hello", context="a").string == 'Ba"rev"\n'


def test_a_broken_plural_header_is_located(tmp_path):
    header = HEADER.replace("nplurals=2;", "nplurals=two;")
    with pytest.raises(SourceError, match="the catalog header cannot be read: Plural-Forms has nplurals='two'") as caught:
        read_catalog(_po(tmp_path, 'msgid "a"\nmsgstr "b"\n', header))
    assert caught.value.location.line == 4


@pytest.mark.parametrize(
    "forms, warned",
    [
        ("nplurals=2; plural=(n > 1);", False),
        ("nplurals=2; plural=n>1", False),  # the same rule, written differently
        ("nplurals=2; plural=(n != 1);", True),
        ("nplurals=1; plural=0;", True),
        ("nplurals=2; plural=(n > ;", True),
        ("garbage", True),
    ],
)
def test_plural_forms_must_match_cldr(tmp_path, forms, warned):
    path = _po(tmp_path, 'msgctxt "a"\nmsgid "Hello"\nmsgstr "Barev"\n', HEADER.replace("nplurals=2; plural=(n > 1);", forms))
    report = Report()
    check_catalog([Message("a", "Hello", ("a",), "greeting", 20)], read_catalog(path), path, report)
    found = [d for d in report.warnings if "Plural-Forms" in d.message]
    assert bool(found) == warned, report.diagnostics
    if warned:
        assert found[0].location == Location.of(path, 4)
        assert "does not match CLDR's plural rule for 'hy'; write \"Plural-Forms: nplurals=2; plural=(n > 1);\\n\"" in found[0].message


def test_a_missing_plural_forms_header_is_a_warning(tmp_path):
    path = _po(tmp_path, 'msgctxt "a"\nmsgid "Hello"\nmsgstr "Barev"\n', 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n\n', "ru.po")
    report = Report()
    check_catalog([Message("a", "Hello", ("a",), "greeting", 20)], read_catalog(path), path, report)
    assert any("no Plural-Forms header; CLDR's rule for 'ru' is" in d.message for d in report.warnings)


def test_over_the_hard_maximum_is_an_error_and_never_used(tmp_path):
    message = Message("a", "Hello", ("a",), "greeting", 20)
    path = _po(tmp_path, f'msgctxt "a"\nmsgid "Hello"\nmsgstr "{"Բ" * 41}"\n')
    catalog = read_catalog(path)
    report = Report()
    check_catalog([message], catalog, path, report)
    assert [d.message for d in report.errors] == ["translation of 'a' is 41 characters, over the maximum of 40 (advised: 20); shorten it"]
    assert translations([message], catalog) == {}
    fits = _po(tmp_path, f'msgctxt "a"\nmsgid "Hello"\nmsgstr "{"Բ" * 30}"\n', name="hy2.po")
    report = Report()
    check_catalog([message], read_catalog(fits), fits, report)
    assert not report.errors and any("over the advised 20" in d.message for d in report.warnings)


def test_catalog_size_is_bounded(tmp_path, monkeypatch):
    monkeypatch.setenv("KITGEN_MAX_SOURCE_BYTES", "500")
    with pytest.raises(SourceError, match="catalog is .* bytes, over the limit of 500"):
        read_catalog(_po(tmp_path, 'msgid "a"\nmsgstr "' + "b" * 600 + '"\n'))


def test_a_windows_editors_catalog_still_reads(tmp_path):
    """Byte-order mark and CRLF line ends: what a tired translator's editor saves is not an error."""
    path = tmp_path / "hy.po"
    path.write_bytes(b"\xef\xbb\xbf" + (HEADER + 'msgctxt "a"\nmsgid "Hello"\nmsgstr "Barev"\n').replace("\n", "\r\n").encode())
    assert read_catalog(path).get("Hello", context="a").string == "Barev"
