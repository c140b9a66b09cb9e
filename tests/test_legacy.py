"""Legacy Vietnamese encodings: TCVN3 (ABC), VNI-Windows, cp1258, and tone placement."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from parplan.normalize.legacy import (
    VIETNAMESE_LETTERS,
    decode_legacy_bytes,
    detect_legacy,
    legacy_to_unicode,
    same_word,
    tcvn3_to_unicode,
    tone_fold,
    unicode_to_cp1258,
    unicode_to_tcvn3,
    unicode_to_vni,
    vni_to_unicode,
)
from parplan.normalize.text import fold
from tests.conftest import SAMPLES as SAMPLE_DIR

SENTENCES = [
    "Ủy ban nhân dân tỉnh Quảng Ninh",
    "Cải cách thủ tục hành chính",
    "Cộng hòa xã hội chủ nghĩa Việt Nam",
    "Độc lập - Tự do - Hạnh phúc",
    "Tỷ lệ hồ sơ giải quyết theo dịch vụ công trực tuyến mức độ 3, 4 đạt tối thiểu 70%",
    "Giảm thời gian chờ đợi của người dân, doanh nghiệp xuống còn tối đa 25 phút",
]
TCVN3_CAPITALS = set("ĂÂÊÔƠƯĐ")
SAMPLES = sorted(SAMPLE_DIR.glob("*.txt"))


def test_letter_set() -> None:
    assert len(VIETNAMESE_LETTERS) == 134
    assert len(set(VIETNAMESE_LETTERS)) == 134
    assert all(unicodedata.is_normalized("NFC", c) and len(c) == 1 for c in VIETNAMESE_LETTERS)


def test_tcvn3_known_bytes() -> None:
    # Classic TCVN3 mojibake seen in old decrees read as Latin-1.
    assert tcvn3_to_unicode("Céng hoµ x· héi chñ nghÜa ViÖt Nam") == "Cộng hoà xã hội chủ nghĩa Việt Nam"
    assert tcvn3_to_unicode("§éc lËp - Tù do - H¹nh phóc") == "Độc lập - Tự do - Hạnh phúc"
    assert tcvn3_to_unicode("Uû ban nh©n d©n tØnh Qu¶ng Ninh") == "Uỷ ban nhân dân tỉnh Quảng Ninh"
    assert tcvn3_to_unicode("ng\u00adêi ®\u00adîc") == "người được"


def test_vni_known_bytes() -> None:
    assert vni_to_unicode("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam") == "Cộng hòa xã hội chủ nghĩa Việt Nam"
    assert vni_to_unicode("Ñoäc laäp - Töï do - Haïnh phuùc") == "Độc lập - Tự do - Hạnh phúc"
    assert vni_to_unicode("UÛY BAN NHAÂN DAÂN") == "ỦY BAN NHÂN DÂN"
    assert vni_to_unicode("Uû ban") == "Ủ ban"  # title case: upper base + lower mark


@pytest.mark.parametrize("letter", VIETNAMESE_LETTERS)
def test_vni_round_trip_every_letter(letter: str) -> None:
    encoded = unicode_to_vni(letter)
    assert encoded.encode("latin-1")  # only 8-bit chars
    assert vni_to_unicode(encoded) == letter


@pytest.mark.parametrize("letter", VIETNAMESE_LETTERS)
def test_tcvn3_round_trip_every_letter(letter: str) -> None:
    encoded = unicode_to_tcvn3(letter)
    assert len(encoded) == 1 and encoded.encode("latin-1")
    # VN3 has the 67 lower-case letters and 7 plain capitals; capital toned vowels were shown with
    # `.VnTimeH` fonts reusing the lower-case codes, so they come back in lower case.
    expected = letter if letter.islower() or letter in TCVN3_CAPITALS else letter.lower()
    assert tcvn3_to_unicode(encoded) == expected


def test_tables_are_injective() -> None:
    lower = [c for c in VIETNAMESE_LETTERS if c.islower()]
    assert len({unicode_to_tcvn3(c) for c in lower} | {unicode_to_tcvn3(c) for c in TCVN3_CAPITALS}) == 74
    assert len({unicode_to_vni(c) for c in VIETNAMESE_LETTERS}) == 134


@pytest.mark.parametrize("sentence", SENTENCES)
def test_sentences_round_trip(sentence: str) -> None:
    assert vni_to_unicode(unicode_to_vni(sentence)) == sentence
    assert tcvn3_to_unicode(unicode_to_tcvn3(sentence)) == "".join(
        c if c.islower() or c in TCVN3_CAPITALS or c not in VIETNAMESE_LETTERS else c.lower() for c in sentence
    )


@pytest.mark.parametrize("sentence", SENTENCES)
def test_detect_legacy_text(sentence: str) -> None:
    assert detect_legacy(unicode_to_tcvn3(sentence)) == "tcvn3"
    assert detect_legacy(unicode_to_vni(sentence)) == "vni"
    assert legacy_to_unicode(unicode_to_vni(sentence), "vni") == sentence


@pytest.mark.parametrize(
    "text",
    [
        *SENTENCES,
        "Kế hoạch cải cách hành chính tỉnh Tuyên Quang năm 2022",
        "The quick brown fox jumps over the lazy dog.",
        "Provincial public-administration-reform plans, 2021–2030: targets & tasks.",
        "Café, déjà vu, à la française, naïve façade, Ærøskøbing.",
        "",
    ],
)
def test_detection_does_not_fire_on_unicode_or_english(text: str) -> None:
    assert detect_legacy(text) is None
    assert decode_legacy_bytes(text.encode("utf-8")) is None


def test_decode_bytes_picks_the_encoding() -> None:
    text = " ".join(SENTENCES)
    assert decode_legacy_bytes(unicode_to_vni(text).encode("latin-1")) == (text, "vni")
    decoded = decode_legacy_bytes(unicode_to_tcvn3(text).encode("latin-1"))
    assert decoded is not None and decoded[1] == "tcvn3"
    assert fold(decoded[0]) == fold(text)


def test_cp1258_bytes_decode_to_nfc() -> None:
    text = " ".join(SENTENCES)
    data = unicode_to_cp1258(text)
    assert b"\xd2" in data or b"\xf2" in data  # combining hook / dot below bytes are used
    assert not unicodedata.is_normalized("NFC", data.decode("cp1258"))  # raw decode is decomposed
    decoded = decode_legacy_bytes(data)
    assert decoded == (text, "cp1258")
    assert unicodedata.is_normalized("NFC", decoded[0])


@pytest.mark.skipif(not SAMPLES, reason="samples/ not available")
@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_whole_sample_documents(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    text = "".join(c if ord(c) < 256 or c in VIETNAMESE_LETTERS else "?" for c in text)  # 8-bit only
    assert decode_legacy_bytes(unicode_to_vni(text).encode("latin-1")) == (text, "vni")
    tcvn3 = decode_legacy_bytes(unicode_to_tcvn3(text).encode("latin-1"))
    assert tcvn3 is not None and tcvn3[1] == "tcvn3" and fold(tcvn3[0]) == fold(text)
    assert decode_legacy_bytes(unicode_to_cp1258(text)) == (text, "cp1258")
    assert detect_legacy(text) is None


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("Uỷ ban nhân dân", "Ủy ban nhân dân"),
        ("hoà", "hòa"),
        ("Hoà Bình", "Hòa Bình"),
        ("HOÀ", "HÒA"),
        ("thuý", "thúy"),
        ("khoẻ", "khỏe"),
        ("quý", "quý"),
        ("hoàn thành", "hoàn thành"),
        ("kế hoạch giai đoạn", "kế hoạch giai đoạn"),
        ("tuỳ", "tùy"),
    ],
)
def test_tone_fold(old: str, new: str) -> None:
    assert tone_fold(old) == new
    assert tone_fold(new) == new
    assert fold(tone_fold(old)) == fold(old) == fold(new)
    assert same_word(old, new)


def test_tone_fold_decomposed_input() -> None:
    assert tone_fold(unicodedata.normalize("NFD", "Uỷ ban")) == "Ủy ban"
