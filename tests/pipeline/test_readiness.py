"""Drafts and the release gate, on the tiny project: every reason located, nothing written
when ``--release`` refuses, and a kit with everything reviewed and checked packaged."""

from __future__ import annotations

import datetime as dt
import json
import re
import zipfile

import pytest
from pypdf import PdfReader

from kitgen.i18n.catalog import read_catalog
from kitgen.i18n.chrome import CHROME
from kitgen.i18n.chrome_files import load_chrome

PRINT = "cards,workbook,guide,storybook,readme,parents"
TODAY = dt.date.today()

#: A kit in English only (the story's own language: nothing to translate), its branding
#: reviewed, one contact checked today. The contact is a fixture, not a real service: its
#: address is on example.org, which is reserved for examples, and it has no phone number.
VOUCHED = f"""\
id: tiny
name: Tiny
country: AM
version: "1.0.0"
locales: [en]
stories: [tiny]
paper: a4
branding:
  en: Tiny kit
branding_reviewed:
  en: {{by: Test Reviewer, on: {TODAY.isoformat()}, text: Tiny kit}}
help:
  - name: Example help service (test fixture)
    url: https://example.org/help
    hours: "24/7"
    source:
      url: https://example.org/help/about
      title: Example help service
    verified: {TODAY.isoformat()}
    verified_by: Test Reviewer
"""


def _kit(tiny):
    return tiny.root / "sources" / "kits" / "tiny.yaml"


def _po(tiny):
    return tiny.root / "sources" / "stories" / "tiny" / "locales" / "hy.po"


def _review_all_but(tiny, key: str) -> int:
    """Mark every hy entry reviewed except ``key``; returns the line of ``key``'s msgid."""
    assert tiny.kitgen("i18n", "review", "--locale", "hy", "--by", "Test Reviewer", "--all").exit_code == 0
    text = _po(tiny).read_text("utf-8")
    lines = text.splitlines()
    at = next(n for n, line in enumerate(lines) if line == f'msgctxt "{key}"')
    mark = next(n for n in range(at - 1, 0, -1) if lines[n].startswith("# reviewed: "))
    assert all(line.startswith("#") for line in lines[mark:at])  # the mark is the entry's own
    del lines[mark]
    _po(tiny).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return at + 1  # the msgid's line (1-based), one up now that the mark is gone


def _outputs(tiny) -> list[str]:
    out = tiny.root / "output"
    return sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file()) if out.exists() else []


def test_the_gate_lists_every_reason_with_its_line_and_writes_nothing(tiny):
    key = next(e.context for e in read_catalog(_po(tiny)) if e.id and e.context.startswith("cards/"))
    msgid_line = _review_all_but(tiny, key)
    kit = _kit(tiny).read_text("utf-8") + (
        "help:\n"
        "  - name: Unchecked line (test fixture)\n"
        "    url: https://example.org/a\n"
        "    source: {url: https://example.org/a/about, title: Example}\n"
        "  - name: Old check (test fixture)\n"
        "    url: https://example.org/b\n"
        "    source: {url: https://example.org/b/about, title: Example}\n"
        f"    verified: {(TODAY - dt.timedelta(days=400)).isoformat()}\n"
    )
    _kit(tiny).write_text(kit, encoding="utf-8")
    lines = kit.splitlines()
    unchecked = lines.index("  - name: Unchecked line (test fixture)") + 1
    expired = next(n for n, line in enumerate(lines, 1) if line.startswith("    verified: "))
    branding = {code: next(n for n, line in enumerate(lines, 1) if line.startswith(f"  {code}: ")) for code in ("en", "hy")}
    result = tiny.kitgen("build", "--release", "--only", "cards")
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    reasons = [line for line in result.output.splitlines() if ": draft: " in line]
    header = re.search(r"is a draft \((\d+) reasons\); nothing was written", result.output)
    assert header and int(header.group(1)) == len(reasons)
    po = "sources/stories/tiny/locales/hy.po"
    assert [r for r in reasons if r.startswith(po)] == [
        f"{po}:{msgid_line}: draft: '{key}' is not reviewed; after a native speaker checks it: "
        f"kitgen i18n review --locale hy --by NAME --key {key}"
    ]
    kit_reasons = [r.split(": draft: ")[0] for r in reasons if r.startswith("sources/kits/tiny.yaml")]
    assert f"sources/kits/tiny.yaml:{unchecked}:5" in kit_reasons
    assert f"sources/kits/tiny.yaml:{expired}:15" in kit_reasons
    assert any(r.startswith(f"sources/kits/tiny.yaml:{branding['en']}:") for r in kit_reasons)
    assert any(r.startswith(f"sources/kits/tiny.yaml:{branding['hy']}:") for r in kit_reasons)
    assert len(kit_reasons) == 4
    chrome = [r for r in reasons if "kitgen's string" in r]
    assert len(chrome) == len(CHROME)  # hy chrome: drafts, none reviewed (en needs none)
    assert all(re.match(r".*/kitgen/locales/hy\.po:\d+: draft: ", r) for r in chrome)
    assert _outputs(tiny) == []


def test_a_draft_builds_with_its_reasons_noted_and_package_release_refuses(tiny):
    result = tiny.kitgen("build", "--only", "cards", "--kit", "tiny")
    assert result.exit_code == 0, result.output
    assert "note: tiny/en is a draft:" in result.output and "note: tiny/hy is a draft:" in result.output
    package = tiny.kitgen("package", "--kit", "tiny")
    assert package.exit_code == 0, package.output
    manifest = json.loads((tiny.root / "output" / "tiny-1.0.0.manifest.json").read_text("utf-8"))
    assert manifest["draft"] is True
    assert any(r.startswith("sources/kits/tiny.yaml:1: the kit lists no help contacts") for r in manifest["draft_reasons"])
    assert not any(r.startswith("/") for r in manifest["draft_reasons"])  # project-relative: same bytes anywhere
    before = _outputs(tiny)
    refused = tiny.kitgen("package", "--kit", "tiny", "--release", "--dest", str(tiny.root / "release"))
    assert refused.exit_code == 1
    assert "kit 'tiny' is a draft" in refused.output and "sources/kits/tiny.yaml:1: draft:" in refused.output
    assert not (tiny.root / "release").exists() and _outputs(tiny) == before


def test_a_kit_with_everything_reviewed_and_checked_builds_and_packages_for_release(tiny):
    _kit(tiny).write_text(VOUCHED, encoding="utf-8")
    built = tiny.kitgen("build", "--release", "--only", PRINT)
    assert built.exit_code == 0, built.output
    assert "draft" not in built.output
    package = tiny.kitgen("package", "--kit", "tiny", "--release")
    assert package.exit_code == 0, package.output
    manifest = json.loads((tiny.root / "output" / "tiny-1.0.0.manifest.json").read_text("utf-8"))
    assert manifest["draft"] is False and manifest["draft_reasons"] == []
    with zipfile.ZipFile(tiny.root / "output" / "tiny-1.0.0.zip") as archive:
        assert json.loads(archive.read("tiny-1.0.0/manifest.json"))["draft"] is False
        assert "tiny-1.0.0/en/cards.pdf" in archive.namelist()
    pdfs = sorted((tiny.root / "output" / "tiny" / "en").glob("*.pdf"))
    assert len(pdfs) == 6
    for pdf in pdfs:  # a release carries no band, and shows its contact
        text = [page.extract_text() for page in PdfReader(pdf).pages]
        assert not any("DRAFT" in page for page in text), pdf.name
        assert "Example help service (test fixture)" in " ".join(" ".join(text).split()), pdf.name


def test_every_page_of_every_draft_pdf_carries_the_band_in_the_kits_language(tiny):
    result = tiny.kitgen("build", "--only", PRINT, "--locale", "hy")
    assert result.exit_code == 0, result.output
    band = load_chrome("hy").text("DRAFT — for review")
    pdfs = sorted((tiny.root / "output" / "tiny" / "hy").glob("*.pdf"))
    assert len(pdfs) == 6
    for pdf in pdfs:
        pages = PdfReader(pdf).pages
        assert all(band in " ".join(page.extract_text().split()) for page in pages), pdf.name


def test_a_check_turns_stale_after_twelve_months(tiny, monkeypatch):
    _kit(tiny).write_text(VOUCHED, encoding="utf-8")
    assert tiny.kitgen("build", "--release", "--only", "cards").exit_code == 0
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1735689600")  # a pinned timestamp does not hold the date back
    assert tiny.kitgen("build", "--release", "--only", "cards").exit_code == 0
    monkeypatch.setenv("KITGEN_TODAY", (TODAY + dt.timedelta(days=366)).isoformat())
    result = tiny.kitgen("build", "--release", "--only", "cards")
    assert result.exit_code == 1
    assert "help contact 'Example help service (test fixture)' was last checked on" in result.output
    drafted = tiny.kitgen("build", "--only", "cards")  # not a release: rebuilt as a draft, not "up to date"
    assert drafted.exit_code == 0 and "1 built" in drafted.output, drafted.output


def test_reviewing_the_branding_changes_the_key(tiny):
    _kit(tiny).write_text(VOUCHED.replace("branding_reviewed:\n  en: {by: Test Reviewer, on: "
                                          f"{TODAY.isoformat()}, text: Tiny kit}}\n", ""), encoding="utf-8")
    first = tiny.kitgen("build", "--only", "cards")
    assert first.exit_code == 0 and "is a draft: 1 reason" in first.output, first.output
    _kit(tiny).write_text(VOUCHED, encoding="utf-8")
    second = tiny.kitgen("build", "--only", "cards")
    assert second.exit_code == 0 and "1 built" in second.output and "draft" not in second.output, second.output


def test_check_rejects_a_check_dated_in_the_future(tiny):
    ahead = (TODAY + dt.timedelta(days=3)).isoformat()
    _kit(tiny).write_text(VOUCHED.replace(f"    verified: {TODAY.isoformat()}", f"    verified: {ahead}"), encoding="utf-8")
    line = next(n for n, text in enumerate(_kit(tiny).read_text("utf-8").splitlines(), 1) if text.startswith("    verified: "))
    result = tiny.kitgen("check")
    assert result.exit_code == 1
    assert f"sources/kits/tiny.yaml:{line}:15: error: verified: {ahead} is in the future" in result.output


@pytest.mark.parametrize("phone, problem", [(116111, "must be written in quotes"), ("call 116", "is not a phone number")])
def test_a_contact_with_a_bad_phone_is_located(tiny, phone, problem):
    _kit(tiny).write_text(VOUCHED.replace("    url: https://example.org/help\n", f"    phone: {json.dumps(phone)}\n"), encoding="utf-8")
    result = tiny.kitgen("check")
    assert result.exit_code == 1 and "sources/kits/tiny.yaml:" in result.output and problem in result.output, result.output


def test_check_release_lists_the_reasons_without_building(tiny):
    refused = tiny.kitgen("check", "--release")
    assert refused.exit_code == 1
    assert "the project (kits tiny) is a draft" in refused.output and "sources/kits/tiny.yaml:1: draft:" in refused.output
    _kit(tiny).write_text(VOUCHED, encoding="utf-8")
    ready = tiny.kitgen("check", "--release")
    assert ready.exit_code == 0 and "ready for release: 1 kit" in ready.output, ready.output
    assert _outputs(tiny) == []


def test_reasons_sort_by_file_and_line_even_where_a_line_is_unknown():
    from kitgen.errors import Location
    from kitgen.pipeline.readiness import Reason, formatted

    reasons = [Reason(Location("b.po", 3), "c"), Reason(Location("b.po"), "b"), Reason(Location("a.yaml", 9, 2), "a")]
    assert formatted(sorted(reasons)) == ["a.yaml:9:2: draft: a", "b.po: draft: b", "b.po:3: draft: c"]
