"""The employer API's shapes, as /schema documents them for the county systems that integrate.

Limits are documented here and enforced by the form reader (``parse_employer_form``), which says what
is wrong with each field in the reader's language; a value of the wrong type is refused before it."""

from __future__ import annotations

from typing import Annotated, Literal

import msgspec
from litestar.params import KwargDefinition as Doc
from msgspec import UNSET, UnsetType

from ..models import Employer, User
from .service import TrustCard, is_own_or_staff
from .states import MAX_LEN, MIN_LEN

Text = str | UnsetType
Method = Literal["licence", "site_visit", "phone"]


class RegistrationForm(msgspec.Struct, kw_only=True, forbid_unknown_fields=False):
    """An employer registering, with the one-time check from ``GET /api/v1/challenge``: its ``token``
    sent back as ``challenge`` and the sum it asks as ``challenge_answer``. Missing or wrong, the
    check is refused with a message at ``challenge``."""

    credit_code: Annotated[
        str,
        Doc(
            max_length=MAX_LEN["credit_code"],
            description="统一社会信用代码: 18 characters; case, spaces and width do not matter",
        ),
    ]
    name: Annotated[
        str,
        Doc(min_length=MIN_LEN["name"], max_length=MAX_LEN["name"], description="legal name"),
    ]
    legal_rep: Annotated[str, Doc(min_length=MIN_LEN["legal_rep"], max_length=MAX_LEN["legal_rep"])]
    contact_name: Annotated[
        str, Doc(min_length=MIN_LEN["contact_name"], max_length=MAX_LEN["contact_name"])
    ]
    contact_phone: Annotated[str, Doc(description="11-digit mobile; also the login")]
    address: Annotated[str, Doc(min_length=MIN_LEN["address"], max_length=MAX_LEN["address"])]
    township: Annotated[str, Doc(description="a township of the county: code (511323101) or name")]
    industry: Annotated[str, Doc(description="industry key or Chinese name")]
    password: Annotated[str, Doc(min_length=MIN_LEN["password"], max_length=MAX_LEN["password"])]
    password2: Annotated[Text, Doc(description="if given, must equal password")] = UNSET
    challenge: Annotated[Text, Doc(description="token from GET /api/v1/challenge")] = UNSET
    challenge_answer: Annotated[
        str | int | UnsetType, Doc(description="the sum the challenge's question asks")
    ] = UNSET


class ReviewForm(msgspec.Struct, kw_only=True):
    """Staff's decision on a registration: ``verify`` needs ``methods`` (how they checked);
    ``reject`` and ``block`` need a ``note`` (the reason, which the employer sees)."""

    action: Literal["verify", "reject", "block"]
    methods: list[Method] | UnsetType = UNSET
    note: Annotated[Text, Doc(max_length=MAX_LEN["note"], description="longer is cut")] = UNSET


class Received(msgspec.Struct, kw_only=True):
    """The same answer whether or not the code or mobile was already known."""

    status: Literal["received"]
    detail: str


class Challenge(msgspec.Struct, kw_only=True):
    token: str
    question: str


class TrustFacts(msgspec.Struct, kw_only=True):
    """What a worker sees before trusting a vacancy: who checked the employer, and its record here."""

    verified: bool
    verified_at: Annotated[str | None, Doc(description="date, e.g. 2026-05-01")]
    methods: list[str]
    vacancies_posted: int
    intents_signed: int
    hires: int
    no_fees: bool = True  # an employer may never charge a worker


class EmployerCard(msgspec.Struct, kw_only=True):
    """The public fields; the employer itself and staff also get contact, address and review note."""

    id: int
    name: str
    credit_code: str
    industry: str
    township: str
    status: Literal["pending", "verified", "rejected", "blocked"]
    verified_at: str | None
    verify_methods: list[str]
    url: str
    legal_rep: Text = UNSET
    contact_name: Text = UNSET
    contact_phone: Text = UNSET
    address: Text = UNSET
    review_note: str | None | UnsetType = UNSET
    trust: TrustFacts | UnsetType = UNSET


def trust_facts(card: TrustCard) -> TrustFacts:
    e = card.employer
    return TrustFacts(
        verified=e.is_verified,
        verified_at=e.verified_at.date().isoformat() if e.verified_at else None,
        methods=list(e.verify_methods),
        vacancies_posted=card.vacancies_posted,
        intents_signed=card.intents_signed,
        hires=card.hires,
    )


def trust_json(card: TrustCard) -> dict:
    """The trust card inside another JSON answer (a vacancy's)."""
    return msgspec.structs.asdict(trust_facts(card))


def employer_card(
    e: Employer, user: User | None = None, card: TrustCard | None = None
) -> EmployerCard:
    """``e`` as ``user`` may see it: contact, address and note only for itself and staff."""
    private = {}
    if is_own_or_staff(e, user):
        private = {
            "legal_rep": e.legal_rep,
            "contact_name": e.contact_name,
            "contact_phone": e.contact_phone,
            "address": e.address,
            "review_note": e.review_note,
        }
    return EmployerCard(
        id=e.id,
        name=e.name,
        credit_code=e.credit_code,
        industry=e.industry,
        township=e.township.name,
        status=e.status,
        verified_at=e.verified_at.isoformat() if e.verified_at else None,
        verify_methods=list(e.verify_methods),
        url=f"/employers/{e.id}",
        trust=trust_facts(card) if card else UNSET,
        **private,
    )
