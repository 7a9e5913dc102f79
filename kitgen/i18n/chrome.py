"""The chrome: the fixed words kitgen itself prints on every kit ("Name", "Page 3 of 12").

The English wording is declared here in :data:`CHROME`; :class:`Chrome` holds one locale's
strings, already localized. Reading and maintaining the catalogs that hold the
translations (``kitgen/locales/<locale>.po``) is :mod:`kitgen.i18n.chrome_files`: builders
get a :class:`Chrome` and never see a catalog.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

from kitgen.errors import did_you_mean
from kitgen.i18n.messages import placeholders

LOCALES_DIR = Path(__file__).resolve().parent.parent / "locales"
TEMPLATE_NAME = "kitgen.pot"
DOMAIN = "kitgen"
REVIEW_NOTE = "DRAFT: these are draft translations that a native speaker should review before kits are printed."


@dataclass(frozen=True)
class ChromeMessage:
    """One fixed string: its English text (the msgid) and what translators need to know."""

    msgid: str
    comment: str
    limit: int | None = None

    @property
    def placeholders(self) -> frozenset[str]:
        return placeholders(self.msgid)

    @property
    def fields(self) -> frozenset[str]:
        """The placeholder names without braces, e.g. ``{'page', 'pages'}``."""
        return frozenset(p[1:-1] for p in self.placeholders)

    def comments(self) -> list[str]:
        """Extracted comments for the catalog: where it appears, its limit, its placeholders."""
        notes = [self.comment]
        if self.limit:
            notes.append(f"Keep it within {self.limit} characters.")
        if self.placeholders:
            notes.append("Keep these placeholders unchanged: " + ", ".join(f"{{{name}}}" for name in sorted(self.fields)) + ".")
        return notes


_M = ChromeMessage
_PRINT_DIALOG = "Use the words that print dialogs show in your language."

CHROME: tuple[ChromeMessage, ...] = (
    # Headers of worksheets, cards and the pledge.
    _M("Name", "Workbook, card and pledge headers: label beside the line where a child writes their name. No colon.", 14),
    _M("Class", "Workbook headers: label beside the line for the school class (form, grade). No colon.", 14),
    _M("Date", "Workbook and pledge headers: label beside the line for the date. No colon.", 14),
    _M("Signature", "Pledge page: label under the line where the child signs. No colon.", 20),
    _M("Page {page} of {pages}", "Footer of every printed page, e.g. 'Page 3 of 12'.", 24),
    _M("Contents", "Heading of the table of contents in the teacher's guide and the workbook.", 24),
    # Covers and the names of the parts of a kit.
    _M("Teacher's guide", "Title of the teacher's booklet: cover, running header and lists of the pack's parts.", 32),
    _M("Workbook", "Title of the children's worksheet booklet.", 32),
    _M("Storybook", "Title of the illustrated booklet that tells the story.", 32),
    _M("Play cards", "Title of the set of cut-out cards children play and sort with.", 32),
    _M("Age {min}–{max}", "Cover badge giving the age range, e.g. 'Age 7–10'. Write it so it reads well for any numbers.", 20),
    _M("Contents of this pack", "Back cover: heading of the list of the printed parts in this pack.", 40),
    _M("What is in this pack", "Teacher's guide: heading of the section that describes each part of the pack.", 40),
    # Teacher's guide.
    _M("Overview", "Teacher's guide: heading of the first section, a short summary of the kit.", 32),
    _M("Learning objectives", "Teacher's guide: heading of the list of what children learn.", 40),
    _M("How to use this kit", "Teacher's guide: heading of the section with advice on running the kit.", 40),
    _M("Teaching order", "Teacher's guide: heading of the table listing the lessons in the suggested order.", 40),
    _M("Lesson", "Teacher's guide: column heading in the teaching order table.", 20),
    _M("Lesson {number}", "Heading of each lesson plan and references to it, e.g. 'Lesson 2'.", 24),
    _M("Materials", "Lesson plan: heading of the list of what the teacher needs for the lesson.", 32),
    _M("Duration", "Lesson plan: label before how long the lesson takes. No colon.", 20),
    _M("{minutes} min", "Short time, e.g. '45 min'. Use the abbreviation that does not change with the number.", 12),
    _M("Steps", "Lesson plan: heading of the numbered steps of the lesson.", 32),
    _M("Discussion questions", "Lesson plan: heading of questions for the class to talk about.", 40),
    _M("Uses", "Lesson plan: label before the cards, activities and episodes a lesson uses, e.g. 'Uses: cards 3, 5; Episode 2'. No colon.", 20),
    _M("Characters", "Teacher's guide and storybook: heading of the list of the story's characters.", 32),
    _M("Answer key", "Heading of the teacher's pages that give the correct answers.", 32),
    _M("Answers will vary", "Answer key: shown for drawings and open questions that have no single answer.", 40),
    _M("Notes", "Teacher's guide: heading above blank lines for the teacher's own notes.", 24),
    _M("Credits", "Heading of the page (and the end card of videos) that names who made the kit.", 32),
    _M("Story", "Credits: role of the person who wrote the story.", 24),
    _M("Illustrations", "Credits: role of the person who drew the pictures.", 24),
    _M("Voices", "Credits: role of the people or synthetic voices that narrate the videos.", 24),
    _M("Translation", "Credits: role of the person who translated the kit.", 24),
    # Episodes: the teacher's guide and the videos.
    _M("Episode", "Teacher's guide: column heading in tables of video episodes.", 20),
    _M("Episode {number}", "Title card at the start of each video and headings in the guide, e.g. 'Episode 2'.", 24),
    _M("Episodes", "Teacher's guide: heading of the section listing the video episodes.", 32),
    _M("Running time", "Teacher's guide: label before the length of a video episode. No colon.", 20),
    _M("Watch the episode", "Storybook: beside the QR code on the first page of each episode, which opens the episode's video online.", 28),
    _M("Watch the episodes", "README: heading above the QR codes that open each episode's video online.", 32),
    _M("Narrator", "Storybook and script: the speaker name shown for the narrator's lines.", 20),
    _M("The end", "Last page of the storybook and last card of each video.", 24),
    _M("Talk to an adult you trust", "Safety reminder on every card back, at the end of the storybook and at the end of each video. Speak to a child aged 6-12, warmly and simply.", 48),
    # Where to get help: the help card, the storybook's back cover, the guide, the README, the workbook's last page, each episode's outro.
    _M("Need help?", "Help card, front: its title. Speak to a child aged 6-12.", 24),
    _M("If something online worries or scares you:", "Help card, front: the line before the steps. Speak to the child.", 60),
    _M("Stop. Do not reply.", "Help card, front: first step. Speak to the child.", 40),
    _M("Keep what you saw: take a screenshot.", "Help card, front: second step. Speak to the child.", 50),
    _M("You can also call or write to a helpline.", "Help card, front: last step; the helplines are on the back. Speak to the child.", 60),
    _M("Where to get help", "Heading of the help contacts: help card back, storybook back cover, guide, README, workbook, end of each video.", 32),
    _M("Phone", "Help contacts: label before a phone number. No colon.", 14),
    _M("Website", "Help contacts: label before a web address. No colon.", 14),
    _M("Hours", "Help contacts: label before the opening hours. No colon.", 14),
    _M("Languages", "Help contacts: label before the languages a helpline answers in. No colon.", 14),
    _M("Source: {source}", "Teacher's guide and README: where a help contact was taken from, e.g. 'Source: Child Helpline International'.", 80),
    _M("Checked on {date}", "Teacher's guide and README: the date someone last checked a help contact.", 40),
    _M("Not checked yet", "Teacher's guide and README: a help contact nobody has checked yet.", 32),
    # Draft marks: on every page of a kit made from unreviewed or unchecked content.
    _M("DRAFT — for review", "Band in the footer of every page and on the title card of every video of a draft kit: it is not ready for children yet.", 32),
    # Cards.
    _M("Cards", "Teacher's guide: heading of the section about the play cards.", 32),
    _M("Card {number}", "Small label on each card and in the answer key, e.g. 'Card 7'.", 16),
    _M("Fold here", "Printed along the middle line when the cards are folded instead of printed double-sided.", 20),
    # The take-home sheet for parents.
    _M("For parents and carers", "Take-home sheet: its title at the top of each page and in its footer. Speak to parents and other adults who care for a child.", 40),
    _M("What we learned", "Take-home sheet: heading of what the children learned in the lesson ('we': the class and the teacher).", 40),
    _M("Questions to ask at home", "Take-home sheet: heading of three questions parents ask their child.", 48),
    _M("Something to do together", "Take-home sheet: heading of one thing a parent and child do together at home.", 48),
    # Activities in the workbook.
    _M("Activities", "Teacher's guide and workbook: heading of the activities section.", 32),
    _M("Activity {number}", "Workbook: heading of each activity, e.g. 'Activity 4'.", 24),
    _M("True", "True-or-false activity: the word beside the first tick box. Use the word the instruction uses.", 12),
    _M("False", "True-or-false activity: the word beside the second tick box. Use the word the instruction uses.", 12),
    _M("Safe", "Sorting activity: heading of the column for safe things.", 14),
    _M("Unsafe", "Sorting activity: heading of the column for unsafe things.", 14),
    _M("Word bank", "Fill-in activity: heading of the box listing the words to choose from.", 24),
    _M("Draw your answer here", "Drawing activity: pale text inside the empty frame. Speak to the child.", 40),
    _M("Write the missing word", "Fill-in activity instruction. Speak to the child.", 60),
    _M("Tick the correct answer", "Multiple-choice activity instruction. Speak to the child.", 60),
    _M("Tick True or False for each sentence", "True-or-false activity instruction. Use exactly the words of 'True' and 'False'.", 70),
    _M("Match each item on the left with one on the right", "Matching activity instruction; children draw lines between the columns.", 80),
    _M("Sort each item: safe or unsafe", "Sorting activity instruction. Use the same words as 'Safe' and 'Unsafe'.", 60),
    _M("I promise", "Heading of the pledge the child reads and signs.", 24),
    # The printing page of the teacher's guide.
    _M("Printing", "Teacher's guide: heading of the page about printing the kit.", 32),
    _M("Printing the cards", "Printing page: heading of the advice for the play cards.", 40),
    _M("Print double-sided, flip on long edge", "Printing page: duplex setting for the cards. " + _PRINT_DIALOG, 70),
    _M("Print double-sided, flip on short edge", "Printing page: duplex setting for the cards. " + _PRINT_DIALOG, 70),
    _M("Print single-sided, then fold each sheet along the middle line", "Printing page: for printers without duplex; fronts and backs share a sheet.", 90),
    _M("Print single-sided; the cards have no backs", "Printing page: for card sets without a back design.", 70),
    _M("Cut along the crop marks", "Printing page: crop marks are the short lines at the corners of each card.", 60),
    _M("Use A4 paper. In the print dialog choose 'Actual size' (100%), not 'Fit to page'.", "Printing page. " + _PRINT_DIALOG),
    _M("Black-and-white printing is fine: nothing in this kit depends on colour.", "Printing page."),
    _M("Print one sheet first and check that the fronts and backs of the cards line up.", "Printing page."),
    _M("Thicker paper (160–200 g/m²) makes the cards last longer.", "Printing page."),
    # The reader (reader/index.html) and the e-book: the kit on a screen.
    _M("Read and listen", "Reader: heading of the storybook whose lines are read aloud and highlighted, and its link in the menu.", 32),
    _M("The arrow keys turn the pages; the space bar starts and pauses the reading.", "Reader: hint under the storybook heading, for keyboard users."),
    _M("Listen", "Reader: button that starts reading the page aloud. Speak to the child.", 16),
    _M("Pause", "Reader: the same button while the page is being read; it pauses the reading.", 16),
    _M("Previous page", "Reader: button that turns back one page of the storybook.", 24),
    _M("Next page", "Reader: button that turns to the next page of the storybook.", 24),
    _M("Turn the pages by themselves", "Reader: tick box; when ticked, the next page opens and is read as soon as one ends.", 40),
    _M("Captions", "Reader: name of the subtitles of each video (for children who cannot hear it) and of the link to their file.", 20),
    _M("This episode is not in this folder.", "Reader: shown under a video whose file is missing from the kit's folder.", 80),
    _M("Press a card to turn it over.", "Reader: hint above the play cards, which children turn over on the screen.", 60),
    _M("Files in this kit", "Reader: heading of the links to the kit's PDF files and e-book, and its link in the menu.", 32),
    _M("E-book with read-along", "Reader: link to the storybook as an EPUB e-book that reads itself aloud and highlights the words.", 40),
)

_BY_ID: Mapping[str, ChromeMessage] = MappingProxyType({m.msgid: m for m in CHROME})


class UnknownChromeMessage(KeyError):
    """A msgid that is not declared in CHROME: a bug in the caller, not a user error."""


@dataclass(frozen=True, eq=False)
class Chrome:
    """The chrome of one locale. ``text`` never fails for a declared msgid."""

    locale: str
    strings: Mapping[str, str]
    fallbacks: frozenset[str]
    path: Path | None = None  # the catalog it was read from, for located errors

    def text(self, msgid: str, **fmt: object) -> str:
        """The translation of ``msgid`` with its placeholders filled from ``fmt``."""
        message = _BY_ID.get(msgid)
        if message is None:
            raise UnknownChromeMessage(f"{msgid!r} is not a chrome message; declare it in CHROME{did_you_mean(msgid, _BY_ID)}")
        if set(fmt) != message.fields:
            raise TypeError(f"chrome {msgid!r} takes {sorted(message.fields)}, got {sorted(fmt)}")
        return self.strings[msgid].format(**fmt)

    def missing(self) -> tuple[str, ...]:
        """The msgids shown in English because the catalog has no usable translation."""
        return tuple(m.msgid for m in CHROME if m.msgid in self.fallbacks)
