"""Episode jobs of ``kitgen build``: one MP4 (with .srt, .vtt and poster .png) per episode."""

from __future__ import annotations

from kitgen.commands.video import render_to
from kitgen.kits.jobs import Job
from kitgen.project import Project

VIDEO_SIDECARS = (".srt", ".vtt", ".png")


def build_episode(project: Project, job: Job, encoders: int | None = None, progress=None) -> None:
    story = project.story(job.story_id).story
    number = next(n for n, episode in enumerate(story.episodes, 1) if episode.id == job.episode)
    kit = project.kit(job.target.kit).kit
    render_to(
        project, job.story_id, job.target.locale, number, job.output,
        size=job.options.get("size", "720p"), preset=job.options.get("preset", "release"),
        jobs=encoders, branding=job.options.get("branding", ""),
        overrides=kit.voices.get(job.target.locale), progress=progress,
    )
