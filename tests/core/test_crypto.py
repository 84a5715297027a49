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
