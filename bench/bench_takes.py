"""Take splitting: kitgen's speech-band energy detector against the WebRTC voice activity
detector, on real espeak-ng takes of the sample's first Kyrgyz episode (20 lines).

For each take (pink noise at -50, -46, -40 and -36 dBFS; and at -50 dBFS with a mains hum
or a paper rustle in every other pause) it prints the largest and mean boundary error and the
doubtful splits, for:

- energy: what kitgen uses (:mod:`kitgen.voice.takes`);
- webrtcvad: the WebRTC detector (mode 3) deciding alone which frames are speech;
- both: a frame is speech when both say so.

Then the share of frames webrtcvad calls speech in 2 s of pure hum, hiss and steady noise.
webrtcvad is not a kitgen dependency: ``pip install webrtcvad-wheels`` to run this. No
asserts: the figures are for reading.

    .venv/bin/python bench/bench_takes.py
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
from scipy.signal import butter, lfilter

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from kitgen.errors import Location  # noqa: E402
from kitgen.voice import takes  # noqa: E402
from kitgen.voice.audio import Audio  # noqa: E402
from tests.voice.takebuild import RATE, Take, boundary_errors, build_take, expected, sample_lines  # noqa: E402


def _webrtc_flags(samples: np.ndarray, frames: int) -> np.ndarray:
    import webrtcvad

    vad, hop = webrtcvad.Vad(3), int(takes.ANALYSIS_RATE * takes.FRAME)
    pcm = np.clip(np.round(samples * 32767), -32768, 32767).astype(np.int16)
    return np.array([vad.is_speech(pcm[i * hop : (i + 1) * hop].tobytes(), takes.ANALYSIS_RATE) for i in range(frames)])


def detectors():
    energy = takes._activity

    def webrtc(samples, where):
        found = energy(samples, where)
        return takes._Activity(found.energy, _webrtc_flags(samples, len(found.energy)), found.floor)

    def both(samples, where):
        found = energy(samples, where)
        return takes._Activity(found.energy, found.speech & _webrtc_flags(samples, len(found.energy)), found.floor)

    return {"energy": energy, "webrtcvad": webrtc, "both": both}


def with_events(take: Take, kind: str) -> Take:
    samples, rng = take.samples.copy(), np.random.default_rng(3)
    for k in range(0, len(take.truth) - 1, 2):
        middle = (take.truth[k][1] + take.truth[k + 1][0]) / 2
        n, at = int(0.25 * RATE), int((middle - 0.125) * RATE)
        if kind == "hum":
            event = 0.1 * np.sin(2 * np.pi * 60 * np.arange(n) / RATE)
        else:
            b, a = butter(4, 3000 / (RATE / 2), "high")
            event = lfilter(b, a, rng.normal(0, 0.15, n))
        samples[at : at + n] += event.astype(np.float32)
    return Take(samples, take.truth, take.names)


def main() -> None:
    lines = sample_lines("ky", 0)
    cases = [(f"noise {db} dBFS", build_take(lines, seed=seed, noise_db=db)) for seed, db in ((1, -50), (2, -46), (3, -40), (4, -36))]
    cases += [(f"{kind}, -50 dBFS", with_events(build_take(lines, seed=1), kind)) for kind in ("hum", "rustle")]
    original = takes._activity
    print(f"{'take':<18} {'detector':<10} result")
    try:
        for label, take in cases:
            for name, detector in detectors().items():
                takes._activity = detector
                try:
                    plan = takes.plan_take(Audio(take.samples, RATE), expected(lines), Location("take"))
                    if plan.missing:
                        result = f"refused: {len(plan.missing)} line(s) judged missing (none is)"
                    else:
                        errors = boundary_errors(plan, take)
                        result = f"max {max(errors) * 1000:4.0f} ms, mean {np.mean(errors) * 1000:3.0f} ms, {len(plan.doubtful)} doubtful"
                except takes.TakeError as exc:
                    result = f"refused: {exc.message}"
                print(f"{label:<18} {name:<10} {result}")
    finally:
        takes._activity = original
    rng, n = np.random.default_rng(0), takes.ANALYSIS_RATE * 2
    b, a = butter(4, 3000 / (takes.ANALYSIS_RATE / 2), "high")
    for label, signal in (("60 Hz hum", 0.1 * np.sin(2 * np.pi * 60 * np.arange(n) / takes.ANALYSIS_RATE)),
                          ("hiss above 3 kHz", lfilter(b, a, rng.normal(0, 0.15, n))),
                          ("white noise -12 dBFS", rng.normal(0, 0.25, n))):
        share = _webrtc_flags(signal, n // 160).mean()
        print(f"webrtcvad calls {share:4.0%} of {label} speech")


if __name__ == "__main__":
    main()
