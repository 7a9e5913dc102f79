"""Help contacts as builders show them: already localized, nothing left to look up.

The pipeline turns each of the kit's :class:`~kitgen.model.help.HelpContact` into a
:class:`HelpLine` for the artifact's locale (language names and dates in that locale), so
builders only lay them out. Labels ("Phone", "Where to get help") come from the chrome.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class HelpLine:
    name: str
    phone: str = ""  # as a child dials it, e.g. "116 111"
    url: str = ""  # shown without its https:// prefix by :attr:`address`
    hours: str = ""
    languages: tuple[str, ...] = ()  # language names in the artifact's locale
    organisation: str = ""
    source: str = ""  # the title of the public page it was taken from
    source_url: str = ""
    checked: str = ""  # the date it was last checked, in the artifact's locale; "" when never

    @property
    def address(self) -> str:
        """The web address as people read it: no scheme, no trailing slash."""
        return self.url.removeprefix("https://").removeprefix("http://").rstrip("/")
