"""Remote screenshots: who may ask a screen for one, when a screen sends one unasked, and
how large a picture it sends. Pure rules; the hub, sync and the screens apply them."""
from __future__ import annotations

from collections.abc import Mapping

from .model import Org
from .orgtree import subtree
from .roles import Actor, Forbidden, Role

KEEP_PER_DEVICE = 3
"""The hub keeps this many of each device's latest screenshots and drops older ones."""


def may_request(actor: Actor, orgs: Mapping[int, Org], device_org_id: int) -> bool:
    """A district admin may ask any screen; an org editor the screens of its own org and below."""
    if actor.role is Role.DISTRICT_ADMIN:
        return True
    return (actor.role is Role.EDITOR and actor.org_id in orgs
            and device_org_id in subtree(orgs, actor.org_id))


def require_requester(actor: Actor, orgs: Mapping[int, Org], device_org_id: int) -> None:
    """Refuse a screenshot request from anyone ``may_request`` does not allow."""
    if not may_request(actor, orgs, device_org_id):
        raise Forbidden("只有区级管理员或该终端所属党组织的编辑可以请求截图")


def due_on_heartbeat(heartbeats: int, every: int) -> bool:
    """Whether heartbeat number ``heartbeats`` (counting from 1) also sends a screenshot:
    every ``every``-th one, never when ``every`` is 0."""
    return every > 0 and heartbeats > 0 and heartbeats % every == 0


def scaled_size(size: tuple[int, int], max_width: int) -> tuple[int, int]:
    """A window's size scaled down, proportions kept, to at most ``max_width`` wide (never up)."""
    width, height = size
    if width <= max_width:
        return width, height
    return max_width, max(1, round(height * max_width / width))
