"""Figures agree everywhere (issue 15 req. 7): every structure figure of every level (village, town,
county, city) and every basis is recomputed here from the raw tenures with the rules' own one-set
functions (huanjie.rules.campaign: persons_once, age_drop, college_share, women_share, …; rules.structure
structure_stats) over all the level's members at once, and compared with the selector, which sums
per-village summary rows. A random but seeded city: villages and a community, men and women, every
education, sources, one-shoulder or not, re-elected or new, some villages not yet elected."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
from decimal import Decimal
from fractions import Fraction

import pytest

from huanjie.org.models import OrgUnit
from huanjie.people.models import Tenure
from huanjie.planning import plan_selectors
from huanjie.planning.models import Campaign, StructureTarget
from huanjie.rules import campaign as rules
from huanjie.rules import registry
from huanjie.rules.structure import AGE_BANDS, EDUCATION_LEVELS, structure_stats
from huanjie.stats import structure_selectors as sel
from tests.factories import PersonFactory, seat, unit

pytestmark = pytest.mark.django_db

START, END = dt.date(2025, 12, 1), dt.date(2026, 6, 30)
OLD = dt.date(2021, 3, 1)
EDUCATIONS = ["postgraduate", "bachelor", "junior_college", "secondary", "junior_or_below"]
SOURCES = ["incumbent", "reserve", "graduate", "veteran", "other", ""]


@pytest.fixture
def city(cast):
    c = Campaign.objects.create(
        city=cast.city, name="2026年换届", profile_code="zhejiang", window_start=START, window_end=END
    )
    StructureTarget.objects.create(
        campaign=c,
        code="average_age",
        label="年龄",
        low=Decimal(3),
        high=Decimal(5),
        baseline="previous_term",
    )
    StructureTarget.objects.create(
        campaign=c, code="field_fit", label="专业", low=Decimal(20), majors="农业、电商"
    )
    rng = random.Random(15)
    leaves = [cast.village, cast.village2, cast.village_b, cast.community]
    for i, parent in enumerate([cast.town, cast.town_b, cast.street, cast.town]):
        level = "community" if parent == cast.street else "village"
        leaves.append(unit(f"{parent.code[:9]}3{i:02d}", level, f"新{i}村", parent))
    for n, leaf in enumerate(leaves):
        committee_kind = "residents_committee" if leaf.level == "community" else "villagers_committee"
        people = [
            PersonFactory(
                domicile_unit=leaf,
                birth_date=dt.date(rng.randint(1958, 2000), rng.randint(1, 12), rng.randint(1, 28)),
                sex=rng.choice("MMF"),
                education=rng.choice(EDUCATIONS),
                political_status=rng.choice(["cpc", "cpc", "masses"]),
                occupation=rng.choice(["农业", "电商", "教师", ""]),
            )
            for _ in range(7)
        ]
        old = people[:5]
        # the outgoing term: a secretary (also chair in odd villages), two party members, two others
        posts = [("party_org", "secretary"), ("party_org", "party_member"), ("party_org", "party_member")]
        posts += [(committee_kind, "member"), (committee_kind, "member")]
        chair = old[0] if n % 2 else old[3]
        rows = [
            seat(p, leaf, kind, post, start=OLD, term=11) for p, (kind, post) in zip(old, posts, strict=True)
        ]
        rows.append(seat(chair, leaf, committee_kind, "chair", start=OLD, term=11))
        for t in rows:
            t.source = rng.choice(SOURCES)
            t.save()
        if n == 2:
            continue  # not yet elected: pending on the after basis
        new_day = dt.date(2026, 3, 1 + n)
        for t in rows:
            t.end_date, t.end_reason = new_day, "term_end"
            t.save()
        new = [old[1], old[4], *people[5:]]  # two re-elected, two new
        new_posts = [("party_org", "secretary"), (committee_kind, "member"), ("party_org", "party_member")]
        new_posts += [(committee_kind, "member")]
        for p, (kind, post) in zip(new, new_posts, strict=True):
            t = seat(p, leaf, kind, post, start=new_day, term=12)
            t.source = rng.choice(SOURCES)
            t.save()
        chair = new[0] if n % 3 else new[3]
        seat(chair, leaf, committee_kind, "chair", start=new_day, term=12)
        if n == 4:
            seat(new[2], leaf, committee_kind, "vice_chair", start=new_day, term=12)  # cross-serving
    return c


def _raw(c: Campaign, leaf: OrgUnit, basis: str):
    """(members, on, baseline members, baseline on) of one village straight from the tenures."""
    two = tuple(registry.SIDE_OF_KIND)
    tenures = list(
        Tenure.objects.filter(committee__org_unit=leaf, committee__kind__in=two).select_related(
            "person", "committee"
        )
    )
    before = [t for t in tenures if t.start_date <= START and (t.end_date is None or t.end_date > START)]
    after = [t for t in tenures if START <= t.start_date <= END and t.end_date is None]
    if basis == "after" and (not after or {t.committee_id for t in before} - {t.committee_id for t in after}):
        return [], None, [], None
    chosen = before if basis == "before" else after
    if not chosen:
        return [], None, [], None

    def inputs(ts):
        # a person's source: the first recorded on their tenures of the term (tenure order)
        first: dict[int, str] = {}
        for t in sorted(ts, key=lambda t: t.pk):
            if t.source and t.person_id not in first:
                first[t.person_id] = t.source
        return rules.persons_once(
            dataclasses.replace(
                plan_selectors.member_input(
                    t.person,
                    {
                        (
                            registry.SIDE_OF_KIND[t.committee.kind],
                            plan_selectors.POST_LABEL.get(t.post, t.get_post_display()),
                        )
                    },
                ),
                source=first.get(t.person_id, "unknown"),
            )
            for t in ts
        )

    on = min(t.start_date for t in chosen)
    if basis == "before":
        return inputs(chosen), on, [], None
    return inputs(chosen), on, inputs(before), min(t.start_date for t in before)


def _expected(c: Campaign, path: str, basis: str) -> dict[str, Fraction | int | None]:
    leaves = list(OrgUnit.objects.filter(path__startswith=path, level__in=["village", "community"]))
    members, ages, base_ages, outcomes, new_people = [], [], [], [], []
    no_woman = {"party": 0, "villagers_committee": 0, "residents_committee": 0}
    for leaf in leaves:
        m, on, base, base_on = _raw(c, leaf, basis)
        if not m:
            continue
        members += m
        ages += [(x, on) for x in m]
        kind = "community" if leaf.level == "community" else "village"
        st = structure_stats(m, on)
        outcomes.append(rules.UnitOutcome(kind, st.one_shoulder))
        if basis == "after":
            base_ages += [(x, base_on) for x in base]
            keys = {b.person_key for b in base}
            new_people += [x for x in m if x.person_key not in keys]
        party = [x for x in m if any(k == "party" for k, _ in x.posts)]
        committee = [x for x in m if any(k == "committee" for k, _ in x.posts)]
        if party and all(x.sex == "M" for x in party):
            no_woman["party"] += 1
        if committee and all(x.sex == "M" for x in committee):
            no_woman[f"{'residents' if kind == 'community' else 'villagers'}_committee"] += 1
    n = len(members)

    def share(k: int, whole: int) -> Fraction | None:
        return Fraction(100 * k, whole) if whole else None

    from huanjie.rules.dates import age_on

    avg = Fraction(sum(age_on(x.birth_date, on) for x, on in ages), n) if n else None
    exp: dict[str, Fraction | int | None] = {
        "members": n,
        "average_age": avg,
        "college": rules.college_share(members),
        "women": rules.women_share(members),
        "cross_serving": rules.cross_serving_share(members),
        "one_shoulder_village": rules.one_shoulder_rate(outcomes, "village"),
        "one_shoulder_community": rules.one_shoulder_rate(outcomes, "community"),
        "party_members": share(sum(1 for x in members if x.is_party_member), n),
        "field_fit": rules.field_fit_share(
            members, {str(p.pk): (p.occupation,) for p in _persons(members)}, ["农业", "电商"]
        ),
        "party_without_woman": no_woman["party"],
        "villagers_without_woman": no_woman["villagers_committee"],
        "residents_without_woman": no_woman["residents_committee"],
        "reporting": len(outcomes),
    }
    for i, (label, _, _) in enumerate(AGE_BANDS):
        from huanjie.rules.structure import age_band

        exp[f"band_{i}"] = share(sum(1 for x, on in ages if age_band(age_on(x.birth_date, on)) == label), n)
    for i, level in enumerate(EDUCATION_LEVELS):
        exp[f"edu_{i}"] = share(sum(1 for x in members if x.education == level), n)
    for code in [*SOURCES[:-1], "unknown"]:
        exp[f"src_{code}"] = share(sum(1 for x in members if x.source == code), n)
    if basis == "after":
        base_n = len(base_ages)
        base_avg = Fraction(sum(age_on(x.birth_date, on) for x, on in base_ages), base_n) if base_n else None
        exp["age_change"] = None if avg is None or base_avg is None else avg - base_avg
        exp["college_new"] = rules.college_share(new_people)
        exp["new_members"] = share(len(new_people), n)
        exp["reelected"] = share(n - len(new_people), n)
    return exp


def _persons(members):
    from huanjie.people.models import Person

    return Person.objects.filter(pk__in=[int(m.person_key) for m in members])


@pytest.mark.parametrize("basis", ["before", "after"])
def test_every_figure_at_every_level_agrees_with_the_raw_tenures(cast, city, basis):
    leader = cast["leader"]
    levels = list(OrgUnit.objects.filter(path__startswith=cast.city.path).order_by("path"))
    assert len(levels) >= 14
    checked = 0
    for u in levels:
        got = sel.figures(leader, city, u, basis=basis)
        for key, want in _expected(city, u.path, basis).items():
            v = got.values[key]
            actual = v.count if key in ("members", "reporting") or key.endswith("_without_woman") else v.value
            assert actual == want, (u.name, basis, key)
            checked += 1
        # the children's rows add up to the unit
        if got.children:
            total = got.children[0].counts
            for row in got.children[1:]:
                total = total + row.counts
            assert total == got.counts, u.name
    assert checked > 14 * 20


def test_the_targets_use_the_campaigns_one_definition(cast, city):
    got = sel.figures(cast["leader"], city, None, basis="after")
    age = next(t for t in got.targets if t.code == "average_age")
    # the definition's value is the drop: previous term's average minus the new term's
    assert age.value == -got.values["age_change"].value
    assert age.definition == rules.DEFINITIONS["average_age"].definition
    fit = next(t for t in got.targets if t.code == "field_fit")
    assert fit.value == got.values["field_fit"].value
