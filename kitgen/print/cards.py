"""Play cards: fronts and backs imposed N-up with crop marks, ready for duplex or fold-over.

A front has the category band (colour, icon, name), the title, a picture (the card's
illustration, else its icon drawn large) and the body. A back has the kit's branding, the
category's icon and name, and the safety reminder. Every text is fitted to its box by
:func:`kitgen.print.fit.fit_paragraph`; text that does not fit at its floor size stops the
build with a :class:`~kitgen.errors.TextOverflowError` naming the card, the locale, the field
and the overflow.

Everything that can fail (options, images, fonts, fitting) is done in :meth:`CardsBuilder.prepare`,
before the output file is opened. Without bleed, card art is inset from the trim and each
back keeps a white border, so a duplex printer that shifts the back a millimetre or two
still gives clean cards. With bleed, art runs into the bleed and every page has a TrimBox
and a BleedBox.

Options (``request.options``): ``paper`` (a4|letter), ``duplex`` (long|short|none|foldover),
``bleed`` (mm, or a length such as ``"3mm"``), ``crop_marks`` (bool), ``eco`` (bool),
``card_size`` ((width, height) in mm, or ``"63x88"``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas

from kitgen.builder import Builder, BuildRequest, Reads
from kitgen.errors import (
    Location,
    OptionError,
    SourceError,
    TextOverflowError,
    did_you_mean,
)
from kitgen.model.story import Card, Category
from kitgen.print import imposition as imp
from kitgen.print.base import PrintSetup, open_canvas, setup
from kitgen.print.fit import Fitted, TextDoesNotFit, fit_paragraph
from kitgen.print.graphics import Graphic, load_graphic, load_icon
from kitgen.print.locate import SourceLocator
from kitgen.text.fontset import uncovered_message
from kitgen.text.pdf import base_font_name, draw_string, paragraph_markup, string_width

MM = imp.MM
POKER_MM = (63.0, 88.0)
DARK_INK = colors.HexColor("#1f2933")


@dataclass(frozen=True)
class CardDesign:
    """The card layout in millimetres, and the floor sizes (points) text may shrink to."""

    inset: float = 2.5  # art inset from the trim when there is no bleed
    corner: float = 3.0
    margin: float = 5.0  # text and pictures stay this far inside the trim
    band: float = 13.0  # category band height, from the top trim
    icon: float = 7.0
    gap: float = 2.2
    picture_min: float = 14.0
    picture_max: float = 32.0
    back_icon: float = 15.0
    title_floor: float = 9.0
    body_floor: float = 7.0
    category_floor: float = 7.0
    back_floor: float = 8.0
    small_floor: float = 5.5


DESIGN = CardDesign()


@dataclass(frozen=True)
class CardOptions:
    paper: str
    duplex: str
    bleed: float
    crop_marks: bool
    eco: bool
    card_size: tuple[float, float]

    @classmethod
    def of(cls, request: BuildRequest) -> CardOptions:
        return cls(
            paper=str(request.option("paper", "a4")).lower(),
            duplex=imp.check_duplex(str(request.option("duplex", "long"))),
            bleed=imp.parse_length(request.option("bleed", 0.0) or 0.0),
            crop_marks=bool(request.option("crop_marks", True)),
            eco=bool(request.option("eco", False)),
            card_size=card_size(request.option("card_size", POKER_MM)),
        )


def card_size(value: object) -> tuple[float, float]:
    """``(63, 88)``, ``("63mm", "88mm")`` or ``"63x88"`` as (width, height) in millimetres."""
    if isinstance(value, str):
        parts = value.lower().replace("×", "x").split("x")
    else:
        parts = list(value) if isinstance(value, (list, tuple)) else []
    if len(parts) != 2:
        raise OptionError(f"invalid card size {value!r}; give width and height in mm, like 63x88")
    width, height = (imp.parse_length(p.strip() if isinstance(p, str) else p) for p in parts)
    if not (20 <= width <= 300 and 20 <= height <= 300):
        raise OptionError(f"card size {width:g} × {height:g} mm is out of range; each side must be 20 to 300 mm")
    return width, height


@dataclass(frozen=True)
class Front:
    card: Card
    colour: colors.Color
    ink: colors.Color  # text and icon colour on the band
    icon: Graphic
    picture: Graphic
    category: Fitted
    title: Fitted
    body: Fitted
    label: Fitted
    picture_box: tuple[float, float, float, float] | None  # x, y, width, height from the trim's corner


@dataclass(frozen=True)
class Back:
    form: str
    disc: float  # diameter of the icon's disc
    colour: colors.Color
    ink: colors.Color
    icon: Graphic
    brand: Fitted | None  # None: the kit has no branding, nothing is printed there
    name: Fitted
    reminder: Fitted


@dataclass(frozen=True)
class CardPlan:
    ps: PrintSetup
    options: CardOptions
    imposition: imp.Imposition
    fronts: tuple[Front, ...]
    backs: Mapping[str, Back]


class CardsBuilder(Builder):
    name = "cards"
    format = "pdf"
    filename = "cards.pdf"
    reads = Reads(
        model={"story": {"title", "summary"}, "categories": True, "cards": True},
        options={"paper": "a4", "duplex": "long", "bleed": 0.0, "crop_marks": True, "eco": False, "card_size": POKER_MM},
        files=("illustrations", "icons", "fonts", "chrome"),
    )

    def prepare(self, request: BuildRequest) -> None:
        self._plan = (request, plan_cards(request))

    def write(self, request: BuildRequest) -> None:
        prepared = getattr(self, "_plan", None)
        plan = prepared[1] if prepared and prepared[0] is request else plan_cards(request)
        write_cards(plan)


def plan_cards(request: BuildRequest) -> CardPlan:
    """Validate everything and lay out every face; raises located errors, writes nothing."""
    options = CardOptions.of(request)
    ps = setup(request)
    layout = imp.impose(ps.paper, options.card_size, options.bleed, options.duplex, options.crop_marks)
    story = ps.story
    locate = SourceLocator(request)
    if not story.cards:
        raise SourceError("the story has no cards; add some under 'cards:' to print play cards", locate("cards", 0, "", None))
    known = {c.id for c in story.categories}
    for index, card in enumerate(story.cards):
        if card.category not in known:
            raise SourceError(f"card '{card.id}' has the unknown category '{card.category}'{did_you_mean(card.category, known)}; "
                              f"declare it under 'categories'", locate("cards", index, card.id, "category"))
    _prove_covered(ps, [request.branding] + _chrome_texts(ps, len(story.cards)))
    planner = _Planner(ps, layout, locate)
    backs = {category.id: planner.back(n, category) for n, category in enumerate(story.categories)}
    fronts = tuple(planner.front(index, card) for index, card in enumerate(story.cards))
    return CardPlan(ps, options, layout, fronts, MappingProxyType(backs))


def write_cards(plan: CardPlan) -> None:
    ps, layout = plan.ps, plan.imposition
    boxes = {}
    if layout.bleed > 0:
        boxes = {"trimBox": layout.trim_box().box(), "bleedBox": layout.grid.box()}
    with open_canvas(ps, ps.t("Play cards"), pagesize=layout.page, **boxes) as canvas:
        for back in plan.backs.values():
            _define_back_form(canvas, plan, back)
        per_sheet = layout.per_sheet
        slots = layout.front_slots()
        for start in range(0, len(plan.fronts), per_sheet):
            sheet = list(zip(slots, plan.fronts[start : start + per_sheet]))
            _sheet_marks(canvas, plan)
            for slot, front in sheet:
                _at(canvas, layout.trim(slot), False, lambda c, f=front: _draw_front(c, plan, f))
            if layout.mode == "foldover":
                _draw_backs(canvas, plan, sheet)
            canvas.showPage()
            if layout.mode in ("long", "short"):
                _draw_backs(canvas, plan, sheet)
                canvas.showPage()


# -- planning -------------------------------------------------------------------------

class _Planner:
    """Lays out faces for one build; loads each icon once per colour."""

    def __init__(self, ps: PrintSetup, layout: imp.Imposition, locate: SourceLocator) -> None:
        self.ps, self.layout, self.locate = ps, layout, locate
        self.size = layout.card
        self.inset = _inset(layout)
        self.categories = {c.id: (n, c) for n, c in enumerate(ps.story.categories)}
        self.icons: dict[tuple[str, str], Graphic] = {}

    def front(self, index: int, card: Card) -> Front:
        ps, d, (w, h), inset = self.ps, DESIGN, self.size, self.inset
        n_cat, category = self.categories[card.category]
        colour, ink = _colours(ps, category.colour)
        icon_at = ("cards", index, card.id, "icon") if card.icon else ("categories", n_cat, category.id, "icon")
        icon_name = card.icon or category.icon
        band_icon = self.icon(icon_name, ink, icon_at)
        if card.illustration:
            at = ("cards", index, card.id, "illustration")
            picture = self.locate.media(lambda: load_graphic(ps.request.story_dir / card.illustration.file), *at)
        else:
            picture = self.icon(icon_name, colors.Color(0.6, 0.6, 0.6) if ps.eco else colour, icon_at)
        margin, inner, gap = d.margin * MM, w - 2 * d.margin * MM, d.gap * MM
        band_bottom = h - d.band * MM

        def overflow(exc: TextDoesNotFit, what: str, kind: str = "cards") -> TextOverflowError:
            item, n = (category, n_cat) if kind == "categories" else (card, index)
            noun = "category" if kind == "categories" else "card"
            return TextOverflowError(f"{noun} '{item.id}' ({ps.locale}): {exc.describe(what)}", self.locate(kind, n, item.id, what))

        text_x = margin + d.icon * MM + gap
        try:
            category_text = _fit(ps, category.title, _coloured(ps.styles["CardCategory"], ink), w - text_x - margin * 0.8,
                                 h - inset - band_bottom - 2, d.category_floor)
        except TextDoesNotFit as exc:
            raise overflow(exc, "title", "categories") from None
        title_style = ps.styles["CardTitle"]
        try:
            title = _fit(ps, card.title, title_style, inner, 2 * title_style.leading + 2, d.title_floor)
        except TextDoesNotFit as exc:
            raise overflow(exc, "title") from None
        label = _fit_chrome(ps, ps.t("Card {number}", number=index + 1), ps.styles["CardLabel"], inner, 12, d.small_floor, "card label")
        bottom = _label_bottom(inset) + label.height + gap / 2
        room = band_bottom - gap - title.height - gap - bottom
        body, picture_room = self._body(card, room, overflow)
        picture_box = None
        if picture_room > 0:
            ph = min(picture_room, d.picture_max * MM)
            picture_box = (margin, bottom + body.height + gap + (picture_room - ph) / 2, inner, ph)
        return Front(card, colour, ink, band_icon, picture, category_text, title, body, label, picture_box)

    def _body(self, card: Card, room: float, overflow) -> tuple[Fitted, float]:
        """The body fitted below the picture; returns it and the height left for the picture.

        A decorative icon gives way before the body shrinks; an illustration never does.
        """
        ps, d, gap = self.ps, DESIGN, DESIGN.gap * MM
        style = ps.styles["CardBody"]
        inner = self.size[0] - 2 * d.margin * MM
        with_picture = room - d.picture_min * MM - gap
        attempts = [(with_picture, style.fontSize), (room, style.fontSize), (with_picture, d.body_floor), (room, d.body_floor)]
        if card.illustration:
            attempts = [(with_picture, d.body_floor)]
        for height, floor in attempts:
            try:
                body = _fit(ps, card.body, style, inner, height, floor)
            except TextDoesNotFit as exc:
                failure = exc
                continue
            return body, (room - body.height - gap if height == with_picture else 0.0)
        raise overflow(failure, "body")

    def back(self, index: int, category: Category) -> Back:
        ps, d, w = self.ps, DESIGN, self.size[0]
        colour, ink = _colours(ps, category.colour)
        icon = self.icon(category.icon, colour, ("categories", index, category.id, "icon"))
        inner = w - 2 * d.margin * MM - 4 * MM
        brand_style = _coloured(ps.styles["CardBrand"], ink)
        brand = _fit_chrome(ps, ps.request.branding, brand_style, inner, 2 * brand_style.leading + 1,
                            d.small_floor, "branding") if ps.request.branding else None
        reminder_style = _coloured(ps.styles["CardReminder"], ink)
        reminder = _fit_chrome(ps, ps.t("Talk to an adult you trust"), reminder_style, inner, 2 * reminder_style.leading + 1,
                               d.small_floor, "reminder 'Talk to an adult you trust'")
        name_style = _coloured(ps.styles["CardBack"], ink)
        try:
            name = _fit(ps, category.title, name_style, inner, 2 * name_style.leading + 1, d.back_floor)
        except TextDoesNotFit as exc:
            raise TextOverflowError(f"category '{category.id}' ({ps.locale}) on the card back: {exc.describe('title')}",
                                    self.locate("categories", index, category.id, "title")) from None
        # The disc shrinks on short cards so that nothing overlaps; below 8 mm the title must give way.
        free = self.size[1] - 2 * (d.margin + 3) * MM - (brand.height if brand else 0.0) - reminder.height - 2 * d.gap * MM - name.height
        disc = min(d.back_icon * MM + 5 * MM, free)
        if disc < 8 * MM:
            raise TextOverflowError(
                f"category '{category.id}' ({ps.locale}) on the card back: title leaves no room for the icon "
                f"(short by {8 * MM - disc:.1f} pt); shorten it or use taller cards",
                self.locate("categories", index, category.id, "title"),
            )
        return Back(f"CardBack{index}", disc, colour, ink, icon, brand, name, reminder)

    def icon(self, name: str, colour: colors.Color, at: tuple) -> Graphic:
        key = (name, colour.hexval())
        if key not in self.icons:
            self.icons[key] = self.locate.media(lambda: load_icon(name, self.ps.request.story_dir, colour), *at)
        return self.icons[key]


def _inset(layout: imp.Imposition) -> float:
    """How far card art stays inside the trim: none with bleed, a white border without."""
    return 0.0 if layout.bleed > 0 else DESIGN.inset * MM


def _label_bottom(inset: float) -> float:
    return max(DESIGN.margin * MM - 2 * MM, inset + 1.2 * MM)


def _fit(ps: PrintSetup, text: str, style: ParagraphStyle, width: float, height: float, floor: float) -> Fitted:
    bold = style.fontName == base_font_name(ps.fontset, bold=True)
    return fit_paragraph(paragraph_markup(ps.fontset, text, bold), style, width, height, floor)


def _fit_chrome(ps: PrintSetup, text: str, style: ParagraphStyle, width: float, height: float, floor: float, what: str) -> Fitted:
    """Fit kitgen's own words (or the kit's branding): an overflow points at the chrome catalog."""
    try:
        return _fit(ps, text, style, width, height, floor)
    except TextDoesNotFit as exc:
        where = None if what == "branding" else Location.of(ps.chrome.path)
        raise TextOverflowError(f"play cards ({ps.locale}): {exc.describe(what)}", where) from None


def _coloured(style: ParagraphStyle, colour: colors.Color) -> ParagraphStyle:
    return ParagraphStyle(f"{style.name}-{colour.hexval()}", parent=style, textColor=colour)


def _colours(ps: PrintSetup, hex_colour: str) -> tuple[colors.Color, colors.Color]:
    """The category colour and the ink that reads best on it (eco: black on white)."""
    if ps.eco:
        return colors.black, colors.black
    colour = colors.HexColor(hex_colour)
    lum = _luminance(colour)
    on_white, on_dark = (1.05) / (lum + 0.05), (lum + 0.05) / (_luminance(DARK_INK) + 0.05)
    # White reads better than its contrast ratio suggests on saturated mid-tones: it wins near-ties.
    return colour, (colors.white if on_white * 1.2 >= on_dark else DARK_INK)


def _luminance(colour: colors.Color) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    return 0.2126 * channel(colour.red) + 0.7152 * channel(colour.green) + 0.0722 * channel(colour.blue)


def _chrome_texts(ps: PrintSetup, cards: int) -> list[str]:
    return [ps.t("Play cards"), ps.t("Card {number}", number=cards), ps.t("Talk to an adult you trust"), ps.t("Fold here"),
            ps.t("Cut along the crop marks")]


def _prove_covered(ps: PrintSetup, texts: list[str]) -> None:
    for text in texts:
        missing = ps.fontset.missing_characters(text)
        if missing:
            raise SourceError(uncovered_message(text, ps.locale, missing[0]), Location.of(ps.chrome.path or ps.request.sources.story_file))


# -- drawing ------------------------------------------------------------------------

def _at(canvas: Canvas, trim: imp.Rect, rotated: bool, draw) -> None:
    canvas.saveState()
    if rotated:
        canvas.translate(trim.right, trim.top)
        canvas.rotate(180)
    else:
        canvas.translate(trim.x, trim.y)
    draw(canvas)
    canvas.restoreState()


def _art_path(canvas: Canvas, layout: imp.Imposition, inset: float | None = None):
    """The card's art area: the bleed rectangle, or a rounded rectangle ``inset`` inside the trim."""
    (w, h), bleed = layout.card, layout.bleed
    path = canvas.beginPath()
    if inset is None and bleed > 0:
        path.rect(-bleed, -bleed, w + 2 * bleed, h + 2 * bleed)
        return path
    inset = DESIGN.inset * MM if inset is None else inset
    path.roundRect(inset, inset, w - 2 * inset, h - 2 * inset, max(DESIGN.corner * MM - (inset - DESIGN.inset * MM) / 2, 1))
    return path


def _draw_front(canvas: Canvas, plan: CardPlan, front: Front) -> None:
    d, layout, eco = DESIGN, plan.imposition, plan.ps.eco
    (w, h), bleed = layout.card, layout.bleed
    band_bottom = h - d.band * MM
    inset = _inset(layout)
    if eco:  # outlines only
        canvas.setStrokeColor(colors.Color(0.45, 0.45, 0.45))
        canvas.setLineWidth(0.6)
        canvas.drawPath(_art_path(canvas, layout, d.inset * MM), stroke=1, fill=0)
        canvas.line(d.inset * MM, band_bottom, w - d.inset * MM, band_bottom)
    else:
        canvas.saveState()
        canvas.clipPath(_art_path(canvas, layout), stroke=0, fill=0)
        canvas.setFillColor(front.colour)
        canvas.rect(-bleed - 1, band_bottom, w + 2 * bleed + 2, h, stroke=0, fill=1)
        canvas.restoreState()
        if not bleed:
            canvas.setStrokeColor(front.colour)
            canvas.setLineWidth(0.8)
            canvas.drawPath(_art_path(canvas, layout), stroke=1, fill=0)
    band_mid = (band_bottom + h - inset) / 2
    margin = d.margin * MM
    front.icon.draw(canvas, margin, band_mid - d.icon * MM / 2, d.icon * MM, d.icon * MM)
    text_x = margin + d.icon * MM + d.gap * MM
    front.category.draw(canvas, text_x, band_mid + front.category.height / 2)
    front.title.draw(canvas, margin, band_bottom - d.gap * MM)
    bottom = _label_bottom(inset)
    front.label.draw(canvas, margin, bottom + front.label.height)
    front.body.draw(canvas, margin, bottom + front.label.height + d.gap * MM * 0.5 + front.body.height)
    if front.picture_box:
        front.picture.draw(canvas, *front.picture_box)


def _define_back_form(canvas: Canvas, plan: CardPlan, back: Back) -> None:
    """Each category's back is drawn once, as a form, and placed behind every card of it."""
    d, layout, eco = DESIGN, plan.imposition, plan.ps.eco
    (w, h), bleed = layout.card, layout.bleed
    canvas.beginForm(back.form, -bleed, -bleed, w + bleed, h + bleed)
    if eco:
        canvas.setStrokeColor(colors.black)
        canvas.setLineWidth(0.9)
        canvas.drawPath(_art_path(canvas, layout, d.inset * MM), stroke=1, fill=0)
    else:
        canvas.setFillColor(back.colour)
        canvas.drawPath(_art_path(canvas, layout), stroke=0, fill=1)
    canvas.setStrokeColor(colors.Color(0.55, 0.55, 0.55) if eco else back.ink)
    canvas.setLineWidth(0.6)
    canvas.drawPath(_art_path(canvas, layout, (d.inset + 2) * MM), stroke=1, fill=0)
    margin = d.margin * MM + 2 * MM
    if back.brand is not None:
        back.brand.draw(canvas, margin, h - margin - 1 * MM)
    back.reminder.draw(canvas, margin, margin + 1 * MM + back.reminder.height)
    disc = back.disc
    group = disc + d.gap * MM + back.name.height
    low = margin + 1 * MM + back.reminder.height + d.gap * MM
    high = h - margin - 1 * MM - (back.brand.height if back.brand is not None else 0.0) - d.gap * MM
    top = (low + high + group) / 2  # the disc and the name, centred between the reminder and the branding
    canvas.setFillColor(colors.white)
    canvas.setStrokeColor(colors.black if eco else back.ink)
    canvas.setLineWidth(0.9 if eco else 0)
    canvas.circle(w / 2, top - disc / 2, disc / 2, stroke=1 if eco else 0, fill=0 if eco else 1)
    size = disc * d.back_icon / (d.back_icon + 5)
    back.icon.draw(canvas, (w - size) / 2, top - disc / 2 - size / 2, size, size)
    back.name.draw(canvas, margin, top - disc - d.gap * MM)
    canvas.endForm()


def _draw_backs(canvas: Canvas, plan: CardPlan, sheet: list) -> None:
    layout = plan.imposition
    for slot, front in sheet:
        back = plan.backs[front.card.category]
        _at(canvas, layout.trim(layout.back_slot(slot)), layout.back_rotated, lambda c, b=back: c.doForm(b.form))


def _sheet_marks(canvas: Canvas, plan: CardPlan) -> None:
    """Crop marks, cut guides and the fold line with its label, and a note in the bottom margin."""
    layout, ps = plan.imposition, plan.ps
    grey = colors.Color(0.7, 0.7, 0.7)
    if not layout.bleed:
        imp.draw_cut_guides(canvas, layout, colors.Color(0.82, 0.82, 0.82))
    if plan.options.crop_marks:
        imp.draw_crop_marks(canvas, layout)
    imp.draw_fold_line(canvas, layout, grey)
    grid, gap = layout.grid, (imp.MARK_GAP_MM + 1) * MM
    muted = ps.styles.palette.muted
    canvas.saveState()
    canvas.setFillColor(muted)
    if layout.fold == "vertical" and layout.page[1] - grid.top >= gap + 3 * MM:
        draw_string(canvas, ps.fontset, layout.page[0] / 2 - layout.bleed - 1.5 * MM, grid.top + gap, ps.t("Fold here"), 7, align="right")
    elif layout.fold == "horizontal" and grid.x >= gap + 3 * MM:
        canvas.translate(grid.x - gap, layout.page[1] / 2 + layout.bleed + 1.5 * MM)
        canvas.rotate(90)
        draw_string(canvas, ps.fontset, 0, 0, ps.t("Fold here"), 7)
    canvas.restoreState()
    margin = grid.y - (imp.MARK_GAP_MM + imp.MARK_LENGTH_MM) * MM
    if margin >= 9 * MM:
        canvas.saveState()
        canvas.setFillColor(muted)
        note = f"{ps.story.story.title} · {ps.t('Play cards')} · {ps.t('Cut along the crop marks')}"
        if string_width(ps.fontset, note, 7) <= grid.width:
            draw_string(canvas, ps.fontset, grid.x, margin / 2 - 1, note, 7)
        canvas.restoreState()
