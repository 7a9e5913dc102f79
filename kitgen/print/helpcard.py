"""The help card, the last card of the deck: what to do when something online worries a child.

Front: a band in the kit's accent colour with an icon and "Need help?", then the line "If
something online worries or scares you:" and the numbered steps (stop and do not reply; keep
a screenshot; talk to an adult you trust; and, when the kit has help contacts, call or write
to a helpline), with the icon drawn large below them when there is room.

Back: "Where to get help" and each of the kit's contacts (name, the phone number large and
bold, web address, hours, languages), fitted together to the card; when they do not fit even
below 80 % of their size, the languages, then the hours, then the web address give way
before the text shrinks further (to 60 %); below that the build stops with a
:class:`~kitgen.errors.TextOverflowError`. Without contacts the back says
only "Talk to an adult you trust".

The card is planned and drawn like the others (:mod:`kitgen.print.cardface`), in the same
slots, so its back lines up in duplex and fold-over alike.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.pdfgen.canvas import Canvas

from kitgen.errors import Location, TextOverflowError
from kitgen.print import imposition as imp
from kitgen.print.base import PrintSetup
from kitgen.print.cardface import DESIGN, MM, art_inset, coloured, colours, draw_back_frame, draw_front_frame, fit_chrome
from kitgen.print.fit import Fitted, FittedStack, StackItem, TextDoesNotFit, fit_stack
from kitgen.print.graphics import Graphic, load_icon
from kitgen.print.help import ADULT, HEADING, break_address, details, prove_help
from kitgen.text.pdf import paragraph_markup

ICON = "hand"
TITLE = "Need help?"
LEAD = "If something online worries or scares you:"
STEPS = ("Stop. Do not reply.", "Keep what you saw: take a screenshot.", ADULT)
HELPLINE_STEP = "You can also call or write to a helpline."
#: Text may shrink to this share of its style's size, on the front and on the back.
FLOOR_SCALE = 0.6
#: The details a contact drops, in this order, before the text on the back gets smaller than
#: ``GIVE_WAY_SCALE``; when even names and numbers alone do not fit there, the same again down
#: to ``FLOOR_SCALE``.
GIVE_WAY = ("Languages", "Hours", "Website")
GIVE_WAY_SCALE = 0.8


@dataclass(frozen=True)
class HelpFront:
    colour: colors.Color
    ink: colors.Color
    icon: Graphic  # on the band, in the ink
    picture: Graphic  # the icon large, in the card's colour
    title: Fitted
    steps: FittedStack
    picture_box: tuple[float, float, float, float] | None  # x, y, width, height from the trim's corner


@dataclass(frozen=True)
class HelpBack:
    colour: colors.Color
    content: FittedStack
    centred: bool  # only "Talk to an adult you trust": in the middle of the card


@dataclass(frozen=True)
class HelpCard:
    front: HelpFront
    back: HelpBack


def plan_help_card(ps: PrintSetup, layout: imp.Imposition) -> HelpCard:
    """Fit the help card's front and back to the card size; raises located errors."""
    prove_help(ps)
    hex_accent = "#" + ps.styles.palette.accent.hexval()[2:]
    colour, ink = colours(ps, hex_accent)
    return HelpCard(_front(ps, layout, colour, ink), _back(ps, layout, colour))


def _overflow(ps: PrintSetup, side: str, exc: TextDoesNotFit) -> TextOverflowError:
    where = Location.of(ps.chrome.path) if ps.chrome.path else None
    return TextOverflowError(f"help card ({ps.locale}), {side}: {exc.describe('text')}", where)


def _markup(ps: PrintSetup, text: str, bold: bool = False) -> str:
    return paragraph_markup(ps.fontset, text, bold)


def _front(ps: PrintSetup, layout: imp.Imposition, colour: colors.Color, ink: colors.Color) -> HelpFront:
    d, (w, h), inset = DESIGN, layout.card, art_inset(layout)
    story_dir = ps.request.story_dir
    memo = ps.request.memo
    icon = load_icon(ICON, story_dir, ink, memo=memo)
    picture = load_icon(ICON, story_dir, colors.Color(0.6, 0.6, 0.6) if ps.eco else colour, memo=memo)
    margin, gap = d.margin * MM, d.gap * MM
    band_bottom = h - d.band * MM
    text_x = margin + d.icon * MM + gap
    title = fit_chrome(ps, ps.t(TITLE), coloured(ps.styles["HelpCardTitle"], ink), w - text_x - margin * 0.8,
                       h - inset - band_bottom - 2, d.category_floor, f"'{TITLE}'")
    steps = list(STEPS) + ([HELPLINE_STEP] if ps.request.help else [])
    step_style = ps.styles["HelpCardStep"]
    items = [StackItem(_markup(ps, ps.t(LEAD), bold=True), ps.styles["HelpCardLead"])]
    items += [StackItem(_markup(ps, ps.t(step)), step_style, bullet=f"{n}.", before=3) for n, step in enumerate(steps, 1)]
    top, bottom = band_bottom - gap, max(margin, inset + 2 * MM)
    try:
        stack = fit_stack(items, w - 2 * margin, top - bottom, FLOOR_SCALE)
    except TextDoesNotFit as exc:
        raise _overflow(ps, "front", exc) from None
    room = top - bottom - stack.height - gap
    box = None
    if room >= d.picture_min * MM:
        size = min(room, d.picture_max * MM)
        box = (margin, bottom + (room - size) / 2, w - 2 * margin, size)
    return HelpFront(colour, ink, icon, picture, title, stack, box)


def _contact_items(ps: PrintSetup, width: float, colour: colors.Color, leave_out: tuple[str, ...]) -> list[StackItem]:
    styles = ps.styles
    items = [StackItem(_markup(ps, ps.t(HEADING), bold=True), coloured(styles["HelpCardHeading"], colour))]
    for line in ps.request.help:
        items.append(StackItem(_markup(ps, line.name, bold=True), styles["HelpCardName"], before=5))
        for label, value in details(ps, line):
            if label in leave_out and not (label == "Website" and not line.phone):  # a way to reach it stays
                continue
            if label == "Phone":
                def phone(size: float, text: str = ps.t(label), value: str = value) -> str:
                    return f'<font size="{size * 0.55:.2f}">{_markup(ps, text + ":")}</font> {_markup(ps, value, bold=True)}'
                items.append(StackItem(phone, styles["HelpCardPhone"]))
            elif label == "Website":
                def website(size: float, text: str = ps.t(label), value: str = value) -> str:
                    return f"{_markup(ps, text + ':')} {_markup(ps, break_address(ps.fontset, value, size, width - 1))}"
                items.append(StackItem(website, styles["HelpCardDetail"]))
            else:
                items.append(StackItem(f"{_markup(ps, ps.t(label) + ':')} {_markup(ps, value)}", styles["HelpCardDetail"]))
    return items


def _back(ps: PrintSetup, layout: imp.Imposition, colour: colors.Color) -> HelpBack:
    d, (w, h) = DESIGN, layout.card
    margin = (d.margin + 1) * MM
    width, height = w - 2 * margin, h - 2 * margin
    if not ps.request.help:
        try:
            stack = fit_stack([StackItem(_markup(ps, ps.t(ADULT), bold=True), ps.styles["HelpCardAdult"])], width, height, FLOOR_SCALE)
        except TextDoesNotFit as exc:
            raise _overflow(ps, "back", exc) from None
        return HelpBack(colour, stack, centred=True)
    failure: TextDoesNotFit | None = None
    for floor in (GIVE_WAY_SCALE, FLOOR_SCALE):  # details give way before the text gets really small
        for dropped in range(len(GIVE_WAY) + 1):
            try:
                stack = fit_stack(_contact_items(ps, width, colour, GIVE_WAY[:dropped]), width, height, floor)
            except TextDoesNotFit as exc:
                failure = exc
                continue
            return HelpBack(colour, stack, centred=False)
    raise _overflow(ps, "back (the help contacts)", failure) from None


# -- drawing ------------------------------------------------------------------------------------

def draw_help_front(canvas: Canvas, layout: imp.Imposition, eco: bool, front: HelpFront) -> None:
    d = DESIGN
    band_bottom, band_mid, margin = draw_front_frame(canvas, layout, eco, front.colour)
    front.icon.draw(canvas, margin, band_mid - d.icon * MM / 2, d.icon * MM, d.icon * MM)
    front.title.draw(canvas, margin + d.icon * MM + d.gap * MM, band_mid + front.title.height / 2)
    front.steps.draw(canvas, margin, band_bottom - d.gap * MM)
    if front.picture_box:
        front.picture.draw(canvas, *front.picture_box)


def draw_help_back(canvas: Canvas, layout: imp.Imposition, eco: bool, back: HelpBack) -> None:
    """A white face in a frame of the card's colour (eco: outlines), the contacts on it."""
    d, h = DESIGN, layout.card[1]
    inner = (d.inset + 1.5) * MM
    canvas.saveState()
    draw_back_frame(canvas, layout, eco, back.colour, back.colour, inner + 1 * MM, face_inset=inner)
    canvas.restoreState()
    margin = (d.margin + 1) * MM
    spare = h - 2 * margin - back.content.height
    top = h - margin - (spare / 2 if back.centred else spare / 3)  # the contacts a little above the middle
    back.content.draw(canvas, margin, top)
