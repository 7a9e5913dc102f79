"""Helpers for the voice tests: a tiny story built in code and real espeak speech."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import soundfile

from kitgen.model.story import Story

REPO = Path(__file__).resolve().parents[2]
VOICES = REPO / "voices"

# Two scenes of original text per locale: narration and two characters' dialogue.
TEXTS = {
    "en": ["Mira found a message from someone she did not know.", "Who are you?", "Send me a photo of your school.", "Mira closed the chat and told her mother."],
    "ru": ["Мира получила сообщение от незнакомца.", "Кто ты?", "Пришли мне фото своей школы.", "Мира закрыла чат и рассказала маме."],
    "kk": ["Мира бейтаныс адамнан хабар алды.", "Сен кімсің?", "Маған мектебіңнің суретін жібер.", "Мира чатты жауып, анасына айтты."],
    "hy": ["Միրան նամակ ստացավ անծանոթ մարդուց։", "Ո՞վ ես դու։", "Ուղարկիր ինձ քո դպրոցի լուսանկարը։", "Միրան փակեց զրույցը և պատմեց մայրիկին։"],
    "ka": ["მირამ უცნობისგან შეტყობინება მიიღო.", "ვინ ხარ?", "გამომიგზავნე შენი სკოლის ფოტო.", "მირამ ჩატი დახურა და დედას უთხრა."],
    "uz-Latn": ["Mira notanish odamdan xabar oldi.", "Sen kimsan?", "Menga maktabingning suratini yubor.", "Mira suhbatni yopdi va onasiga aytdi."],
    "tg": ["Мира аз як шахси ношинос паём гирифт.", "Ту кистӣ?", "Ба ман акси мактабатро фирист.", "Мира чатро пӯшид ва ба модараш гуфт."],
}


def story_data(texts: list[str], story_id: str = "safe-chat", line_ids: dict[int, str] | None = None) -> dict[str, Any]:
    """Episode ep1 with scenes 'park' (lines 1-2) and 'home' (the rest); lines 2 and 3 are dialogue."""
    speakers = {1: "mira", 2: "stranger"}
    lines = []
    for index, text in enumerate(texts):
        line: dict[str, Any] = {"text": text}
        if index in speakers:
            line["speaker"] = speakers[index]
        if line_ids and index in line_ids:
            line["id"] = line_ids[index]
        lines.append(line)
    return {
        "story": {
            "id": story_id, "title": "Safe chat", "age": {"min": 7, "max": 10}, "source_locale": "en",
            "summary": "A girl meets a stranger online.", "objectives": ["Tell an adult"], "licence": "CC-BY-4.0",
        },
        "characters": [
            {"id": "mira", "name": "Mira", "description": "A curious girl."},
            {"id": "stranger", "name": "Stranger", "description": "Someone online."},
        ],
        "episodes": [
            {
                "id": "ep1",
                "title": "The message",
                "scenes": [
                    {"id": "park", "illustration": {"file": "park.png", "alt": "A park"}, "lines": lines[:2]},
                    {"id": "home", "illustration": {"file": "home.png", "alt": "A home"}, "lines": lines[2:]},
                ],
            }
        ],
    }


def make_story(locale: str = "en", **kwargs: Any) -> Story:
    return Story.model_validate(story_data(TEXTS[locale], **kwargs))


def speech_wav(path: Path, text: str, voice: str = "en", rate: int = 22050) -> Path:
    """Write real espeak speech of ``text`` to ``path`` (format from the suffix)."""
    from kitgen.voice.engines.base import VoiceParams
    from kitgen.voice.engines.espeak import EspeakEngine
    from kitgen.voice.audio import resample

    audio = EspeakEngine().synthesize(text, VoiceParams("espeak", voice, voice=voice))
    samples = resample(audio.samples, audio.rate, rate)
    path.parent.mkdir(parents=True, exist_ok=True)
    soundfile.write(path, samples, rate)
    return path


def tone(seconds: float, rate: int = 48000, freq: float = 440.0, level: float = 0.3) -> np.ndarray:
    t = np.arange(int(seconds * rate)) / rate
    return (level * np.sin(2 * np.pi * freq * t)).astype(np.float32)
