from __future__ import annotations

import kitgen.text.fonts as fonts


def test_public_api_is_exported_and_documented() -> None:
    doc = fonts.__doc__
    for name in fonts.__all__:
        assert hasattr(fonts, name), name
        if name[0].islower():
            assert f"``{name}(" in doc, f"{name} is not documented in the module docstring"
    for method in ("missing_characters", "runs", "line_runs"):
        assert f"FontSet.{method}(" in doc
        assert callable(getattr(fonts.FontSet, method))
