"""The feedback loop's pure rules: masking, working-day deadlines, request states,
receipts, abuse limits, rating tallies and QR tokens."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from gongkai import qrtoken
from gongkai.domain.feedback import abuse, receipts
from gongkai.domain.feedback.citizen_requests import (
    Action,
    RequestKind,
    RequestState,
    TransitionError,
    allowed_actions,
    apply,
)
from gongkai.domain.feedback.deadlines import DeadlinePolicy, WorkCalendar, deadline, is_overdue, needs_reminder
from gongkai.domain.feedback.masking import is_mobile_number, mask_name, mask_phone, mask_text
from gongkai.domain.feedback.ratings import Satisfaction, quarter_label, quarter_of, tally

NATIONAL_DAY = WorkCalendar(holidays=frozenset(date(2026, 10, d) for d in range(1, 8)),
                            make_up_days=frozenset({date(2026, 9, 20), date(2026, 10, 10)}))


def test_names_and_phones_are_masked():
    assert mask_name("张三") == "张*"
    assert mask_name("欧阳修") == "欧**"
    assert mask_name("李") == "李*"
    assert mask_name("  ") == ""
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("138 1234 5678") == "138****5678"
    assert is_mobile_number("13812345678") and not is_mobile_number("12345678901")


def test_numbers_typed_into_free_text_are_masked():
    text = "我是13812345678，身份证330402199001011234，座机0573-82012345"
    masked = mask_text(text)
    assert "13812345678" not in masked and "138****5678" in masked
    assert "330402********1234" in masked
    assert "0573-****2345" in masked
    assert mask_text("2026年第三季度党费收缴") == "2026年第三季度党费收缴"


def test_deadline_counts_working_days_skipping_weekends_and_holidays():
    plain = WorkCalendar()
    assert plain.add_working_days(date(2026, 11, 27), 1) == date(2026, 11, 30)  # Friday → Monday
    assert deadline(plain, date(2026, 11, 2), DeadlinePolicy(15)) == date(2026, 11, 23)
    # received the Friday before National Day: the holiday week does not count, the make-up
    # Saturday 10 October does
    assert NATIONAL_DAY.add_working_days(date(2026, 9, 30), 1) == date(2026, 10, 8)
    assert NATIONAL_DAY.add_working_days(date(2026, 9, 30), 3) == date(2026, 10, 10)
    assert NATIONAL_DAY.is_working_day(date(2026, 9, 20))


def test_overdue_and_reminders():
    plain, policy = WorkCalendar(), DeadlinePolicy(15, 3)
    due = date(2026, 11, 23)
    assert not is_overdue(due, due) and is_overdue(due, date(2026, 11, 24))
    assert needs_reminder(plain, due, date(2026, 11, 18), policy)
    assert not needs_reminder(plain, due, date(2026, 11, 17), policy)
    assert not needs_reminder(plain, due, date(2026, 11, 24), policy)


def test_request_states_and_publication_are_separate():
    outcome = apply(RequestState.RECEIVED, False, Action.ANSWER, "已在公开栏补充公开。")
    assert (outcome.state, outcome.published) == (RequestState.ANSWERED, False)
    assert apply(RequestState.ANSWERED, False, Action.PUBLISH, "").published
    assert not apply(RequestState.ANSWERED, True, Action.ANSWER, "更正后的答复").published
    with pytest.raises(TransitionError, match="理由"):
        apply(RequestState.RECEIVED, False, Action.DECLINE, " ")
    with pytest.raises(TransitionError):
        apply(RequestState.RECEIVED, False, Action.PUBLISH, "")
    with pytest.raises(TransitionError):
        apply(RequestState.DECLINED, False, Action.ACCEPT, "")
    assert Action.PUBLISH in allowed_actions(RequestState.DECLINED, False)
    assert Action.UNPUBLISH in allowed_actions(RequestState.ANSWERED, True)
    assert Action.PUBLISH not in allowed_actions(RequestState.PROCESSING, False)


def test_receipts_are_random_within_their_kind_and_month():
    receipt = receipts.new_receipt(RequestKind.DIANTI, date(2026, 11, 26))
    assert receipts.PATTERN.fullmatch(receipt) and receipt.startswith("DT-2026-11-")
    assert receipts.new_receipt(RequestKind.DIANTI, date(2026, 11, 26)) != receipt
    assert receipts.normalise(receipt.lower().replace("-", " ")) == receipt
    assert receipts.normalise("DT-2026-11-<script>") is None
    assert receipts.kind_of("SQ-2026-11-ABCDEFGH") is RequestKind.APPLICATION


def test_rate_limit_windows():
    now = datetime(2026, 11, 26, 10, 0, tzinfo=timezone.utc)
    recent = [now - timedelta(minutes=n) for n in (1, 2)]
    assert abuse.within_limits(recent, now, abuse.PERSON_WINDOWS)
    assert not abuse.within_limits(recent + [now - timedelta(minutes=3)], now, abuse.PERSON_WINDOWS)
    assert abuse.within_limits([now - timedelta(minutes=11)] * 3, now, abuse.PERSON_WINDOWS)
    assert not abuse.within_limits([now - timedelta(hours=h) for h in range(1, 11)], now, abuse.PERSON_WINDOWS)


def test_text_limits_and_duplicates():
    assert abuse.check_text("希望公开\u202e党费\u200b收缴情况") == "希望公开党费收缴情况"
    with pytest.raises(abuse.Refused, match="太短"):
        abuse.check_text("党费")
    with pytest.raises(abuse.Refused, match="超过"):
        abuse.check_text("长" * (abuse.MAX_TEXT + 1))
    assert abuse.is_duplicate("希望公开党费收缴情况！", ["希望 公开党费收缴情况"])
    assert abuse.is_duplicate("ＡＢＣ党费", ["abc党费"])
    assert not abuse.is_duplicate("希望公开选举结果", ["希望公开党费收缴情况"])


def test_rating_tallies_per_quarter():
    levels = [Satisfaction.SATISFIED] * 6 + [Satisfaction.BASICALLY] * 2 + [Satisfaction.DISSATISFIED] * 2
    result = tally(levels)
    assert (result.total, result.satisfaction_rate, result.rate_text()) == (10, 0.8, "80.0%")
    assert tally([]).rate_text() == "暂无评议"
    assert quarter_of(date(2026, 11, 26)) == "2026Q4" and quarter_label("2026Q4") == "2026年第四季度"


def test_qr_tokens_verify_expire_and_refuse_forgery():
    device_hash = qrtoken.device_token_hash("device-token")
    now = datetime(2026, 11, 26, 2, 0, tzinfo=timezone.utc)
    token = qrtoken.issue(device_hash, "i45", now)
    read = qrtoken.verify(token, device_hash, now + timedelta(minutes=5))
    assert read.item_id == 45 and read.kid == device_hash[:16]
    with pytest.raises(qrtoken.TokenError, match="过期"):
        qrtoken.verify(token, device_hash, now + qrtoken.LIFETIME + timedelta(seconds=1))
    with pytest.raises(qrtoken.TokenError, match="无效"):
        qrtoken.verify(token.replace(".i45.", ".i46."), device_hash, now)
    with pytest.raises(qrtoken.TokenError, match="无效"):
        qrtoken.verify(token, qrtoken.device_token_hash("another"), now)
    with pytest.raises(qrtoken.TokenError, match="无效"):
        qrtoken.verify(qrtoken.issue(device_hash, "i45", now + timedelta(hours=1)), device_hash, now)
    with pytest.raises(qrtoken.TokenError):
        qrtoken.read("<script>alert(1)</script>")
