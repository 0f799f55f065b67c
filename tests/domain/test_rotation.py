from gongkai.domain.rotation import CONTINUED, MAX_SLIDE_SECONDS, MIN_SLIDE_SECONDS, following, paginate, slide_seconds


def test_short_slides_still_stay_long_enough_to_be_read():
    assert slide_seconds(0) == MIN_SLIDE_SECONDS
    assert slide_seconds(40) == MIN_SLIDE_SECONDS


def test_slide_time_grows_with_the_text():
    assert MIN_SLIDE_SECONDS < slide_seconds(120) < slide_seconds(160) < MAX_SLIDE_SECONDS


def test_no_slide_holds_the_loop_for_more_than_a_minute():
    assert slide_seconds(10_000) == MAX_SLIDE_SECONDS


def test_pages_hold_at_most_per_page_lines():
    lines = [f"line {n}" for n in range(7)]
    assert paginate(lines, 3) == [lines[0:3], lines[3:6], lines[6:7]]


def test_a_page_never_opens_or_closes_on_a_paragraph_break():
    pages = paginate(["a", "b", "", "c", "d", "", "e"], 2)
    assert pages == [["a", "b"], ["c", "d"], ["e"]]


def test_text_beyond_the_last_page_is_cut_with_a_pointer_to_the_kiosk():
    pages = paginate([f"line {n}" for n in range(20)], 4, max_pages=2)
    assert len(pages) == 2
    assert pages[1] == ["line 4", "line 5", "line 6", CONTINUED]


def test_empty_text_is_one_empty_page():
    assert paginate([], 5) == [[]]


def test_rotation_continues_after_the_item_just_shown():
    assert following([5, 7, 9], current=7, position=1) == 2
    assert following([5, 7, 9], current=9, position=2) == 0


def test_a_removed_item_is_replaced_by_the_one_that_took_its_place():
    assert following([5, 9], current=7, position=1) == 1
    assert following([5, 9], current=7, position=4) == 0


def test_an_empty_playlist_starts_at_zero():
    assert following([], current=3, position=2) == 0
