"""The story script: metadata, characters, episodes, cards, activities, lessons and home pages.

A story lives in ``sources/stories/<id>/story.yaml``. This module only declares its
shape; :mod:`kitgen.model.load` reads and cross-checks it.
"""

from __future__ import annotations

import enum
from typing import Annotated, Literal, Union

from pydantic import Field, StringConstraints, model_validator

from kitgen.model.base import Id, Node, NonEmpty, text

StoryTitle = text("story title", 60)
Summary = text("story summary on covers and in the teacher's guide", 400)
Objective = text("learning objective in the teacher's guide", 160)
CharacterName = text("character name, shown above dialogue and on slides", 24)
CharacterDescription = text("character description in the teacher's guide", 200)
EpisodeTitle = text("episode title on the video title card and storybook", 60)
SceneCaption = text("scene caption on the storybook page", 80)
AltText = text("illustration description (alt text) for screen readers", 200)
LineText = text("spoken line: video subtitle and storybook text", 240)
CategoryTitle = text("card category name on card fronts and backs", 24)
CardTitle = text("play card title", 32)
CardBody = text("play card body text", 200)
ActivityTitle = text("workbook activity title", 60)
Instructions = text("workbook activity instructions", 200)
OptionText = text("answer option in the workbook", 90)
Statement = text("statement to judge in the workbook", 140)
MatchText = text("item in a matching column of the workbook", 60)
BlankSentence = text("sentence with a blank ({blank}) in the workbook", 160)
BlankWord = text("word that fills a blank; shown in the word bank", 24)
SortItem = text("item to sort into safe or unsafe in the workbook", 80)
PledgeItem = text("pledge checklist item in the workbook", 120)
LessonTitle = text("lesson title in the teacher's guide", 60)
Material = text("material needed for a lesson", 80)
StepText = text("lesson step in the teacher's guide", 300)
Question = text("discussion question in the teacher's guide", 200)
Credit = text("credit line on the storybook and video outro", 120)
HomeLearned = text("what the children learned, on the take-home sheet for parents", 420)
HomeQuestion = text("question for parents to ask their child, on the take-home sheet for parents", 140)
HomeTogether = text("something for a family to do together, on the take-home sheet for parents", 420)


class Age(Node):
    min: Annotated[int, Field(ge=3, le=18)]
    max: Annotated[int, Field(ge=3, le=18)]

    @model_validator(mode="after")
    def _ordered(self) -> "Age":
        if self.min > self.max:
            raise ValueError(f"age min ({self.min}) is greater than max ({self.max})")
        return self


class Metadata(Node):
    id: Id
    title: StoryTitle
    age: Age
    source_locale: NonEmpty = Field(description="BCP 47 code of the language the story is written in, e.g. 'en'.")
    summary: Summary
    objectives: Annotated[tuple[Objective, ...], Field(min_length=1)]
    credits: tuple[Credit, ...] = ()
    licence: NonEmpty = Field(description="Licence of the story text and illustrations, e.g. 'CC-BY-4.0'.")
    version: Annotated[str, StringConstraints(pattern=r"^\d+\.\d+(\.\d+)?$")] = "1.0"


class Character(Node):
    id: Id
    name: CharacterName
    description: CharacterDescription


class Illustration(Node):
    file: NonEmpty = Field(description="Path relative to the story folder: a PNG, JPEG or SVG file.")
    alt: AltText


class Pan(str, enum.Enum):
    NONE = "none"
    LEFT = "left"
    RIGHT = "right"
    UP = "up"
    DOWN = "down"


class Motion(Node):
    """Ken Burns motion of a scene in video episodes."""

    zoom: Annotated[float, Field(ge=1.0, le=1.5, description="Zoom factor reached at the end of the scene.")] = 1.08
    pan: Pan = Pan.RIGHT


class Line(Node):
    """One spoken line: narration when it has no speaker, dialogue when it does."""

    id: Id | None = Field(default=None, description="Stable key of the line; defaults to its position (1, 2, ...).")
    speaker: Id | None = Field(default=None, description="Character id; omit for narration.")
    text: LineText
    direction: text(  # type: ignore[valid-type]
        "direction to the voice actor in the recording script (how to say the line), e.g. 'whispering, a little scared'", 80,
        "How the line is said, for the voice actor's recording script; never spoken or shown to children.",
    ) | None = None


class Scene(Node):
    id: Id
    caption: SceneCaption | None = None
    illustration: Illustration
    motion: Motion = Motion()
    lines: Annotated[tuple[Line, ...], Field(min_length=1)]


class Episode(Node):
    id: Id
    title: EpisodeTitle
    scenes: Annotated[tuple[Scene, ...], Field(min_length=1)]


class Category(Node):
    id: Id
    title: CategoryTitle
    colour: Annotated[str, StringConstraints(pattern=r"^#[0-9a-fA-F]{6}$")] = Field(
        description="Card colour as #rrggbb."
    )
    icon: NonEmpty = Field(description="Built-in icon name (see `kitgen schema`) or an SVG path in the story folder.")


class Card(Node):
    id: Id
    category: Id
    title: CardTitle
    body: CardBody
    illustration: Illustration | None = None
    icon: NonEmpty | None = Field(default=None, description="Overrides the category icon.")


class Option(Node):
    text: OptionText
    correct: bool = False


class MultipleChoice(Node):
    type: Literal["multiple_choice"]
    id: Id
    title: ActivityTitle
    instructions: Instructions
    question: text("multiple-choice question in the workbook", 160)  # type: ignore[valid-type]
    options: Annotated[tuple[Option, ...], Field(min_length=2, max_length=6)]

    @model_validator(mode="after")
    def _one_correct(self) -> "MultipleChoice":
        if not any(o.correct for o in self.options):
            raise ValueError("no option is marked 'correct: true'; mark the right answer")
        return self


class Judgement(Node):
    text: Statement
    answer: bool


class TrueFalse(Node):
    type: Literal["true_false"]
    id: Id
    title: ActivityTitle
    instructions: Instructions
    statements: Annotated[tuple[Judgement, ...], Field(min_length=1, max_length=10)]


class Pair(Node):
    left: MatchText
    right: MatchText


class Matching(Node):
    type: Literal["matching"]
    id: Id
    title: ActivityTitle
    instructions: Instructions
    pairs: Annotated[tuple[Pair, ...], Field(min_length=2, max_length=8)]


class Blank(Node):
    text: BlankSentence
    answer: BlankWord


class FillBlank(Node):
    type: Literal["fill_blank"]
    id: Id
    title: ActivityTitle
    instructions: Instructions
    sentences: Annotated[tuple[Blank, ...], Field(min_length=1, max_length=8)]
    extra_words: tuple[BlankWord, ...] = Field(default=(), description="Distractors added to the word bank.")

    @model_validator(mode="after")
    def _one_blank_each(self) -> "FillBlank":
        for n, sentence in enumerate(self.sentences, 1):
            if sentence.text.count("{blank}") != 1:
                raise ValueError(f"sentence {n} must contain '{{blank}}' exactly once")
        return self


class SortEntry(Node):
    text: SortItem
    safe: bool


class Sort(Node):
    type: Literal["sort"]
    id: Id
    title: ActivityTitle
    instructions: Instructions
    items: Annotated[tuple[SortEntry, ...], Field(min_length=2, max_length=12)]


class Drawing(Node):
    type: Literal["drawing"]
    id: Id
    title: ActivityTitle
    instructions: Instructions
    height: Annotated[int, Field(ge=30, le=240, description="Height of the drawing box in millimetres.")] = 120


class Pledge(Node):
    type: Literal["pledge"]
    id: Id
    title: ActivityTitle
    instructions: Instructions
    items: Annotated[tuple[PledgeItem, ...], Field(min_length=1, max_length=12)]


Activity = Annotated[
    Union[MultipleChoice, TrueFalse, Matching, FillBlank, Sort, Drawing, Pledge],
    Field(discriminator="type"),
]
ACTIVITY_TYPES = ("multiple_choice", "true_false", "matching", "fill_blank", "sort", "drawing", "pledge")


class Step(Node):
    minutes: Annotated[int, Field(ge=1, le=240)]
    text: StepText


class LessonUses(Node):
    episodes: tuple[Id, ...] = ()
    cards: tuple[Id, ...] = ()
    activities: tuple[Id, ...] = ()


class Lesson(Node):
    id: Id
    title: LessonTitle
    duration: Annotated[int, Field(ge=5, le=240, description="Length of the lesson in minutes.")]
    objectives: Annotated[tuple[Objective, ...], Field(min_length=1)]
    materials: tuple[Material, ...] = ()
    steps: Annotated[tuple[Step, ...], Field(min_length=1)]
    questions: tuple[Question, ...] = ()
    uses: LessonUses = LessonUses()


class HomeLesson(Node):
    """What one lesson sends home: a page of the take-home sheet for parents and carers."""

    lesson: Id = Field(description="Id of the lesson this page goes home with (one page per lesson).")
    learned: HomeLearned
    questions: Annotated[tuple[HomeQuestion, ...], Field(min_length=3, max_length=3, description="Exactly three questions to ask at home.")]
    together: HomeTogether

    @property
    def id(self) -> str:
        """The key of this page in catalogs and read specs: its lesson's id."""
        return self.lesson


class Story(Node):
    """A whole story script, as written in ``story.yaml``."""

    story: Metadata
    characters: tuple[Character, ...] = ()
    episodes: Annotated[tuple[Episode, ...], Field(min_length=1)]
    categories: tuple[Category, ...] = ()
    cards: tuple[Card, ...] = ()
    activities: tuple[Activity, ...] = ()
    lessons: tuple[Lesson, ...] = ()
    home: tuple[HomeLesson, ...] = Field(default=(), description="The take-home sheet for parents: one entry per lesson.")

    @property
    def id(self) -> str:
        return self.story.id

    def character(self, character_id: str) -> Character:
        return next(c for c in self.characters if c.id == character_id)

    def category(self, category_id: str) -> Category:
        return next(c for c in self.categories if c.id == category_id)

    def episode_number(self, episode_id: str) -> int:
        return next(n for n, e in enumerate(self.episodes, 1) if e.id == episode_id)


def line_key(line: Line, index: int) -> str:
    """The stable key of a line inside its scene: its ``id``, else its 1-based position."""
    return line.id or str(index + 1)
