"""Sample text for the text-layout tests: full alphabets and one original sentence per locale."""

from __future__ import annotations

ALPHABETS: dict[str, str] = {
    "en": "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "ru": "АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ",
    "kk": "АӘБВГҒДЕЁЖЗИЙКҚЛМНҢОӨПРСТУҰҮФХҺЦЧШЩЪЫІЬЭЮЯ",
    "ky": "АБВГДЕЁЖЗИЙКЛМНҢОӨПРСТУҮФХЦЧШЩЪЫЬЭЮЯ",
    "uz-Latn": "ABDEFGHIJKLMNOPQRSTUVXYZ\u02bb\u02bc",
    "tg": "АБВГҒДЕЁЖЗИӢЙКҚЛМНОПРСТУӮФХҲЧҶШЪЭЮЯ",
    "tk": "ABÇDEÄFGHIJŽKLMNŇOÖPRSŞTUÜWYÝZ",
    "hy": "".join(chr(c) for c in range(0x0531, 0x0557)) + "\u0587\u0589\u055d\u055e\u055b\u055c",
    "az": "ABCÇDEƏFGĞHXIİJKQLMNOÖPRSŞTUÜVYZ",
    "ka": "".join(chr(c) for c in range(0x10D0, 0x10F1)),
    "be": "АБВГДЕЁЖЗІЙКЛМНОПРСТУЎФХЦЧШЫЬЭЮЯ\u02bc",
    "uk": "АБВГҐДЕЄЖЗИІЇЙКЛМНОПРСТУФХЦЧШЩЬЮЯ\u02bc",
    "ro": "AĂÂBCDEFGHIÎJKLMNOPQRSȘTȚUVWXYZ",
}

SENTENCES: dict[str, str] = {
    "en": "Stop, think, and tell a grown-up you trust. Page 3 of 12!",
    "ru": "Остановись, подумай и расскажи взрослому, которому доверяешь. «Ёлка» — 2 шага.",
    "kk": "Тоқта, ойлан және сенетін үлкен адамға айт. Әже, Ғалым, Қала, Өрік, Ұл, Үй, Һ, Іні.",
    "ky": "Токто, ойлон жана ишенген чоң кишиге айт. Өрүк, Үй, Ңң.",
    "uz-Latn": "Toʻxta, oʻyla va ishonchli kattaga ayt. Gʻisht, oʻgʻil, maʼno.",
    "tg": "Ист, фикр кун ва ба калонсоле, ки ба ӯ бовар дорӣ, гӯй. Ҳа, Ҷӯй, Ғ, Қ.",
    "tk": "Dur, pikir et we ynanýan ulyňa aýt. Çaga, Žurnal, Şäher, Ýüz.",
    "hy": "Կանգ առ, մտածիր և պատմիր մեծահասակին, ում վստահում ես։ Էջ 3-ը 12-ից։",
    "az": "Dayan, düşün və etibar etdiyin böyüyə de. Əli, İnternet, ağıl, Şəki.",
    "ka": "გაჩერდი, იფიქრე და უთხარი ზრდასრულს, რომელსაც ენდობი. გვერდი 3 / 12.",
    "be": "Спыніся, падумай і раскажы даросламу, якому давяраеш. Ўсё будзе добра.",
    "uk": "Зупинись, подумай і розкажи дорослому, якому довіряєш. Ґанок, їжак, є.",
    "ro": "Oprește-te, gândește-te și spune unui adult în care ai încredere. Țară, Îmi, Șapte.",
}

#: One line mixing the three non-Latin scripts, for the PDF and image round trips.
MIXED_LINE = "Бала: Բարև, ընկեր։ — გამარჯობა, მეგობარო! (1–2)"
