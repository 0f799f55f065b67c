"""The feedback channels' screens (点题, 回音壁, 评议, 依申请公开, 监督直通车), built for the
kiosk's screen manager.

依申请公开 is taken on the phone: an application needs the applicant's name and phone
number, which a citizen should not type on a public screen in front of others, so the
kiosk explains the channel and hands over with a signed QR code.
"""
from __future__ import annotations

from kivy.properties import StringProperty
from kivy.uix.screenmanager import Screen

from device.ui import header  # noqa: F401  (Header, used by the feedback screens' kv)
from device.ui.kvfiles import load_kv

from . import (
    controls,  # noqa: F401  (QrCode, used by the feedback screens' kv)
    navbar,  # noqa: F401  (NavBar, used by the feedback screens' kv)
)
from .citizen_request import CitizenRequestScreen, ReceiptScreen
from .echo_wall import EchoWallScreen
from .qr_links import signed_url
from .ratings import RatingScreen
from .supervision import SupervisionScreen

APPLICATION_TEXT = ("依申请公开：党员、群众可以申请公开未主动公开的党务信息。可以公开的，党组织将向您公开；"
                    "暂不宜公开的，经上级党组织同意可不公开，但会向您说明理由。申请须留姓名和手机号码，"
                    "请扫描二维码在手机上填写，以免在公共屏幕上输入个人信息。")


class ApplicationScreen(Screen):
    """依申请公开: what the channel is, and a QR code to apply on a phone."""

    heading = StringProperty("依申请公开")
    explanation = StringProperty(APPLICATION_TEXT)
    qr_url = StringProperty()

    def refresh(self) -> None:
        """A freshly signed QR code: its token expires, so each visit gets its own."""
        self.qr_url = signed_url("/m/shenqing", "c-shenqing")

    def on_pre_enter(self, *_args) -> None:
        """Entering the screen: a fresh QR code."""
        self.refresh()


def feedback_screens() -> list[Screen]:
    """Every feedback-loop screen, named as the home screen's entries open them."""
    return [CitizenRequestScreen(name="dianti"), ReceiptScreen(name="receipt"), EchoWallScreen(name="huiyin"),
            RatingScreen(name="pingyi"), ApplicationScreen(name="shenqing"), SupervisionScreen(name="jiandu")]


load_kv(__file__)
