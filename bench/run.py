"""``make bench``: every benchmark, each a ratio against a baseline measured in the same run."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHES = ("bench_print.py", "bench_voice.py", "bench_video.py", "bench_kits.py")


def main(argv: list[str]) -> int:
    chosen = [name for name in BENCHES if not argv or any(arg in name for arg in argv)]
    failed = 0
    for name in chosen:
        script = HERE / name
        if not script.is_file():
            continue
        print(f"\n=== {name} ===", flush=True)
        failed |= subprocess.call([sys.executable, str(script)], cwd=HERE.parent)
    return failed


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
