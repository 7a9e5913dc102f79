"""Stale builds are impossible: an artifact's key covers everything its builder can read.

For every builder and every translatable string of the tiny story, in both locales: a string
whose change leaves the artifact's key unchanged must leave the artifact's bytes unchanged.
The test edits all such strings at once and builds again; it also checks that each declared
option is in the key, and the regression from the issue (a translated summary is on the
cards' PDF Subject).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from pathlib import Path

import av
import pytest
from pypdf import PdfReader

from kitgen.i18n.localize import localize
from kitgen.i18n.messages import story_messages
from kitgen.pipeline.digests import Digests
from kitgen.pipeline.execute import BUILT, execute
from kitgen.pipeline.jobs import Settings, kit_jobs
from kitgen.pipeline.keys import job_key
from kitgen.pipeline.plan import plan
from kitgen.pipeline.registry import default_registry
from kitgen.pipeline.session import BuildSession
from tests.pipeline.conftest import edit_translation

FAST = Settings(options={"preset": "draft"})


def settings(cache: Path) -> Settings:
    """Draft episodes, narrated through one speech cache: espeak itself varies a little from call
    to call in one process (lengths by a few ms), so the same narration must be reused."""
    return replace(FAST, cache_dir=cache)


@dataclass
class EditedSession(BuildSession):
    """A session whose localized stories carry some strings changed (context -> new text)."""

    edits: dict[str, str] = field(default_factory=dict)

    def localized(self, story_id, locale):
        story = super().localized(story_id, locale)
        return localize(story, story_messages(story), self.edits) if self.edits else story


def fingerprint(path: Path) -> str:
    """The bytes of a file; for a video, its decoded frames and audio (x264 threads may reorder bytes)."""
    if path.suffix != ".mp4":
        return hashlib.sha256(path.read_bytes()).hexdigest()
    digest = hashlib.sha256()
    with av.open(str(path)) as container:
        for frame in container.decode(video=0):
            digest.update(frame.to_ndarray(format="rgb24").tobytes())
    with av.open(str(path)) as container:
        for frame in container.decode(audio=0):
            digest.update(frame.to_ndarray().tobytes())
    return digest.hexdigest()


def _jobs(session, registry, out):
    return kit_jobs(session, registry, plan(session.project()), registry.groups(), out, settings(out / "speech"))


def _build(session, registry, job, out: Path):
    moved = replace(job, files=tuple(out / p.name for p in job.files))
    outcome = execute(session, registry, moved)
    assert outcome.status == BUILT, outcome.reason
    return [fingerprint(p) for p in moved.files]


def test_unkeyed_strings_never_change_an_artifact(tiny, tmp_path):
    registry = default_registry()
    plain = EditedSession(tiny.root)
    digests = Digests()
    for job in _jobs(plain, registry, tmp_path / "out"):
        builder = registry.get(job.builder)
        base_key = job_key(plain, builder, job, digests)
        story = plain.localized(job.story_id, job.locale)
        unkeyed, keyed = {}, []
        for message in story_messages(story):
            edited = EditedSession(tiny.root, edits={message.context: message.text + " (edited)"})
            if job_key(edited, builder, job, digests) == base_key:
                unkeyed[message.context] = message.text + " (edited)"
            else:
                keyed.append(message.context)
        assert keyed, f"{job.id}: no string is in its key"
        before = _build(plain, registry, job, tmp_path / "before" / job.id.replace("/", "_"))
        after = _build(EditedSession(tiny.root, edits=unkeyed), registry, job, tmp_path / "after" / job.id.replace("/", "_"))
        assert before == after, f"{job.id} changed although none of its keyed strings did"


def test_keys_hold_what_each_artifact_shows(tiny, tmp_path):
    registry = default_registry()
    session = BuildSession(tiny.root)
    digests = Digests()
    jobs = {job.label: job for job in _jobs(session, registry, tmp_path)}

    def changes(label: str, context: str) -> bool:
        job = jobs[label]
        builder = registry.get(job.builder)
        edited = EditedSession(tiny.root, edits={context: "changed"})
        return job_key(edited, builder, job, digests) != job_key(session, builder, job, digests)

    assert changes("tiny/hy cards.pdf", "story/summary")  # the PDF Subject
    assert changes("tiny/hy cards.pdf", "cards/tell/title")
    assert not changes("tiny/hy workbook.pdf", "cards/tell/title")
    assert changes("tiny/hy workbook.pdf", "story/summary")
    episode = next(label for label in jobs if label.endswith(".mp4") and label.startswith("tiny/en"))
    assert not changes(episode, "story/summary")
    assert changes(episode, "story/title")


def _different(value):
    """Another value of the same kind (a key does not validate, it only has to differ)."""
    if isinstance(value, bool):
        return not value
    if isinstance(value, (int, float)):
        return value + 1
    if isinstance(value, str):
        return value + "-other"
    if isinstance(value, tuple):
        return (*value, 1)
    return "set"  # None: the option given


def test_every_declared_option_is_in_the_key(tiny, tmp_path):
    registry = default_registry()
    session = BuildSession(tiny.root)
    digests = Digests()
    checked = set()
    for job in _jobs(session, registry, tmp_path):
        builder = registry.get(job.builder)
        key = job_key(session, builder, job, digests)
        for name, value in job.options:
            changed = replace(job, options=tuple((n, _different(v) if n == name else v) for n, v in job.options))
            assert job_key(session, builder, changed, digests) != key, f"{job.id}: option {name} is not in its key"
            checked.add((job.builder, name))
    assert {("cards", "duplex"), ("guide", "paper"), ("episode", "size"), ("storybook", "booklet")} <= checked


def test_a_translated_summary_rebuilds_the_cards_with_the_new_subject(tiny):
    """The regression: editing only a translation of the summary left cards.pdf 'up to date'."""
    assert tiny.kitgen("build", "--only", "cards,workbook").exit_code == 0
    edit_translation(tiny.root, "hy", "story/summary", "Նոր ամփոփում")
    result = tiny.kitgen("build", "--only", "cards,workbook")
    assert result.exit_code == 0, result.output
    assert "built tiny/hy cards.pdf" in result.output and "built tiny/hy workbook.pdf" in result.output
    assert "up to date tiny/en cards.pdf" in result.output
    cards = PdfReader(str(tiny.root / "output" / "tiny" / "hy" / "cards.pdf"))
    assert cards.metadata["/Subject"] == "Նոր ամփոփում"


@pytest.mark.parametrize("builder", ["cards", "workbook", "guide", "storybook", "readme", "episode"])
def test_every_builder_declares_what_it_reads(builder):
    cls = type(default_registry().get(builder))
    assert cls.reads.model, f"{builder} declares no part of the model"
    assert "fonts" in cls.reads.files and "chrome" in cls.reads.files
