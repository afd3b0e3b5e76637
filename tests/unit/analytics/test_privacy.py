"""Masking personal data in leaders' texts, and keyed pseudonyms."""
from __future__ import annotations

import logging

import pytest

from bot.analytics import privacy
from bot.analytics.privacy import SecretError, mask, pseudonym


@pytest.mark.parametrize(
    "text, expected",
    [
        # e-mail addresses
        ("write to sarah.jones@nhs.net please", "write to [EMAIL] please"),
        ("O'Brien+coach@leeds.gov.uk", "[EMAIL]"),
        # UK phone numbers in their usual shapes
        ("call 07700 900123 tomorrow", "call [PHONE] tomorrow"),
        ("call 07700900123", "call [PHONE]"),
        ("ring +44 7700 900123", "ring [PHONE]"),
        ("ring +44 (0)20 7946 0958", "ring [PHONE]"),
        ("office (020) 7946 0958", "office [PHONE]"),
        ("0113 496 0000 is reception", "[PHONE] is reception"),
        ("0161-496-0000", "[PHONE]"),
        # NHS numbers: masked only with a valid Modulus 11 check digit
        ("NHS number 943 476 5919", "NHS number [NHS NUMBER]"),
        ("nhs no 9434765919.", "nhs no [NHS NUMBER]."),
        ("401-023-2137", "[NHS NUMBER]"),
        ("943 476 5918", "943 476 5918"),  # wrong check digit
        ("4000010005 items", "4000010005 items"),  # the check digit would be 10: never issued
        ("order 94347659190", "order 94347659190"),  # eleven digits: not an NHS number
        # UK postcodes, any case, with or without the space
        ("we are at LS1 4AP", "we are at [POSTCODE]"),
        ("sw1a 2aa", "[POSTCODE]"),
        ("M11AE is the hub", "[POSTCODE] is the hub"),
        ("EC1A 1BB and B33 8TH", "[POSTCODE] and [POSTCODE]"),
        # names where they are introduced
        ("my name is Sarah Jones", "my name is [NAME]"),
        ("My name is priya", "My name is [NAME]"),
        ("Hello, I'm Priya and I lead a team", "Hello, I'm [NAME] and I lead a team"),
        ("call me Jo", "call me [NAME]"),
        ("I spoke to Dr Patel and Mrs. Okafor", "I spoke to Dr [NAME] and Mrs. [NAME]"),
        ("the chair, Mr Ahmed Khan, agreed", "the chair, Mr [NAME], agreed"),
        ("I met Sarah Jones at the board", "I met [NAME] at the board"),
        # ...and not where they are not
        ("I'm Director of Nursing", "I'm Director of Nursing"),
        ("I'm not sure, I'm NHS through and through", "I'm not sure, I'm NHS through and through"),
        ("call me back later", "call me back later"),
        ("Sarah Jones said hello", "Sarah Jones said hello"),  # sentence start: too often a heading
        ("we work with Leeds Teaching Hospitals", "we work with Leeds Teaching Hospitals"),
        ("funded by NHS England and Health Education England", "funded by NHS England and Health Education England"),
        ("since Monday March we have met", "since Monday March we have met"),
        ("What does system leadership mean?", "What does system leadership mean?"),
        ("", ""),
    ],
)
def test_mask(text, expected):
    assert mask(text) == expected


def test_mask_handles_everything_at_once_and_none():
    text = "I'm Priya (priya@example.org, 07700 900123, LS1 4AP, NHS 943 476 5919)"
    assert mask(text) == "I'm [NAME] ([EMAIL], [PHONE], [POSTCODE], NHS [NHS NUMBER])"
    assert mask(None) == ""


def test_pseudonyms_are_keyed_hashes_stable_per_secret(monkeypatch):
    first = pseudonym("leader-1")
    assert first == pseudonym("leader-1") and len(first) == 20 and int(first, 16) >= 0
    assert first != "leader-1" and first != pseudonym("leader-2")
    monkeypatch.setenv("ANALYTICS_SECRET", "another-secret-of-enough-length")
    assert pseudonym("leader-1") != first
    assert pseudonym("leader-1", b"k" * 32) == pseudonym("leader-1", b"k" * 32)


def test_without_a_secret_pseudonyms_use_a_random_process_key_and_warn(monkeypatch, caplog):
    monkeypatch.delenv("ANALYTICS_SECRET", raising=False)
    monkeypatch.setattr(privacy, "_warned", [])
    with caplog.at_level(logging.WARNING, logger="bot.analytics.privacy"):
        value = pseudonym("leader-1")
        again = pseudonym("leader-1")
    assert value == again != "leader-1"
    assert privacy.secret_is_ephemeral()
    assert sum("ANALYTICS_SECRET is not set" in record.message for record in caplog.records) == 1


def test_a_short_secret_is_refused(monkeypatch):
    monkeypatch.setenv("ANALYTICS_SECRET", "short")
    with pytest.raises(SecretError, match="at least 16"):
        pseudonym("leader-1")
