"""A page's form as a browser would post it (for the benchmarks that drive the pages over HTTP).

``form_fields(html, action)``: the fields of the ``<form>`` whose ``action`` ends with ``action``,
as a list of (name, value) pairs — hidden and text inputs with their values, checked checkboxes and
radios, textareas, the selected options — so that a benchmark changes only what a user would type.
"""

from __future__ import annotations

from html.parser import HTMLParser


class _FormParser(HTMLParser):
    def __init__(self, action: str) -> None:
        super().__init__(convert_charrefs=True)
        self.action = action
        self.inside = False
        self.found = False
        self.fields: list[tuple[str, str]] = []
        self._textarea: str | None = None
        self._text: list[str] = []
        self._select: str | None = None
        self._selected = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            if not self.found and a.get("action", "").endswith(self.action):
                self.inside = self.found = True
            return
        if not self.inside:
            return
        name = a.get("name", "")
        if tag == "input" and name:
            kind = a.get("type", "text").lower()
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self.fields.append((name, a.get("value", "on")))
            elif kind not in ("submit", "button", "file", "image", "reset"):
                self.fields.append((name, a.get("value", "")))
        elif tag == "textarea" and name:
            self._textarea, self._text = name, []
        elif tag == "select" and name:
            self._select, self._selected = name, False
        elif tag == "option" and self._select and "selected" in a:
            self.fields.append((self._select, a.get("value", "")))
            self._selected = True

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form" and self.inside:
            self.inside = False
        elif tag == "textarea" and self._textarea is not None:
            self.fields.append((self._textarea, "".join(self._text).lstrip("\n")))
            self._textarea = None
        elif tag == "select":
            self._select = None


def form_fields(html: str, action: str) -> list[tuple[str, str]] | None:
    """The fields of the first form posting to a URL ending with ``action``; None when there is none."""
    p = _FormParser(action)
    p.feed(html)
    return p.fields if p.found else None


def with_values(fields: list[tuple[str, str]], **values: str | list[str]) -> list[tuple[str, str]]:
    """``fields`` with the named ones replaced (a list value: one pair per item, e.g. checkboxes)."""
    out = [(k, v) for k, v in fields if k not in values]
    for k, v in values.items():
        out += [(k, x) for x in v] if isinstance(v, list) else [(k, v)]
    return out
