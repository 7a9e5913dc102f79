"""Region builds: the 12-country kit set, cold, then no-op, one string changed, and --jobs 2 over --jobs 1.

The scratch project is generated from the sample: a copy of the repository's ``sources/``
(one kit per country of the region, ``sources/kits/*.yaml``, and the sample story with its
catalogs) in a temporary folder, with its own speech, raster and segment caches, so output/, the
sources and the caches of the repository stay untouched. Locales of a kit without a
catalog get a copy of an existing one under the new name (marked as such in the output).
Every figure is the real ``kitgen build`` command in a fresh process:

- cold: wall time, CPU-s of kitgen and everything it ran (``RUSAGE_CHILDREN``), episodes
  rendered and reused, episode segments encoded (the others copied from the segment cache),
  PDFs built, CPU-s per minute of rendered episode, and peak memory: the largest single
  process (``ru_maxrss``) and the whole process tree (sampled);
- the reused count of the cold build (identical keys built once, copied from the store);
- the print set (every default PDF builder) with ``--force`` at ``--jobs 1`` and ``--jobs 2``,
  and the speed-up;
- the no-op rebuild (target < 1 s): the build's own reported time and the wall time of the
  command (interpreter start and imports included);
- one kk catalog string changed, then rebuilt.

Cheap figures are medians of :data:`ROUNDS` runs; the load average is printed before and
after each part (2 cores: anything above ~2 means other work competed).

Environment:
- ``KITGEN_BENCH_COLD=0``: skip the cold build (no-op and one-string then run on a print-only
  build of the same project, said so in the output);
- ``KITGEN_BENCH_KITS_DIR=DIR``: keep the scratch project in DIR; a later run finds it built
  and skips the cold build (run the cold build once, measure the rest many times);
- ``KITGEN_BENCH_JOBS=N``: --jobs of the cold build (default: usable cores);
- ``KITGEN_BENCH_ROUNDS=N``: runs of each cheap figure (default 3).
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ROUNDS = int(os.environ.get("KITGEN_BENCH_ROUNDS", "3"))  # runs of each cheap figure (medians)
KITGEN = [sys.executable, "-m", "kitgen"]


@dataclass
class Run:
    wall: float
    cpu: float  # CPU-s of the command and all its descendants
    report: dict  # the build's --json report
    max_rss: int  # bytes, the largest single process
    tree_peak: int  # bytes, all processes of the build together (sampled)


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def tree_rss(root: int) -> int:
    """Resident memory (bytes) of ``root`` and all its descendants."""
    parents: dict[int, int] = {}
    sizes: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
            statm = Path(f"/proc/{entry}/statm").read_text().split()
        except OSError:
            continue
        parents[int(entry)] = int(stat.rsplit(")", 1)[1].split()[1])
        sizes[int(entry)] = int(statm[1]) * os.sysconf("SC_PAGE_SIZE")
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += sizes.get(pid, 0)
        stack += [child for child, parent in parents.items() if parent == pid]
    return total


def build(project: Path, *args: str, sample_memory: bool = False, failures_allowed: bool = False) -> Run:
    report_path = project / ".bench-report.json"
    report_path.unlink(missing_ok=True)
    command = [*KITGEN, "--project", str(project), "-q", "build", "--cache-dir", str(project / ".cache"), "--json", str(report_path), *args]
    cpu, began = children_cpu(), time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    peak = [0]

    def sample() -> None:
        while process.poll() is None:
            peak[0] = max(peak[0], tree_rss(process.pid))
            time.sleep(0.25)

    sampler = threading.Thread(target=sample, daemon=True)
    if sample_memory:
        sampler.start()
    output, _ = process.communicate()
    wall = time.perf_counter() - began
    if sample_memory:
        sampler.join()
    if process.returncode != 0 and not (failures_allowed and report_path.is_file()):
        print(output[-3000:])
        raise SystemExit(f"kitgen build {' '.join(args)} failed (exit {process.returncode})")
    max_rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    return Run(wall, children_cpu() - cpu, json.loads(report_path.read_text(encoding="utf-8")), max_rss, peak[0])


def print_groups() -> list[str]:
    """Every PDF artifact ``kitgen build`` makes by default: the print set."""
    from kitgen.pipeline.registry import default_registry

    registry = default_registry()
    return [cls.only_name() for cls in registry.in_groups(registry.groups(default_only=True)) if cls.format == "pdf"]


def make_project(folder: Path) -> list[str]:
    """Copy the sample's sources into ``folder``; returns the locales given a stand-in catalog."""
    from kitgen.errors import Report
    from kitgen.project import load_project

    shutil.copytree(ROOT / "sources", folder / "sources")
    project = load_project(folder, Report())
    copied = []
    for kit in project.kits.values():
        for story_id in kit.kit.stories:
            story = project.stories[story_id]
            locales_dir = story.directory / "locales"
            for locale in kit.kit.locales:
                po = locales_dir / f"{locale}.po"
                if locale != story.story.story.source_locale and not po.is_file():
                    donor = sorted(locales_dir.glob("*.po"))[0]
                    shutil.copyfile(donor, po)
                    copied.append(f"{locale} (a copy of {donor.stem})")
    return copied


def edit_one_string(project: Path, locale: str, mark: str) -> str:
    """Append ``mark`` to one translated cards string of ``locale``; returns its context."""
    from babel.messages.pofile import write_po

    from kitgen.i18n.catalog import read_catalog

    po = next((project / "sources" / "stories").glob(f"*/locales/{locale}.po"))
    catalog = read_catalog(po)
    entry = next(m for m in catalog if m.id and m.context and m.context.startswith("cards/") and m.string)
    entry.string = entry.string + mark
    with po.open("wb") as handle:
        write_po(handle, catalog, width=100, include_previous=True)
    return entry.context


def failing_groups(run: Run) -> dict[str, str]:
    """The artifact groups with a failed job in ``run``, with one failure's reason each."""
    from kitgen.pipeline.registry import default_registry

    registry = default_registry()
    groups = {}
    for artifact in run.report["artifacts"]:
        if artifact["status"] == "failed":
            builder = artifact["job"].rsplit("/", 1)[-1].split(":")[0]
            groups.setdefault(registry.get(builder).only_name(), artifact["reason"].splitlines()[0][:160])
    return groups


def outcomes(run: Run, status: str, suffix: str) -> list[dict]:
    return [a for a in run.report["artifacts"] if a["status"] == status and a["output"].endswith(suffix)]


def episode_minutes(paths: list[str]) -> float:
    import av

    seconds = 0.0
    for path in paths:
        with av.open(path) as container:
            seconds += float(container.duration or 0) / 1_000_000
    return seconds / 60


def load() -> str:
    return "/".join(f"{value:.1f}" for value in os.getloadavg())


def median(runs: list[Run], attribute: str = "wall") -> float:
    return statistics.median(getattr(run, attribute) for run in runs)


def median_reported(runs: list[Run]) -> float:
    return statistics.median(run.report["seconds"] for run in runs)


def spread(values: list[float]) -> str:
    return ", ".join(f"{value:.2f}" for value in values)


def main() -> None:
    cold_wanted = os.environ.get("KITGEN_BENCH_COLD", "1") != "0"
    keep = os.environ.get("KITGEN_BENCH_KITS_DIR")
    jobs = os.environ.get("KITGEN_BENCH_JOBS")
    scratch = None if keep else tempfile.TemporaryDirectory(prefix="kitgen-bench-kits-")
    folder = Path(keep) if keep else Path(scratch.name)  # type: ignore[union-attr]
    project = folder / "sample"
    prints = print_groups()
    only_print = ["--only", ",".join(prints)]
    try:
        built_before = (project / "output" / ".kitgen" / "state").is_dir()
        if not (project / "sources").is_dir():
            copied = make_project(project)
            if copied:
                print(f"stand-in catalogs: {', '.join(copied)}")
        from kitgen.errors import Report
        from kitgen.project import load_project

        sample = load_project(project, Report())
        targets = sum(len(kit.kit.locales) for kit in sample.kits.values())
        print(f"project: {len(sample.kits)} kits ({', '.join(sorted(sample.kits))}), {targets} kit x locale targets, "
              f"{len({loc for kit in sample.kits.values() for loc in kit.kit.locales})} locales; print set: {', '.join(prints)}")
        print(f"load average before: {load()}")

        scope: list[str] = []
        if cold_wanted and not built_before:
            cold = build(project, *(["--jobs", jobs] if jobs else []), sample_memory=True, failures_allowed=True)
            rendered, reused = outcomes(cold, "built", ".mp4"), outcomes(cold, "reused", ".mp4")
            pdfs = outcomes(cold, "built", ".pdf")
            minutes = episode_minutes([a["output"] for a in rendered])
            print(f"cold build (all artifacts, --jobs {cold.report['jobs']}): {cold.wall:.1f} s wall, {cold.cpu:.1f} CPU-s "
                  f"(build's own time {cold.report['seconds']:.1f} s); load average after: {load()}")
            print(f"  artifacts: {cold.report['built']} built, {cold.report['reused']} reused (identical keys, copied from the store), "
                  f"{cold.report['failed']} failed")
            print(f"  episodes: {len(rendered)} rendered, {len(reused)} reused; PDFs built: {len(pdfs)} "
                  f"(reused {len(outcomes(cold, 'reused', '.pdf'))})")
            kept = list((project / ".cache" / "segments").glob("*/*.seg"))
            print(f"  episode segments encoded: {len(kept)} ({sum(p.stat().st_size for p in kept) / 2**20:.0f} MB kept in the "
                  f"segment cache); each rendered episode is 2 or 3 segments at 720p, the others were copied")
            print(f"  CPU-s per minute of rendered episode: {cold.cpu / minutes:.1f} ({minutes:.1f} min of episodes rendered; "
                  f"the whole build's CPU, PDFs included)")
            print(f"  peak memory: {cold.tree_peak / 2**20:.0f} MB all processes together (sampled), "
                  f"{cold.max_rss / 2**20:.0f} MB the largest single process")
            broken = failing_groups(cold)
            if broken:  # measure the rest; the failing artifacts would be retried by every later build
                from kitgen.pipeline.registry import default_registry

                kept = [g for g in default_registry().groups(default_only=True) if g not in broken]
                scope = ["--only", ",".join(kept)]
                for group, reason in broken.items():
                    print(f"  FAILED artifact group '{group}' (left out of the figures below): {reason}")
        elif built_before:
            print(f"cold build: skipped (the kept project in {folder} is already built; remove it to measure again)")
        else:
            print("cold build: skipped (KITGEN_BENCH_COLD=0); the figures below are for a print-only build")
            build(project, *only_print)
        if not cold_wanted:  # a kept project measured without the cold build stays print-only
            scope = only_print
        settled = build(project, *scope, failures_allowed=True)  # settles the plan the no-op builds find (not timed)
        broken = failing_groups(settled)
        if broken:
            from kitgen.pipeline.registry import default_registry

            named = scope[1].split(",") if scope else list(default_registry().groups(default_only=True))
            scope = ["--only", ",".join(g for g in named if g not in broken)]
            print(f"left out of the figures below, failing: {', '.join(f'{g} ({r})' for g, r in broken.items())}")
            build(project, *scope)
        noops = [build(project, *scope) for _ in range(ROUNDS)]
        assert all(r.report["built"] == 0 and r.report["reused"] == 0 for r in noops), "the no-op build did work"
        print(f"no-op rebuild ({noops[0].report['up_to_date']} artifacts up to date), median of {ROUNDS}: "
              f"{median_reported(noops):.2f} s reported by the build, {median(noops):.2f} s wall for the command "
              f"(target < 1 s; runs: {spread([r.wall for r in noops])} s wall); load average: {load()}")

        singles = []
        for round_ in range(ROUNDS):
            context = edit_one_string(project, "kk", "!")
            singles.append(build(project, *scope))
        built = sorted({Path(a["output"]).name for a in singles[0].report["artifacts"] if a["status"] in ("built", "reused")})
        print(f"one kk string changed ({context}), median of {ROUNDS}: {median_reported(singles):.2f} s reported, "
              f"{median(singles):.2f} s wall (runs: {spread([r.wall for r in singles])}); rebuilt {singles[0].report['built']}, "
              f"reused {singles[0].report['reused']}: {', '.join(built)}; load average: {load()}")

        serial, parallel = [], []
        for _ in range(ROUNDS):  # interleaved, so that other work on the machine hits both alike
            serial.append(build(project, "--force", "--jobs", "1", *only_print))
            parallel.append(build(project, "--force", "--jobs", "2", *only_print))
        s, p = median(serial), median(parallel)
        print(f"print set, --force ({serial[0].report['built']} built, {serial[0].report['reused']} reused), median of {ROUNDS}:")
        print(f"  --jobs 1: {s:6.2f} s wall (runs: {spread([r.wall for r in serial])})")
        print(f"  --jobs 2: {p:6.2f} s wall (runs: {spread([r.wall for r in parallel])})")
        print(f"  speed-up {s / p:.2f}x (target >= 1.6x on an idle 2-core machine); load average after: {load()}")
    finally:
        if scratch is not None:
            scratch.cleanup()


if __name__ == "__main__":
    main()
