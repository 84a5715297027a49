"""The signed roll-up for the level above (issue 15 req. 6): a city's statistics exported as JSON with
an HMAC-SM3, or an SM2 signature when the city has an SM2 key pair, that a provincial deployment
verifies before it imports them, so a province aggregates its cities without any personal data
leaving them (docs/operations.md, “汇总上报”).

The file::

    {"format": "huanjie-rollup", "version": 1,
     "payload": {"city": {"code", "name", "path"}, "campaign": "…", "on": "2026-06-01",
                 "generated_at": "…",
                 "fields": [...], "total": {...}, "units": [{"code", "name", "level", "parent", "figures"}]},
     "signature": {"algorithm": "HMAC-SM3" | "SM2-SM3", "key_id": "3299", "value": "<hex>"}}

``figures`` hold only counts (tables_kinds.COUNT_KEYS and SOURCE_KEYS) and ``age_sum`` (so the
average age is exact at every level); units are the city, its counties and its towns, named and
coded (administrative units are public), never a village's members. The MAC is over the payload's
canonical JSON (sorted keys, no spaces, UTF-8) with a domain prefix; the receiving side checks the
format strictly, so a file carrying any other field is refused as well.

Keys: the exporting city's key is ``HUANJIE_ROLLUP_KEY`` (hex, at least 32 bytes) or, when none is
set, one derived per city from the deployment's MAC key (``huanjie rollup_key`` prints it for the
province). The province configures each city's key in ``HUANJIE_ROLLUP_KEYS`` (``3299=<hex>,…``).

SM2 instead of a shared key: a city that sets ``HUANJIE_ROLLUP_SM2_KEY`` (its private key, hex) signs
with SM2 (GB/T 32918.2, huanjie.core.sm2) over the same bytes; the province lists the cities' public
keys in ``HUANJIE_ROLLUP_SM2_KEYS`` (``3299=<x‖y hex>,…``) and then accepts only SM2-signed files from
those cities (no falling back to a shared key). ``huanjie rollup_key --new-sm2`` makes a key pair.
"""

from __future__ import annotations

import datetime as dt
import hmac as std_hmac
import json
import os
from typing import Any

from cryptography.hazmat.primitives import hashes, hmac
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from huanjie.core import audit, crypto, sm2
from huanjie.core.audit import AuditAction
from huanjie.core.scoping import can
from huanjie.org.models import Level, OrgUnit
from huanjie.stats.capabilities import StatsCap
from huanjie.stats.models import ImportedRollup
from huanjie.stats.tables_kinds import COUNT_KEYS, SOURCE_KEYS
from huanjie.stats.tables_selectors import Figures

FORMAT = "huanjie-rollup"
VERSION = 1
ALGORITHM = "HMAC-SM3"
SM2_ALGORITHM = "SM2-SM3"
DOMAIN = b"huanjie-rollup/1\n"
FIELDS = (*COUNT_KEYS, *SOURCE_KEYS, "age_sum")
"""The figures of every unit, in this order; nothing else is allowed in a roll-up."""
PAYLOAD_KEYS = frozenset({"city", "campaign", "on", "generated_at", "fields", "total", "units"})
MAX_BYTES = 5 * 1024 * 1024
MIN_KEY_BYTES = 32
UNIT_LEVELS = (Level.CITY, Level.COUNTY, Level.TOWN)


class RollupError(ValueError):
    """A roll-up that cannot be exported or imported, with the reason in Chinese."""


# ---------------------------------------------------------------------------------------------
# Keys


def _hex_key(text: str, what: str) -> bytes:
    try:
        key = bytes.fromhex(text.strip())
    except ValueError as exc:
        raise RollupError(f"{what}不是十六进制文本") from exc
    if len(key) < MIN_KEY_BYTES:
        raise RollupError(f"{what}太短：至少 {MIN_KEY_BYTES} 字节（{MIN_KEY_BYTES * 2} 个十六进制字符）")
    return key


def _setting(name: str) -> Any:
    value = getattr(settings, name, None)
    return value if value is not None else os.environ.get(name, "")


def signing_key(city_path: str) -> bytes:
    """The key this deployment signs ``city_path``'s roll-up with: the configured
    ``HUANJIE_ROLLUP_KEY`` or, when none is set, a key derived for this city from the deployment's MAC
    key (different for every city, never the MAC key itself)."""
    configured = _setting("HUANJIE_ROLLUP_KEY")
    if configured:
        return _hex_key(configured, "HUANJIE_ROLLUP_KEY")
    return bytes.fromhex(crypto.keyed_digest(b"stats-rollup", city_path.encode()))


def verifying_keys() -> dict[str, bytes]:
    """City path (4 digits) → the key its roll-ups are verified with (``HUANJIE_ROLLUP_KEYS``: a dict
    or the text ``3299=<hex>,3302=<hex>``)."""
    raw = _setting("HUANJIE_ROLLUP_KEYS")
    pairs = raw.items() if isinstance(raw, dict) else (p.split("=", 1) for p in raw.split(",") if "=" in p)
    return {
        str(city).strip(): _hex_key(str(key), f"HUANJIE_ROLLUP_KEYS 中 {city} 的密钥") for city, key in pairs
    }


def sm2_signing_key() -> sm2.PrivateKey | None:
    """This deployment's SM2 private key for its roll-ups (``HUANJIE_ROLLUP_SM2_KEY``), if it has one."""
    configured = _setting("HUANJIE_ROLLUP_SM2_KEY")
    if not configured:
        return None
    try:
        return sm2.PrivateKey.from_hex(configured)
    except sm2.SM2Error as exc:
        raise RollupError(f"HUANJIE_ROLLUP_SM2_KEY：{exc}") from exc


def sm2_verifying_keys() -> dict[str, sm2.PublicKey]:
    """City path → the SM2 public key its roll-ups must be signed with (``HUANJIE_ROLLUP_SM2_KEYS``: a
    dict or the text ``3299=<hex>,3302=<hex>``)."""
    raw = _setting("HUANJIE_ROLLUP_SM2_KEYS")
    pairs = raw.items() if isinstance(raw, dict) else (p.split("=", 1) for p in raw.split(",") if "=" in p)
    keys = {}
    for city, text in pairs:
        try:
            keys[str(city).strip()] = sm2.PublicKey.from_hex(str(text))
        except sm2.SM2Error as exc:
            raise RollupError(f"HUANJIE_ROLLUP_SM2_KEYS 中 {city} 的公钥：{exc}") from exc
    return keys


def verifying_key(city_path: str) -> bytes:
    """The key for ``city_path``: the province's configured one; a city of this deployment without one
    is verified with its own signing key (a deployment re-importing its own file)."""
    keys = verifying_keys()
    if city_path in keys:
        return keys[city_path]
    if OrgUnit.objects.filter(path=city_path, level=Level.CITY).exists():
        return signing_key(city_path)
    raise RollupError(f"没有配置编码为 {city_path} 的市的汇总密钥（HUANJIE_ROLLUP_KEYS），无法核验，拒绝导入")


def _canonical(payload: dict[str, Any]) -> bytes:
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def mac(key: bytes, payload: dict[str, Any]) -> str:
    h = hmac.HMAC(key, hashes.SM3())
    h.update(DOMAIN + _canonical(payload))
    return h.finalize().hex()


# ---------------------------------------------------------------------------------------------
# Export


def _figures(f: Figures) -> dict[str, int]:
    return {**{k: f.counts[k] for k in (*COUNT_KEYS, *SOURCE_KEYS)}, "age_sum": f.age_sum}


def build_payload(actor: Any, city: OrgUnit, on: dt.date) -> dict[str, Any]:
    """The statistics of ``city`` on ``on`` as ``actor`` reads them: the city's total and every
    county's and town's figures (tables_selectors.parts: the structure selectors' counts, the same
    figures as the reporting tables and the structure pages)."""
    from huanjie.stats.tables_selectors import campaign_of, parts

    sums: dict[str, Figures] = {}
    units: list[OrgUnit] = []
    level = [city]
    while level:
        below = []
        for u in level:
            rows, total = parts(actor, u)
            sums.setdefault(u.path, total)
            for part in rows:
                if part.unit.level in UNIT_LEVELS:
                    sums[part.unit.path] = part.figures
                    units.append(part.unit)
                    below.append(part.unit)
        level = below
    return assemble(city, campaign_of(actor, city), on, sums, sorted(units, key=lambda u: u.path))


def assemble(
    city: OrgUnit, campaign: Any, on: dt.date, sums: dict[str, Figures], units: list[OrgUnit]
) -> dict[str, Any]:
    """The payload from the figures of the city (``sums[city.path]``) and of its counties and towns."""
    return {
        "city": {"code": city.code, "name": city.name, "path": city.path},
        "campaign": campaign.name if campaign is not None else "",
        "on": on.isoformat(),
        "generated_at": timezone.now().isoformat(timespec="seconds"),
        "fields": list(FIELDS),
        "total": _figures(sums.get(city.path, Figures())),
        "units": [
            {
                "code": u.code,
                "name": u.name,
                "level": u.level,
                "parent": u.parent.code if u.parent is not None else "",
                "figures": _figures(sums[u.path]),
            }
            for u in units
        ],
    }


def sign(payload: dict[str, Any], key: bytes | sm2.PrivateKey, key_id: str) -> dict[str, Any]:
    """The roll-up document: HMAC-SM3 with a shared key, or an SM2 signature with a private key."""
    if isinstance(key, sm2.PrivateKey):
        signature = {
            "algorithm": SM2_ALGORITHM,
            "key_id": key_id,
            "value": sm2.sign(DOMAIN + _canonical(payload), key),
        }
    else:
        signature = {"algorithm": ALGORITHM, "key_id": key_id, "value": mac(key, payload)}
    return {"format": FORMAT, "version": VERSION, "payload": payload, "signature": signature}


def export_rollup(*, actor: Any, city: OrgUnit, on: dt.date) -> bytes:
    """The signed roll-up file of ``city`` (the actor must hold ``stats.rollup`` there); audited."""
    if city.level != Level.CITY or not can(actor, StatsCap.ROLLUP, city.path):
        raise PermissionDenied("只有市级操作员可以导出本市的汇总数据")
    payload = build_payload(actor, city, on)
    document = sign(payload, sm2_signing_key() or signing_key(city.path), city.path)
    data = json.dumps(document, ensure_ascii=False, indent=1).encode()
    with transaction.atomic():
        audit.record(
            AuditAction.EXPORT,
            actor=actor,
            model="export",
            object_repr=f"{city.name}汇总上报数据",
            org_path=city.path,
            after={"subject": "汇总上报数据", "on": payload["on"], "digest": crypto.sm3_hex(data)},
        )
    return data


# ---------------------------------------------------------------------------------------------
# Import


def _check_figures(value: Any, where: str) -> None:
    if not isinstance(value, dict) or set(value) != set(FIELDS):
        raise RollupError(f"{where}的数据项与格式不符，拒绝导入")
    for k, v in value.items():
        if not isinstance(v, int) or isinstance(v, bool) or v < 0:
            raise RollupError(f"{where}的“{k}”不是非负整数，拒绝导入")


def _check_text(value: Any, where: str, limit: int = 100) -> str:
    if not isinstance(value, str) or not value or len(value) > limit:
        raise RollupError(f"{where}格式不符，拒绝导入")
    return value


def check_payload(payload: Any) -> None:
    """The payload holds exactly the roll-up's fields (counts of public units, nothing else)."""
    if not isinstance(payload, dict) or set(payload) != PAYLOAD_KEYS:
        raise RollupError("汇总数据的内容与格式不符，拒绝导入")
    city = payload["city"]
    if not isinstance(city, dict) or set(city) != {"code", "name", "path"}:
        raise RollupError("上报市的信息与格式不符，拒绝导入")
    code = _check_text(city["code"], "上报市编码", 12)
    path = _check_text(city["path"], "上报市路径", 4)
    if not (len(code) == 12 and code.isdigit() and code.startswith(path) and len(path) == 4):
        raise RollupError("上报市编码格式不符，拒绝导入")
    _check_text(city["name"], "上报市名称")
    if not isinstance(payload["campaign"], str) or len(payload["campaign"]) > 100:
        raise RollupError("换届工作名称格式不符，拒绝导入")
    if payload["fields"] != list(FIELDS):
        raise RollupError("汇总数据项与本系统的版本不一致，拒绝导入")
    _check_figures(payload["total"], "全市合计")
    units = payload["units"]
    if not isinstance(units, list) or len(units) > 20000:
        raise RollupError("下级单位列表格式不符，拒绝导入")
    for u in units:
        if not isinstance(u, dict) or set(u) != {"code", "name", "level", "parent", "figures"}:
            raise RollupError("下级单位的内容与格式不符，拒绝导入")
        name = _check_text(u["name"], "单位名称")
        if u["level"] not in (Level.COUNTY, Level.TOWN) or not str(u["code"]).startswith(path):
            raise RollupError(f"单位“{name}”的层级或编码不符，拒绝导入")
        _check_figures(u["figures"], f"单位“{name}”")
    for key in ("on",):
        try:
            dt.date.fromisoformat(payload[key])
        except (TypeError, ValueError) as exc:
            raise RollupError("统计日期格式不符，拒绝导入") from exc
    try:
        dt.datetime.fromisoformat(payload["generated_at"])
    except (TypeError, ValueError) as exc:
        raise RollupError("生成时间格式不符，拒绝导入") from exc


def verify(raw: bytes) -> dict[str, Any]:
    """The verified document of an uploaded roll-up file; :class:`RollupError` says in Chinese why a
    file is refused (not JSON, not a roll-up, no key for its city, a MAC that does not match: altered
    or signed with another key, or a payload that is not a roll-up's)."""
    if len(raw) > MAX_BYTES:
        raise RollupError(f"文件不能超过 {MAX_BYTES // 1024 // 1024} MB")
    try:
        document = json.loads(raw.decode("utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise RollupError("文件不是有效的 JSON（UTF-8）文本，拒绝导入") from exc
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise RollupError("这不是换届通的汇总上报文件，拒绝导入")
    if document.get("version") != VERSION:
        raise RollupError(f"汇总上报文件的版本（{document.get('version')}）本系统不支持，拒绝导入")
    signature, payload = document.get("signature"), document.get("payload")
    algorithm = signature.get("algorithm") if isinstance(signature, dict) else None
    if algorithm not in (ALGORITHM, SM2_ALGORITHM):
        raise RollupError("文件没有 HMAC-SM3 校验值或 SM2 签名，拒绝导入")
    assert isinstance(signature, dict)
    value = signature.get("value")
    city = payload.get("city") if isinstance(payload, dict) else None
    path = city.get("path") if isinstance(city, dict) else None
    if not isinstance(value, str) or not isinstance(path, str) or not isinstance(payload, dict):
        raise RollupError("文件缺少校验值或上报市，拒绝导入")
    public = sm2_verifying_keys().get(path)
    if algorithm == SM2_ALGORITHM:
        if public is None:
            raise RollupError(
                f"没有配置编码为 {path} 的市的 SM2 公钥（HUANJIE_ROLLUP_SM2_KEYS），无法核验，拒绝导入"
            )
        if not sm2.verify(DOMAIN + _canonical(payload), value, public):
            raise RollupError("SM2 签名核验失败：文件内容已被改动，或不是该市的私钥签署的，拒绝导入")
    else:
        if public is not None:
            raise RollupError("该市已配置 SM2 公钥，只接受 SM2 签名的文件，拒绝导入")
        key = verifying_key(path)
        if not std_hmac.compare_digest(mac(key, payload).encode(), value.lower().encode()):
            raise RollupError("校验失败：文件内容已被改动，或不是用该市约定的密钥生成的，拒绝导入")
    check_payload(payload)
    return document


def held_at(actor: Any) -> str:
    """The unit that holds what ``actor`` imports: their first city-level jurisdiction for roll-ups."""
    from huanjie.core.scoping import minimal_paths, scope_paths

    paths = [p for p in minimal_paths(scope_paths(actor, StatsCap.ROLLUP)) if len(p) <= 4]
    if not paths:
        raise PermissionDenied("只有市级（或省级接收单位的）操作员可以导入汇总数据")
    return paths[0]


def import_rollup(*, actor: Any, raw: bytes) -> ImportedRollup:
    """Verify an uploaded roll-up and store it for the actor's unit (audited); the same file twice is
    refused."""
    holder = held_at(actor)
    document = verify(raw)
    payload = document["payload"]
    digest = crypto.sm3_hex(raw)
    try:
        with transaction.atomic():
            row = ImportedRollup.objects.create(
                held_at=holder,
                city_code=payload["city"]["code"],
                city_name=payload["city"]["name"],
                figures_on=dt.date.fromisoformat(payload["on"]),
                generated_at=dt.datetime.fromisoformat(payload["generated_at"]),
                key_id=str(document["signature"].get("key_id", ""))[:32],
                digest=digest,
                payload=payload,
                imported_by=str(actor),
            )
            audit.record(
                AuditAction.IMPORT,
                actor=actor,
                instance=row,
                after={
                    "subject": "汇总上报数据",
                    "city": row.city_name,
                    "on": payload["on"],
                    "digest": digest,
                },
            )
    except IntegrityError as exc:
        raise RollupError("该文件已经导入过") from exc
    return row
