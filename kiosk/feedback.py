"""The feedback channels' screens (点题, 回音壁, 评议, 依申请公开, 监督直通车): for now each says
what the channel is for and offers a QR code to continue on a phone.
"""
from __future__ import annotations

from dataclasses import dataclass

from kivy.app import App
from kivy.properties import StringProperty
from kivy.uix.screenmanager import Screen

from gongkai.ui import header  # noqa: F401  (Header, used by feedback.kv)
from gongkai.ui.kvfiles import load_kv

from . import controls  # noqa: F401  (QrCode, used by feedback.kv)
from . import navbar  # noqa: F401  (NavBar, used by feedback.kv)


@dataclass(frozen=True)
class Channel:
    name: str
    heading: str
    explanation: str


CHANNELS = (
    Channel("dianti", "点题", "点题：想了解哪些党务事项，请告诉我们。请扫描二维码在手机上提交，"
            "党组织将在规定期限内答复，答复在回音壁公开。"),
    Channel("huiyin", "回音壁", "回音壁：党组织对党员群众点题和意见建议的答复，在这里公开。"
            "请扫描二维码在手机上查看全部答复。"),
    Channel("pingyi", "满意度评议", "满意度评议：请对本单位党务公开工作作出评价。"
            "请扫描二维码在手机上参加评议，评议结果将公开。"),
    Channel("shenqing", "依申请公开", "依申请公开：未主动公开的党务信息，任何人都可以申请公开。"
            "请扫描二维码在手机上填写申请，党组织将答复公开或说明理由。"),
    Channel("jiandu", "监督直通车", "监督直通车：对党务公开工作有意见建议，可直接向党务公开监督员反映。"
            "请扫描二维码在手机上反映，或拨打举报投诉电话。"),
)


class FeedbackScreen(Screen):
    heading = StringProperty()
    explanation = StringProperty()
    qr_url = StringProperty()

    def __init__(self, channel: Channel, **kwargs):
        super().__init__(name=channel.name, **kwargs)
        self.heading, self.explanation = channel.heading, channel.explanation

    def refresh(self) -> None:
        self.qr_url = f"{App.get_running_app().settings.public_url}/m/{self.name}"

    def on_pre_enter(self, *_args) -> None:
        self.refresh()


load_kv(__file__)
