"""Every error a client can cause answers a clear page or JSON body in the reader's language."""

from __future__ import annotations

import logging

from litestar import Request, Response
from litestar.exceptions import HTTPException, NotAuthorizedException
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_500_INTERNAL_SERVER_ERROR

from .forms import FormError
from .i18n import N_, gettext, lang_of
from .services.accounts import TooManyAttempts
from .services.jobs import NotAllowed, NotFound

log = logging.getLogger("portal.errors")

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
CSRF_MESSAGE = N_("This form has expired. Please reload the page and submit it again.")


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/healthz"


def _respond(request: Request, status: int, message: str) -> Response:
    lang = lang_of(request)
    text = gettext(lang, message)
    if _is_api(request):
        return Response({"status_code": status, "detail": text}, status_code=status)
    return Template("error.html", context={"message": text, "status": status}, status_code=status)


def http_error(request: Request, exc: HTTPException) -> Response:
    status = exc.status_code
    if isinstance(exc, NotAuthorizedException) and not _is_api(request):
        return Redirect(path="/login", query_params={"next": request.url.path})
    if status == 403 and "CSRF" in str(exc.detail):
        return _respond(request, 403, CSRF_MESSAGE)
    if status >= 500:
        log.error("server error on %s: %s", request.url.path, exc.detail)
    return _respond(request, status, MESSAGES.get(status, MESSAGES[400] if status < 500 else MESSAGES[500]))


def form_error(request: Request, exc: FormError) -> Response:
    """A FormError that reached here came from an API call (pages catch theirs to redisplay the form)."""
    lang = lang_of(request)
    errors = {name: message.render(lang) for name, message in exc.errors.items()}
    return Response({"status_code": 400, "detail": gettext(lang, MESSAGES[400]), "errors": errors}, status_code=400)


def not_found(request: Request, _exc: Exception) -> Response:
    return _respond(request, 404, MESSAGES[404])


def not_allowed(request: Request, _exc: Exception) -> Response:
    return _respond(request, 403, MESSAGES[403])


def too_many(request: Request, exc: TooManyAttempts) -> Response:
    return _respond(request, 429, exc.msgid)


def server_error(request: Request, exc: Exception) -> Response:
    log.exception("unhandled error on %s", request.url.path, exc_info=exc)
    return _respond(request, HTTP_500_INTERNAL_SERVER_ERROR, MESSAGES[500])


HANDLERS = {
    HTTPException: http_error,
    FormError: form_error,
    NotFound: not_found,
    NotAllowed: not_allowed,
    TooManyAttempts: too_many,
    Exception: server_error,
}
