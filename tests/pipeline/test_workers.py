"""Warm workers: a few processes, each doing its imports and font registration once, longest jobs first."""

from __future__ import annotations

import json
import os


def _report(project, *args):
    result = project.kitgen("build", "--json", "r.json", *args)
    assert result.exit_code == 0, result.output
    return json.loads((project.root / "r.json").read_text(encoding="utf-8"))


def test_parallel_jobs_share_two_warm_workers(tiny):
    report = _report(tiny, "--only", "cards,workbook,guide,storybook,readme", "--jobs", "2")
    built = [a for a in report["artifacts"] if a["status"] == "built"]
    assert len(built) == 10 and report["jobs"] == 2
    workers = {a["worker"] for a in built}
    assert len(workers) <= 2 and os.getpid() not in workers  # ten artifacts, at most two processes
    assert all(a["worker"] for a in built)


def test_one_job_runs_in_this_process(tiny):
    report = _report(tiny, "--only", "readme", "--locale", "en", "--jobs", "1")
    (readme,) = report["artifacts"]
    assert readme["worker"] == os.getpid()


def test_longest_jobs_start_first(tiny):
    from kitgen.pipeline.build import schedule
    from kitgen.pipeline.jobs import kit_jobs
    from kitgen.pipeline.plan import plan
    from kitgen.pipeline.registry import default_registry
    from kitgen.pipeline.session import BuildSession

    session = BuildSession(tiny.root)
    jobs = kit_jobs(session, default_registry(), plan(session.project()), ("cards", "episodes"), tiny.root / "output")
    ordered = schedule(jobs)  # the order run_jobs hands them to the workers
    assert [job.group for job in ordered[:2]] == ["episodes", "episodes"]
    assert ordered[0].cost > 10 * ordered[-1].cost
