"""Every error a client can cause answers a clear page or JSON body in the reader's language."""

from __future__ import annotations

import logging
import re
from urllib.parse import urlsplit

from litestar import Request, Response
from litestar.exceptions import HTTPException, NotAuthorizedException, ValidationException
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_500_INTERNAL_SERVER_ERROR

from .forms import FormError
from .i18n import N_, gettext, lang_of
from .validation import field_errors

log = logging.getLogger("portal.errors")


# What a service raises when a request cannot go on; answered below as a page or JSON (a form's
# own refusal is FormError, in forms.py, because pages catch it to show the form again).
class NotFound(Exception):
    """No such thing, or not one this user may see (the two are answered alike)."""


class NotAllowed(Exception):
    """The thing exists and this user may see it, but not do this to it."""


class TooManyAttempts(Exception):
    """Too many attempts from this client within the window; answered 429 with ``msgid``."""

    def __init__(
        self, msgid: str = N_("Too many failed attempts. Please wait 15 minutes and try again.")
    ) -> None:
        super().__init__(msgid)
        self.msgid = msgid


# Control characters (a decoded %0A in a path would start a forged log line) and anything shaped like a
# resident ID number (no full ID number is ever written to a log).
_UNLOGGABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_ID_LIKE = re.compile(r"(?<![0-9])([0-9]{6})[0-9]{8}([0-9]{3}[0-9Xx])(?![0-9])")

MESSAGES = {
    400: N_("The request could not be understood. Please check what you entered."),
    401: N_("Please log in first."),
    403: N_("You do not have permission to do this."),
    404: N_("This page does not exist, or is no longer available."),
    405: N_("This action is not available here."),
    413: N_("What you sent is too large."),
    429: N_("Too many failed attempts. Please wait 15 minutes and try again."),
    500: N_("Something went wrong on our side. Nothing you entered was lost; please try again."),
}
TOO_DEEP = N_("What you sent is nested too deeply to be read.")
CSRF_MESSAGE = N_("This form has expired. Please reload the page and submit it again.")


def loggable(value: object, limit: int = 300) -> str:
    """A request path or value as one safe log line: control characters escaped, ID numbers masked."""
    text = _ID_LIKE.sub(r"\1********\2", str(value)[:limit])
    return _UNLOGGABLE.sub(lambda m: ascii(m.group())[1:-1], text)


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/healthz"


def _respond(request: Request, status: int, message: str) -> Response:
    lang = lang_of(request)
    text = gettext(lang, message)
    if _is_api(request):
        return Response({"status_code": status, "detail": text}, status_code=status)
    return Template("error.html", context={"message": text, "status": status}, status_code=status)


def _back_after_login(request: Request) -> str:
    """Where login should lead: this page; for a form sent (POST), the page it was sent from, since
    the browser would GET the form's address after login and find it answers only POST (405)."""
    if request.method in ("GET", "HEAD"):
        return request.url.path
    sent_from = urlsplit(request.headers.get("referer") or "")
    return sent_from.path if sent_from.netloc == request.url.netloc else ""


def http_error(request: Request, exc: HTTPException) -> Response:
    status = exc.status_code
    if isinstance(exc, NotAuthorizedException) and not _is_api(request):
        back = _back_after_login(request)
        return Redirect(path="/login", query_params={"next": back} if back else None)
    if (
        isinstance(exc, ValidationException)
        and _is_api(request)
        and (fields := field_errors(exc.extra))
    ):
        return form_error(request, FormError(fields))
    if status == 403 and "CSRF" in str(exc.detail):
        return _respond(request, 403, CSRF_MESSAGE)
    if status >= 500:
        log.error("server error on %s: %s", loggable(request.url.path), loggable(exc.detail))
    return _respond(
        request, status, MESSAGES.get(status, MESSAGES[400] if status < 500 else MESSAGES[500])
    )


def form_error(request: Request, exc: FormError) -> Response:
    """A FormError that reached here came from an API call (pages catch theirs to redisplay the form)."""
    lang = lang_of(request)
    errors = {name: message.render(lang) for name, message in exc.errors.items()}
    return Response(
        {"status_code": 400, "detail": gettext(lang, MESSAGES[400]), "errors": errors},
        status_code=400,
    )


def not_found(request: Request, _exc: Exception) -> Response:
    return _respond(request, 404, MESSAGES[404])


def not_allowed(request: Request, _exc: Exception) -> Response:
    return _respond(request, 403, MESSAGES[403])


def too_many(request: Request, exc: TooManyAttempts) -> Response:
    return _respond(request, 429, exc.msgid)


def server_error(request: Request, exc: Exception) -> Response:
    if isinstance(exc, RecursionError) and "deserializing" in str(exc):
        return _respond(request, 400, TOO_DEEP)  # msgspec refusing a JSON body nested too deeply
    # The message line is escaped; the traceback below it is the reader's to trust line by line.
    log.error(
        "unhandled error on %s: %s: %s",
        loggable(request.url.path),
        type(exc).__name__,
        loggable(exc),
        exc_info=exc,
    )
    return _respond(request, HTTP_500_INTERNAL_SERVER_ERROR, MESSAGES[500])


HANDLERS = {
    HTTPException: http_error,
    FormError: form_error,
    NotFound: not_found,
    NotAllowed: not_allowed,
    TooManyAttempts: too_many,
    Exception: server_error,
}
