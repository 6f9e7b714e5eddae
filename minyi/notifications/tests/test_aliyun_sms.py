import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import ClassVar
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.test import override_settings

from minyi.notifications import services
from minyi.notifications.channels import sms
from minyi.notifications.models import Delivery

SECRET = "testSecret"


def test_it_signs_the_documented_worked_example():
    """Alibaba Cloud's SendSms signature example, worked through by hand below."""
    params = {
        "AccessKeyId": "testId",
        "Action": "SendSms",
        "Format": "XML",
        "OutId": "123",
        "PhoneNumbers": "15300000001",
        "RegionId": "cn-hangzhou",
        "SignName": "阿里云短信测试专用",
        "SignatureMethod": "HMAC-SHA1",
        "SignatureNonce": "45e25e9b-0a6f-4070-8c85-2956eda1b466",
        "SignatureVersion": "1.0",
        "TemplateCode": "SMS_71390007",
        "TemplateParam": '{"customer":"test"}',
        "Timestamp": "2017-07-12T02:42:19Z",
        "Version": "2017-05-25",
    }
    # Step 1: sorted keys, RFC 3986 encoding (UTF-8 bytes, ":" -> %3A, "{" -> %7B, '"' -> %22).
    canonical = sms.canonical_query(params)
    assert canonical.startswith("AccessKeyId=testId&Action=SendSms&Format=XML&OutId=123&PhoneNumbers=15300000001")
    assert "&SignName=%E9%98%BF%E9%87%8C%E4%BA%91%E7%9F%AD%E4%BF%A1%E6%B5%8B%E8%AF%95%E4%B8%93%E7%94%A8&" in canonical
    assert "&TemplateParam=%7B%22customer%22%3A%22test%22%7D&Timestamp=2017-07-12T02%3A42%3A19Z&Version=2017-05-25" in canonical
    # Step 2: "GET&%2F&" + the canonical string encoded once more ("%" -> %25, "=" -> %3D, "&" -> %26).
    to_sign = sms.string_to_sign(params)
    assert to_sign.startswith("GET&%2F&AccessKeyId%3DtestId%26Action%3DSendSms%26Format%3DXML")
    assert "Timestamp%3D2017-07-12T02%253A42%253A19Z" in to_sign
    # Step 3: base64(HMAC-SHA1("testSecret&", StringToSign)), the value the documentation gives.
    assert sms.sign(params, SECRET) == "zJDF+Lrzhj/ThnlvIToysFRq6t4="


def test_it_encodes_space_star_and_tilde_the_aliyun_way():
    assert sms.percent_encode("a b*c~d/") == "a%20b%2Ac~d%2F"


class FakeDysms(BaseHTTPRequestHandler):
    """A local stand-in for dysmsapi.aliyuncs.com that checks each request's signature."""

    received: ClassVar[list] = []
    reply: ClassVar[dict | None] = None

    def do_GET(self):
        query = dict(parse_qsl(urlsplit(self.path).query, keep_blank_values=True))
        signature = query.pop("Signature", "")
        FakeDysms.received.append(query)
        if signature != sms.sign(query, SECRET):
            payload = {"Code": "SignatureDoesNotMatch", "Message": "Specified signature is not matched."}
        else:
            payload = FakeDysms.reply or {"Code": "OK", "Message": "OK", "BizId": "900619746936498440^0", "RequestId": "R1"}
        body = json.dumps(payload).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def fake_dysms():
    FakeDysms.received, FakeDysms.reply = [], None
    server = HTTPServer(("127.0.0.1", 0), FakeDysms)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def backend(endpoint, secret=SECRET):
    return sms.AliyunSmsBackend(
        access_key_id="LTAItest", access_key_secret=secret, endpoint=endpoint, sign_name="民意",
        templates={"test.reply": "SMS_100001", "default": "SMS_100000"}, timeout=5,
    )


def test_it_sends_a_signed_request_the_fake_provider_accepts(fake_dysms):
    message_id = backend(fake_dysms).send("13800000001", "test.reply", {"title": "您的意见已答复"})
    assert message_id == "900619746936498440^0"
    [query] = FakeDysms.received
    assert query["Action"] == "SendSms" and query["Version"] == "2017-05-25"
    assert query["PhoneNumbers"] == "13800000001" and query["SignName"] == "民意" and query["TemplateCode"] == "SMS_100001"
    assert json.loads(query["TemplateParam"]) == {"title": "您的意见已答复"}
    assert query["SignatureMethod"] == "HMAC-SHA1" and query["SignatureVersion"] == "1.0"


def test_it_raises_when_the_provider_rejects_the_signature(fake_dysms):
    with pytest.raises(sms.SmsError, match="SignatureDoesNotMatch"):
        backend(fake_dysms, secret="wrong").send("13800000001", "other.kind", {"title": "x"})
    assert FakeDysms.received[0]["TemplateCode"] == "SMS_100000"  # the default template


def test_it_raises_when_the_provider_is_unreachable():
    with pytest.raises(sms.SmsError, match="request failed"):
        backend("http://127.0.0.1:9").send("13800000001", "test.reply", {})


def test_it_delivers_through_the_aliyun_backend_from_settings_and_records_failures(people, fake_dysms, django_capture_on_commit_callbacks):
    aliyun = {
        "SMS_BACKEND": "aliyun", "ALIYUN_SMS_ACCESS_KEY_ID": "LTAItest", "ALIYUN_SMS_ACCESS_KEY_SECRET": SECRET,
        "ALIYUN_SMS_ENDPOINT": fake_dysms, "ALIYUN_SMS_TEMPLATES": {"default": "SMS_100000"}, "SMS_SIGN_NAME": "民意",
    }
    with override_settings(**aliyun), django_capture_on_commit_callbacks(execute=True):
        services.notify(people.citizen, "test.reply", "标题", channels=["sms"])
    delivery = Delivery.objects.get(channel="sms")
    assert (delivery.state, delivery.provider_message_id) == ("sent", "900619746936498440^0")

    FakeDysms.reply = {"Code": "isv.MOBILE_NUMBER_ILLEGAL", "Message": "invalid mobile"}
    with override_settings(**aliyun), django_capture_on_commit_callbacks(execute=True):
        services.notify(people.citizen, "test.reply", "再次", channels=["sms"])
    failed = Delivery.objects.filter(channel="sms").latest("pk")
    assert failed.state == "pending" and failed.attempts == 1 and "MOBILE_NUMBER_ILLEGAL" in failed.last_error
