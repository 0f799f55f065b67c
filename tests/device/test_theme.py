import pytest

from device.ui.theme import scale_for


@pytest.mark.parametrize("size, scale", [((1920, 1080), 1.0), ((1080, 1920), 1.0), ((1280, 720), 2 / 3),
                                         ((3840, 2160), 2.0)])
def test_sixteen_by_nine_screens_scale_with_their_size(size, scale):
    assert scale_for(size) == pytest.approx(scale)


@pytest.mark.parametrize("size", [(1024, 768), (1280, 1024), (1920, 1200), (1200, 1920)])
def test_other_shapes_take_the_scale_at_which_the_design_fits_both_ways(size):
    long_side, short_side = max(size), min(size)
    scale = scale_for(size)
    assert 1920 * scale <= long_side and 1080 * scale <= short_side


def test_below_half_size_the_scale_stops_at_half():
    assert scale_for((800, 480)) == 0.5
