"""Kit commands: ``build``, ``plan``, ``package`` and ``preview``."""

from __future__ import annotations

import json
import os
from pathlib import Path

import click

from kitgen.cli import Context, pass_context
from kitgen.cli import options as opt
from kitgen.errors import KitgenError, OutputError
from kitgen.output import atomic_write_text


@click.command()
@click.option("--kit", "kits", multiple=True, help="Only this kit (repeatable).")
@click.option("--locale", "locales", multiple=True, help="Only this locale (repeatable).")
@click.option("--only", help="Only these artifacts, e.g. cards,workbook,guide,storybook,readme,episodes.")
@click.option("--jobs", "-j", type=click.IntRange(1, 64), help="Artifacts built at once, in warm worker processes (default: usable cores).")
@click.option("--shard", help="Build only the i-th of n slices of the plan, e.g. 2/4 (for CI matrices).")
@click.option("--output", "output_root", type=click.Path(file_okay=False, path_type=Path), help="Output folder (default: output/).")
@click.option("--json", "json_path", type=click.Path(dir_okay=False, path_type=Path), help="Write a machine-readable report here.")
@click.option("--release", is_flag=True,
              help="Refuse a draft (unreviewed strings, unchecked help contacts, fallback lines, approximate voices): "
                   "list every reason with its file and line, build nothing, exit 1.")
@opt.cache_dir
@opt.force
@pass_context
def build(ctx: Context, kits, locales, only, jobs, shard, output_root, json_path, cache_dir, force, release) -> None:
    """Build every kit x locale x artifact that is out of date (drafts carry a DRAFT band)."""
    from kitgen.errors import UsageError
    from kitgen.kits.progress import make_progress
    from kitgen.pipeline.build import BUILT, FAILED, REUSED, UP_TO_DATE, BuildOptions, build as run_build
    from kitgen.pipeline.jobs import Settings
    from kitgen.pipeline.plan import parse_shard
    from kitgen.pipeline.registry import default_registry
    from kitgen.voice.cache import resolve_cache_dir

    registry = default_registry()
    try:
        shard_spec = parse_shard(shard) if shard else None
    except KitgenError as exc:
        raise UsageError(f"--shard: {exc.message}") from None
    workers = jobs or usable_cores()
    options = BuildOptions(
        kits=kits, locales=locales, only=registry.parse_only(only), jobs=workers, shard=shard_spec,
        output_root=_writable(output_root.resolve()) if output_root else None, force=force, release=release,
        settings=Settings(cache_dir=resolve_cache_dir(cache_dir, ctx.root), workers=1 if workers > 1 else None),
    )
    if options.output_root is None:
        _writable(ctx.root / "output")
    ctx.debug(f"kitgen: {workers} job{'s' if workers != 1 else ''}")
    result = run_build(ctx.root, options, make_progress(ctx.verbosity), registry=registry)
    if json_path:
        atomic_write_text(json_path, json.dumps(result.as_json(), indent=2, ensure_ascii=False) + "\n")
    for path in result.removed:
        ctx.info(f"removed {path} (no longer made by any artifact)")
    for note in result.notes:
        ctx.info(f"note: {note}")
    for warning in result.warnings:
        click.echo(warning, err=True)
    built, reused, fresh, failed = (result.count(s) for s in (BUILT, REUSED, UP_TO_DATE, FAILED))
    jobs_note = f", {workers} job{'s' if workers != 1 else ''}"
    if built == 0 and failed == 0 and reused == 0:
        ctx.info(f"up to date: {fresh} artifacts ({result.seconds:.2f}s{jobs_note})")
    else:
        ctx.info(f"{built} built, {reused} reused, {fresh} up to date, {failed} failed ({result.seconds:.1f}s{jobs_note})")
    if failed:
        lines = [f"{o.label}: {o.reason}" for o in result.failed]
        raise KitgenError(f"{failed} artifact(s) failed:\n  " + "\n  ".join(lines))


def usable_cores() -> int:
    """The cores this process may run on (its CPU affinity), at least 1."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def _writable(folder: Path) -> Path:
    probe = folder
    while not probe.exists():
        probe = probe.parent

    if not probe.is_dir() or not os.access(probe, os.W_OK | os.X_OK):
        raise OutputError(f"output folder {folder} is not writable; choose another with --output")
    return folder


@click.command()
@click.option("--kit", "kits", multiple=True, help="Only this kit (repeatable).")
@click.option("--locale", "locales", multiple=True, help="Only this locale (repeatable).")
@click.option("--shard", help="Show only the i-th of n slices, e.g. 2/4.")
@click.option("--json", "as_json", is_flag=True, help="Print the matrix as JSON (for a CI matrix).")
@click.option("--shards", type=click.IntRange(1, 256), help="With --json: list n shard specs instead of targets.")
@pass_context
def plan(ctx: Context, kits, locales, shard, as_json, shards) -> None:
    """The build matrix: one entry per kit x locale."""
    from kitgen.pipeline.plan import parse_shard, plan as make_plan, shard as take_shard

    targets = make_plan(ctx.project(), list(kits) or None, list(locales) or None)
    if shard:
        targets = take_shard(targets, *parse_shard(shard))
    if as_json:
        if shards:
            click.echo(json.dumps({"include": [{"shard": f"{i}/{shards}"} for i in range(1, shards + 1)]}))
        else:
            click.echo(json.dumps({"include": [{"kit": t.kit, "locale": t.locale} for t in targets]}))
        return
    for target in targets:
        click.echo(target.id)


@click.command()
@click.option("--kit", "kit_id", required=True, help="Kit to package.")
@click.option("--from", "roots", multiple=True, type=click.Path(file_okay=False, path_type=Path),
              help="Output folder(s) to take files from; repeat to merge CI shards (default: output/).")
@click.option("--dest", type=click.Path(file_okay=False, path_type=Path), help="Where to write the zip (default: output/).")
@click.option("--release", is_flag=True, help="Refuse a draft kit: list every reason with its file and line, write nothing, exit 1.")
@pass_context
def package(ctx: Context, kit_id, roots, dest, release) -> None:
    """A deterministic zip of a kit, with manifest.json beside it (a draft says so, with its reasons)."""
    from kitgen.kits.package import package as make_package

    result = make_package(ctx.project(), kit_id, [r.resolve() for r in roots] or None, dest.resolve() if dest else None, release)
    ctx.info(f"wrote {result.zip_path} ({result.files} files) and {result.manifest_path}")


@click.command()
@click.option("--kit", "kit_id", required=True, help="Kit to preview.")
@click.option("--locale", required=True, help="Locale to preview.")
@pass_context
def preview(ctx: Context, kit_id, locale) -> None:
    """PNG thumbnails of every PDF page and a frame per scene, plus one contact sheet."""
    from kitgen.kits.preview import preview as make_preview

    sheet = make_preview(ctx.project(), kit_id, locale)
    ctx.info(f"wrote {sheet}")


COMMANDS = (build, plan, package, preview)
