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
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache, reduce
from operator import getitem, xor
from pathlib import Path
from typing import Any

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
    return _encrypt_with(load_keys().enc, plaintext)


def _encrypt_with(key: bytes, plaintext: str) -> str:
    nonce = os.urandom(_NONCE)
    enc = Cipher(algorithms.SM4(key), modes.GCM(nonce)).encryptor()
    body = enc.update(plaintext.encode()) + enc.finalize()
    return _PREFIX + base64.b64encode(nonce + body + enc.tag).decode()


#: GCM's reduction constant (NIST SP 800-38D, 6.3: R = 11100001 || 0^120), blocks as big-endian ints.
_R = 0xE1 << 120
#: Values up to two blocks (an 18-character citizen ID is 18 bytes) take the batched path.
_BATCH_MAX = 32


def _gf_mult(x: int, y: int) -> int:
    """X • Y in GF(2^128) as GCM defines it (SP 800-38D, Algorithm 1; bit 0 = leftmost)."""
    z, v = 0, y
    for i in range(127, -1, -1):
        if (x >> i) & 1:
            z ^= v
        v = (v >> 1) ^ _R if v & 1 else v >> 1
    return z


def _byte_tables(h: int) -> list[list[int]]:
    """For a fixed ``h``: table[i][b] = (byte b at byte position i of a block) • h. Multiplication by
    ``h`` is GF(2)-linear, so a block times ``h`` is the XOR of its 16 bytes' entries."""
    tables = []
    for i in range(16):
        shift = 8 * (15 - i)
        bits = [_gf_mult(1 << (shift + j), h) for j in range(8)]
        row = [0] * 256
        for b in range(1, 256):
            low = b & -b
            row[b] = row[b ^ low] ^ bits[low.bit_length() - 1]
        tables.append(row)
    return tables


@dataclass(frozen=True)
class _GcmTables:
    h2: list[list[int]]  # • H^2
    h3: list[list[int]]  # • H^3
    length_h: dict[int, int]  # byte length n → (the length block of n bytes) • H


@lru_cache(maxsize=4)
def _gcm_tables(key: bytes) -> _GcmTables:
    # the raw block function: H = E(K, 0^128) (SP 800-38D 6.4), not a mode used on data
    enc = Cipher(algorithms.SM4(key), modes.ECB()).encryptor()  # noqa: S305
    h = int.from_bytes(enc.update(bytes(16)))
    h2 = _gf_mult(h, h)
    length_h = {n: _gf_mult(8 * n, h) for n in range(1, _BATCH_MAX + 1)}
    return _GcmTables(_byte_tables(h2), _byte_tables(_gf_mult(h2, h)), length_h)


def encrypt_many(values: Sequence[str], *, key: bytes | None = None) -> list[str]:
    """``[encrypt(v) for v in values]``, several times faster for bulk work (imports).

    The same SM4-GCM with the same key, a fresh random 96-bit nonce per value and the same token
    format (``decrypt`` reads both alike). The SM4 block operations of every value are done in one
    call (CTR keystream and the tag's E(K, J0)); GHASH, for the one or two blocks of a short value,
    uses tables of the fixed hash key H (SP 800-38D 6.4: S = C1•H^3 ⊕ C2•H^2 ⊕ L•H for two blocks,
    C1•H^2 ⊕ L•H for one). Values of more than 32 bytes or empty ones go through ``encrypt``.
    ``key``: the SM4 key when it is not ``load_keys().enc`` (the helper process of ``encrypt_stream``).
    """
    if key is None:
        key = load_keys().enc
    tables = _gcm_tables(key)
    raw = [v.encode() for v in values]
    nonces = os.urandom(_NONCE * len(raw))
    one, two, three = b"\0\0\0\x01", b"\0\0\0\x02", b"\0\0\0\x03"
    counters = b"".join(
        [
            nonces[i : i + _NONCE] + one + nonces[i : i + _NONCE] + two + nonces[i : i + _NONCE] + three
            for i in range(0, len(nonces), _NONCE)
        ]
    )
    # the raw block function over GCM's counter blocks (J0, inc32(J0), …): CTR built by hand
    block = Cipher(algorithms.SM4(key), modes.ECB()).encryptor()  # noqa: S305
    stream = block.update(counters)
    h2, h3, length_h = tables.h2, tables.h3, tables.length_h
    b64 = base64.b64encode
    frombytes = int.from_bytes
    out: list[str] = []
    append = out.append
    for k, pt in enumerate(raw):
        n = len(pt)
        if not 0 < n <= _BATCH_MAX:
            append(_encrypt_with(key, values[k]))
            continue
        base = 48 * k
        ct = (frombytes(pt) ^ frombytes(stream[base + 16 : base + 16 + n])).to_bytes(n)
        # The last block's zero padding adds nothing (a table's entry for byte 0 is 0): only the
        # bytes the value holds are looked up (18 of 32 for a citizen ID).
        if n > 16:
            s = reduce(xor, map(getitem, h2, ct[16:]), reduce(xor, map(getitem, h3, ct[:16])))
        else:
            s = reduce(xor, map(getitem, h2, ct))
        tag = (s ^ length_h[n] ^ frombytes(stream[base : base + 16])).to_bytes(16)
        append(_PREFIX + b64(nonces[k * _NONCE : (k + 1) * _NONCE] + ct + tag).decode())
    return out


#: ``encrypt_stream`` hands the work to a helper process from this many values on.
STREAM_PARALLEL_MIN = 100_000


def encrypt_stream(values: Sequence[str], *, chunk: int = 50_000) -> Iterator[list[str]]:
    """``encrypt_many`` of ``values`` chunk by chunk, in order. From ``STREAM_PARALLEL_MIN`` values on,
    a helper process (forked from the import kit's forkserver: no Django, nothing but this module)
    starts encrypting at once, ahead of the caller consuming the chunks (e.g. writing them with
    COPY), so the two cores share the work. The key travels to the helper through a local pipe, like
    the file itself to the parsing child. The helper ends when the chunks are consumed, or is ended
    when the iterator is closed or dropped, consumed or not (a stream started early and left unread
    because the work failed meanwhile)."""
    if len(values) < STREAM_PARALLEL_MIN:
        return (encrypt_many(values[i : i + chunk]) for i in range(0, len(values), chunk))
    from huanjie.core.imports.sandbox import _mp_context

    ctx = _mp_context()
    receiver, sender = ctx.Pipe(duplex=False)
    helper = ctx.Process(
        target=_encrypt_helper,
        args=(sender, load_keys().enc, list(values), chunk),
        name="huanjie-encrypt",
        daemon=True,
    )
    helper.start()
    sender.close()
    stream = _received(receiver, helper, -(-len(values) // chunk))
    next(stream)  # started: a stream dropped unconsumed is closed, and its finally ends the helper
    return stream


def _received(receiver: Any, helper: Any, chunks: int) -> Iterator[list[str]]:
    try:
        yield []  # the priming step of encrypt_stream, not a chunk
        for _ in range(chunks):
            try:
                yield receiver.recv()
            except EOFError:
                raise RuntimeError("the encryption helper process died") from None
    finally:
        receiver.close()
        if helper.is_alive():
            helper.kill()
        helper.join(5)


def _encrypt_helper(conn: Any, key: bytes, values: list[str], chunk: int) -> None:
    try:
        for i in range(0, len(values), chunk):
            conn.send(encrypt_many(values[i : i + chunk], key=key))
    finally:
        conn.close()


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
