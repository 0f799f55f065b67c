"""Personal data as the public may see it: 张*, 138****5678, and no phone or ID number
left standing in free text.

A question on the 回音壁 or a kiosk receipt is read by strangers, so anything that names a
person is cut down to what lets the asker recognise their own request and nobody else.
"""
from __future__ import annotations

import re

_PHONE_IN_TEXT = re.compile(r"(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)")
_ID_NUMBER_IN_TEXT = re.compile(r"(?<![0-9Xx])(\d{6})\d{8}(\d{3}[0-9Xx])(?![0-9Xx])")
_LANDLINE_IN_TEXT = re.compile(r"(?<!\d)(0\d{2,3}-?)\d{3,4}(\d{4})(?!\d)")


def mask_name(name: str) -> str:
    """Keep the surname (first character), star the rest: 张三 → 张*, 欧阳修 → 欧**."""
    name = name.strip()
    if not name:
        return ""
    return name[0] + "*" * max(1, len(name) - 1)


def mask_phone(phone: str) -> str:
    """Keep the first three and last four digits: 13812345678 → 138****5678."""
    digits = "".join(ch for ch in phone if ch.isdigit())
    if len(digits) < 8:
        return "*" * len(digits)
    return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]


def mask_text(text: str) -> str:
    """Star mobile, landline and ID numbers a citizen typed into a question or comment."""
    text = _ID_NUMBER_IN_TEXT.sub(lambda m: m.group(1) + "*" * 8 + m.group(2), text)
    text = _PHONE_IN_TEXT.sub(lambda m: m.group(1) + "****" + m.group(2), text)
    return _LANDLINE_IN_TEXT.sub(lambda m: m.group(1) + "****" + m.group(2), text)


def is_mobile_number(phone: str) -> bool:
    """A mainland mobile number, the only contact number a citizen is asked for."""
    return re.fullmatch(r"1[3-9]\d{9}", phone) is not None
