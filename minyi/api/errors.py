"""Every API error is JSON with a stable machine code and a message in the caller's language:

    {"code": "not_found", "message": "找不到该对象", "errors": [...]}
"""

import logging

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, HttpError, ValidationError

logger = logging.getLogger(__name__)


class ApiError(Exception):
    """Raise from an endpoint or a service call for a refusal the caller can act on."""

    def __init__(self, code, message, status=400, errors=None):
        super().__init__(message)
        self.code, self.message, self.status, self.errors = code, message, status, errors or []


def _body(code, message, errors=None):
    body = {"code": code, "message": str(message)}
    if errors:
        body["errors"] = errors
    return body


def _field_errors(ninja_errors):
    out = []
    for error in ninja_errors:
        location = [str(part) for part in error.get("loc", []) if part not in ("body", "payload", "query", "path")]
        out.append({"field": ".".join(location), "message": _translated_validation(error)})
    return out


def _translated_validation(error):
    kind = error.get("type", "")
    if kind == "missing":
        return _("This field is required.")
    if kind.startswith(("int_", "float_", "decimal_")):
        return _("Enter a number.")
    if kind.startswith(("date", "datetime", "time")):
        return _("Enter a valid date or time.")
    if kind.startswith("string_too_long"):
        return _("This value is too long.")
    if kind.startswith("string_too_short"):
        return _("This value is too short.")
    if kind.startswith(("bool_",)):
        return _("Enter true or false.")
    if kind in ("enum", "literal_error"):
        return _("Choose one of the allowed values.")
    return _("This value is not valid.")


def install(api):
    @api.exception_handler(ApiError)
    def api_error(request, exc):
        return api.create_response(request, _body(exc.code, exc.message, exc.errors), status=exc.status)

    @api.exception_handler(ValidationError)
    def validation_error(request, exc):
        return api.create_response(
            request, _body("invalid_input", _("Some fields are not valid."), _field_errors(exc.errors)), status=422
        )

    @api.exception_handler(DjangoValidationError)
    def django_validation_error(request, exc):
        if hasattr(exc, "message_dict"):
            errors = [{"field": f, "message": str(m)} for f, ms in exc.message_dict.items() for m in ms]
        else:
            errors = [{"field": "", "message": str(m)} for m in exc.messages]
        return api.create_response(request, _body("invalid_input", _("Some fields are not valid."), errors), status=422)

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request, exc):
        return api.create_response(request, _body("unauthenticated", _("Sign in or send a valid API token.")), status=401)

    @api.exception_handler(PermissionDenied)
    def forbidden(request, exc):
        return api.create_response(request, _body("forbidden", _("You do not have permission to do this.")), status=403)

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return api.create_response(request, _body("not_found", _("Not found, or you may not see it.")), status=404)

    @api.exception_handler(HttpError)
    def http_error(request, exc):
        code = {400: "bad_request", 405: "method_not_allowed", 429: "too_many_requests"}.get(exc.status_code, "error")
        return api.create_response(request, _body(code, _("The request could not be processed.")), status=exc.status_code)

    @api.exception_handler(Exception)
    def server_error(request, exc):
        logger.exception("API error on %s", request.path)
        return api.create_response(
            request, _body("server_error", _("Something went wrong on our side. It has been logged; please try again.")), status=500
        )
