import pytest

from device.config import ConfigError, load

GOOD = '[device]\nname = "禾丰社区触摸屏"\n[hub]\nurl = "https://hub.example.cn/"\ntoken = "abc"\npublic_key = "ed25519:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="\n[store]\npath = "d.db"\n'


def write(tmp_path, text):
    path = tmp_path / "device.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_good_config(tmp_path):
    cfg = load(write(tmp_path, GOOD))
    assert cfg.hub_url == "https://hub.example.cn" and cfg.name == "禾丰社区触摸屏"
    assert cfg.store_path == (tmp_path / "d.db").resolve()


@pytest.mark.parametrize("text, message", [
    (GOOD.replace('url = "https://hub.example.cn/"\n', ""), "hub.url is missing"),
    (GOOD.replace('"https://hub.example.cn/"', "42"), "hub.url has the wrong type"),
    (GOOD.replace("https://", "ftp://"), "must start with http"),
    (GOOD + "[screen]\nsize = 1\n", "unknown config section [screen]"),
    (GOOD.replace('name = ', 'nmae = '), "unknown config key device.nmae"),
    (GOOD + "[hub2", "not valid TOML"),
    (GOOD.replace('[device]\n', '[device]\ntimezone = "Mars/Olympus"\n'), "unknown time zone"),
    (GOOD.replace('token = "abc"\n', 'token = "abc"\ntimeout = 9999999999999\n'), "hub.timeout must be between"),
])
def test_bad_configs_name_key_and_problem(tmp_path, text, message):
    with pytest.raises(ConfigError, match=message.replace("[", r"\[").replace("]", r"\]")):
        load(write(tmp_path, text))


def test_missing_file(tmp_path):
    with pytest.raises(ConfigError, match="does not exist"):
        load(tmp_path / "nope.toml")


def test_stale_after_has_a_default_and_a_range(tmp_path):
    assert load(write(tmp_path, GOOD)).stale_after == 3600
    assert load(write(tmp_path, GOOD + "[sync]\nstale_after = 900\n")).stale_after == 900
    with pytest.raises(ConfigError, match="sync.stale_after must be between 1 and 86400 seconds"):
        load(write(tmp_path, GOOD + "[sync]\nstale_after = 0\n"))


def test_screenshots_with_heartbeats_are_off_by_default_and_bounded(tmp_path):
    assert load(write(tmp_path, GOOD)).screenshot_every_heartbeats == 0
    assert load(write(tmp_path, GOOD + "[sync]\nscreenshot_every_heartbeats = 12\n")).screenshot_every_heartbeats == 12
    with pytest.raises(ConfigError, match="sync.screenshot_every_heartbeats must be between 0"):
        load(write(tmp_path, GOOD + "[sync]\nscreenshot_every_heartbeats = -1\n"))


def test_a_screen_takes_pre_releases_only_when_its_config_says_so(tmp_path):
    assert load(write(tmp_path, GOOD)).prereleases is False
    assert load(write(tmp_path, GOOD + "[update]\nprereleases = true\n")).prereleases is True
    with pytest.raises(ConfigError, match="update.prereleases has the wrong type"):
        load(write(tmp_path, GOOD + '[update]\nprereleases = "yes"\n'))
    with pytest.raises(ConfigError, match="hub.page_size has the wrong type"):
        load(write(tmp_path, GOOD.replace('token = "abc"\n', 'token = "abc"\npage_size = true\n')))
