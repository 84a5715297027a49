"""Teaches the access-control walker the vetting app's routes: a candidate in every leaf unit of the
cast's city (under our published campaign) and of the second city (under its own)."""

from __future__ import annotations

import datetime as dt

from huanjie.org.models import OrgUnit
from huanjie.vetting.models import Candidate
from tests.factories import PersonFactory
from tests.planning.walker import published_campaign as _campaign
from tests.walker_kit import Fill, Obj, World

FILLS = [
    Fill("pk", "candidate", namespace="vetting", after=("candidate",)),
    Fill("pk", "candidate", namespace="api", after=("candidates",)),
    # -- pre-check and joint review --
    Fill("pk", "candidate", namespace="vetting", after=("precheck",)),
    Fill("pk", "review_batch", namespace="vetting", after=("batch",)),
    Fill("pk", "review_entry", namespace="vetting", after=("entry",)),
    Fill("department", namespace="vetting", values=lambda: ["police"]),
]


def populate(world: World) -> None:
    objs = []
    for leaf in world.shared["leaves"]:
        city = OrgUnit.objects.get(path=leaf.path[:4])
        person = PersonFactory(domicile_unit=leaf)
        c = Candidate.objects.create(
            campaign=_campaign(city),
            unit=leaf,
            person=person,
            side="committee",
            post="chair",
            source="sitting",
            channel="voters",
            nomination_votes=120,
        )
        objs.append(Obj("candidate", person.name, {"pk": c.pk}, leaf.path))
    world.objects["candidate"] = objs
    populate_review(world)
    populate_party(world)
    populate_talks_pledges(world)
    populate_nomination(world)


INSIDE_NOT_FOUND_OK = {
    "vetting:unit": "candidates belong to villages and communities, not towns (the walker fills towns too)",
}


def populate_review(world: World) -> None:
    """Pre-check and joint review: every leaf's candidate sent in a batch of its county, under a
    campaign whose 公安局 answers (the cast's vetting user is the police of county 329901, so every
    entry of that county is in his queue and none elsewhere)."""
    from huanjie.planning.models import ReviewDepartment
    from huanjie.vetting.models import ReviewBatch, ReviewEntry

    batches: dict[str, ReviewBatch] = {}
    entries = []
    for obj in world.objects["candidate"]:
        c = Candidate.objects.select_related("unit", "campaign").get(pk=obj.values["pk"])
        police = ReviewDepartment.objects.filter(campaign=c.campaign, name="公安局").first()
        if police is None:
            ReviewDepartment.objects.create(
                campaign=c.campaign, name="公安局", department="police", checks="违法犯罪记录", days=5
            )
        elif police.department != "police":
            ReviewDepartment.objects.filter(pk=police.pk).update(department="police")
        county_path = c.unit.path[:6]
        if county_path not in batches:
            county = OrgUnit.objects.get(path=county_path)
            batches[county_path] = ReviewBatch.objects.create(
                county=county,
                campaign=c.campaign,
                name=f"{county.name}第一批联审",
                sent_on=dt.date(2026, 3, 2),
            )
        e = ReviewEntry.objects.create(
            batch=batches[county_path], candidate=c, unit_path=c.unit.path, parties="police"
        )
        entries.append(Obj("review_entry", obj.label, {"pk": e.pk}, c.unit.path))
    world.objects["review_entry"] = entries
    world.objects["review_batch"] = [Obj("review_batch", b.name, {"pk": b.pk}, p) for p, b in batches.items()]


# --- party 预备人选 (vetting-party): the 请示 of every leaf unit, a party 预备人选 with its 考察 ---------

FILLS.append(Fill("pk", "party_request", namespace="vetting", after=("party",)))
FILLS.append(Fill("pk", "party_request", namespace="api", after=("party-requests",)))
INSIDE_NOT_FOUND_OK["vetting:party_requests"] = INSIDE_NOT_FOUND_OK["vetting:unit"]


def populate_party(world: World) -> None:
    from huanjie.vetting.models import Inspection, PartyRequest

    requests = []
    for leaf in world.shared["leaves"]:
        city = OrgUnit.objects.get(path=leaf.path[:4])
        campaign = _campaign(city)
        r = PartyRequest.objects.create(campaign=campaign, unit=leaf, request_no="支〔2026〕1号")
        person = PersonFactory(domicile_unit=leaf)
        c = Candidate.objects.create(
            campaign=campaign,
            unit=leaf,
            person=person,
            side="party",
            post="secretary",
            source="sitting",
            channel="two_recommendations",
            votes_members=30,
            votes_public=200,
            request=r,
        )
        Inspection.objects.create(
            candidate=c,
            rating_de="excellent",
            rating_neng="competent",
            rating_qin="competent",
            rating_ji="competent",
            rating_lian="excellent",
            narrative=f"{person.name}考察意见",
            poll_satisfied=30,
            poll_basic=2,
            poll_unsatisfied=0,
            inspectors="考察组",
            inspected_on=dt.date(2026, 2, 1),
        )
        requests.append(Obj("party_request", f"{leaf.name}预备人选请示", {"pk": r.pk}, leaf.path))
        world.objects["candidate"].append(Obj("candidate", person.name, {"pk": c.pk}, leaf.path))
    world.objects["party_request"] = requests


# ---------------------------------------------------------------------------------------------
# Talks (四必谈) and pledges (issue 11 reqs. 7, 9): a talk and a pledge with its stored scan in every
# leaf unit (inside and outside every jurisdiction).

FILLS += [
    Fill("pk", "talk", namespace="vetting", after=("talk",)),
    Fill("pk", "pledge", namespace="vetting", after=("pledge",)),
]

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def populate_talks_pledges(world: World) -> None:
    from django.utils import timezone

    from huanjie.planning import rectification_files as files
    from huanjie.vetting.models import Pledge, Talk

    talks, pledges = [], []
    for leaf in world.shared["leaves"]:
        campaign = _campaign(OrgUnit.objects.get(path=leaf.path[:4]))
        person = PersonFactory(domicile_unit=leaf)
        t = Talk.objects.create(
            campaign=campaign,
            unit=leaf,
            person=person,
            kind="wavering",
            level="town",
            basis="思想波动",
            due_on=dt.date(2026, 3, 1),
            listed_on=dt.date(2026, 1, 5),
            generated=False,
        )
        talks.append(Obj("talk", person.name, {"pk": t.pk}, leaf.path))
        p = Pledge.objects.create(
            campaign=campaign,
            unit=leaf,
            kind="guarantee",
            signer_name=f"工作人员{leaf.code[-3:]}",
            signed_on=dt.date(2026, 1, 5),
            file_name="保证书.pdf",
            content_type="application/pdf",
            size=len(PDF_BYTES),
            digest="-",
            stored=files.store(PDF_BYTES),
            recorded_at=timezone.now(),
            recorded_by="walker",
        )
        pledges.append(Obj("pledge", p.signer_name, {"pk": p.pk}, leaf.path))
    world.objects["talk"] = talks
    world.objects["pledge"] = pledges


# --- nomination (村（居）民委员会 candidates; issue 11 req. 2) ----------------------------------------

FILLS += [
    Fill("pk", "nomination_round", namespace="vetting", after=("nomination",)),
    Fill("nominee", "nominee", namespace="vetting", after=("nominee",)),
    Fill("pk", "nomination_round", namespace="api", after=("rounds",), within="nomination/"),
]
INSIDE_NOT_FOUND_OK["vetting:unit_nominations"] = (
    "nominations belong to villages and communities, not towns (the walker fills towns too)"
)
INSIDE_NOT_FOUND_OK["vetting:nomination_qualification"] = (
    "only candidates from a nomination round have a qualification page (party 预备人选 do not)"
)


def populate_nomination(world: World) -> None:
    """A nomination round in every leaf unit, with the leaf's walker candidate as its nominee."""
    import datetime as dt

    from huanjie.vetting.models import NominationRound, Nominee

    rounds, nominees = [], []
    for obj in world.objects["candidate"]:
        c = Candidate.objects.select_related("unit", "person").get(pk=obj.values["pk"])
        r, _ = NominationRound.objects.get_or_create(
            campaign=c.campaign,
            unit=c.unit,
            side="committee",
            defaults={
                "method": "nomination",
                "held_on": dt.date(2026, 3, 1),
                "election_day": dt.date(2026, 3, 20),
                "registered": 1000,
                "participants": 600,
                "seats_vice": 1,
                "seats_member": 3,
            },
        )
        n = Nominee.objects.create(
            round=r,
            person=c.person,
            post=c.post,
            nominator="voter",
            nominated_on=r.held_on,
            votes=120,
            candidate=c,
        )
        rounds.append(Obj("nomination_round", f"{c.unit.name}候选人提名", {"pk": r.pk}, c.unit.path))
        nominees.append(Obj("nominee", c.person.name, {"pk": n.pk}, c.unit.path))
    world.objects["nomination_round"] = rounds
    world.objects["nominee"] = nominees


# --- the screening's exceptions (issue 11 req. 3): a finding with a 容错纠错 ruling on every leaf's
# first walker candidate (the age relaxation's routes hang on the candidate's pk) ------------------

FILLS.append(Fill("pk", "tolerance_ruling", namespace="vetting", after=("ruling",)))

_populate_before_exceptions = populate


def populate_exceptions(world: World) -> None:
    from django.contrib.auth import get_user_model

    from huanjie.vetting.models import Finding, ToleranceRuling

    recorder = get_user_model().objects.order_by("pk").first()
    rulings, seen = [], set()
    for obj in world.objects["candidate"]:
        if obj.path in seen:
            continue
        seen.add(obj.path)
        f = Finding.objects.create(
            candidate_id=obj.values["pk"],
            source="joint_review",
            reporter="公安局",
            item_code="N9",
            found_on=dt.date(2025, 6, 1),
            status="substantiated",
            note="走访核实",
        )
        r = ToleranceRuling.objects.create(
            finding=f, document="县委〔2026〕9号", ruled_on=dt.date(2026, 2, 1), recorded_by=recorder
        )
        rulings.append(Obj("tolerance_ruling", obj.label, {"pk": r.pk}, obj.path))
    world.objects["tolerance_ruling"] = rulings


def populate(world: World) -> None:  # type: ignore[no-redef]
    _populate_before_exceptions(world)
    populate_exceptions(world)


# The missing scan of a pledge uploaded after its record (POST pledge/<pk>/scan/, 扫描件待补; issue 11
# req. 9): filled by the ``pledge`` Fill above (a pledge in every leaf, inside and outside).
WALKED_ROUTES_PLEDGE_SCAN = ("vetting:pledge_scan",)
