"""SM2 digital signatures (GB/T 32918.2-2016) over the recommended curve of GB/T 32918.5-2017, with SM3
(GB/T 32905-2016) as the hash.

Used where a document must be verifiable by someone who holds no secret of the signer's: the signed
statistics roll-up a city hands to its province (stats.rollup_services). ``cryptography`` offers SM3
and SM4 but no SM2, so the few operations needed are written here on Python integers, in affine
coordinates (a signature takes a few milliseconds: documents are signed one at a time). Python
integers are not constant-time: sign on a machine that does not run other people's code.

Encodings, as most Chinese SM2 tools use them: a private key is 32 bytes (64 hex characters), a public
key the two coordinates x‖y (64 bytes, 128 hex; an ``04`` prefix is accepted), a signature r‖s
(64 bytes, 128 hex). The signer's distinguishing identifier defaults to the standard's
``1234567812345678`` (GM/T 0009-2012 §10).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from cryptography.hazmat.primitives import hashes

# GB/T 32918.5-2017, the recommended 256-bit curve y² = x³ + ax + b over F_p.
P = 0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFF
A = 0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFC
B = 0x28E9FA9E9D9F5E344D5A9E4BCF6509A7F39789F515AB8F92DDBCBD414D940E93
N = 0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFF7203DF6B21C6052B53BBF40939D54123
GX = 0x32C4AE2C1F1981195F9904466A39C9948FE30BBFF2660BE1715A4589334C74C7
GY = 0xBC3736A2F4F6779C59BDCEE36B692153D0A9877CC62A474002DF32E52139F0A0
DEFAULT_ID = b"1234567812345678"

Point = tuple[int, int] | None
"""A curve point (x, y), or None for the point at infinity."""


class SM2Error(ValueError):
    """A key or signature that is not well formed."""


def _add(p1: Point, p2: Point) -> Point:
    if p1 is None:
        return p2
    if p2 is None:
        return p1
    x1, y1 = p1
    x2, y2 = p2
    if x1 == x2:
        if (y1 + y2) % P == 0:
            return None
        slope = (3 * x1 * x1 + A) * pow(2 * y1, -1, P) % P
    else:
        slope = (y2 - y1) * pow(x2 - x1, -1, P) % P
    x3 = (slope * slope - x1 - x2) % P
    return x3, (slope * (x1 - x3) - y1) % P


def _mul(k: int, point: Point) -> Point:
    result: Point = None
    addend = point
    while k:
        if k & 1:
            result = _add(result, addend)
        addend = _add(addend, addend)
        k >>= 1
    return result


def on_curve(point: Point) -> bool:
    if point is None:
        return False
    x, y = point
    return 0 <= x < P and 0 <= y < P and (y * y - (x * x * x + A * x + B)) % P == 0


G: Point = (GX, GY)


def _int(data: bytes) -> int:
    return int.from_bytes(data, "big")


def _b32(value: int) -> bytes:
    return value.to_bytes(32, "big")


def _sm3(data: bytes) -> bytes:
    h = hashes.Hash(hashes.SM3())
    h.update(data)
    return h.finalize()


@dataclass(frozen=True)
class PublicKey:
    x: int
    y: int

    @classmethod
    def from_hex(cls, text: str) -> PublicKey:
        raw = text.strip().lower()
        if len(raw) == 130 and raw.startswith("04"):
            raw = raw[2:]
        try:
            data = bytes.fromhex(raw)
        except ValueError as exc:
            raise SM2Error("SM2 公钥不是十六进制文本") from exc
        if len(data) != 64:
            raise SM2Error("SM2 公钥应为 64 字节（128 个十六进制字符，x‖y）")
        key = cls(_int(data[:32]), _int(data[32:]))
        if not on_curve((key.x, key.y)):
            raise SM2Error("SM2 公钥不是曲线上的点")
        return key

    def hex(self) -> str:
        return (_b32(self.x) + _b32(self.y)).hex()

    def z(self, ident: bytes = DEFAULT_ID) -> bytes:
        """Z_A = SM3(ENTL ‖ ID ‖ a ‖ b ‖ x_G ‖ y_G ‖ x_A ‖ y_A) (GB/T 32918.2 §5.5)."""
        entl = (len(ident) * 8).to_bytes(2, "big")
        return _sm3(entl + ident + b"".join(_b32(v) for v in (A, B, GX, GY, self.x, self.y)))


@dataclass(frozen=True)
class PrivateKey:
    d: int

    @classmethod
    def generate(cls) -> PrivateKey:
        return cls(secrets.randbelow(N - 2) + 1)

    @classmethod
    def from_hex(cls, text: str) -> PrivateKey:
        try:
            data = bytes.fromhex(text.strip())
        except ValueError as exc:
            raise SM2Error("SM2 私钥不是十六进制文本") from exc
        d = _int(data)
        if len(data) != 32 or not 1 <= d <= N - 2:
            raise SM2Error("SM2 私钥应为 32 字节（64 个十六进制字符），且在 [1, n−2] 内")
        return cls(d)

    def hex(self) -> str:
        return _b32(self.d).hex()

    def public_key(self) -> PublicKey:
        point = _mul(self.d, G)
        assert point is not None
        return PublicKey(*point)


def _digest(message: bytes, key: PublicKey, ident: bytes) -> int:
    """e = SM3(Z_A ‖ M) as an integer (GB/T 32918.2 §6.1 A1–A2)."""
    return _int(_sm3(key.z(ident) + message))


def sign(message: bytes, key: PrivateKey, ident: bytes = DEFAULT_ID, *, _k: int | None = None) -> str:
    """The signature r‖s of ``message`` (GB/T 32918.2 §6.1), as 128 hex characters. ``_k`` fixes the
    random number for the standard's worked examples in tests only."""
    e = _digest(message, key.public_key(), ident)
    inverse = pow(1 + key.d, -1, N)
    while True:
        k = _k if _k is not None else secrets.randbelow(N - 1) + 1
        point = _mul(k, G)
        assert point is not None
        r = (e + point[0]) % N
        if r == 0 or r + k == N:
            _k = None
            continue
        s = inverse * (k - r * key.d) % N
        if s == 0:
            _k = None
            continue
        return (_b32(r) + _b32(s)).hex()


def verify(message: bytes, signature: str, key: PublicKey, ident: bytes = DEFAULT_ID) -> bool:
    """Whether ``signature`` (r‖s, hex) is ``key``'s signature of ``message`` (GB/T 32918.2 §7.1)."""
    try:
        raw = bytes.fromhex(signature.strip())
    except ValueError:
        return False
    if len(raw) != 64:
        return False
    r, s = _int(raw[:32]), _int(raw[32:])
    if not (1 <= r < N and 1 <= s < N):
        return False
    t = (r + s) % N
    if t == 0:
        return False
    point = _add(_mul(s, G), _mul(t, (key.x, key.y)))
    if point is None:
        return False
    return (_digest(message, key, ident) + point[0]) % N == r
