"""Shared helpers for the foundation benchmarks: machine description and docs/BENCHMARKS.md updates.

Each benchmark owns one ``### …`` subsection of the ``## Foundation (issue 2)`` section and replaces
only that subsection; other sections of the file (written by other benchmarks) are left alone.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCHMARKS = ROOT / "docs" / "BENCHMARKS.md"
SECTION = "## Foundation (issue 2)"


def machine(pg_version: str = "") -> str:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split("MemTotal:")[1].split()[0])
        ram = f"{kb / 1024 / 1024:.1f} GiB"
    except (OSError, IndexError, ValueError):
        pass
    parts = [
        f"nproc {os.cpu_count()}",
        f"CPU {cpu}",
        f"RAM {ram}",
        f"Python {platform.python_version()}",
    ]
    if pg_version:
        parts.append(pg_version)
    return ", ".join(parts)


def load_average() -> str:
    one, five, _ = os.getloadavg()
    return f"{one:.1f} (1 min) / {five:.1f} (5 min)"


def now() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")


def git_head() -> str:
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def update_subsection(title: str, body: str) -> None:
    """Replace (or append) ``### title`` inside the Foundation section of docs/BENCHMARKS.md."""
    text = BENCHMARKS.read_text() if BENCHMARKS.exists() else "# Benchmarks\n"
    block = f"### {title}\n\n{body.strip()}\n"
    start = text.find(SECTION + "\n")
    if start < 0:
        text = text.rstrip("\n") + f"\n\n{SECTION}\n\n{block}"
    else:
        after = start + len(SECTION) + 1
        m = re.search(r"^## ", text[after:], flags=re.M)
        end = after + m.start() if m else len(text)
        section = text[after:end]
        sub = re.search(rf"^### {re.escape(title)}\n", section, flags=re.M)
        if sub:
            nxt = re.search(r"^### ", section[sub.end() :], flags=re.M)
            sub_end = sub.end() + nxt.start() if nxt else len(section)
            section = section[: sub.start()] + block + ("\n" if nxt else "") + section[sub_end:]
        else:
            section = section.rstrip("\n") + "\n\n" + block
        if not section.startswith("\n"):
            section = "\n" + section
        tail = text[end:]
        text = text[:after] + section.rstrip("\n") + "\n" + ("\n" + tail if tail else "")
    BENCHMARKS.write_text(text)


def replace_section(title: str, body: str) -> None:
    """Replace (or append) the whole ``## title`` section of docs/BENCHMARKS.md with ``body``."""
    text = BENCHMARKS.read_text() if BENCHMARKS.exists() else "# Benchmarks\n"
    heading = f"## {title}"
    block = f"{heading}\n\n{body.strip()}\n"
    start = text.find(heading + "\n")
    if start < 0:
        BENCHMARKS.write_text(text.rstrip("\n") + "\n\n" + block)
        return
    m = re.search(r"^## ", text[start + len(heading) :], flags=re.M)
    end = start + len(heading) + m.start() if m else len(text)
    BENCHMARKS.write_text(text[:start] + block + ("\n" + text[end:] if m else ""))
