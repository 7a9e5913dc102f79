"""``make bench``: every benchmark, each a ratio against a baseline measured in the same run.

Each benchmark prints as it goes; at the end the headline figures are printed again together:
the per-episode CPU ratio against the encoder alone, what the raster cache saves, the region
(12-kit) build, the no-op and one-string rebuilds and the --jobs 2 speed-up of the print set.
``python bench/run.py video kits`` runs only the benchmarks whose names contain those words.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHES = ("bench_print.py", "bench_voice.py", "bench_video.py", "bench_kits.py")
#: Lines repeated in the summary: they start with one of these.
HEADLINES = ("CPU ratio", "the raster cache saves", "segment reuse", "peak memory at 1080p", "cold build", "  artifacts:", "  episodes:",
             "  CPU-s per minute", "  peak memory:", "no-op rebuild", "one kk string", "  speed-up")


def main(argv: list[str]) -> int:
    chosen = [name for name in BENCHES if not argv or any(arg in name for arg in argv)]
    failed = 0
    summary: list[str] = []
    for name in chosen:
        script = HERE / name
        if not script.is_file():
            continue
        print(f"\n=== {name} ===", flush=True)
        process = subprocess.Popen([sys.executable, str(script)], cwd=HERE.parent, stdout=subprocess.PIPE, text=True, bufsize=1)
        assert process.stdout is not None
        for line in process.stdout:
            print(line, end="", flush=True)
            if line.startswith(HEADLINES):
                summary.append(f"[{name}] {line.rstrip()}")
        failed |= process.wait()
    if summary:
        print("\n=== summary ===")
        print("\n".join(summary))
    return failed


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
