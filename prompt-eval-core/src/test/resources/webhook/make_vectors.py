#!/usr/bin/env python3
"""Test vectors for PromptLayer webhook signatures, computed independently of the Java code under test.

PromptLayer signs a webhook with hex HMAC-SHA256 over json.dumps(payload, sort_keys=True), as its docs show
(features/prompt-registry/webhooks). Each vector holds the raw request body as a receiver would get it (keys in
any order, any white space, non-ASCII as raw UTF-8), the canonical text Python produces from it, and the signature.

Run from this folder to regenerate vectors.json:  python3 make_vectors.py > vectors.json
"""
import hashlib
import hmac
import json
import random
import struct

SECRET = "whsec_test_2f9c1e"


def vector(name, body, secret=SECRET):
    payload = json.loads(body)
    canonical = json.dumps(payload, sort_keys=True)
    signature = hmac.new(key=secret.encode(), msg=canonical.encode("utf-8"), digestmod=hashlib.sha256).hexdigest()
    return {"name": name, "secret": secret, "body": body, "canonical": canonical, "signature": signature}


def wire(payload, **options):
    """A body as a sender might write it: insertion order, raw UTF-8 text."""
    return json.dumps(payload, ensure_ascii=False, **options)


version_created = {
    "event_type": "prompt_template_version_created",
    "details": {"prompt_template_name": "support-reply", "prompt_template_version_number": 2,
                "prompt_template_id": 123},
    "user_id": 42, "user_name": "Zoë Ångström", "user_email": "zoe@example.com", "workspace_id": 7,
    "timestamp": "2025-03-15T10:30:00.123456",
}
label_moved = {
    "event_type": "prompt_template_label_moved",
    "details": {"prompt_template_id": 123, "prompt_template_name": "support/order summary",
                "prompt_template_version_number": 3, "old_prompt_template_version_number": 2,
                "prompt_template_label": "production"},
    "user_id": 42, "user_name": "Dev 🚀 团队", "user_email": "dev@example.com", "workspace_id": 7,
    "timestamp": "2025-03-15T10:31:00+00:00",
}
change_approved = {
    "event_type": "prompt_template_label_change_approved",
    "details": {"prompt_template_id": 123, "prompt_template_name": "support-reply",
                "prompt_template_label": "production", "change_type": "move"},
    "user_id": 43, "user_name": None, "user_email": None, "workspace_id": 7,
    "timestamp": "2025-03-15T10:32:00Z",
}
# an event this library does not type, with nested objects, awkward keys and strings, and numbers of every kind
numbers_body = (
    '{"event_type": "dataset_version_created_from_filter_params", "workspace_id": 7, "user_id": 1,'
    ' "timestamp": "2025-03-15T10:33:00Z", "details": {"dataset_id": 345, "rows_added": 100,'
    ' "dataset_version_number": 4, "nested": {"b": {"y": [1, {"k": "v"}], "x": {}}, "a": [], "": true,'
    ' "A": null, "é": 1, "\\ue000": 2, "😀": 3, "\\u00ff": 4, "z": false},'
    ' "text": "quote \\" backslash \\\\ slash / tab \\t nl \\n cr \\r bs \\b ff \\f ctl \\u0001 del \\u007f'
    ' nbsp \\u00a0 ls \\u2028 cjk 中文 emoji 😀 \\ud83d\\ude80 fin",'
    ' "numbers": [0, -0, 1, -1, 1.5, 1e-7, 10.0, 1E2, 0.1, 1e16, 1e15, 1e22, 123456789012345678901234567890,'
    ' -98765432109876543210, -0.0, 5e-324, 1.7976931348623157e308, 0.0001, 0.00001, 1234567890123456.7,'
    ' 2.5e-5, 3.141592653589793, 1.0000000000000002, 9007199254740993, 9007199254740993.0, 100.25,'
    ' 1e400, -1e400, 0.30000000000000004, 123456789.123456789, 2e-310]}}'
)
# a body that repeats a key: Python keeps the last value
duplicate_body = '{"event_type": "x", "details": {"a": 1, "a": 2}, "user_id": 1, "user_id": 9}'

rng = random.Random(20251115)
doubles = []
while len(doubles) < 400:
    value = struct.unpack("<d", struct.pack("<Q", rng.getrandbits(64)))[0]
    if value == value and value not in (float("inf"), float("-inf")):
        doubles.append(value)
doubles += [rng.uniform(-1, 1) * 10 ** rng.randint(-25, 25) for _ in range(400)]
doubles += [round(rng.uniform(0, 1000), rng.randint(0, 6)) for _ in range(200)]
floats_body = json.dumps({"event_type": "floats", "details": {"values": doubles}})

vectors = [
    vector("version created, compact body", wire(version_created, separators=(",", ":"))),
    vector("label moved, pretty body with emoji and CJK", wire(label_moved, indent=2)),
    vector("label change approved, nulls", wire(change_approved)),
    vector("other event, nested objects, odd keys and strings, int and float arrays", numbers_body),
    vector("duplicate keys", duplicate_body),
    vector("1000 doubles: random bit patterns and decimal magnitudes", floats_body),
    vector("ASCII-escaped body, another secret", json.dumps(label_moved), secret="s3cr3t-ünïcode-🔑"),
]
print(json.dumps(vectors, indent=1, sort_keys=True))
