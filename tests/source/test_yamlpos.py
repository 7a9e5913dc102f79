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
