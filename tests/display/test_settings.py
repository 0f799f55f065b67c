from datetime import date, time
from pathlib import Path

import pytest

from device import config
from device.config import ConfigError
from display import settings
from gongkai.domain.model import Category
from gongkai.domain.playlist import SlideKind

HUB = "https://hub.example.cn"
CONFIG_DIR = Path(__file__).resolve().parents[2] / "config"


def test_defaults_are_an_lcd_screen_playing_everything():
    chosen = settings.parse({}, HUB)
    assert not chosen.led and chosen.ticker and chosen.qr
    assert chosen.pacing.min_seconds == 20 and chosen.pacing.max_seconds == 60
    assert chosen.item_url(45) == f"{HUB}/m/items/45"


def test_an_led_wall_takes_its_geometry_and_commands_are_split_without_a_shell():
    chosen = settings.parse({"mode": "led", "led_geometry": "768x384+1920+0", "led_lines": 1,
                             "power_off_command": "vcgencmd display_power 0; rm -rf /"}, HUB)
    assert chosen.led_geometry == settings.Geometry(768, 384, 1920, 0)
    assert chosen.power_off_command == ("vcgencmd", "display_power", "0;", "rm", "-rf", "/")


def test_dayparts_holidays_and_weights_become_playlist_rules():
    chosen = settings.parse({
        "dayparts": [{"name": "夜间", "days": ["daily"], "from": "22:00", "to": "07:00", "off": True},
                     {"days": ["restdays"], "from": "07:00", "to": "22:00", "categories": [6]}],
        "holidays": ["2026-10-01", date(2026, 10, 2)], "weights": {"gongshi": 5},
    }, HUB)
    night, weekend = chosen.playlist.dayparts
    assert (night.start, night.end, night.off) == (time(22), time(7), True)
    assert weekend.categories == {Category.SERVICE}
    assert chosen.playlist.calendar.holidays == {date(2026, 10, 1), date(2026, 10, 2)}
    assert chosen.playlist.weights[SlideKind.GONGSHI] == 5
    assert chosen.playlist.weights[SlideKind.STANDING] == 1


@pytest.mark.parametrize("raw, key", [
    ({"mode": "tv"}, "display.mode"),
    ({"mode": "led"}, "display.led_geometry"),
    ({"led_geometry": "384*192"}, "display.led_geometry"),
    ({"led_geometry": "8x8+0+0"}, "display.led_geometry"),
    ({"scroll_speed": 9999999999999}, "display.scroll_speed"),
    ({"scroll_speed": True}, "display.scroll_speed"),
    ({"chars_per_minute": 0}, "display.chars_per_minute"),
    ({"min_seconds": 30, "max_seconds": 20}, "display.max_seconds"),
    ({"led_lines": 3}, "display.led_lines"),
    ({"led_colour": "blue"}, "display.led_colour"),
    ({"ticker": "yes"}, "display.ticker"),
    ({"holidays": ["2026-13-01"]}, "display.holidays"),
    ({"groups": "禾丰社区"}, "display.groups"),
    ({"power_on_command": 'xset "dpms'}, "display.power_on_command"),
    ({"weights": {"urgent": 2}}, "display.weights.urgent"),
    ({"weights": {"gongshi": 0}}, "display.weights.gongshi"),
    ({"dayparts": [{"from": "7:00", "to": "22:00"}]}, r"display.dayparts\[1\].from"),
    ({"dayparts": [{"from": "07:00", "to": "22:00", "days": ["weekend"]}]}, r"display.dayparts\[1\].days"),
    ({"dayparts": [{"from": "07:00", "to": "22:00", "categories": [9]}]}, r"display.dayparts\[1\].categories"),
    ({"dayparts": [{"from": "07:00", "to": "22:00", "of": True}]}, r"display.dayparts\[1\].of"),
    ({"hub_public_url": "dwgk.example.cn"}, "display.hub_public_url"),
    ({"speed": 60}, "display.speed"),
])
def test_errors_name_the_key(raw, key):
    with pytest.raises(ConfigError, match=key):
        settings.parse(raw, HUB)


@pytest.mark.parametrize("name", ["display-lcd.example.toml", "display-led.example.toml"])
def test_example_configs_load(name):
    chosen = settings.load(config.load(CONFIG_DIR / name))
    assert chosen.playlist.dayparts and chosen.power_off_command
