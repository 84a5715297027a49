"""SM2 signatures (huanjie.core.sm2) against the standard's curve and an independent implementation
(gmssl, a dev dependency): the same random number gives the same signature byte for byte, and each
side verifies the other's."""

from __future__ import annotations

import pytest
from gmssl import sm2 as gm

from huanjie.core import sm2


def _gm(key: sm2.PrivateKey) -> gm.CryptSM2:
    return gm.CryptSM2(private_key=key.hex(), public_key=key.public_key().hex())


def test_the_curve_constants_hold():
    assert sm2.on_curve(sm2.G)
    assert sm2._mul(sm2.N, sm2.G) is None  # n·G = O: G has order n
    assert sm2._mul(sm2.N - 1, sm2.G) == (sm2.GX, (-sm2.GY) % sm2.P)


K_EXAMPLE = 0x6CB28D99385C175C94F94E934817663FC176D925DD72B727260DBAAE1FB2F96F


@pytest.mark.parametrize("k", [1, 2, K_EXAMPLE, sm2.N - 1])
def test_same_random_number_same_signature_as_gmssl(k):
    key = sm2.PrivateKey(0x3945208F7B2144B13F36E38AC6D39F95889393692860B51A42FB81EF4DF7C5B8)
    message = "汇总上报 message digest".encode()
    ours = sm2.sign(message, key, _k=k)
    theirs = _gm(key).sign_with_sm3(message, f"{k:064x}")
    assert ours == theirs


def test_each_side_verifies_the_other():
    key = sm2.PrivateKey.generate()
    message = b'{"payload": 1}'
    assert _gm(key).verify_with_sm3(sm2.sign(message, key), message)
    assert sm2.verify(message, _gm(key).sign_with_sm3(message), key.public_key())


def test_a_changed_message_key_or_signature_fails():
    key = sm2.PrivateKey.generate()
    other = sm2.PrivateKey.generate()
    signature = sm2.sign(b"abc", key)
    assert sm2.verify(b"abc", signature, key.public_key())
    assert not sm2.verify(b"abd", signature, key.public_key())
    assert not sm2.verify(b"abc", signature, other.public_key())
    flipped = signature[:-1] + ("0" if signature[-1] != "0" else "1")
    assert not sm2.verify(b"abc", flipped, key.public_key())
    assert not sm2.verify(b"abc", signature, key.public_key(), ident=b"ALICE123@YAHOO.COM")


@pytest.mark.parametrize("signature", ["", "zz", "00" * 64, "ff" * 64, "ab" * 63])
def test_malformed_signatures_fail(signature):
    key = sm2.PrivateKey.generate()
    assert not sm2.verify(b"abc", signature, key.public_key())


def test_r_plus_s_equal_to_n_fails():
    key = sm2.PrivateKey.generate()
    r = 5
    assert not sm2.verify(b"abc", f"{r:064x}{sm2.N - r:064x}", key.public_key())


def test_keys_round_trip_and_bad_keys_are_refused_in_chinese():
    key = sm2.PrivateKey.generate()
    assert sm2.PrivateKey.from_hex(key.hex()) == key
    public = key.public_key()
    assert sm2.PublicKey.from_hex(public.hex()) == public
    assert sm2.PublicKey.from_hex("04" + public.hex()) == public
    for text, message in [
        ("xyz", "不是十六进制"),
        ("00" * 32, "[1, n−2]"),
        (f"{sm2.N - 1:064x}", "[1, n−2]"),
        ("01" * 31, "32 字节"),
    ]:
        with pytest.raises(sm2.SM2Error, match=message.replace("[", r"\[").replace("]", r"\]")):
            sm2.PrivateKey.from_hex(text)
    with pytest.raises(sm2.SM2Error, match="不是曲线上的点"):
        sm2.PublicKey.from_hex(f"{public.x:064x}{(public.y + 1) % sm2.P:064x}")
    with pytest.raises(sm2.SM2Error, match="64 字节"):
        sm2.PublicKey.from_hex(public.hex()[:-2])
    with pytest.raises(sm2.SM2Error, match="十六进制"):
        sm2.PublicKey.from_hex("g" * 128)
