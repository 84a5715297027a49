"""SM4-GCM encryption, HMAC-SM3 blind index, and the `huanjie keys` command."""

import base64
import json
import os
import stat
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from huanjie.core import crypto

ID = "110101199003078515"


def test_round_trip():
    token = crypto.encrypt(ID)
    assert token.startswith("sm4gcm1:")
    assert ID not in token
    assert crypto.decrypt(token) == ID


def test_round_trip_unicode():
    assert crypto.decrypt(crypto.encrypt("张三·测试")) == "张三·测试"


def test_nonce_differs_per_encryption():
    a, b = crypto.encrypt(ID), crypto.encrypt(ID)
    assert a != b
    nonce_a = base64.b64decode(a[len("sm4gcm1:") :])[:12]
    nonce_b = base64.b64decode(b[len("sm4gcm1:") :])[:12]
    assert nonce_a != nonce_b


def _flip(token: str, index: int) -> str:
    raw = bytearray(base64.b64decode(token[len("sm4gcm1:") :]))
    raw[index] ^= 0x01
    return "sm4gcm1:" + base64.b64encode(bytes(raw)).decode()


@pytest.mark.parametrize("where", [0, 12, 20, -1])  # nonce, first body byte, last body byte, tag
def test_tampered_ciphertext_rejected(where):
    token = crypto.encrypt(ID)
    with pytest.raises(ValueError, match="密文校验失败"):
        crypto.decrypt(_flip(token, where))


def test_foreign_token_rejected():
    with pytest.raises(ValueError, match="不是本系统加密的数据"):
        crypto.decrypt("plain-text")


def test_decrypt_with_other_key_rejected(monkeypatch):
    token = crypto.encrypt(ID)
    monkeypatch.setenv("HUANJIE_ENC_KEY", "ff" * 16)
    crypto.load_keys.cache_clear()
    with pytest.raises(ValueError, match="密文校验失败"):
        crypto.decrypt(token)


def test_blind_index_stable_and_key_dependent(monkeypatch):
    first = crypto.blind_index(ID)
    assert first == crypto.blind_index(ID)
    assert len(first) == 64
    assert first != crypto.blind_index("110101199003071234")
    monkeypatch.setenv("HUANJIE_MAC_KEY", "01" * 32)
    crypto.load_keys.cache_clear()
    assert crypto.blind_index(ID) != first


def test_sm3_known_answer():
    # GB/T 32905-2016 example 1: SM3("abc").
    assert crypto.sm3_hex(b"abc") == "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"


def _no_env_keys(monkeypatch):
    monkeypatch.delenv("HUANJIE_ENC_KEY", raising=False)
    monkeypatch.delenv("HUANJIE_MAC_KEY", raising=False)
    crypto.load_keys.cache_clear()


def test_missing_keys_give_chinese_error(monkeypatch, tmp_path):
    _no_env_keys(monkeypatch)
    with (
        override_settings(HUANJIE_KEY_FILE=tmp_path / "absent.json"),
        pytest.raises(crypto.KeysUnavailable, match="找不到密钥文件") as info,
    ):
        crypto.encrypt(ID)
    assert "huanjie keys init" in str(info.value)


def test_malformed_keys_give_chinese_error(monkeypatch):
    monkeypatch.setenv("HUANJIE_ENC_KEY", "not-hex")
    crypto.load_keys.cache_clear()
    with pytest.raises(crypto.KeysUnavailable, match="密钥格式错误"):
        crypto.encrypt(ID)
    monkeypatch.setenv("HUANJIE_ENC_KEY", "00" * 8)
    crypto.load_keys.cache_clear()
    with pytest.raises(crypto.KeysUnavailable, match="密钥长度错误"):
        crypto.encrypt(ID)


def test_keys_init_creates_private_file_and_refuses_overwrite(monkeypatch, tmp_path):
    _no_env_keys(monkeypatch)
    path = tmp_path / "conf" / "keys.json"
    out = StringIO()
    call_command("keys", "init", "--path", str(path), stdout=out)
    assert "已生成密钥文件" in out.getvalue()
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    data = json.loads(path.read_text())
    assert len(bytes.fromhex(data["enc"])) == 16
    assert len(bytes.fromhex(data["mac"])) == 32
    before = path.read_text()
    with pytest.raises(CommandError, match="拒绝覆盖"):
        call_command("keys", "init", "--path", str(path))
    assert path.read_text() == before


def test_keys_init_defaults_to_setting(monkeypatch, tmp_path):
    _no_env_keys(monkeypatch)
    path = tmp_path / "default.json"
    with override_settings(HUANJIE_KEY_FILE=path):
        call_command("keys", "init", stdout=StringIO())
        assert path.exists()
        out = StringIO()
        call_command("keys", "check", stdout=out)
    assert "密钥可用" in out.getvalue()


def test_keys_init_refuses_path_inside_repository(tmp_path):
    from django.conf import settings

    target = settings.BASE_DIR / "keys-should-not-be-here.json"
    with pytest.raises(CommandError, match="不能放在代码仓库内"):
        call_command("keys", "init", "--path", str(target))
    assert not target.exists()


def test_keys_check_with_environment_keys():
    out = StringIO()
    call_command("keys", "check", stdout=out)
    assert "密钥可用（来源：环境变量" in out.getvalue()


def test_keys_check_fails_without_keys(monkeypatch, tmp_path):
    _no_env_keys(monkeypatch)
    with (
        override_settings(HUANJIE_KEY_FILE=tmp_path / "absent.json"),
        pytest.raises(CommandError, match="密钥不可用：找不到密钥文件"),
    ):
        call_command("keys", "check")


# --- batched SM4-GCM for bulk work (encrypt_many / encrypt_stream) --------------------------------


def _reference_gcm(nonce: bytes, plaintext: str) -> str:
    """The token ``encrypt`` makes with this nonce: cryptography's own SM4-GCM."""
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

    enc = Cipher(algorithms.SM4(crypto.load_keys().enc), modes.GCM(nonce)).encryptor()
    body = enc.update(plaintext.encode()) + enc.finalize()
    return "sm4gcm1:" + base64.b64encode(nonce + body + enc.tag).decode()


BATCH_VALUES = ["", "1", "X" * 15, "x" * 16, "y" * 17, ID, "11010119900307851X", "张三·测试"]
BATCH_VALUES += ["z" * 32, "w" * 33]


def test_encrypt_many_is_byte_for_byte_sm4_gcm(monkeypatch):
    """With the same nonces, the batched tokens are exactly those of cryptography's SM4-GCM (the
    format is unchanged: every stored value decrypts as before)."""
    nonces = [bytes([n]) * 12 for n in range(1, len(BATCH_VALUES) + 1)]
    joined = b"".join(nonces)
    monkeypatch.setattr(crypto.os, "urandom", lambda size: joined[:size] if size > 12 else nonces[0])
    tokens = crypto.encrypt_many(BATCH_VALUES)
    for k, (value, token) in enumerate(zip(BATCH_VALUES, tokens, strict=True)):
        if 0 < len(value.encode()) <= 32:  # the batched path (others go through encrypt)
            assert token == _reference_gcm(nonces[k], value)


def test_encrypt_many_round_trip_and_fresh_nonces():
    tokens = crypto.encrypt_many(BATCH_VALUES * 3)
    assert [crypto.decrypt(t) for t in tokens] == BATCH_VALUES * 3
    nonces = {base64.b64decode(t[len("sm4gcm1:") :])[:12] for t in tokens}
    assert len(nonces) == len(tokens)
    assert all(ID not in t for t in tokens)


def test_encrypt_many_every_length_up_to_three_blocks():
    values = ["9" * n for n in range(0, 50)]
    assert [crypto.decrypt(t) for t in crypto.encrypt_many(values)] == values


def test_encrypt_many_token_is_authenticated():
    token = crypto.encrypt_many([ID])[0]
    for where in (0, 12, 20, -1):
        with pytest.raises(ValueError, match="密文校验失败"):
            crypto.decrypt(_flip(token, where))


def test_old_tokens_still_decrypt_with_the_batched_path_in_place():
    old = _reference_gcm(os.urandom(12), ID)  # a value stored before batching existed
    assert crypto.decrypt(old) == ID
    assert crypto.decrypt(crypto.encrypt(ID)) == ID


def test_gf_mult_is_gcm_multiplication():
    # SP 800-38D: the multiplicative identity is the block 0x80 00..00 (bit 0 set); x • 1 = x.
    one = 1 << 127
    x = 0x66E94BD4EF8A2C3B884CFA59CA342B2E
    assert crypto._gf_mult(x, one) == x
    assert crypto._gf_mult(one, x) == x
    y = 0x0388DACE60B6A392F328C2B971B2FE78
    assert crypto._gf_mult(x, y) == crypto._gf_mult(y, x)


def test_encrypt_stream_in_order_serial_and_with_helper_process(monkeypatch):
    values = [f"{n:018d}" for n in range(57)]
    serial = list(crypto.encrypt_stream(values, chunk=10))
    assert [len(c) for c in serial] == [10, 10, 10, 10, 10, 7]
    monkeypatch.setattr(crypto, "STREAM_PARALLEL_MIN", 5)
    parallel = list(crypto.encrypt_stream(values, chunk=10))
    assert [len(c) for c in parallel] == [10, 10, 10, 10, 10, 7]
    for chunks in (serial, parallel):
        assert [crypto.decrypt(t) for c in chunks for t in c] == values


def test_an_encryption_stream_dropped_unread_ends_its_helper_process(monkeypatch):
    """A stream started ahead of its use (the roll import's commit starts it before re-checking the
    rows) and then dropped because the work failed: its helper process is ended, not left waiting."""
    import gc
    import time

    monkeypatch.setattr(crypto, "STREAM_PARALLEL_MIN", 5)
    stream = crypto.encrypt_stream([f"{n:018d}" for n in range(100_000)], chunk=10)
    helper = stream.gi_frame.f_locals["helper"]
    assert helper.is_alive()
    del stream
    gc.collect()
    deadline = time.monotonic() + 10
    while helper.is_alive() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not helper.is_alive()
