from __future__ import annotations

import pytest

from kitgen.text.fonts import FontSet, default_fonts_dir, load_fontset


@pytest.fixture(scope="session")
def fontset() -> FontSet:
    """The bundled fonts, as every builder uses them."""
    return load_fontset(default_fonts_dir())
