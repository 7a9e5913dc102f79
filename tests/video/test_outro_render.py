"""One real episode through the episode builder with help contacts and the draft mark, probed with PyAV."""

from __future__ import annotations

from pathlib import Path

import av
import numpy as np
import pytest
from PIL import Image

from kitgen.builder import BuildRequest, SourceMap
from kitgen.builder.help import HelpLine
from kitgen.builder.view import project as project_story
from kitgen.errors import SourceError
from kitgen.i18n.chrome_files import load_chrome
from kitgen.pipeline.voice import Narrator
from kitgen.project import Project
from kitgen.text.fontset import load_fontset
from kitgen.video.builder import EpisodeBuilder
from kitgen.video.contacts import outro_seconds
from kitgen.video.layout import BAND, layout_for
from kitgen.video.renderer import EpisodeRenderer
from kitgen.video.settings import SIZES, resolve_preset
from kitgen.video.slides import OutroCard
from kitgen.video.timeline import plan
from tests.video.conftest import decode_frame, files_in, narrator
from tests.video.test_outro import SIX

SIZE = SIZES["720p"]
FPS = 25


def episode_request(project: Project, locale: str, cache: Path, out: Path, help: tuple[HelpLine, ...], draft: bool) -> BuildRequest:
    """What the pipeline hands the episode builder for the tiny story's first episode."""
    builder = EpisodeBuilder()
    story = project.localized("tiny", locale)
    (planned,) = builder.plan(story)
    directory = project.story("tiny").directory
    return BuildRequest(
        story=project_story(story, planned.model), story_dir=directory, locale=locale, fonts=load_fontset(project.fonts_dir),
        chrome=load_chrome(locale), outputs=tuple(out / Path(name).name for name in planned.files),
        sources=SourceMap(directory / "story.yaml"), branding="Փոքրիկ հավաքածու", help=help, draft=draft,
        options={"size": SIZE, "preset": "draft", "burn_captions": False, "music": None},
        item=planned.item, facts=planned.facts, voice=Narrator(project.voices_dir, locale, cache), workers=1,
    )


def test_an_armenian_draft_episode_shows_its_contacts_on_a_held_outro(tiny_project, voice_cache: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "episodes"
    request = episode_request(tiny_project, "hy", voice_cache, out, SIX, draft=True)
    EpisodeBuilder().build(request)
    video, poster = request.outputs[0], request.outputs[3]
    assert files_in(out) == sorted(p.name for p in request.outputs)

    audio = narrator(tiny_project, "hy", voice_cache)(["hello"])["hello"]
    (episode,) = request.story.episodes
    unheld = plan(episode, audio)  # the timeline's own outro
    outro = unheld.slides[-1]
    shown_from = (outro.start + unheld.crossfade) / FPS  # the outro fully faded in
    expected_end = shown_from + outro_seconds(len(SIX))
    assert outro_seconds(len(SIX)) >= 6.0
    with av.open(str(video)) as container:
        stream = container.streams.video[0]
        video_seconds = float(stream.duration * stream.time_base)
        frames = sum(1 for _ in container.decode(stream))
        audio_seconds = float(container.streams.audio[0].duration * container.streams.audio[0].time_base)
    assert video_seconds == pytest.approx(expected_end, abs=1 / FPS)
    assert frames == round(expected_end * FPS)
    assert video_seconds > unheld.duration + 5.5  # lengthened from the timeline's 5 s
    assert audio_seconds == pytest.approx(video_seconds, abs=0.05)

    # The renderer's own outro card, with the contacts in its text model ...
    chrome = load_chrome("hy")
    renderer = EpisodeRenderer(
        request.story, request.story_dir, "hy", SIZE, resolve_preset("draft"), False, None, 1, request.branding,
        request.fonts, chrome, None, help=SIX, draft=True,
    )
    prepared = renderer.prepare(1, episode, audio)
    card = prepared.slides[-1]
    assert isinstance(card, OutroCard)
    texts = card.texts()
    assert chrome.text("Where to get help") in texts and chrome.text("Talk to an adult you trust") in texts
    assert all(line.name in texts and (line.phone or line.address) in texts for line in SIX)
    assert prepared.title_card.texts()[0] == chrome.text("DRAFT — for review") == "ՍԵՎԱԳԻՐ — ստուգման համար"
    # ... is what the video shows from the end of the crossfade to its last frame.
    drawn = np.asarray(card.image(), dtype=np.int16)
    for seconds in (shown_from + 0.05, (shown_from + expected_end) / 2, expected_end - 1.5 / FPS):
        frame = decode_frame(video, seconds).astype(np.int16)
        assert np.abs(frame - drawn).mean() < 6, f"not the outro at {seconds:.2f} s"

    # The poster (the title card) and the first frame carry the draft band.
    band = slice(0, layout_for(SIZE).px(10))
    with Image.open(poster) as image:
        picture = np.asarray(image.convert("RGB"))
    for image in (picture, decode_frame(video, 0.0)):
        top = image[band].astype(int)
        assert (np.abs(top - BAND).sum(axis=-1) < 40).mean() > 0.6
        assert (top.min(axis=-1) > 220).sum() > 500  # its white letters


def test_without_contacts_and_not_draft_nothing_is_added(tiny_project, voice_cache: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    request = episode_request(tiny_project, "hy", voice_cache, tmp_path, (), draft=False)
    audio = narrator(tiny_project, "hy", voice_cache)(["hello"])["hello"]
    (episode,) = request.story.episodes
    renderer = EpisodeRenderer(
        request.story, request.story_dir, "hy", SIZE, resolve_preset("draft"), False, None, 1, request.branding,
        request.fonts, request.chrome, None,
    )
    prepared = renderer.prepare(1, episode, audio)
    assert prepared.timeline == plan(episode, audio)  # the timeline's own outro
    assert request.chrome.text("DRAFT — for review") not in prepared.title_card.texts()
    assert request.chrome.text("Where to get help") not in prepared.slides[-1].texts()  # type: ignore[attr-defined]
    top = np.asarray(prepared.title_card.image())[: layout_for(SIZE).px(10)].astype(int)
    assert (np.abs(top - BAND).sum(axis=-1) < 40).mean() < 0.05


def test_a_contact_no_font_can_draw_is_refused_before_rendering(tiny_project, voice_cache: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    broken = (HelpLine("Helpline ⵣ", phone="116 111"),)
    request = episode_request(tiny_project, "en", voice_cache, tmp_path / "out", broken, draft=False)
    with pytest.raises(SourceError, match=r"'help/0/name' \(en\).*U\+2D63 TIFINAGH LETTER YAZ"):
        EpisodeBuilder().prepare(request)
    assert files_in(tmp_path / "out") == []

