import pytest

from kitgen.errors import SourceError
from kitgen.source.yamlpos import load_yaml


def test_positions_of_keys_and_values(tmp_path):
    path = tmp_path / "a.yaml"
    path.write_text("story:\n  id: x\n  list:\n    - one\n    - {a: 2}\n", encoding="utf-8")
    loaded = load_yaml(path)
    assert loaded.data == {"story": {"id": "x", "list": ["one", {"a": 2}]}}
    assert loaded.positions.values[("story", "id")] == (2, 7)
    assert loaded.positions.keys[("story", "list")] == (3, 3)
    assert loaded.positions.values[("story", "list", 1, "a")] == (5, 11)
    # A path that does not exist points at its nearest parent.
    assert loaded.positions.value(("story", "list", 1, "missing")).line == 5


def test_dates_stay_text(tmp_path):
    path = tmp_path / "a.yaml"
    path.write_text("version: 2024-01-01\n", encoding="utf-8")
    assert load_yaml(path).data == {"version": "2024-01-01"}


@pytest.mark.parametrize(
    "text, message, line",
    [
        ("a: 1\na: 2\n", "duplicate key 'a'; remove one of them", 2),
        ("a: b: c\n", "(a value containing ': ' must be quoted)", 1),
        ("a:\n\t- b\n", "(indent with spaces, not tabs)", 2),
        ("a: [1, 2\n", "YAML syntax error", 2),
    ],
)
def test_syntax_errors_are_located(tmp_path, text, message, line):
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SourceError) as info:
        load_yaml(path)
    assert message in info.value.message
    assert info.value.location.line == line


def test_not_utf8(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_bytes("a: é\n".encode("latin-1"))
    with pytest.raises(SourceError, match="not valid UTF-8"):
        load_yaml(path)


@pytest.mark.parametrize(
    "text, says, line",
    [
        ("a: !!python/object/apply:os.system ['id']\n", "tag '!!python/object/apply:os.system' is not allowed", 1),
        ("a:\n  - x\n  - !!python/name:os.system y\n", "tag '!!python/name:os.system' is not allowed", 3),
        ("a: !!binary aGk=\n", "tag '!!binary' is not allowed", 1),
        ("a: !!set {x, y}\n", "tag '!!set' is not allowed", 1),
        ("a: !!timestamp 2020-01-01\n", "tag '!!timestamp' is not allowed", 1),
        ("a: !local x\n", "tag '!local' is not allowed", 1),
        ("? !!python/tuple [a]\n: x\n", "mapping keys must be plain words", 1),
        ("a: !!seq x\n", "tag '!!seq' does not fit a single value", 1),
        ("a: !!int twelve\n", "'twelve' cannot be read as a whole number (!!int)", 1),
        ("a: !!bool perhaps\n", "'perhaps' cannot be read as true or false (!!bool)", 1),
        ("a: &x\n  b: *x\n", "an alias refers to the list or mapping that contains it (a loop)", 1),
        ("a: &x [1, *x]\n", "(a loop)", 1),
        ('a: "bell\\a"\n', "control character U+0007", 1),
        ('"k\\0": 1\n', "key contains the control character U+0000", 1),
    ],
)
def test_only_plain_data(tmp_path, text, says, line):
    path = tmp_path / "hostile.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SourceError) as info:
        load_yaml(path)
    assert says in info.value.message
    assert info.value.location.line == line


def test_core_tags_and_plain_aliases_are_fine(tmp_path):
    path = tmp_path / "fine.yaml"
    path.write_text("a: !!str 5\nb: &hello hi\nc: *hello\nd: =\ne: !!float 1.5\nf: [&l [1, 2], *l]\n", encoding="utf-8")
    assert load_yaml(path).data == {"a": "5", "b": "hi", "c": "hi", "d": "=", "e": 1.5, "f": [[1, 2], [1, 2]]}


def test_an_alias_bomb_stops_at_once(tmp_path):
    import time

    names = "abcdefghi"
    lines = ["a: &a [" + ", ".join(["lol"] * 10) + "]"]
    lines += [f"{n}: &{n} [" + ", ".join([f"*{p}"] * 10) + "]" for p, n in zip(names, names[1:])]
    path = tmp_path / "bomb.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    started = time.perf_counter()
    with pytest.raises(SourceError, match="expands to more than 100,000 values"):
        load_yaml(path)
    assert time.perf_counter() - started < 5


def test_nesting_is_bounded(tmp_path):
    path = tmp_path / "deep.yaml"
    path.write_text("a: " + "[" * 100 + "]" * 100 + "\n", encoding="utf-8")
    with pytest.raises(SourceError, match="nested more than 48 levels deep"):
        load_yaml(path)
    path.write_text("a: " + "- " * 2000 + "x\n", encoding="utf-8")
    with pytest.raises(SourceError):  # libyaml's own limit, or ours: never a RecursionError
        load_yaml(path)


def test_file_size_is_bounded_and_configurable(tmp_path, monkeypatch):
    from kitgen.errors import OptionError
    from kitgen.source.yamlpos import DEFAULT_MAX_BYTES

    path = tmp_path / "big.yaml"
    path.write_text("a: " + "x" * (DEFAULT_MAX_BYTES + 1) + "\n", encoding="utf-8")
    with pytest.raises(SourceError, match="over the limit of 4,000,000.*KITGEN_MAX_SOURCE_BYTES"):
        load_yaml(path)
    monkeypatch.setenv("KITGEN_MAX_SOURCE_BYTES", str(DEFAULT_MAX_BYTES * 2))
    assert len(load_yaml(path).data["a"]) == DEFAULT_MAX_BYTES + 1
    monkeypatch.setenv("KITGEN_MAX_SOURCE_BYTES", "lots")
    with pytest.raises(OptionError, match="KITGEN_MAX_SOURCE_BYTES must be a whole number"):
        load_yaml(path)


def test_special_files_are_refused_without_reading(tmp_path):
    import os

    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    with pytest.raises(SourceError, match="not a regular file"):
        load_yaml(fifo)
    zero = tmp_path / "zero.yaml"
    zero.symlink_to("/dev/zero")
    with pytest.raises(SourceError, match="not a regular file"):
        load_yaml(zero)


def test_not_utf8_points_at_the_byte(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_bytes("a: ok\nb: é\n".encode("latin-1"))
    with pytest.raises(SourceError) as info:
        load_yaml(path)
    assert (info.value.location.line, info.value.location.column) == (2, 4)
