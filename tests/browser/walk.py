"""Issue 9 requirement 12: every demo role walks its pages as a newcomer would.

Each role logs in to the demo city and follows, breadth first, the same-origin links it finds (the
navigation menu first, then each page's links), up to ``HUANJIE_WALK_PAGES`` pages (default 32):
every route before a second page of any, at most four pages per route and one more with a query
string (a filter, a sort, a page). Links with side effects or that leave the page are skipped
(logout, exports, downloads, templates, print views, unmasking). Every page is looked at in a
1366×768 window and again at 768×1024 (a tablet held upright), and the walk fails on:

1. a framework message (Django's default texts, a traceback, "Page not found", "Server Error", CSRF)
   or a page that does not answer 200;
2. an English word in the visible text (``innerText``), apart from the short allow-list below and
   login names (data an administrator chose, Latin by design);
3. a horizontal scrollbar (``scrollWidth > clientWidth``) at either size;
4. a page without an ``h1`` heading.

A screenshot of every page at both sizes is kept in ``$HUANJIE_ARTIFACTS/browser-walk/<role>/``
(default: the test's temporary folder); the path is printed.
"""

from __future__ import annotations

import os
import re
from collections import Counter, deque
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from django.urls import Resolver404, resolve

from huanjie.accounts.models import User
from huanjie.core.forms import DJANGO_DEFAULT_FRAGMENTS
from huanjie.demo.builder import DEMO_ACCOUNTS, DEMO_PASSWORD, build_demo

ROLES = {role: username for username, role, *_ in DEMO_ACCOUNTS}

SIZES = {"1366x768": (1366, 768), "768x1024": (768, 1024)}
MAX_PAGES = int(os.environ.get("HUANJIE_WALK_PAGES", "32"))
PER_ROUTE = 4  # pages per route without a query string (city, county, town, village); one with a query

FRAMEWORK_TEXT = (*DJANGO_DEFAULT_FRAGMENTS, "Traceback", "Page not found", "Server Error", "CSRF")

# Links a newcomer may click but the walk must not: they end the session, download a file, open a
# print dialog, reveal a masked ID (audited) or would change something.
SKIP = re.compile(
    r"logout|/export|download|template|print|unmask|reveal|\.xlsx|\.pdf|\.csv|/api/|/static/|/media/"
    r"|/revoke/|/reset/|/active/|/verify/|/password"
)

# Latin words that are legitimately Latin in a Chinese UI. Keep this list short and say why.
ALLOWED_WORDS = {
    "Excel",  # the office's spreadsheet program, named as such on the export buttons
    "PDF",  # the document format
    "ID",  # 会话 ID / 请求 ID on the error page: the identifier support staff ask for
    "xlsx",  # file extension in the import instructions (.xlsx)
    "csv",  # file extension in the import instructions (.csv)
    "pdf",  # file extension of uploaded evidence (台账.pdf)
    "docx",  # file extensions and formats users know by these names (evidence uploads)
    "Word",
    "JPG",
    "PNG",
    "CSV",
    "UTF",  # character encoding names (UTF-8, GBK, GB18030) in the import instructions
    "GBK",
    "GB",
    "SM",  # 国密 algorithm names (SM3, SM4) shown to auditors
    "HMAC",
    "MB",  # a file size limit in megabytes
    "IP",  # IP 地址: the term Chinese security rules (等保) use for a network address
}
WORD = re.compile(r"[A-Za-z][A-Za-z_'-]*[A-Za-z]|[A-Za-z]")

# Details on demand (<details>, the audit page's entries) are opened first: their text is UI too.
# Recorded values shown as they are (``<code>``: receipt codes, digests; ``.hj-raw``: the audit
# trail's before/after values) are data, not the interface's words: their text is left out.
_JS_SETTLED = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"


def _screenshot(page, path: Path) -> None:  # type: ignore[no-untyped-def]
    """A full-page screenshot (an artifact to look at, not a check). Chromium now and then refuses
    one on a loaded machine ("Unable to capture screenshot"): it is taken again once, after a
    frame."""
    from playwright.sync_api import Error

    try:
        page.screenshot(path=str(path), full_page=True)
    except Error:
        page.evaluate(_JS_SETTLED)
        page.screenshot(path=str(path), full_page=True)


_JS_STATE = """() => (document.querySelectorAll('details').forEach(d => { d.open = true; }), {
  scroll: document.documentElement.scrollWidth,
  client: document.documentElement.clientWidth,
  h1: Array.from(document.querySelectorAll('h1')).map(h => h.innerText.trim()).filter(Boolean).length,
  text: (() => {
    const raw = Array.from(document.querySelectorAll('code, .hj-raw'));
    const shown = raw.map(e => e.style.display);
    raw.forEach(e => { e.style.display = 'none'; });
    const text = document.body.innerText;
    raw.forEach((e, i) => { e.style.display = shown[i]; });
    return text;
  })() + '\\n' + document.title,
  links: Array.from(document.querySelectorAll('a[href]')).map(a => a.getAttribute('href')),
})"""


def artifacts_root(tmp_path: Path) -> Path:
    root = os.environ.get("HUANJIE_ARTIFACTS")
    return Path(root) if root else tmp_path / "artifacts"


def _route_key(path: str) -> str | None:
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.view_name


def _english(text: str, logins: set[str]) -> list[str]:
    words = set()
    for token in WORD.findall(text):
        if token in ALLOWED_WORDS or token in logins:
            continue
        words.add(token)
    return sorted(words)


def _slug(path: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "_", path).strip("_") or "home"


def walk(live_server, browser, tmp_path, username: str, role: str) -> None:
    """Log in as ``username`` and walk; fail with every problem found."""
    build_demo()
    base = live_server.url
    logins = set(User.objects.values_list("username", flat=True))
    logins |= {part for name in logins for part in WORD.findall(name)}
    shots = artifacts_root(tmp_path) / "browser-walk" / role
    shots.mkdir(parents=True, exist_ok=True)
    print(f"\nscreenshots of {role}: {shots}")

    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
    page = context.new_page()
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()
    assert "/login/" not in page.url, f"{username} could not log in"

    problems: list[str] = []
    seen: set[str] = set()
    per_route: Counter[str] = Counter()
    # Links to routes not walked yet go first, so every route is seen before a second unit of one.
    fresh: deque[tuple[str, str]] = deque([("/", "登录后")])
    again: deque[tuple[str, str]] = deque()
    visited = 0
    walked: list[str] = []
    while (fresh or again) and visited < MAX_PAGES:
        from_fresh = bool(fresh)
        url, came_from = (fresh or again).popleft()
        if url in seen:
            continue
        parts = urlsplit(url)
        name = _route_key(parts.path)
        key = f"{name}?" if parts.query else str(name)
        if name is None or per_route[key] >= (1 if parts.query else PER_ROUTE):
            seen.add(url)
            continue
        if from_fresh and per_route[key]:
            again.append((url, came_from))  # its route was walked since it was queued
            continue
        seen.add(url)
        per_route[key] += 1
        visited += 1
        walked.append(url)
        page.set_viewport_size({"width": 1366, "height": 768})
        response = page.goto(base + url)
        page.wait_for_load_state()
        where = f"{url} (from {came_from})"
        if response is None or response.status != 200:
            problems.append(f"{where}: status {response.status if response else 'none'}")
        for size, (width, height) in SIZES.items():
            page.set_viewport_size({"width": width, "height": height})
            # The resize event and its handlers (a chart redrawn to its new width) run before the
            # page's next frame: the state is read once two frames have passed.
            page.evaluate(_JS_SETTLED)
            state = page.evaluate(_JS_STATE)
            _screenshot(page, shots / f"{visited:02d}-{_slug(url)}-{size}.png")
            if state["scroll"] > state["client"]:
                wide = f"{state['scroll']} > {state['client']}"
                problems.append(f"{where}: horizontal scrollbar at {size} ({wide})")
            if size == "1366x768":
                text = state["text"]
                leaked = [f for f in FRAMEWORK_TEXT if f in text]
                if leaked:
                    problems.append(f"{where}: framework message {leaked}")
                english = _english(text, logins)
                if english:
                    problems.append(f"{where}: English words {english}")
                if not state["h1"]:
                    problems.append(f"{where}: no h1 heading")
                for href in state["links"]:
                    target = urljoin(base + url, href)
                    parts = urlsplit(target)
                    if f"{parts.scheme}://{parts.netloc}" != base or SKIP.search(target):
                        continue
                    local = parts.path + (f"?{parts.query}" if parts.query else "")
                    if local not in seen:
                        name = _route_key(parts.path)
                        new = per_route[f"{name}?" if parts.query else str(name)] == 0
                        (fresh if new else again).append((local, url))
    context.close()
    print(f"{role}: {visited} pages walked: {walked}")
    assert visited >= 3, f"{role} reached only {visited} pages: {walked}"
    assert not problems, f"{role} ({username}):\n" + "\n".join(problems)
