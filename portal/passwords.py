"""What a password must be: long enough, not the phone, not one everybody tries first.

Shared by `portal create-admin` and, later, sign-up and reset; the messages are msgids."""

from __future__ import annotations

from .i18n import N_

MIN_LENGTH = 8
MAX_LENGTH = 200
# The passwords tried first by anyone guessing, as published in lists of leaked Chinese passwords
# (123456, a1234567 ...), plus the portal's own demo password, which is printed in the README.
COMMON = frozenset(
    [
        "12345678",
        "123456789",
        "1234567890",
        "11111111",
        "00000000",
        "88888888",
        "66666666",
        "12341234",
        "11223344",
        "87654321",
        "a1234567",
        "a12345678",
        "abc12345",
        "abcd1234",
        "1qaz2wsx",
        "qwertyui",
        "qwerty123",
        "password",
        "password1",
        "iloveyou",
        "woaini1314",
        "woaini520",
        "5201314520",
        "aa123456",
        "abc123456",
        "qq123456",
        "admin123",
        "admin888",
        "demo-2026",
    ]
)


def password_problem(password: str, phone: str = "") -> str | None:
    """None when ``password`` may be used, else the msgid saying why not."""
    if len(password) < MIN_LENGTH:
        return N_("The password needs at least 8 characters.")
    if len(password) > MAX_LENGTH:
        return N_("The password is too long.")
    if password.lower() in COMMON or len(set(password)) <= 2:
        return N_("This password is among the first ones people try; please choose another.")
    if phone and phone in password:
        return N_("The password must not contain the phone number.")
    return None
