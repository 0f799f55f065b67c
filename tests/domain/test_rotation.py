from gongkai.domain.rotation import (
    CONTINUED,
    MAX_SLIDE_SECONDS,
    MIN_SLIDE_SECONDS,
    Rotation,
    paginate,
    revised,
    slide_seconds,
)


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


def shown(rotation: Rotation, slides: int, reread=None) -> list[int]:
    """The items of the next ``slides`` slides; the loop read again before each one when
    ``reread`` gives it (as the display does whenever the store changed), else at its end."""
    items = []
    for _ in range(slides):
        if reread is not None or rotation.at_end:
            rotation = rotation.next_slide_in(reread or rotation.loop)
        else:
            rotation = rotation.next_slide()
        items.append(rotation.loop[rotation.position])
    return items


def test_a_loop_read_again_before_every_slide_still_plays_in_order_without_repeats():
    loop = (5, 7, 5, 9, 8)
    assert shown(Rotation(), 10, reread=loop) == [5, 7, 5, 9, 8] * 2
    assert shown(Rotation(loop), 10) == [5, 7, 5, 9, 8] * 2


def test_the_first_read_starts_the_loop_with_nothing_put_first():
    assert revised(None, {5: 1, 7: 2}) == set()
    first = Rotation().next_slide_in((5, 7, 9), revised(None, {5: 1, 7: 2, 9: 1}))
    assert (first.position, first.ahead) == (0, ())


def test_published_changed_and_withdrawn_items_are_revised_removed_ones_are_not():
    assert revised({5: 1, 7: 1, 9: 1}, {5: 1, 7: 2, 11: 1}) == {7, 11}


def test_a_published_item_goes_up_next_then_the_loop_goes_on_and_it_comes_round_in_its_place():
    on_item_2 = Rotation((1, 2, 3, 4, 5), position=1)
    after = on_item_2.next_slide_in((1, 2, 9, 3, 4, 5), fresh={9})
    assert (after.position, after.ahead) == (2, (3,))      # the counter says "3 / 6"
    assert [after.loop[after.position], *shown(after, 9)] == [9, 3, 4, 5, 1, 2, 9, 3, 4, 5]


def test_several_new_items_go_up_in_the_order_their_turns_come():
    after = Rotation((1, 2, 3, 4), position=0).next_slide_in((7, 1, 8, 2, 3, 4), fresh={7, 8})
    assert [after.loop[after.position], *shown(after, 4)] == [7, 8, 2, 3, 4]


def test_items_still_waiting_go_up_when_the_loop_is_read_again_before_their_turn():
    waiting = Rotation((7, 1, 8, 2, 3, 4), position=0, ahead=(2, 3))   # 7 put up, 8 waiting
    after = waiting.next_slide_in((7, 1, 8, 2, 3, 4))
    assert (after.position, after.ahead) == (2, (3,))


def test_a_changed_item_due_next_goes_up_once_in_its_place():
    after = Rotation((1, 2, 3), position=0).next_slide_in((1, 2, 3), fresh={2})
    assert (after.position, after.ahead) == (1, ())


def test_an_item_changed_while_on_screen_goes_up_again_after_one_other_slide():
    after = Rotation((1, 2, 3, 4), position=1).next_slide_in((1, 2, 3, 4), fresh={2})
    assert [after.loop[after.position], *shown(after, 3)] == [3, 2, 4, 1]


def test_a_removed_item_is_passed_over_and_the_loop_goes_on_after_it():
    after = Rotation((1, 2, 3, 4), position=0).next_slide_in((1, 3, 4))
    assert after.position == 1


def test_the_loop_goes_on_at_the_same_showing_of_an_item_that_comes_round_twice():
    after = Rotation((1, 2, 1, 3), position=1).next_slide_in((1, 2, 5, 1, 3), fresh={5})
    assert [after.position, *after.ahead] == [2, 3]         # 5, then the second showing of 1


def test_a_new_loop_never_opens_on_the_item_just_shown():
    after = Rotation((1, 2, 3), position=2).next_slide_in((3, 1, 2))
    assert after.position == 1


def test_a_notice_alone_in_its_loop_plays_on_and_an_empty_loop_is_read_at_every_slide():
    alone = Rotation((5,), position=0).next_slide_in((5,), fresh={5})
    assert (alone.position, alone.ahead) == (0, ())
    assert Rotation((1, 2), position=0).next_slide_in(()) == Rotation()
    assert Rotation().at_end
