"""Reading what an employer sends: its details, the one-time check, and staff's decision on it.

Each reader says what is wrong per field in the reader's language (``FormError``); the limits are
``states.MAX_LEN`` and ``MIN_LEN``, which the pages and /schema show too."""

from __future__ import annotations

from dataclasses import dataclass

from ..forms import Reader
from ..i18n import N_
from ..reference import find_industry, find_township
from ..security import clean_credit_code, clean_phone
from .states import MAX_LEN, MIN_LEN

PASSWORD_MIN, PASSWORD_MAX = MIN_LEN["password"], MAX_LEN["password"]


@dataclass(frozen=True)
class EmployerForm:
    credit_code: str
    name: str
    legal_rep: str
    contact_name: str
    contact_phone: str
    address: str
    township_code: str
    industry: str
    password: str


def _text(r: Reader, name: str, person: bool = True) -> str:
    """A detail within its limits (``states.MAX_LEN``, ``MIN_LEN``); names keep no direction marks."""
    read = r.name if person else r.text
    return read(name, min_len=MIN_LEN.get(name, 1), max_len=MAX_LEN[name])


def _credit_code(r: Reader) -> str:
    typed = r.text("credit_code", max_len=MAX_LEN["credit_code"])
    code = clean_credit_code(typed) if typed else ""
    if typed and code is None:
        r.fail(
            "credit_code",
            N_(
                "This is not a valid unified social credit code: "
                "check the 18 characters on the licence."
            ),
        )
    return code or ""


def _phone(r: Reader) -> str:
    typed = r.text("contact_phone", max_len=MAX_LEN["contact_phone"])
    phone = clean_phone(typed) if typed else ""
    if typed and phone is None:
        r.fail("contact_phone", N_("Please enter an 11-digit mobile number."))
    return phone or ""


def _password(r: Reader, raw: dict) -> str:
    password = raw.get("password") if isinstance(raw.get("password"), str) else ""
    if not PASSWORD_MIN <= len(password) <= PASSWORD_MAX:
        r.fail(
            "password",
            N_("The password must have %(low)s to %(high)s characters."),
            low=PASSWORD_MIN,
            high=PASSWORD_MAX,
        )
    elif raw.get("password2") is not None and raw.get("password2") != password:
        r.fail("password2", N_("The two passwords differ."))
    return password


def _chosen(raw: dict, name: str) -> str | None:
    return raw.get(name) if isinstance(raw.get(name), str) else None


def parse_employer_form(raw: dict, *, with_password: bool = True) -> EmployerForm:
    r = Reader(raw)
    code = _credit_code(r)
    name, legal_rep, contact_name = (_text(r, n) for n in ("name", "legal_rep", "contact_name"))
    phone = _phone(r)
    address = _text(r, "address", person=False)
    township = find_township(_chosen(raw, "township"))
    if township is None:
        r.fail("township", N_("Please choose a township of the county."))
    industry = find_industry(_chosen(raw, "industry"))
    if industry is None:
        r.fail("industry", N_("Please choose an industry."))
    password = _password(r, raw) if with_password else ""
    r.done()
    return EmployerForm(
        code, name, legal_rep, contact_name, phone, address, township.code, industry.key, password
    )


@dataclass(frozen=True)
class Registration:
    """A registration as submitted: the details, the one-time check (token and answer), the client address."""

    form: EmployerForm
    challenge: str
    answer: str
    ip: str

    @classmethod
    def of(cls, raw: dict, ip: str) -> Registration:
        token, answer = raw.get("challenge"), raw.get("challenge_answer")
        return cls(
            parse_employer_form(raw),
            token if isinstance(token, str) else "",
            str(answer) if isinstance(answer, (str, int)) else "",
            ip[:45],
        )


@dataclass(frozen=True)
class Decision:
    """Staff's review of an employer: ``verify`` (with how they checked), ``reject`` or ``block``."""

    action: str
    methods: tuple[str, ...] = ()
    note: str = ""

    @classmethod
    def of(cls, raw: dict) -> Decision:
        """From the queue's form or a JSON body; odd values read as absent (refused in ``decide``)."""
        methods = raw.get("methods")
        methods = methods if isinstance(methods, list) else [methods]
        note = raw.get("note")
        return cls(
            raw.get("action") if isinstance(raw.get("action"), str) else "",
            tuple(m for m in methods if isinstance(m, str)),
            note if isinstance(note, str) else "",
        )
