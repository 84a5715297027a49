"""The signed roll-up (issue 15 req. 6): a city exports its statistics as JSON with an HMAC-SM3; the
level above imports and verifies it (round trip), refuses a tampered file and a file signed with
another key with a Chinese reason, stores the roll-ups and adds up several cities; the file carries
no personal data."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from huanjie.core.audit import AuditEvent
from huanjie.stats import rollup_selectors, rollup_services
from huanjie.stats.models import ImportedRollup
from huanjie.stats.tables_selectors import parts
from tests.factories import user_with_role
from tests.stats.test_tables import ON, _login, seat_cast

KEY_A = "a1" * 32
KEY_B = "b2" * 32
KEY_C = "c3" * 32


def _export(client, cast) -> bytes:
    _login(client, cast["city_operator"])
    response = client.get(f"/stats/reports/rollup/{cast.city.code}.json")
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    return response.content


def _import(client, data: bytes, name: str = "rollup.json"):
    return client.post(
        "/stats/reports/rollup/import/", {"file": SimpleUploadedFile(name, data, "application/json")}
    )


def _messages(response) -> list[str]:
    return [str(m) for m in response.wsgi_request._messages]


@pytest.fixture
def seated(cast, monkeypatch):
    monkeypatch.setattr("huanjie.core.workflow.today", lambda: ON)
    return seat_cast(cast)


@pytest.fixture
def keys(settings):
    settings.HUANJIE_ROLLUP_KEY = KEY_A
    settings.HUANJIE_ROLLUP_KEYS = {"3299": KEY_A, "4401": KEY_C}
    return settings


def test_round_trip(client, seated, keys):
    data = _export(client, seated)
    document = json.loads(data)
    assert document["signature"]["algorithm"] == "HMAC-SM3" and document["signature"]["key_id"] == "3299"
    _, total = parts(seated["city_operator"], seated.city)
    assert document["payload"]["total"]["members"] == total.counts["members"] == 7
    assert document["payload"]["total"]["age_sum"] == total.age_sum
    county = next(u for u in document["payload"]["units"] if u["name"] == "清河县")
    assert county["figures"]["members"] == 6 and county["parent"] == seated.city.code
    town = next(u for u in document["payload"]["units"] if u["name"] == "青石镇")
    assert town["figures"]["members"] == 5 and town["parent"] == seated.county.code
    assert AuditEvent.objects.filter(action="export", org_path="3299").exists()

    response = _import(client, data)
    row = ImportedRollup.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/stats/reports/rollup/{row.pk}/"
    assert row.city_name == "东湖市" and row.figures_on == ON and row.held_at == "3299"
    assert row.payload == document["payload"]
    assert AuditEvent.objects.filter(action="import", model="stats.ImportedRollup").count() == 1
    page = client.get(f"/stats/reports/rollup/{row.pk}/").content.decode()
    assert "青石镇" in page and "校验值已核验" in page
    # the same file twice is refused
    again = _import(client, data)
    assert ImportedRollup.objects.count() == 1
    assert any("已经导入过" in m for m in _messages(again))


@pytest.mark.parametrize(
    "tamper",
    [
        lambda d: d["payload"]["total"].__setitem__("members", 8),
        lambda d: d["payload"]["units"][0]["figures"].__setitem__("women", 0),
        lambda d: d["payload"].__setitem__("on", "2026-06-02"),
        lambda d: d["payload"]["city"].__setitem__("name", "西湖市"),
        lambda d: d["signature"].__setitem__("value", "0" * 64),
    ],
)
def test_a_tampered_file_is_refused(client, seated, keys, tamper):
    document = json.loads(_export(client, seated))
    tamper(document)
    events = AuditEvent.objects.count()
    response = _import(client, json.dumps(document, ensure_ascii=False).encode())
    assert response.status_code == 302 and response["Location"] == "/stats/reports/rollup/"
    assert _messages(response) == [
        "未导入：校验失败：文件内容已被改动，或不是用该市约定的密钥生成的，拒绝导入"
    ]
    assert not ImportedRollup.objects.exists() and AuditEvent.objects.count() == events


def test_a_file_signed_with_another_key_is_refused(client, seated, settings):
    settings.HUANJIE_ROLLUP_KEY = KEY_A
    data = _export(client, seated)
    settings.HUANJIE_ROLLUP_KEYS = {"3299": KEY_B}
    with pytest.raises(rollup_services.RollupError, match="校验失败"):
        rollup_services.verify(data)
    response = _import(client, data)
    assert any("校验失败" in m for m in _messages(response)) and not ImportedRollup.objects.exists()
    # and with the right key configured it goes in
    settings.HUANJIE_ROLLUP_KEYS = f"3299={KEY_A}"
    assert rollup_services.verify(data)["payload"]["city"]["path"] == "3299"


def test_a_city_without_a_configured_key_is_refused(seated, settings):
    payload = rollup_services.build_payload(seated["city_operator"], seated.city, ON) | {
        "city": {"code": "510100000000", "name": "别的市", "path": "5101"}
    }
    data = json.dumps(rollup_services.sign(payload, bytes.fromhex(KEY_A), "5101")).encode()
    settings.HUANJIE_ROLLUP_KEYS = {"3299": KEY_A}
    with pytest.raises(rollup_services.RollupError, match="没有配置编码为 5101 的市的汇总密钥"):
        rollup_services.verify(data)


def test_no_personal_fields_in_the_file(client, seated, keys):
    data = _export(client, seated)
    text = data.decode()
    for name in ("甲书记", "乙委员", "丙委员", "丁旧任", "戊书记", "己主任", "庚书记", "辛主任"):
        assert name not in text
    document = json.loads(text)

    def keys_of(value, out):
        if isinstance(value, dict):
            for k, v in value.items():
                out.add(k)
                keys_of(v, out)
        elif isinstance(value, list):
            for v in value:
                keys_of(v, out)
        return out

    allowed = {"format", "version", "payload", "signature", "algorithm", "key_id", "value"}
    allowed |= {"city", "campaign", "code", "name", "path", "on", "generated_at", "fields", "total", "units"}
    allowed |= {"level", "parent", "figures", *rollup_services.FIELDS}
    assert keys_of(document, set()) <= allowed
    # units are the city's counties and towns only: no village, no person
    assert {u["level"] for u in document["payload"]["units"]} == {"county", "town"}
    # every figure is a count
    for u in document["payload"]["units"]:
        assert all(isinstance(v, int) for v in u["figures"].values())


def test_a_signed_file_carrying_anything_else_is_refused(seated, settings):
    settings.HUANJIE_ROLLUP_KEYS = {"3299": KEY_A}
    payload = rollup_services.build_payload(seated["city_operator"], seated.city, ON)
    payload["units"][0]["members"] = ["甲书记"]
    data = json.dumps(
        rollup_services.sign(payload, bytes.fromhex(KEY_A), "3299"), ensure_ascii=False
    ).encode()
    with pytest.raises(rollup_services.RollupError, match="下级单位的内容与格式不符"):
        rollup_services.verify(data)


def test_the_province_adds_up_several_cities(client, seated, keys):
    east = _export(client, seated)
    other = rollup_services.build_payload(seated["city_operator"], seated.city, ON)
    other["city"] = {"code": "440100000000", "name": "南江市", "path": "4401"}
    other["units"] = [
        {
            "code": "440101000000",
            "name": "北区",
            "level": "county",
            "parent": "440100000000",
            "figures": dict(other["total"]),
        }
    ]
    other["total"] = dict(other["total"], members=10, women=4, age_sum=450)
    other["units"][0]["figures"] = dict(other["total"])
    south = json.dumps(rollup_services.sign(other, bytes.fromhex(KEY_C), "4401"), ensure_ascii=False).encode()
    _login(client, seated["city_operator"])
    assert _import(client, east).status_code == 302
    assert _import(client, south).status_code == 302
    agg = rollup_selectors.aggregate(seated["city_operator"])
    assert [line.label for line in agg.lines] == ["东湖市（2026-06-01）", "南江市（2026-06-01）"]
    assert agg.total.figures["members"] == 17 and agg.total.figures["women"] == 7
    assert agg.total.figures["age_sum"] == 450 + json.loads(east)["payload"]["total"]["age_sum"]
    page = client.get("/stats/reports/rollup/").content.decode()
    assert "南江市" in page and "东湖市" in page
    # the same as a 换届选举情况统计表: one row per city, the 合计 the sum of the cities
    import io

    import openpyxl

    response = client.get("/stats/reports/rollup/aggregate.xlsx")
    assert response.status_code == 200
    ws = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = [list(r) for r in ws.iter_rows(min_row=5, values_only=True)]
    m = 10  # 两委成员数 in the default layout: after 序号, 单位, 4 unit counts and 4 election counts
    assert [r[1] for r in rows[:2]] == ["东湖市（2026-06-01）", "南江市（2026-06-01）"]
    assert rows[2][0] == "合计" and rows[2][m] == 17 == rows[0][m] + rows[1][m]


def test_only_the_holders_of_the_rollup_see_and_import(client, seated, keys, cast):
    data = _export(client, seated)
    _import(client, data)
    row = ImportedRollup.objects.get()
    other_city = cast.city.__class__.objects.create(
        code="329800000000", path="3298", level="city", name="西岭市"
    )
    outsider = user_with_role("city_op_2", "city_operator", other_city)
    _login(client, outsider)
    assert client.get(f"/stats/reports/rollup/{row.pk}/").status_code == 404
    assert client.get(f"/stats/reports/rollup/{cast.city.code}.json").status_code == 404
    assert "东湖市" not in client.get("/stats/reports/rollup/").content.decode()
    _login(client, cast["county_operator"])
    assert client.get("/stats/reports/rollup/").status_code == 403
    assert client.post("/stats/reports/rollup/import/", {}).status_code == 403


def test_without_configured_keys_a_city_signs_with_a_key_of_its_own(client, seated, settings):
    """No HUANJIE_ROLLUP_KEY: the key is derived per city from the deployment's MAC key (never the MAC
    key itself); ``huanjie rollup_key`` prints it for the province, and this deployment verifies it."""
    import io

    from django.core.management import call_command

    from huanjie.core import crypto

    settings.HUANJIE_ROLLUP_KEY = ""
    settings.HUANJIE_ROLLUP_KEYS = ""
    data = _export(client, seated)
    out = io.StringIO()
    call_command("rollup_key", seated.city.code, stdout=out)
    city, key = out.getvalue().strip().split("=")
    assert city == "3299" and bytes.fromhex(key) != crypto.load_keys().mac and len(key) == 64
    assert rollup_services.verify(data)
    settings.HUANJIE_ROLLUP_KEYS = f"3299={key}"
    assert rollup_services.verify(data)
    settings.HUANJIE_ROLLUP_KEYS = f"3299={KEY_B}"
    with pytest.raises(rollup_services.RollupError, match="校验失败"):
        rollup_services.verify(data)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\xff\xfe", "不是有效的 JSON"),
        (b"[]", "不是换届通的汇总上报文件"),
        (b'{"format": "huanjie-rollup", "version": 2}', "版本（2）本系统不支持"),
        (b'{"format": "huanjie-rollup", "version": 1, "payload": {}}', "没有 HMAC-SM3 校验值"),
        (
            '{"format": "huanjie-rollup", "version": 1, "payload": {"city": {"path": "3299"}},'
            ' "signature": {"algorithm": "HMAC-SM3", "value": "校验"}}'.encode(),
            "校验失败",
        ),
    ],
)
def test_malformed_files_are_refused_in_chinese(seated, keys, data, message):
    with pytest.raises(rollup_services.RollupError, match=message):
        rollup_services.verify(data)


def test_a_city_with_an_sm2_key_pair_signs_and_the_province_verifies_with_its_public_key(
    client, seated, settings
):
    """SM2 instead of a shared key: the city signs with its private key, the province holds only the
    public key; a changed file, another city's key, a missing public key and a downgrade to a shared-key
    file are refused in Chinese."""
    import io

    from django.core.management import call_command

    from huanjie.core import sm2

    out = io.StringIO()
    call_command("rollup_key", "--new-sm2", stdout=out)
    first, second = out.getvalue().strip().splitlines()
    private_hex = first.split("=", 1)[1]
    public_hex = second.split("：", 1)[1]
    assert sm2.PrivateKey.from_hex(private_hex).public_key().hex() == public_hex

    settings.HUANJIE_ROLLUP_SM2_KEY = private_hex
    settings.HUANJIE_ROLLUP_KEY = KEY_A
    settings.HUANJIE_ROLLUP_KEYS = {"3299": KEY_A}
    data = _export(client, seated)
    document = json.loads(data)
    assert document["signature"]["algorithm"] == "SM2-SM3" and len(document["signature"]["value"]) == 128

    out = io.StringIO()
    call_command("rollup_key", seated.city.code, stdout=out)
    assert out.getvalue().strip() == f"3299={public_hex}"

    settings.HUANJIE_ROLLUP_SM2_KEYS = ""
    with pytest.raises(rollup_services.RollupError, match="没有配置编码为 3299 的市的 SM2 公钥"):
        rollup_services.verify(data)
    settings.HUANJIE_ROLLUP_SM2_KEYS = {"3299": sm2.PrivateKey.generate().public_key().hex()}
    with pytest.raises(rollup_services.RollupError, match="SM2 签名核验失败"):
        rollup_services.verify(data)
    settings.HUANJIE_ROLLUP_SM2_KEYS = f"3299=04{public_hex}"
    assert rollup_services.verify(data)["payload"]["city"]["path"] == "3299"

    tampered = json.loads(data)
    tampered["payload"]["total"]["members"] += 1
    with pytest.raises(rollup_services.RollupError, match="SM2 签名核验失败"):
        rollup_services.verify(json.dumps(tampered).encode())

    # a shared-key file from a city whose public key is configured: refused (no downgrade)
    hmac_file = rollup_services.sign(document["payload"], bytes.fromhex(KEY_A), "3299")
    with pytest.raises(rollup_services.RollupError, match="只接受 SM2 签名"):
        rollup_services.verify(json.dumps(hmac_file).encode())

    _login(client, seated["city_operator"])
    response = _import(client, data)
    assert response.status_code == 302 and ImportedRollup.objects.count() == 1


def test_a_bad_sm2_key_setting_is_named_in_chinese(client, seated, settings):
    settings.HUANJIE_ROLLUP_SM2_KEY = "12" * 31
    with pytest.raises(rollup_services.RollupError, match="HUANJIE_ROLLUP_SM2_KEY：SM2 私钥应为 32 字节"):
        rollup_services.sm2_signing_key()
    settings.HUANJIE_ROLLUP_SM2_KEYS = "3299=abc"
    with pytest.raises(rollup_services.RollupError, match="HUANJIE_ROLLUP_SM2_KEYS 中 3299 的公钥"):
        rollup_services.sm2_verifying_keys()
