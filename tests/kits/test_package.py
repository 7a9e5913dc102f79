"""Release archives: deterministic bytes, a truthful manifest, and merged CI shards."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile

import pytest

from kitgen.errors import OptionError
from kitgen.kits.package import deterministic_zip, source_date_epoch
from tests.kits.conftest import PRINT_ONLY


def test_package_is_deterministic_and_manifest_matches(tiny, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert tiny.kitgen("build", "--only", PRINT_ONLY).exit_code == 0
    result = tiny.kitgen("package", "--kit", "tiny")
    assert result.exit_code == 0, result.output
    zip_path = tiny.root / "output" / "tiny-1.0.0.zip"
    first = zip_path.read_bytes()
    # Touch every output file: new mtimes must not change the archive.
    for path in (tiny.root / "output" / "tiny").rglob("*.pdf"):
        path.write_bytes(path.read_bytes())
    assert tiny.kitgen("package", "--kit", "tiny").exit_code == 0
    assert zip_path.read_bytes() == first

    manifest = json.loads((tiny.root / "output" / "tiny-1.0.0.manifest.json").read_text(encoding="utf-8"))
    assert manifest["kit"] == "tiny" and manifest["version"] == "1.0.0"
    assert [loc["code"] for loc in manifest["locales"]] == ["en", "hy"]
    hy = manifest["locales"][1]
    assert hy["name"] == "Armenian" and hy["translated_percent"]["tiny"] == 100.0
    assert hy["voice_engine"] == "espeak"
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        names = archive.namelist()
        assert names == sorted(names)
        assert "tiny-1.0.0/manifest.json" in names
        for entry in manifest["files"]:
            data = archive.read(f"tiny-1.0.0/{entry['path']}")
            assert len(data) == entry["size"]
            assert hashlib.sha256(data).hexdigest() == entry["sha256"]
        assert {i.date_time for i in archive.infolist()} == {(2023, 11, 14, 22, 13, 20)}
    assert {e["path"] for e in manifest["files"]} == {f"{loc}/{name}" for loc in ("en", "hy") for name in ("cards.pdf", "workbook.pdf", "README.pdf")}


def test_shard_outputs_merge_into_one_package(tiny):
    out1, out2 = tiny.root / "shard1", tiny.root / "shard2"
    assert tiny.kitgen("build", "--only", PRINT_ONLY, "--shard", "1/2", "--output", str(out1)).exit_code == 0
    assert tiny.kitgen("build", "--only", PRINT_ONLY, "--shard", "2/2", "--output", str(out2)).exit_code == 0
    assert sorted(p.name for p in (out1 / "tiny").iterdir()) == ["en"]
    assert sorted(p.name for p in (out2 / "tiny").iterdir()) == ["hy"]
    missing = tiny.kitgen("package", "--kit", "tiny", "--from", str(out1))
    assert missing.exit_code == 1 and "locale 'hy' of kit 'tiny' was not built" in missing.output
    merged = tiny.kitgen("package", "--kit", "tiny", "--from", str(out1), "--from", str(out2))
    assert merged.exit_code == 0, merged.output
    manifest = json.loads((tiny.root / "output" / "tiny-1.0.0.manifest.json").read_text(encoding="utf-8"))
    assert len(manifest["files"]) == 6
    # Same content built whole gives the same archive.
    whole = (tiny.root / "output" / "tiny-1.0.0.zip").read_bytes()
    assert tiny.kitgen("build", "--only", PRINT_ONLY).exit_code == 0
    assert tiny.kitgen("package", "--kit", "tiny").exit_code == 0
    assert (tiny.root / "output" / "tiny-1.0.0.zip").read_bytes() == whole


def test_conflicting_shards_are_refused(tiny):
    out1, out2 = tiny.root / "s1", tiny.root / "s2"
    for out in (out1, out2):
        assert tiny.kitgen("build", "--only", "readme", "--output", str(out)).exit_code == 0
    (out2 / "tiny" / "en" / "README.pdf").write_bytes(b"different")
    result = tiny.kitgen("package", "--kit", "tiny", "--from", str(out1), "--from", str(out2))
    assert result.exit_code == 1 and "'en/README.pdf' differs between" in result.output


def test_zip_bytes_depend_only_on_content_and_epoch():
    a = deterministic_zip({"b.txt": b"2", "a.txt": b"1"}, 1700000000)
    b = deterministic_zip({"a.txt": b"1", "b.txt": b"2"}, 1700000000)
    assert a == b
    assert a != deterministic_zip({"a.txt": b"1", "b.txt": b"2"}, 1800000000)


def test_source_date_epoch_validation():
    assert source_date_epoch({}) == 315532800
    assert source_date_epoch({"SOURCE_DATE_EPOCH": "0"}) == 315532800
    with pytest.raises(OptionError, match="whole number"):
        source_date_epoch({"SOURCE_DATE_EPOCH": "yesterday"})
