"""SMS backends behind one interface: `SmsBackend.send(phone, template_key, params) -> message_id`.

- `database` (embedded mode, tests): records the message in SmsOutbox and the log; nothing leaves.
- `aliyun`: Alibaba Cloud SMS (dysmsapi SendSms, RPC signature v1) over HTTPS with urllib.

A backend raises SmsError (or any exception) when the message was not accepted; the caller retries.
"""

import base64
import hashlib
import hmac
import json
import logging
import uuid
from datetime import UTC, datetime
from urllib.parse import quote
from urllib.request import Request, urlopen

from django.conf import settings

log = logging.getLogger(__name__)


class SmsError(Exception):
    pass


class SmsBackend:
    def send(self, phone, template_key, params):
        raise NotImplementedError


class DatabaseSmsBackend(SmsBackend):
    def send(self, phone, template_key, params):
        from ..models import SmsOutbox

        row = SmsOutbox.objects.create(phone=phone, template_key=template_key, params=params, sign_name=settings.SMS_SIGN_NAME)
        log.info("SMS (development backend) to %s****: [%s] %s %s", phone[:3], settings.SMS_SIGN_NAME, template_key, params)
        return f"outbox-{row.pk}"


def percent_encode(value):
    """RFC 3986 encoding as Alibaba Cloud's RPC signature wants it: space %20, * %2A, ~ kept."""
    return quote(str(value), safe="~")


def canonical_query(params):
    return "&".join(f"{percent_encode(k)}={percent_encode(v)}" for k, v in sorted(params.items()))


def string_to_sign(params, method="GET"):
    return f"{method}&{percent_encode('/')}&{percent_encode(canonical_query(params))}"


def sign(params, secret, method="GET"):
    """RPC signature v1: base64(HMAC-SHA1(secret + "&", StringToSign))."""
    digest = hmac.new(f"{secret}&".encode(), string_to_sign(params, method).encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


class AliyunSmsBackend(SmsBackend):
    def __init__(self, *, access_key_id=None, access_key_secret=None, endpoint=None, sign_name=None, templates=None, timeout=None):
        self.access_key_id = access_key_id or settings.ALIYUN_SMS_ACCESS_KEY_ID
        self.access_key_secret = access_key_secret or settings.ALIYUN_SMS_ACCESS_KEY_SECRET
        self.endpoint = endpoint or settings.ALIYUN_SMS_ENDPOINT
        self.sign_name = sign_name or settings.SMS_SIGN_NAME
        self.templates = templates if templates is not None else settings.ALIYUN_SMS_TEMPLATES
        self.timeout = timeout or settings.SMS_TIMEOUT

    def template_code(self, template_key):
        code = self.templates.get(template_key) or self.templates.get("default")
        if not code:
            raise SmsError(f"No Aliyun SMS template code for {template_key!r} (set ALIYUN_SMS_TEMPLATES).")
        return code

    def request_params(self, phone, template_key, params, *, nonce=None, timestamp=None):
        query = {
            "AccessKeyId": self.access_key_id,
            "Action": "SendSms",
            "Format": "JSON",
            "PhoneNumbers": phone,
            "RegionId": "cn-hangzhou",
            "SignName": self.sign_name,
            "SignatureMethod": "HMAC-SHA1",
            "SignatureNonce": nonce or uuid.uuid4().hex,
            "SignatureVersion": "1.0",
            "TemplateCode": self.template_code(template_key),
            "TemplateParam": json.dumps(params, ensure_ascii=False, separators=(",", ":")),
            "Timestamp": timestamp or datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "Version": "2017-05-25",
        }
        query["Signature"] = sign(query, self.access_key_secret)
        return query

    def send(self, phone, template_key, params):
        query = self.request_params(phone, template_key, params)
        url = f"{self.endpoint.rstrip('/')}/?{canonical_query(query)}"
        try:
            with urlopen(Request(url, method="GET"), timeout=self.timeout) as response:
                payload = json.loads(response.read().decode("utf-8"))
        except OSError as error:  # network, timeout and HTTP errors
            body = getattr(error, "read", lambda: b"")()
            raise SmsError(f"Aliyun SMS request failed: {error} {body[:300]!r}") from error
        if payload.get("Code") != "OK":
            raise SmsError(f"Aliyun SMS refused: {payload.get('Code')} {payload.get('Message')}")
        return payload.get("BizId") or payload.get("RequestId") or ""


BACKENDS = {"database": DatabaseSmsBackend, "aliyun": AliyunSmsBackend}


def get_backend():
    return BACKENDS[getattr(settings, "SMS_BACKEND", "database")]()
