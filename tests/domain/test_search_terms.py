from gongkai.domain import search_terms as terms


def test_queries_are_folded_and_cleaned():
    assert terms.clean_query(" ＤＦ \u200b") == "df"
    assert terms.clean_query("党 费") == "党费"
    assert len(terms.clean_query("党" * 100)) == terms.MAX_QUERY_LENGTH


def test_fold_keeps_length_so_spans_carry_over():
    text = "ＡＢ党费①ﬁ"
    assert len(terms.fold(text)) == len(text)


def test_letters_only_queries_are_pinyin():
    assert terms.is_pinyin("df")
    assert not terms.is_pinyin("2026")
    assert not terms.is_pinyin("党费")


def test_unigram_text_tokenises_every_character_and_blocks_punctuation():
    assert terms.unigram_text("党费，收缴 A1") == f"党 费 {terms.PLACEHOLDER} 收 缴 a 1"
    assert terms.unigram_phrase("选举") == '"选 举"'


def test_trigram_phrase_escapes_quotes():
    assert terms.trigram_phrase('a"b') == '"a""b"'


def test_text_spans_find_every_occurrence():
    assert terms.text_spans("党费收缴，党费使用", "党费") == [(0, 2), (5, 7)]
    assert terms.text_spans("ABC", "b") == [(1, 2)]
    assert terms.text_spans("abc", "") == []


KEYS = ("dang", "fei", "", "shou", "jiao")  # 党费，收缴


def test_initials_and_full_pinyin_spell_runs_of_characters():
    initials = tuple(k[:1] for k in KEYS)
    assert terms.syllable_spans(initials, "df") == [(0, 2)]
    assert terms.syllable_spans(KEYS, "dangfei") == [(0, 2)]
    assert terms.syllable_spans(KEYS, "dangf") == [(0, 2)], "the last syllable may be cut short"
    assert terms.syllable_spans(KEYS, "angfei") == [], "a match starts on a syllable"
    assert terms.syllable_spans(initials, "fs") == [], "punctuation breaks a run"
    assert terms.syllable_spans(KEYS, "shoujiao") == [(3, 5)]


def test_merge_spans_joins_overlaps():
    assert terms.merge_spans([(3, 5), (0, 2), (1, 3), (7, 8)]) == [(0, 5), (7, 8)]


def test_snippet_centres_on_the_first_match():
    text = "甲" * 100 + "党费" + "乙" * 100
    shown, spans = terms.snippet(text, [(100, 102)], width=20)
    assert shown.startswith("…") and shown.endswith("…")
    (a, b), = spans
    assert shown[a:b] == "党费"


def test_snippet_without_match_starts_at_the_beginning():
    assert terms.snippet("短文本", [], width=20) == ("短文本", [])


def test_spans_by_line_splits_spans_across_lines():
    text = "禾丰社区党费收缴情况"
    lines = ["禾丰社区党", "费收缴情况"]
    assert terms.spans_by_line(lines, text, [(4, 6)]) == [[(4, 5)], [(0, 1)]]
