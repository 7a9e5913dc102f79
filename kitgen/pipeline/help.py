"""A kit's help contacts as one locale shows them (:class:`~kitgen.builder.help.HelpLine`)."""

from __future__ import annotations

from babel.dates import format_date

from kitgen.builder.help import HelpLine
from kitgen.i18n.locales import babel_locale, display_name, locale_problem
from kitgen.model.kit import Kit


def help_lines(kit: Kit, locale: str) -> tuple[HelpLine, ...]:
    """Every contact of ``kit``, with language names and the check date written in ``locale``."""
    where = babel_locale(locale)
    lines = []
    for contact in kit.help:
        languages = tuple(display_name(code, locale) for code in contact.languages if not locale_problem(code))
        lines.append(HelpLine(
            name=contact.name,
            phone=contact.phone or "",
            url=contact.url or "",
            hours=contact.hours or "",
            languages=languages,
            organisation=contact.organisation or "",
            source=contact.source.title,
            source_url=contact.source.url,
            checked=format_date(contact.verified, format="long", locale=where) if contact.verified else "",
        ))
    return tuple(lines)
