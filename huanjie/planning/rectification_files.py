"""Evidence files of rectification tasks: checked (size, type by content), stored SM4-GCM encrypted
under ``VAR_DIR/evidence`` (outside every served directory) and read back only through the scoped
selectors. The size limit is the setting ``HUANJIE_EVIDENCE_MAX_MB`` (default 10)."""

from __future__ import annotations

import uuid
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError

from huanjie.core import crypto

MB = 1024 * 1024
MAX_FILES_PER_TASK = 20

# extension → (content type, leading bytes the content must start with)
ALLOWED: dict[str, tuple[str, tuple[bytes, ...]]] = {
    "pdf": ("application/pdf", (b"%PDF-",)),
    "jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        (b"PK\x03\x04",),
    ),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (b"PK\x03\x04",)),
}
ALLOWED_LABEL = "PDF、JPG、PNG、Word（.docx）、Excel（.xlsx）"


def max_bytes() -> int:
    return int(getattr(settings, "HUANJIE_EVIDENCE_MAX_MB", 10)) * MB


def _folder() -> Path:
    folder = Path(settings.VAR_DIR) / "evidence"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def clean_name(name: str) -> str:
    """The file's own name without any folder part, at most 200 characters (keeping the extension)."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1].strip() or "附件"
    if len(base) > 200:
        stem, _, ext = base.rpartition(".")
        base = f"{stem[: 199 - len(ext)]}.{ext}" if stem else base[:200]
    return base


def check(name: str, data: bytes) -> str:
    """The content type of an acceptable file; ValidationError (Chinese) otherwise."""
    if not data:
        raise ValidationError({"file": "文件为空，请重新选择"})
    if len(data) > max_bytes():
        raise ValidationError(
            {"file": f"文件超过大小上限 {max_bytes() // MB} MB（HUANJIE_EVIDENCE_MAX_MB），请压缩后再上传"}
        )
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in ALLOWED:
        raise ValidationError({"file": f"只能上传 {ALLOWED_LABEL} 文件"})
    content_type, magics = ALLOWED[ext]
    if not data.startswith(magics):
        raise ValidationError({"file": f"文件内容与扩展名 .{ext} 不符，请上传真实的 {ALLOWED_LABEL} 文件"})
    return content_type


def store(data: bytes) -> str:
    """Encrypt and write ``data``; the stored name (random, no user input in the path)."""
    stored = uuid.uuid4().hex
    (_folder() / stored).write_bytes(crypto.encrypt_bytes(data))
    return stored


def load(stored: str) -> bytes:
    return crypto.decrypt_bytes((_folder() / Path(stored).name).read_bytes())


def remove(stored: str) -> None:
    (_folder() / Path(stored).name).unlink(missing_ok=True)
