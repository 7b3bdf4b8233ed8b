"""GET /api/v1/trades/classify: the forms' trade suggestion."""

import pytest


def test_a_title_is_classified_with_codes_and_confidence(client):
    r = client.get("/api/v1/trades/classify", params={"text": "急招電焊工师傅（包吃住）"})
    assert r.status_code == 200
    best = r.json()["matches"][0]
    assert best == {"code": "6-18-02-04", "name": "焊工", "confidence": 1.0}


def test_two_close_trades_both_come_back_for_a_pick_list(client):
    matches = client.get("/api/v1/trades/classify", params={"text": "木工"}).json()["matches"]
    assert len(matches) >= 2 and matches[0]["confidence"] >= matches[1]["confidence"]


@pytest.mark.parametrize(
    "text", ["", "急招 包吃住", "x" * 5000, "\x00\x1b", "'; DROP TABLE job; --", "👷"]
)
def test_text_naming_no_trade_answers_an_empty_list(client, text):
    r = client.get("/api/v1/trades/classify", params={"text": text})
    assert r.status_code == 200 and r.json()["matches"] == []
