"""How an app plugs itself in: one declaration per app, discovered by core.

Each app's AppConfig carries ``plugin = Plugin(...)``: its navigation entries, URL include, API
router, importers, exporters, the capabilities it grants to each role, and the module that teaches
the access-control walker to fill its URLs. Core (navigation, root URLs, the API, the import page,
the walker) reads :func:`plugins` and never names an app. Adding an app is writing the app and one
line in INSTALLED_APPS.

Apps that must hear from apps above them (a lower layer never imports a higher one) use the hooks
at the end of this module: a higher app registers a callable in its AppConfig.ready(), a lower app
asks the hook. Examples: the elections app asks :data:`scheduling_gates` whether a village's election
may be scheduled and the planning and oversight apps answer; the home page shell asks
:data:`home_panels` and :data:`todo_providers`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from typing import Any, Generic, TypeVar

from huanjie.rules.screening import ScreeningFinding


@dataclass(frozen=True)
class NavEntry:
    """One entry of the left navigation: shown to users holding ``capability`` (a Capability value,
    or core.permissions.AUTHENTICATED). ``order`` sorts entries across apps."""

    url_name: str
    label: str
    icon: str
    capability: str
    order: int = 100


@dataclass(frozen=True)
class Plugin:
    """What an app brings to the whole system, declared in one place (its AppConfig.plugin).

    - ``urls``: (prefix, dotted module) included at the root, e.g. ("org/", "huanjie.org.urls");
    - ``api``: (prefix, dotted path of a ninja Router), e.g. ("/org", "huanjie.org.api.router");
    - ``importers`` / ``exporters``: kind → dotted path of the Importer class / export view;
    - ``grants``: role code → capabilities this app grants to that role (roles live in accounts);
    - ``walker``: dotted path of a module with ``FILL_RULES`` for the access-control walker (tests);
    - ``layouts``: the reporting tables the app prints through layouts as data (core.layouts.LayoutKind).
    """

    nav: tuple[NavEntry, ...] = ()
    urls: tuple[tuple[str, str], ...] = ()
    api: tuple[tuple[str, str], ...] = ()
    importers: dict[str, str] = field(default_factory=dict)
    exporters: dict[str, str] = field(default_factory=dict)
    grants: dict[str, frozenset[str]] = field(default_factory=dict)
    walker: str | None = None
    layouts: tuple[Any, ...] = ()


@dataclass(frozen=True)
class HomeStat:
    """A figure on the home page: ``label`` says exactly what is counted."""

    label: str
    value: int
    icon: str
    order: int = 100


@dataclass(frozen=True)
class Panel:
    """A block of a page rendered from ``template`` with ``context``, contributed by an app."""

    template: str
    context: dict[str, Any]
    order: int = 100


def plugins() -> Iterator[tuple[str, Plugin]]:
    """(app label, plugin) of every installed app that declares one, in INSTALLED_APPS order."""
    from django.apps import apps

    for config in apps.get_app_configs():
        plugin = getattr(config, "plugin", None)
        if isinstance(plugin, Plugin):
            yield config.label, plugin


# ---------------------------------------------------------------------------------------------
# Hooks: a lower app asks, higher apps answer
# ---------------------------------------------------------------------------------------------

F = TypeVar("F", bound=Callable[..., Any])


class Hook(Generic[F]):
    """A named list of callables that higher apps register into (in their AppConfig.ready())."""

    def __init__(self, name: str, doc: str) -> None:
        self.name = name
        self.__doc__ = doc
        self._items: dict[str, F] = {}

    def register(self, key: str, fn: F) -> F:
        """Register ``fn`` under ``key`` (re-registering the same key replaces it: ready() may run
        twice in tests)."""
        self._items[key] = fn
        return fn

    def unregister(self, key: str) -> None:
        self._items.pop(key, None)

    def items(self) -> list[tuple[str, F]]:
        return list(self._items.items())

    def get(self, key: str) -> F | None:
        """The callable registered under ``key``, if any."""
        return self._items.get(key)

    def __iter__(self) -> Iterator[F]:
        return iter(list(self._items.values()))


# (user, unit, *, election_day=None) → list of Gate results; the elections app refuses scheduling
# while one is closed and shows each reason (``election_day``: the day it means to schedule, when known).
scheduling_gates: Hook[Callable[..., Any]] = Hook(
    "scheduling_gates", "May this village's election be scheduled? Each answers with its reasons."
)
# (campaign, candidates, *, on) → {candidate pk: [ScreeningItem, …]}: checks another app contributes
# to the candidates' screening (see ScreeningItem). Asked once per batch — the vetting app screens a
# page, a 请示 or a chunk of thousands of a campaign's candidates at a time — so a provider answers the
# whole batch in a fixed number of queries (one, as a rule), never one per candidate; ``candidates``
# are vetting.Candidate rows of that ``campaign`` with ``pk``, ``unit_id``, ``person_id``, ``side``
# and ``post`` loaded (and ``person.name``) — in a whole-campaign run, light rows with just these
# attributes and ``get_post_display()``, so a provider reads nothing else of a candidate; ``on``:
# the screening day. Candidates without items may be left out of the answer.
screening_items: Hook[Callable[..., Any]] = Hook(
    "screening_items", "Findings other apps contribute to a candidate's screening."
)
# (campaign, *, on) → a callable (candidates) → {candidate pk: [ScreeningItem, …]}: optional, registered
# under the key of a :data:`screening_items` provider. A run that screens every candidate of a
# campaign, batch after batch (``huanjie screen``: a province's hundreds of thousands), asks it once
# and then asks what it returns for each batch instead of the provider, which must answer exactly as
# the provider would: it may read its campaign-wide data once for the run (and answer a batch without
# any query, e.g. when the campaign has none of what it checks) instead of naming each batch's
# thousands of candidates in a query. See :func:`screening_batches`.
screening_runs: Hook[Callable[..., Any]] = Hook(
    "screening_runs", "Per-run readers of the screening items of one whole campaign."
)


def screening_batches(campaign: Any, *, on: Any) -> list[Callable[[list[Any]], Any]]:
    """For a run over every candidate of ``campaign``: one callable per :data:`screening_items`
    provider, each answering a batch of that campaign's candidates — the provider's
    :data:`screening_runs` reader when it has one (asked here, once), the provider itself otherwise."""
    out: list[Callable[[list[Any]], Any]] = []
    for key, provider in screening_items.items():
        run = screening_runs.get(key)
        out.append(run(campaign, on=on) if run is not None else partial(_ask, provider, campaign, on))
    return out


def _ask(provider: Callable[..., Any], campaign: Any, on: Any, rows: list[Any]) -> Any:
    return provider(campaign, rows, on=on)


@dataclass(frozen=True)
class ScreeningItem:
    """One check another app contributes to a candidate's screening (:data:`screening_items`).

    - ``code``: names the check (``registration``: it answers whether the candidate is registered as
      a voter in the place, which the screening rules otherwise leave “未核对”);
    - ``label``: its short name in Chinese (shown before the evidence);
    - ``kind``, the result it may have — the screening rules give it its effect by committee:
      ``pass``; ``policy`` (a warning; for a 村（居）委会 candidate a talk); ``condition`` (block-eligible:
      blocks a party 预备人选, goes to the 选举委员会 as its decision for a 村（居）委会 candidate);
      ``flag`` (to the 选举委员会, never an effect on the candidate);
    - ``evidence``: what was found, a Chinese sentence;
    - ``citation``: the article it rests on (a citation registered in huanjie.rules.citations);
    - ``finding``: instead of a check, a dated fact the screening rules weigh as they weigh the
      joint review's findings (its ``code`` a negative-list item or a statutory bar, ``substantiated``
      whether it was 查实): the negative list's tier, look-back years and any 容错纠错 ruling then
      decide its effect by committee, exactly as for a department's finding. ``kind`` is ignored.
    """

    code: str
    label: str
    kind: str
    evidence: str
    citation: str
    finding: ScreeningFinding | None = None


# (user) → list of to-dos (label, url, due date, who must act) for the home page.
todo_providers: Hook[Callable[..., Any]] = Hook("todo_providers", "What this user must do next.")
# (user) → list of HomeStat tiles for the home page (each app counts what it owns).
home_stats: Hook[Callable[..., Any]] = Hook("home_stats", "Figures shown as tiles on the home page.")
# (request) → a Panel for the home page, or None.
home_panels: Hook[Callable[..., Any]] = Hook("home_panels", "Panels on the home page.")
# (user, unit, *, params) → a panel {"template", "context", "place"} for a village's or community's
# page (place: "actions", "beside" or "below"), or None; ``params``: the page's query string.
unit_panels: Hook[Callable[..., Any]] = Hook("unit_panels", "Panels on an org unit's page.")
# (user, paths) → {path: {counter label: n}} counts shown beside the nodes of the org tree.
tree_counters: Hook[Callable[..., Any]] = Hook("tree_counters", "Counts shown beside tree nodes.")
# (user, unit ids) → {unit id: SeatCounts} for those of the villages/communities it knows: the decided
# 职数 and the province's profile of the latest campaign the user may see (planning). People's rule
# checks ask it (the village page for one unit, the roster import's preview for all the units of a
# file at once) and fall back to the law's bounds and the national profile when nobody answers.
seat_counts: Hook[Callable[..., Any]] = Hook("seat_counts", "A unit's decided seats (职数) and profile.")


@dataclass(frozen=True)
class SeatCounts:
    """What planning knows of a unit: the 村（居）民委员会's decided 职数 (``None``: not decided) and the
    code of the province's profile (``""``: unknown)."""

    committee_seats: int | None = None
    profile_code: str = ""


# (user, unit, members, names, *, education_unknown) → list of committee_checks-style findings: a
# campaign's age and education guidance applied to the unit's sitting “两委” members (``members``:
# rules.structure MemberInput rows, ``names``: person key → name, ``education_unknown``: the keys
# whose education is not recorded). People's village page asks it beside its own checks.
committee_guidance: Hook[Callable[..., Any]] = Hook(
    "committee_guidance", "Findings of a campaign's guidance about a unit's sitting members."
)


@dataclass(frozen=True)
class CategoryBadge:
    """One category of a village or community as a list shows it: ``code`` (the filter's value), the
    ``label`` and a Bootstrap ``tone`` (``danger``, ``warning``, ``info``, ``secondary``)."""

    code: str
    label: str
    tone: str = "secondary"


@dataclass(frozen=True)
class UnitCategories:
    """Categories a higher app gives villages and communities (planning: the 研判's 村（社区）类别),
    shown as badges and offered as filters by the unit and person lists. Every callable answers only
    with what the user may see (an assessment is confidential: a user who may not see it gets no
    option, no badge and no match)."""

    choices: Callable[[Any], list[tuple[str, str]]]
    """user → the filter's options ``(code, label)``; ``[]`` when the user may see none."""
    badges: Callable[[Any, list[int]], dict[int, list[CategoryBadge]]]
    """(user, unit ids) → the badges of those units that have any."""
    units_in: Callable[[Any, str], Any]
    """(user, code) → the ids of the units in that category, as a queryset (used as a subquery)."""


# A UnitCategories per answering app (not a callable: three questions, one provider).
unit_categories: Hook[Any] = Hook("unit_categories", "Categories of villages: list badges and filters.")


@dataclass(frozen=True)
class Gate:
    """One answer to :data:`scheduling_gates`: ``closed`` refuses scheduling; ``reason`` says why (or,
    open, what still needs doing) in Chinese, ready to show; ``url`` where it is dealt with (may be
    empty); ``citation`` the rule it rests on (may be empty)."""

    key: str
    closed: bool
    reason: str
    url: str = ""
    citation: str = ""
