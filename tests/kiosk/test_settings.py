from pathlib import Path

import pytest

from device.config import ConfigError, DeviceConfig
from kiosk import settings


def device(**kiosk) -> DeviceConfig:
    return DeviceConfig(path=Path("x.toml"), hub_url="http://10.0.0.2:8700", token="t",
                        store_path=Path("s.db"), public_key="k", kiosk=kiosk)


def test_defaults():
    s = settings.load(device())
    assert (s.idle_seconds, s.screen_diagonal_inches, s.org_id, s.rating_prompt_seconds) == (90, 43, None, 45)
    assert s.public_url == "http://10.0.0.2:8700", "phones reach the hub where the device does"
    assert not s.pin_matches(""), "no PIN configured means no way out"


def test_values_are_read():
    s = settings.load(device(idle_seconds=30, maintenance_pin="4829", org_id=4, rating_prompt_seconds=20,
                             hub_public_url="https://dwgk.example.cn/"))
    assert s.pin_matches("4829") and not s.pin_matches("4828")
    assert s.public_url == "https://dwgk.example.cn", "the trailing slash is dropped"
    assert s.org_id == 4 and s.rating_prompt_seconds == 20


@pytest.mark.parametrize("kiosk, key", [
    ({"idle_seconds": 9999999999}, "kiosk.idle_seconds"),
    ({"idle_seconds": "90"}, "kiosk.idle_seconds"),
    ({"maintenance_pin": 1234}, "kiosk.maintenance_pin"),
    ({"maintenance_pin": "12ab"}, "kiosk.maintenance_pin"),
    ({"maintenance_pin": "12"}, "kiosk.maintenance_pin"),
    ({"screen_diagonal_inches": 0}, "kiosk.screen_diagonal_inches"),
    ({"org_id": True}, "kiosk.org_id"),
    ({"rating_prompt_seconds": 2}, "kiosk.rating_prompt_seconds"),
    ({"hub_public_url": "ftp://x"}, "kiosk.hub_public_url"),
    ({"colour": "red"}, "kiosk.colour"),
])
def test_errors_name_the_key(kiosk, key):
    with pytest.raises(ConfigError, match=key):
        settings.load(device(**kiosk))


def test_touch_target_grows_on_smaller_panels():
    big = settings.KioskSettings(screen_diagonal_inches=55).touch_target_px((1920, 1080))
    small = settings.KioskSettings(screen_diagonal_inches=32).touch_target_px((1920, 1080))
    assert 20 < big < small < 45


def test_example_config_is_valid():
    import tomllib
    example = Path(__file__).resolve().parents[2] / "config" / "kiosk.example.toml"
    section = tomllib.loads(example.read_text(encoding="utf-8"))["kiosk"]
    assert settings.load(device(**section)).org_id == 4
