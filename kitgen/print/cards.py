"""Play cards: fronts and backs imposed N-up with crop marks, ready for duplex or fold-over.

A front has the category band (colour, icon, name), the title, a picture (the card's
illustration, else its icon drawn large) and the body. A back has the kit's branding, the
category's icon and name, and the safety reminder. Every text is fitted to its box by
:func:`kitgen.print.fit.fit_paragraph`; text that does not fit at its floor size stops the
build with a :class:`~kitgen.errors.TextOverflowError` naming the card, the locale, the field
and the overflow. The last card of the deck is the help card (:mod:`kitgen.print.helpcard`):
what to do when something online worries a child, and the kit's help contacts on its back. It
takes the next slot like any card, so its back lines up the same way; the story's cards keep
their numbers.

A draft's band goes under the grid, between the crop marks, or upright in the right-hand
margin when the sheet leaves no room below (:func:`band_place`).

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

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from reportlab.lib import colors
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
from kitgen.print.base import SAFE_MARGIN, BandPlace, Placement, PrintSetup, draft_band, footer_band, open_canvas, setup
from kitgen.print.cardface import (
    DESIGN,
    MM,
    art_inset,
    at,
    coloured,
    colours,
    draw_back_frame,
    draw_front_frame,
    fit_chrome,
    fit_text,
    label_bottom,
)
from kitgen.print.fit import Fitted, TextDoesNotFit
from kitgen.print.graphics import Graphic, load_graphic, load_icon
from kitgen.print.helpcard import HelpCard, draw_help_back, draw_help_front, plan_help_card
from kitgen.print.locate import SourceLocator
from kitgen.text.fontset import uncovered_message
from kitgen.text.pdf import draw_string, string_width

POKER_MM = (63.0, 88.0)


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
    help: HelpCard  # the last card of the deck

    def faces(self) -> list[tuple[Callable[[Canvas], None], Callable[[Canvas], None]]]:
        """(draw the front, draw the back) of every card in deck order, the help card last."""
        layout, eco = self.imposition, self.ps.eco
        faces = [(lambda c, f=front: _draw_front(c, self, f), lambda c, b=self.backs[front.card.category]: c.doForm(b.form))
                 for front in self.fronts]
        faces.append((lambda c: draw_help_front(c, layout, eco, self.help.front), lambda c: draw_help_back(c, layout, eco, self.help.back)))
        return faces


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
    return CardPlan(ps, options, layout, fronts, MappingProxyType(backs), plan_help_card(ps, layout))


def write_cards(plan: CardPlan) -> None:
    ps, layout = plan.ps, plan.imposition
    boxes = {}
    if layout.bleed > 0:
        boxes = {"trimBox": layout.trim_box().box(), "bleedBox": layout.grid.box()}
    with open_canvas(ps, ps.t("Play cards"), pagesize=layout.page, band=band_place(ps, layout, plan.options.crop_marks), **boxes) as canvas:
        for back in plan.backs.values():
            _define_back_form(canvas, plan, back)
        per_sheet = layout.per_sheet
        slots = layout.front_slots()
        faces = plan.faces()
        for start in range(0, len(faces), per_sheet):
            sheet = list(zip(slots, faces[start : start + per_sheet]))
            _sheet_marks(canvas, plan)
            for slot, (front, _) in sheet:
                at(canvas, layout.trim(slot), False, front)
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
        self.inset = art_inset(layout)
        self.categories = {c.id: (n, c) for n, c in enumerate(ps.story.categories)}
        self.icons: dict[tuple[str, str], Graphic] = {}

    def front(self, index: int, card: Card) -> Front:
        ps, d, (w, h), inset = self.ps, DESIGN, self.size, self.inset
        n_cat, category = self.categories[card.category]
        colour, ink = colours(ps, category.colour)
        icon_at = ("cards", index, card.id, "icon") if card.icon else ("categories", n_cat, category.id, "icon")
        icon_name = card.icon or category.icon
        band_icon = self.icon(icon_name, ink, icon_at)
        if card.illustration:
            at = ("cards", index, card.id, "illustration")
            picture = self.locate.media(lambda: load_graphic(ps.request.story_dir / card.illustration.file, memo=ps.request.memo), *at)
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
            category_text = fit_text(ps, category.title, coloured(ps.styles["CardCategory"], ink), w - text_x - margin * 0.8,
                                 h - inset - band_bottom - 2, d.category_floor)
        except TextDoesNotFit as exc:
            raise overflow(exc, "title", "categories") from None
        title_style = ps.styles["CardTitle"]
        try:
            title = fit_text(ps, card.title, title_style, inner, 2 * title_style.leading + 2, d.title_floor)
        except TextDoesNotFit as exc:
            raise overflow(exc, "title") from None
        label = fit_chrome(ps, ps.t("Card {number}", number=index + 1), ps.styles["CardLabel"], inner, 12, d.small_floor, "card label")
        bottom = label_bottom(inset) + label.height + gap / 2
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
                body = fit_text(ps, card.body, style, inner, height, floor)
            except TextDoesNotFit as exc:
                failure = exc
                continue
            return body, (room - body.height - gap if height == with_picture else 0.0)
        raise overflow(failure, "body")

    def back(self, index: int, category: Category) -> Back:
        ps, d, w = self.ps, DESIGN, self.size[0]
        colour, ink = colours(ps, category.colour)
        icon = self.icon(category.icon, colour, ("categories", index, category.id, "icon"))
        inner = w - 2 * d.margin * MM - 4 * MM
        brand_style = coloured(ps.styles["CardBrand"], ink)
        brand = fit_chrome(ps, ps.request.branding, brand_style, inner, 2 * brand_style.leading + 1,
                            d.small_floor, "branding") if ps.request.branding else None
        reminder_style = coloured(ps.styles["CardReminder"], ink)
        reminder = fit_chrome(ps, ps.t("Talk to an adult you trust"), reminder_style, inner, 2 * reminder_style.leading + 1,
                               d.small_floor, "reminder 'Talk to an adult you trust'")
        name_style = coloured(ps.styles["CardBack"], ink)
        try:
            name = fit_text(ps, category.title, name_style, inner, 2 * name_style.leading + 1, d.back_floor)
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
            self.icons[key] = self.locate.media(lambda: load_icon(name, self.ps.request.story_dir, colour, memo=self.ps.request.memo), *at)
        return self.icons[key]


def _chrome_texts(ps: PrintSetup, cards: int) -> list[str]:
    return [ps.t("Play cards"), ps.t("Card {number}", number=cards), ps.t("Talk to an adult you trust"), ps.t("Fold here"),
            ps.t("Cut along the crop marks")]


def _prove_covered(ps: PrintSetup, texts: list[str]) -> None:
    for text in texts:
        missing = ps.fontset.missing_characters(text)
        if missing:
            raise SourceError(uncovered_message(text, ps.locale, missing[0]), Location.of(ps.chrome.path or ps.request.sources.story_file))


# -- drawing ------------------------------------------------------------------------

def _draw_front(canvas: Canvas, plan: CardPlan, front: Front) -> None:
    d = DESIGN
    band_bottom, band_mid, margin = draw_front_frame(canvas, plan.imposition, plan.ps.eco, front.colour)
    front.icon.draw(canvas, margin, band_mid - d.icon * MM / 2, d.icon * MM, d.icon * MM)
    text_x = margin + d.icon * MM + d.gap * MM
    front.category.draw(canvas, text_x, band_mid + front.category.height / 2)
    front.title.draw(canvas, margin, band_bottom - d.gap * MM)
    bottom = label_bottom(art_inset(plan.imposition))
    front.label.draw(canvas, margin, bottom + front.label.height)
    front.body.draw(canvas, margin, bottom + front.label.height + d.gap * MM * 0.5 + front.body.height)
    if front.picture_box:
        front.picture.draw(canvas, *front.picture_box)


def _define_back_form(canvas: Canvas, plan: CardPlan, back: Back) -> None:
    """Each category's back is drawn once, as a form, and placed behind every card of it."""
    d, layout, eco = DESIGN, plan.imposition, plan.ps.eco
    (w, h), bleed = layout.card, layout.bleed
    canvas.beginForm(back.form, -bleed, -bleed, w + bleed, h + bleed)
    draw_back_frame(canvas, layout, eco, back.colour, back.ink, (d.inset + 2) * MM)
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
    for slot, (_, back) in sheet:
        at(canvas, layout.trim(layout.back_slot(slot)), layout.back_rotated, back)


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
        width, baseline = string_width(ps.fontset, note, 7), margin / 2 - 1
        if width <= grid.width and not _meets_band(ps, layout, plan.options.crop_marks, (grid.x, baseline - 2, grid.x + width, baseline + 7)):
            draw_string(canvas, ps.fontset, grid.x, baseline, note, 7)
        canvas.restoreState()


# -- the draft band -------------------------------------------------------------------

def band_place(ps: PrintSetup, layout: imp.Imposition, crop_marks: bool) -> Placement:
    """Where a draft's band goes on a sheet of cards, the same on fronts and backs.

    Under the grid when there is room above the printer's margin: in the middle of the sheet
    (of the fronts' half, when the sheet folds down the middle), else under the nearest column
    whose crop marks leave it room; failing that, upright in the right-hand margin beside the
    middle row, between its crop marks; else as low under the grid as it must go.
    """
    band = draft_band(ps)
    if band is None:
        return footer_band
    grid, gap, (width, _) = layout.grid, 1.5 * MM, layout.page
    half = band.width / 2 + gap
    marks = (imp.MARK_GAP_MM + imp.MARK_LENGTH_MM) * MM if crop_marks else 0.0
    preferred = width / 4 if layout.fold == "vertical" else width / 2
    columns = [layout.trim((0, col)) for col in range(layout.cols)]
    centres = [preferred] + sorted((r.x + r.width / 2 for r in columns), key=lambda x: abs(x - preferred))
    cuts = layout.cut_lines()[0]
    for x in centres:
        if layout.fold == "vertical" and abs(x - width / 2) < half:
            continue  # never on the fold
        crossed = any(x - half <= cut <= x + half for cut in cuts)
        if SAFE_MARGIN + band.height <= grid.y - (marks if crossed else 0.0) - gap:
            place = BandPlace(x, SAFE_MARGIN)
            return lambda pagesize: place
    row = layout.trim((layout.rows // 2, 0))
    edge = width - SAFE_MARGIN
    beside = band.width + 2 * gap <= row.height  # between the row's crop marks
    if edge - band.height >= grid.right + (0.0 if beside else marks) + gap:
        place = BandPlace(edge, row.y + row.height / 2, angle=90)
    else:
        place = BandPlace(preferred, max(0.5 * MM, min(SAFE_MARGIN, grid.y - gap - band.height)))
    return lambda pagesize: place


def _meets_band(ps: PrintSetup, layout: imp.Imposition, crop_marks: bool, box: tuple[float, float, float, float]) -> bool:
    band = draft_band(ps)
    if band is None:
        return False
    x0, y0, x1, y1 = band.box(band_place(ps, layout, crop_marks)(layout.page))
    return not (box[2] < x0 - 2 * MM or box[0] > x1 + 2 * MM or box[3] < y0 or box[1] > y1)
