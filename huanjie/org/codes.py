"""Statistical division codes (统计用区划代码): 12 digits = 6-digit county + 3-digit town + 3-digit
village. A unit's ``path`` is the significant prefix of its code; a subtree is a path prefix.
"""

from __future__ import annotations

from huanjie.org.choices import PATH_LENGTH, Level


class CodeError(ValueError):
    """A division code that is malformed or inconsistent with its level or parent (message in Chinese)."""


def path_for(code: str, level: str) -> str:
    return code[: PATH_LENGTH[Level(level)]]


def validate_code(code: str, level: str, parent_path: str | None) -> str:
    """Validate a 12-digit code for ``level`` under a parent with ``parent_path``; return the path."""
    if not (isinstance(code, str) and len(code) == 12 and code.isdigit()):
        raise CodeError(f"区划代码“{code}”应为 12 位数字")
    lvl = Level(level)
    n = PATH_LENGTH[lvl]
    path, rest = code[:n], code[n:]
    if set(rest) - {"0"}:
        raise CodeError(f"区划代码“{code}”与层级“{lvl.label}”不符：第 {n + 1} 位起应全为 0")
    own = path[{Level.CITY: 2, Level.COUNTY: 4, Level.TOWN: 6}.get(lvl, 9) :]
    if set(own) == {"0"}:
        raise CodeError(f"区划代码“{code}”与层级“{lvl.label}”不符：本级代码段不能全为 0")
    if code[:2] == "00":
        raise CodeError(f"区划代码“{code}”的省级代码无效")
    if parent_path is not None and not path.startswith(parent_path):
        raise CodeError(f"区划代码“{code}”不以上级单位代码“{parent_path}”开头")
    return path
