"""Kit builds: cold full build, no-op rebuild, one-string rebuild, and --jobs 2 over --jobs 1.

Runs on a scratch copy of the sample sources, so output/ and the sources stay untouched.
Every figure is wall time of the real ``kitgen build`` command in a fresh process; the
ratios compare figures from this same run.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from babel.messages.pofile import write_po

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kitgen.i18n.catalog import read_catalog  # noqa: E402

KITGEN = [sys.executable, "-m", "kitgen"]


def run(project: Path, *args: str) -> float:
    started = time.perf_counter()
    result = subprocess.run([*KITGEN, "--project", str(project), "-q", "build", *args], capture_output=True, text=True)
    took = time.perf_counter() - started
    if result.returncode != 0:
        print(result.stdout[-2000:], result.stderr[-2000:])
        raise SystemExit(f"kitgen build {' '.join(args)} failed")
    return took


def edit_one_string(project: Path, locale: str = "kk") -> None:
    po = next((project / "sources" / "stories").glob(f"*/locales/{locale}.po"))
    catalog = read_catalog(po)
    entry = next(m for m in catalog if m.id and m.context and m.context.startswith("cards/") and m.string)
    entry.string = entry.string + "!"
    with po.open("wb") as handle:
        write_po(handle, catalog, width=100, include_previous=True)


def main() -> None:
    only = os.environ.get("KITGEN_BENCH_ONLY", "")
    extra = ["--only", only] if only else []
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp) / "sample"
        shutil.copytree(ROOT / "sources", project / "sources")
        env_note = f" (--only {only})" if only else " (all artifacts, videos included)"
        cold = run(project, "--jobs", "2", *extra)
        noop = run(project, *extra)
        edit_one_string(project)
        one = run(project, *extra)
        print_only = ["--only", "cards,workbook,guide,storybook,readme"]
        serial = run(project, "--force", "--jobs", "1", *print_only)
        parallel = run(project, "--force", "--jobs", "2", *print_only)
    print(f"cold full build of the sample kits{env_note}, --jobs 2: {cold:8.2f} s")
    print(f"no-op rebuild:                  {noop:8.2f} s  ({noop / cold:.3f} of cold; target < 1 s)")
    print(f"one kk string changed:          {one:8.2f} s  ({one / cold:.3f} of cold)")
    print(f"print set, --jobs 1:            {serial:8.2f} s")
    print(f"print set, --jobs 2:            {parallel:8.2f} s  (speed-up {serial / parallel:.2f}x; target >= 1.7x)")


if __name__ == "__main__":
    main()
