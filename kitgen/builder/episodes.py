"""The names an episode is published under: its file stem and its link.

One definition serves every builder: the episode files (``episodes/NN-<slug>.mp4``, the audio
``audio/NN-<slug>.m4a``) and the printed links to them.

- :func:`episode_stem` is ``NN-<slug>``: the 1-based episode number on two digits and the
  localized title made ASCII (transliterated whatever the script), e.g. ``01-hello-pip``.
- :func:`episode_url` is ``<base_url>/<locale>/<NN-slug>``: where a kit whose manifest gives
  ``links.base_url`` publishes the episode of that number and locale, e.g.
  ``https://example.org/kits/am/hy/01-barev-pip``. A programme publishes a kit by putting, at
  each such address, the episode of the same stem from ``output/<kit>/<locale>/episodes/`` (a
  page that plays it, or the file itself).
- :func:`printed_url` is the link as printed under its QR code: without ``https://``, which
  browsers add when it is typed.
"""

from __future__ import annotations

import re
import unicodedata

from anyascii import anyascii

SCHEME = "https://"


def slug(text: str, limit: int = 40) -> str:
    """An ASCII-safe file name part, whatever the script: transliterated where possible."""
    ascii_text = anyascii(unicodedata.normalize("NFC", text)).replace("'", "").replace("`", "")
    cleaned = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return cleaned[:limit].rstrip("-") or "episode"


def episode_stem(number: int, title: str) -> str:
    return f"{number:02d}-{slug(title)}"


def episode_url(base_url: str, locale: str, number: int, title: str) -> str:
    """The link of episode ``number`` (1-based) titled ``title`` in ``locale``."""
    return f"{base_url.rstrip('/')}/{locale}/{episode_stem(number, title)}"


def printed_url(url: str) -> str:
    """``url`` as printed for people to read or type: without the ``https://``."""
    return url.removeprefix(SCHEME)
