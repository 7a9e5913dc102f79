"""Hostile input ends in one located error line, exit 1, no traceback, no output, within limits.

The cases (:mod:`tests.hostile.cases`) run as real ``python -m kitgen`` processes, a few at a
time, before the first assertion; each test then judges one of them.
"""

from __future__ import annotations

import os
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.hostile.cases import CASES
from tests.hostile.harness import MEMORY_LIMIT, TIME_LIMIT, Outcome, run

AREAS = {"yaml", "schema", "paths", "images", "svg", "po", "text", "voices", "video", "kits", "interrupts"}
PARALLEL = max(2, min(4, (os.cpu_count() or 2) + 1))


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory) -> dict[str, Outcome]:
    work = tmp_path_factory.mktemp("hostile")
    with ThreadPoolExecutor(PARALLEL) as pool:
        return dict(zip([case.id for case in CASES], pool.map(lambda case: run(case, work), CASES)))


def test_the_suite_covers_every_area():
    assert len(CASES) >= 40
    assert len({case.id for case in CASES}) == len(CASES)
    counts = Counter(case.area for case in CASES)
    assert set(counts) == AREAS, counts


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_hostile_input_is_a_located_error(case, outcomes):
    outcome = outcomes[case.id]
    shown = f"{case.id} ({outcome.seconds:.1f}s, {outcome.peak_mb:.0f} MB):\n{outcome.output[-3000:]}"
    assert outcome.code is not None, f"still running after {TIME_LIMIT:.0f}s: " + shown
    assert outcome.code == 1, shown
    assert "Traceback" not in outcome.output and "internal error" not in outcome.output, shown
    assert outcome.peak_mb * 2**20 < MEMORY_LIMIT, shown
    matching = [
        m for m in outcome.error_lines()
        if m["path"] == case.where and case.says in m["message"] and (m["line"] is not None) == case.lined
    ]
    assert matching, f"no line '{case.where}:...: error: ...{case.says}...' in " + shown
    if outcome.line is not None and case.lined:
        assert any(int(m["line"]) == outcome.line for m in matching), f"expected line {outcome.line}: " + shown
    assert outcome.after == outcome.before, f"new files in output/: {sorted(outcome.after - outcome.before)}"


def test_each_case_is_cheap(outcomes):
    """No hostile input costs much: a few seconds of CPU each (most of it Python starting kitgen)."""
    costly = {case_id: round(o.cpu, 1) for case_id, o in outcomes.items() if o.cpu > 20}
    assert not costly, costly
    total = sum(o.cpu for o in outcomes.values())
    print(f"\n{len(outcomes)} hostile cases: {total:.0f} CPU-s in all, the costliest "
          f"{max(outcomes.values(), key=lambda o: o.cpu).case.id} ({max(o.cpu for o in outcomes.values()):.1f} CPU-s)")
