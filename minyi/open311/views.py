"""The GeoReport v2 endpoints under /open311/v2/, each in JSON or XML by its suffix, errors as the
specification shapes them ([{code, description}]). Posting needs a registered system's api_key."""

import datetime
import xml.etree.ElementTree as ET

from django.http import HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from . import adapter

ROOTS = {"services": ("services", "service"), "definition": ("service_definition", None), "requests": ("service_requests", "request"),
         "posted": ("service_requests", "request"), "tokens": ("service_requests", "request"), "errors": ("errors", "error")}


def _text(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.datetime):
        return value.isoformat(timespec="seconds")
    return str(value)


def _xml_item(parent, tag, item):
    element = ET.SubElement(parent, tag)
    for key, value in item.items():
        if isinstance(value, list):
            holder = ET.SubElement(element, key)
            for child in value:
                _xml_item(holder, key.rstrip("s"), child)
        else:
            ET.SubElement(element, key).text = _text(value)
    return element


def _respond(fmt, shape, payload, status=200):
    if fmt == "xml":
        root_tag, item_tag = ROOTS[shape]
        if item_tag is None:
            root = _xml_item(ET.Element("root"), root_tag, payload)
        else:
            root = ET.Element(root_tag)
            for item in payload:
                _xml_item(root, item_tag, item)
        body = ET.tostring(root, encoding="unicode")
        return HttpResponse('<?xml version="1.0" encoding="utf-8"?>' + body, content_type="text/xml; charset=utf-8", status=status)
    data = [{k: _text(v) if isinstance(v, datetime.datetime) else v for k, v in item.items()} for item in payload] \
        if isinstance(payload, list) else payload
    return JsonResponse(data, safe=False, status=status, json_dumps_params={"ensure_ascii": False})


def _refused(fmt, refused):
    return _respond(fmt, "errors", [{"code": refused.code, "description": refused.description}], status=refused.code)


@require_GET
def service_list(request, fmt):
    return _respond(fmt, "services", adapter.services())


@require_GET
def service_definition(request, service_code, fmt):
    try:
        return _respond(fmt, "definition", adapter.definition(service_code))
    except adapter.Refused as refused:
        return _refused(fmt, refused)


@csrf_exempt  # systems post with their api_key, not a browser's session
@require_http_methods(["GET", "POST"])
def requests(request, fmt):
    try:
        if request.method == "POST":
            return _respond(fmt, "posted", adapter.post_request(request.POST, api_key=request.POST.get("api_key", "")), status=201)
        return _respond(fmt, "requests", adapter.list_requests(request.GET))
    except adapter.Refused as refused:
        return _refused(fmt, refused)


@require_GET
def request_detail(request, service_request_id, fmt):
    try:
        return _respond(fmt, "requests", adapter.get_request(service_request_id, api_key=request.GET.get("api_key", "")))
    except adapter.Refused as refused:
        return _refused(fmt, refused)


@require_GET
def token(request, token, fmt):
    """The id is given at once when posting, so a token is the id itself."""
    try:
        found = adapter.get_request(token, api_key=request.GET.get("api_key", ""))
    except adapter.Refused as refused:
        return _refused(fmt, refused)
    return _respond(fmt, "tokens", [{"service_request_id": found[0]["service_request_id"], "token": token}])
