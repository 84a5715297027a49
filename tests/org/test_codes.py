import pytest

from huanjie.org.codes import CodeError, path_for, validate_code


@pytest.mark.parametrize(
    ("code", "level", "parent", "path"),
    [
        ("329900000000", "city", None, "3299"),
        ("329901000000", "county", "3299", "329901"),
        ("329901001000", "town", "329901", "329901001"),
        ("329901001201", "village", "329901001", "329901001201"),
        ("329902001001", "community", "329902001", "329902001001"),
    ],
)
def test_valid_codes_give_their_path(code, level, parent, path):
    assert validate_code(code, level, parent) == path
    assert path_for(code, level) == path


@pytest.mark.parametrize(
    ("code", "level", "parent", "message"),
    [
        ("32990100000", "county", "3299", "应为 12 位数字"),
        ("3299010000a0", "county", "3299", "应为 12 位数字"),
        ("329901001000", "county", "3299", "第 7 位起应全为 0"),
        ("329900000000", "county", "3299", "本级代码段不能全为 0"),
        ("329901000000", "town", "329901", "本级代码段不能全为 0"),
        ("329901001000", "village", "329901001", "本级代码段不能全为 0"),
        ("329801001000", "town", "329901", "不以上级单位代码"),
        ("000100000000", "city", None, "省级代码无效"),
    ],
)
def test_invalid_codes_are_explained(code, level, parent, message):
    with pytest.raises(CodeError, match=message):
        validate_code(code, level, parent)
