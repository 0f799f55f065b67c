import pytest

from gongkai.domain.linebreak import NO_LINE_START, violations, wrap, wrap_text


def measure(text: str) -> float:
    """A fixed-pitch stand-in for a font: CJK is 1 em, Latin half an em."""
    return sum(1.0 if ord(ch) > 0x2000 else 0.5 for ch in text)


TEXT = ("根据区委部署，现将我村党组织二〇二六年第三季度党费收缴、管理和使用情况公示如下。"
        "联系电话：0573-82012345。（完）")


@pytest.mark.parametrize("width", [3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 15, 20])
def test_no_line_starts_with_closing_punctuation(width):
    lines = wrap(TEXT, width, measure)
    assert violations(lines) == []
    assert "".join(lines) == TEXT


@pytest.mark.parametrize("width", [4, 6, 9, 12])
def test_lines_fit_except_hanging_punctuation(width):
    for line in wrap(TEXT, width, measure):
        overflow = measure(line) - width
        assert overflow <= 0 or line[-1] in NO_LINE_START


def test_opening_bracket_never_ends_a_line():
    lines = wrap("党员大会审议通过（共五十八名党员参加）。", 6, measure)
    assert violations(lines) == []
    assert not any(line.endswith("（") for line in lines[:-1])


def test_latin_words_and_numbers_stay_whole():
    lines = wrap("举报电话12380，电子信箱dwgk@nanhu.example.cn欢迎来信", 12, measure)
    assert any("12380" in line for line in lines)
    assert any("dwgk@nanhu.example.cn" in line for line in lines)


def test_word_longer_than_a_line_is_split():
    lines = wrap("A" * 30, 5, measure)
    assert all(measure(line) <= 5 for line in lines)
    assert "".join(lines) == "A" * 30


def test_paragraphs_and_blank_lines_are_kept():
    assert wrap_text("第一段。\n\n第二段。", 20, measure) == ["第一段。", "", "第二段。"]


def test_violations_finds_bad_lines():
    assert violations(["公示如下", "。联系"]) == [1]
    assert violations(["公示（", "完）"]) == [0]
