"""Fonts and mixed-script text layout; import from :mod:`kitgen.text.fonts`."""
