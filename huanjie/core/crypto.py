"""Protection of personal identifiers with 国密 algorithms.

* SM4-GCM encrypts citizen ID numbers at rest (authenticated; a fresh 96-bit nonce per value).
* HMAC-SM3 gives a blind index: the same ID always yields the same digest, so one person is one
  record across the deployment and lookups need no decryption, yet the digest reveals nothing
  without the MAC key.
* SM3 chains the audit trail (see huanjie.core.audit).

Keys live outside the repository: in the environment (HUANJIE_ENC_KEY / HUANJIE_MAC_KEY, hex) or in
the key file named by settings.HUANJIE_KEY_FILE. ``huanjie keys init`` writes a new key file; the
operations guide explains backing it up (losing it makes every stored ID unreadable).
"""

from __future__ import annotations

import base64
import json
import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, hmac
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from django.conf import settings

_NONCE = 12
_TAG = 16
_PREFIX = "sm4gcm1:"


class KeysUnavailable(RuntimeError):
    """Keys are missing or malformed: the system must not start handling personal data."""


@dataclass(frozen=True)
class Keys:
    enc: bytes  # 16 bytes, SM4
    mac: bytes  # 32 bytes, HMAC-SM3


def generate_key_file(path: Path) -> Path:
    """Write a new key file readable only by its owner. Refuses to overwrite an existing one."""
    path = Path(path).expanduser()
    if path.exists():
        raise KeysUnavailable(f"密钥文件已存在，拒绝覆盖：{path}")
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {"format": 1, "enc": secrets.token_hex(16), "mac": secrets.token_hex(32)}
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as f:
        json.dump(data, f)
    load_keys.cache_clear()
    return path


@lru_cache(maxsize=1)
def load_keys() -> Keys:
    enc_hex = os.environ.get("HUANJIE_ENC_KEY")
    mac_hex = os.environ.get("HUANJIE_MAC_KEY")
    if not (enc_hex and mac_hex):
        path = Path(settings.HUANJIE_KEY_FILE)
        if not path.exists():
            raise KeysUnavailable(
                f"找不到密钥文件 {path}。"
                "请先运行 `huanjie keys init`，或设置 HUANJIE_ENC_KEY 与 HUANJIE_MAC_KEY。"
            )
        data = json.loads(path.read_text())
        enc_hex, mac_hex = data["enc"], data["mac"]
    try:
        keys = Keys(enc=bytes.fromhex(enc_hex), mac=bytes.fromhex(mac_hex))
    except ValueError as exc:
        raise KeysUnavailable("密钥格式错误：应为十六进制字符串") from exc
    if len(keys.enc) != 16 or len(keys.mac) < 32:
        raise KeysUnavailable("密钥长度错误：SM4 密钥 16 字节，HMAC-SM3 密钥至少 32 字节")
    return keys


def encrypt(plaintext: str) -> str:
    nonce = os.urandom(_NONCE)
    enc = Cipher(algorithms.SM4(load_keys().enc), modes.GCM(nonce)).encryptor()
    body = enc.update(plaintext.encode()) + enc.finalize()
    return _PREFIX + base64.b64encode(nonce + body + enc.tag).decode()


def decrypt(token: str) -> str:
    if not token.startswith(_PREFIX):
        raise ValueError("不是本系统加密的数据")
    raw = base64.b64decode(token[len(_PREFIX) :])
    nonce, body, tag = raw[:_NONCE], raw[_NONCE:-_TAG], raw[-_TAG:]
    dec = Cipher(algorithms.SM4(load_keys().enc), modes.GCM(nonce, tag)).decryptor()
    try:
        return (dec.update(body) + dec.finalize()).decode()
    except InvalidTag as exc:
        raise ValueError("密文校验失败：数据被篡改或密钥不匹配") from exc


def blind_index(value: str) -> str:
    mac = hmac.HMAC(load_keys().mac, hashes.SM3())
    mac.update(value.encode())
    return mac.finalize().hex()


def keyed_digest(purpose: bytes, data: bytes) -> str:
    """HMAC-SM3 of ``data`` under a key derived from the MAC key for one ``purpose`` (so a digest made
    for one purpose, e.g. audit checkpoints, can never stand in for another, e.g. a blind index)."""
    derive = hmac.HMAC(load_keys().mac, hashes.SM3())
    derive.update(b"huanjie/" + purpose)
    mac = hmac.HMAC(derive.finalize(), hashes.SM3())
    mac.update(data)
    return mac.finalize().hex()


def sm3_hex(data: bytes) -> str:
    h = hashes.Hash(hashes.SM3())
    h.update(data)
    return h.finalize().hex()


def file_digest(data: bytes) -> str:
    """SM3 digest of an uploaded file, recorded in the audit trail of an import."""
    return sm3_hex(data)


def blind_indexer() -> Callable[[str], str]:
    """A fast ``blind_index`` for bulk work (imports): the keyed HMAC state is built once and copied
    per value, which halves the cost per row. Same digests as ``blind_index``."""
    keyed = hmac.HMAC(load_keys().mac, hashes.SM3())

    def index(value: str) -> str:
        mac = keyed.copy()
        mac.update(value.encode())
        return mac.finalize().hex()

    return index


def encrypt_bytes(data: bytes) -> bytes:
    """SM4-GCM for a whole file (an uploaded import file kept between preview and commit holds
    personal identifiers in clear, so it is encrypted at rest like the identifiers themselves)."""
    nonce = os.urandom(_NONCE)
    enc = Cipher(algorithms.SM4(load_keys().enc), modes.GCM(nonce)).encryptor()
    return nonce + enc.update(data) + enc.finalize() + enc.tag


def decrypt_bytes(blob: bytes) -> bytes:
    nonce, body, tag = blob[:_NONCE], blob[_NONCE:-_TAG], blob[-_TAG:]
    dec = Cipher(algorithms.SM4(load_keys().enc), modes.GCM(nonce, tag)).decryptor()
    try:
        return dec.update(body) + dec.finalize()
    except InvalidTag as exc:
        raise ValueError("密文校验失败：数据被篡改或密钥不匹配") from exc
