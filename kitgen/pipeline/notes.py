"""What a build summary says about narration beyond built/up to date: lines shown and spoken in
the source language (not translated), and voices that only approximate the language."""

from __future__ import annotations

from kitgen.errors import KitgenError
from kitgen.pipeline.jobs import Job
from kitgen.pipeline.session import BuildSession
from kitgen.pipeline.voices import load_locale_profile


def narration_notes(session: BuildSession, jobs: list[Job]) -> list[str]:
    """One line per target whose episodes have untranslated lines or an approximate voice."""
    project = session.project()
    notes: list[str] = []
    seen: set[str] = set()
    for job in jobs:
        if job.group != "episodes" or job.target in seen:
            continue
        seen.add(job.target)
        source_locale = project.story(job.story_id).story.story.source_locale
        fallback = sum(len(dict(j.facts).get("fallback_lines", ())) for j in jobs if j.target == job.target and j.group == "episodes")
        if fallback:
            notes.append(f"{job.target}: {fallback} line{'s' if fallback != 1 else ''} in {source_locale} "
                         f"(not translated into {job.locale}; read by the {source_locale} voice)")
        try:
            profile = load_locale_profile(project.voices_dir, job.locale, engine=job.engine,
                                          overrides=session.kit_voices(job.kit, job.locale))
        except KitgenError:
            continue  # the build reports the profile's own error
        if profile.approximate:
            notes.append(f"{job.target}: narration is approximate: {profile.approximation}")
    return notes
