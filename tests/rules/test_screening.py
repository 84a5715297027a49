"""Screening one candidate with its effect by committee (issue 11 req. 3): exact boundaries (look-back
day, 2025-12-31 vs 2026-01-01), the limits of 容错纠错, the same facts blocking a party 预备人选 and
going to the 选举委员会 for the 村委会, and near-relative conflicts each way."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from huanjie.rules.citations import (
    CITE_PARTY_PROBATIONARY,
    CITE_SPEECH_INSPECTION,
    CITE_SPEECH_PLEDGE,
    CITE_SPEECH_RELAXATION,
    CITE_SPEECH_TOLERANCE,
    JUDGEMENT_COMMITTEE_DECIDES,
    JUDGEMENT_WITHDRAWAL_2018,
    JUDGEMENT_WITHDRAWAL_NO_TEXT,
    classify,
    registry,
)
from huanjie.rules.eligibility import AgeCap, CityGuidance, EducationPreference, NegativeItem
from huanjie.rules.profiles import UnknownCode
from huanjie.rules.screening import (
    AgeRelaxation,
    Check,
    Contributed,
    ElectionCommitteeMember,
    Related,
    ScreenedCandidate,
    Screening,
    ScreeningFinding,
    ToleranceRuling,
    screen,
)

E = date(2026, 3, 20)
ON = date(2026, 2, 1)
CITY = "某市村（社区）“两委”换届工作意见 第三条 [S]"

NEG = (
    NegativeItem("sentence_5y", "刑满释放未满5年", "不能", 5, "司法局", CITY),
    NegativeItem("detention", "行政拘留未满5年", "不宜", 5, "公安局", CITY),
    NegativeItem("party_sanction", "撤销党内职务以上处分未满2年", "不能", 2, "纪委监委", CITY),
)
AGE45 = AgeCap(max_age=45, cutoff=date(2026, 1, 1), citation=CITY, posts=frozenset({"书记"}), incumbent=False)
GUIDE = CityGuidance(age_caps=(AGE45,))


def cand(side: str = "party", **kw: object) -> ScreenedCandidate:
    base: dict[str, object] = {
        "person": "p1",
        "name": "张三",
        "birth_date": date(1985, 6, 1),
        "sex": "M",
        "post": "书记" if side == "party" else "主任",
        "side": side,
        "party_member": side == "party",
        "party_standing": "正式党员" if side == "party" else None,
        "registered_voter": None if side == "party" else True,
    }
    base.update(kw)
    return ScreenedCandidate(**base)  # type: ignore[arg-type]


def finding(code: str, on: date, *, ref: str = "f1", substantiated: bool = True) -> ScreeningFinding:
    return ScreeningFinding(
        ref=ref, code=code, on=on, substantiated=substantiated, source="县级联审", department="公安局"
    )


def run(c: ScreenedCandidate, **kw: object) -> Screening:
    args: dict[str, object] = {"kind": "village", "profile": "national", "election_day": E, "on": ON}
    args.update(kw)
    return screen(c, **args)  # type: ignore[arg-type]


def results(s: Screening, rule: str) -> list[str]:
    return [c.result for c in s.checks if c.rule == rule]


def only(s: Screening, rule: str) -> Check:
    [check] = [c for c in s.checks if c.rule == rule]
    return check


def test_every_check_cites_a_registered_source() -> None:
    s = run(
        cand(
            "committee", registered_voter=False, pledge_signed=False, inspection_concerns=("群众认可度一般",)
        ),
        findings=(
            finding("criminal_punishment", date(2014, 1, 1)),
            finding("detention", date(2024, 1, 1), ref="f2"),
        ),
        negative_list=NEG,
        others=(Related("p2", "李四", "配偶", "committee"),),
        election_committee=(ElectionCommitteeMember("p3", "王五", "兄弟姐妹"),),
    )
    for c in s.checks:
        assert c.basis and c.provenance
        if c.basis != "local":
            assert classify(c.citation) == (c.basis, c.provenance)
    d = s.as_dict()
    assert d["effect"] == "decide" and d["talk"] is True and d["law"] == "village-2025"
    assert {c["result_label"] for c in d["checks"]} >= {
        "提请选举委员会决定",
        "提示",
        "通过",
        "提请选举委员会处理（成员退出）",
    }
    assert s.approvable  # the 村委会 side never blocks


# --- look-back boundary and the law of the step day ------------------------------------------------


def test_finding_on_the_look_back_boundary_day_no_longer_applies() -> None:
    f = (finding("detention", date(2021, 2, 1)),)
    on_day = run(cand(), findings=f, negative_list=NEG, on=date(2026, 2, 1))
    assert results(on_day, "negative:detention") == ["pass"]
    assert "已满 5 年（2026-02-01 届满），不再适用" in only(on_day, "negative:detention").text
    assert on_day.effect == "pass"
    day_before = run(cand(), findings=f, negative_list=NEG, on=date(2026, 1, 31))
    assert results(day_before, "negative:detention") == ["warn"]
    assert day_before.effect == "warn"


def test_statutory_bar_judged_on_2025_12_31_and_on_2026_01_01() -> None:
    f = (finding("criminal_punishment", date(2014, 5, 1)),)
    before = run(cand(), findings=f, on=date(2025, 12, 31), election_day=date(2026, 1, 10))
    assert before.law == "village-2018"
    assert before.effect == "pass"
    assert results(before, "unlisted:criminal_punishment") == ["pass"]
    after = run(cand(), findings=f, on=date(2026, 1, 1), election_day=date(2026, 1, 10))
    assert after.law == "village-2025"
    assert results(after, "bar:criminal_punishment") == ["block"]
    assert after.effect == "block" and not after.approvable
    assert only(after, "bar:criminal_punishment").citation == "村民委员会组织法(2025) 第十八条"


def test_the_same_facts_block_a_party_candidate_and_go_to_the_election_committee() -> None:
    f = (finding("criminal_punishment", date(2014, 5, 1)), finding("sentence_5y", date(2022, 1, 1), ref="f2"))
    party = run(cand(), findings=f, negative_list=NEG)
    committee = run(cand("committee"), findings=f, negative_list=NEG)
    assert results(party, "bar:criminal_punishment") == ["block"]
    assert results(party, "negative:sentence_5y") == ["block"]
    assert party.effect == "block"
    assert "镇党委不得批准" in party.effect_text
    bar = only(committee, "bar:criminal_punishment")
    assert bar.result == "decide"
    assert bar.citation == f"村民委员会组织法(2025) 第十八条；{JUDGEMENT_COMMITTEE_DECIDES}"
    assert "提请选举委员会依法决定" in bar.text
    neg = only(committee, "negative:sentence_5y")
    assert neg.result == "warn" and neg.talk
    assert "不影响候选人资格" in neg.text
    assert committee.effect == "decide"
    assert "不得撤换候选人" in committee.effect_text
    assert not committee.of("block")


def test_no_right_to_stand_goes_the_same_way() -> None:
    late = cand(birth_date=date(2008, 3, 21))
    assert results(run(late), "age") == ["block"]
    deprived = cand("committee", deprived_of_political_rights=True)
    assert results(run(deprived), "political_rights") == ["decide"]


def test_exempt_from_punishment_is_not_the_bar() -> None:
    s = run(cand(), findings=(finding("exempt_from_criminal_punishment", date(2020, 1, 1)),))
    assert results(s, "exempt") == ["pass"]
    assert s.effect == "pass"


# --- findings: unsubstantiated and 容错纠错 ---------------------------------------------------------


def test_unsubstantiated_findings_never_block() -> None:
    f = (finding("sentence_5y", date(2024, 1, 1), substantiated=False),)
    party = run(cand(), findings=f, negative_list=NEG)
    assert results(party, "unsubstantiated:sentence_5y") == ["warn"]
    assert only(party, "unsubstantiated:sentence_5y").text == (
        "县级联审公安局报告“刑满释放未满5年”（sentence_5y）（2024-01-01）未经查实，待核实，不作为不予确定的依据"
    )
    unlisted = run(cand(), findings=(finding("other", date(2024, 1, 1), substantiated=False),))
    assert only(unlisted, "unsubstantiated:other").text.startswith("县级联审公安局报告 other （2024-01-01）")
    assert party.effect == "warn" and not party.talk
    assert not results(party, "negative:sentence_5y")
    committee = run(cand("committee"), findings=f, negative_list=NEG)
    assert committee.effect == "warn" and committee.talk


def ruling(doc: str = "某县委〔2026〕3号", ref: str = "f1") -> ToleranceRuling:
    return ToleranceRuling(finding=ref, document=doc, ruled_on=date(2026, 1, 20))


def test_tolerance_accepted_for_a_buyi_item_of_a_sitting_cadre() -> None:
    f = (finding("detention", date(2024, 1, 1)),)
    s = run(cand(sitting_cadre=True), findings=f, negative_list=NEG, rulings=(ruling(),))
    assert results(s, "tolerance:f1") == ["pass"]
    assert "某县委〔2026〕3号" in only(s, "tolerance:f1").text
    assert not results(s, "negative:detention")
    assert s.effect == "pass"
    incumbent = run(cand(incumbent=True), findings=f, negative_list=NEG, rulings=(ruling(),))
    assert results(incumbent, "tolerance:f1") == ["pass"]


def test_tolerance_refused_for_a_non_sitting_cadre() -> None:
    f = (finding("detention", date(2024, 1, 1)),)
    s = run(cand(), findings=f, negative_list=NEG, rulings=(ruling(),))
    check = only(s, "tolerance:f1")
    assert check.result == "warn"
    assert "容错纠错只适用于现任干部" in check.text
    assert results(s, "negative:detention") == ["warn"]


def test_tolerance_refused_for_a_statutory_bar_even_before_2026() -> None:
    f = (finding("criminal_punishment", date(2014, 1, 1)),)
    s = run(cand(sitting_cadre=True), findings=f, rulings=(ruling(),))
    assert "法律规定的候选人禁止情形" in only(s, "tolerance:f1").text
    assert results(s, "bar:criminal_punishment") == ["block"]
    early = run(cand(sitting_cadre=True), findings=f, rulings=(ruling(),), on=date(2025, 12, 1))
    assert results(early, "tolerance:f1") == ["warn"]


def test_tolerance_refused_for_a_buneng_item() -> None:
    f = (finding("party_sanction", date(2025, 6, 1)),)
    s = run(cand(sitting_cadre=True), findings=f, negative_list=NEG, rulings=(ruling(),))
    assert "“不能”类" in only(s, "tolerance:f1").text
    assert results(s, "negative:party_sanction") == ["block"]
    assert s.effect == "block"


def test_tolerance_needs_a_document_number_and_a_substantiated_finding() -> None:
    f = (
        finding("detention", date(2024, 1, 1)),
        finding("detention", date(2024, 2, 1), ref="f2", substantiated=False),
    )
    s = run(
        cand(sitting_cadre=True),
        findings=f,
        negative_list=NEG,
        rulings=(ruling(" "), ruling(ref="f2"), ruling("", "zz")),
    )
    assert "未记录县级党委的认定文号" in only(s, "tolerance:f1").text
    assert "不存在或者未经查实" in only(s, "tolerance:f2").text
    assert "无文号" in only(s, "tolerance:zz").text
    assert results(s, "negative:detention") == ["warn"]


def test_tolerance_for_an_unlisted_finding_clears_it() -> None:
    s = run(cand(sitting_cadre=True), findings=(finding("other", date(2024, 1, 1)),), rulings=(ruling(),))
    assert results(s, "tolerance:f1") == ["pass"]
    assert not results(s, "unlisted:other")


# --- guidance and the age relaxation ----------------------------------------------------------------

OLD = date(1975, 6, 1)  # 50 on 2026-01-01


def test_age_guidance_warns_or_blocks_the_party_and_only_warns_the_committee() -> None:
    assert results(run(cand(birth_date=OLD), guidance=GUIDE), "age_cap") == ["warn"]
    blocking = CityGuidance(age_caps=(replace(AGE45, block=True),))
    assert results(run(cand(birth_date=OLD), guidance=blocking), "age_cap") == ["block"]
    committee = run(cand("committee", birth_date=OLD, post="书记"), guidance=blocking)
    check = only(committee, "age_cap")
    assert check.result == "warn" and check.talk and check.basis == "local"


def test_age_relaxation_with_a_recorded_approval_clears_the_age_item_only() -> None:
    blocking = CityGuidance(age_caps=(replace(AGE45, block=True),))
    relax = AgeRelaxation(document="某县委组〔2026〕7号", approved_on=date(2026, 1, 15), reason="百名示范")
    f = (finding("detention", date(2024, 1, 1)),)
    s = run(cand(birth_date=OLD), guidance=blocking, age_relaxation=relax, findings=f, negative_list=NEG)
    check = only(s, "age_cap")
    assert check.result == "pass"
    assert check.text.endswith("已经县委组织部批准放宽年龄要求（某县委组〔2026〕7号，2026-01-15，百名示范）")
    assert results(s, "negative:detention") == ["warn"]  # not cleared by the relaxation
    no_reason = run(cand(birth_date=OLD), guidance=blocking, age_relaxation=replace(relax, reason=""))
    assert only(no_reason, "age_cap").text.endswith("（某县委组〔2026〕7号，2026-01-15）")
    assert no_reason.effect == "pass"


def test_age_relaxation_without_a_recorded_approval_is_refused() -> None:
    blocking = CityGuidance(age_caps=(replace(AGE45, block=True),))
    for relax in (AgeRelaxation("某县委组〔2026〕7号", None), AgeRelaxation(" ", date(2026, 1, 15))):
        s = run(cand(birth_date=OLD), guidance=blocking, age_relaxation=relax)
        assert results(s, "age_cap") == ["block"]
        assert results(s, "age_relaxation") == ["warn"]


def test_age_relaxation_not_needed() -> None:
    relax = AgeRelaxation("某县委组〔2026〕7号", date(2026, 1, 15))
    s = run(cand(), guidance=GUIDE, age_relaxation=relax)
    assert results(s, "age_cap") == ["pass"]
    assert results(s, "age_relaxation") == ["pass"]


def test_education_guidance() -> None:
    pref = CityGuidance(education=(EducationPreference("大专", CITY, block=True),))
    assert results(run(cand(education="初中及以下"), guidance=pref), "education") == ["block"]
    committee = run(cand("committee", education="初中及以下"), guidance=pref)
    assert results(committee, "education") == ["warn"] and committee.talk
    assert results(run(cand("committee"), guidance=pref), "education") == ["warn"]  # not provided


# --- party standing, registration, pledge, inspection -----------------------------------------------


@pytest.mark.parametrize(
    ("member", "standing", "result"),
    [
        (False, None, "block"),
        (True, "预备党员", "block"),
        (True, "留党察看", "block"),
        (True, "立案审查", "warn"),
        (True, "正式党员", "pass"),
        (True, None, "warn"),
    ],
)
def test_party_standing(member: bool, standing: str | None, result: str) -> None:
    s = run(cand(party_member=member, party_standing=standing))
    assert results(s, "party_standing") == [result]


def test_probationary_member_cites_the_party_constitution() -> None:
    check = only(run(cand(party_standing="预备党员")), "party_standing")
    assert check.citation == CITE_PARTY_PROBATIONARY
    assert not results(run(cand("committee", party_standing="预备党员")), "party_standing")


@pytest.mark.parametrize(("registered", "result"), [(True, "pass"), (False, "decide"), (None, "warn")])
def test_registration_as_a_voter(registered: bool | None, result: str) -> None:
    assert results(run(cand("committee", registered_voter=registered)), "registration") == [result]
    assert results(run(cand("supervision", registered_voter=registered)), "registration") == [result]
    assert not results(run(cand()), "registration")


def test_pledge_and_inspection() -> None:
    assert results(run(cand(pledge_signed=False)), "pledge") == ["warn"]
    assert results(run(cand(pledge_signed=False), pledge_blocks_party=True), "pledge") == ["block"]
    committee = run(cand("committee", pledge_signed=False), pledge_blocks_party=True)
    assert results(committee, "pledge") == ["warn"] and committee.talk and committee.effect == "warn"
    assert results(run(cand(pledge_signed=True)), "pledge") == ["pass"]
    assert not results(run(cand()), "pledge")
    s = run(cand("committee", inspection_concerns=("群众认可度一般", "履职能力偏弱")))
    assert results(s, "inspection:1") == ["warn"] and results(s, "inspection:2") == ["warn"]
    assert "考察意见：履职能力偏弱" in only(s, "inspection:2").text


# --- near relatives ---------------------------------------------------------------------------------


def test_relatives_for_the_same_committee_go_to_the_election_committee_from_2026() -> None:
    spouse = (Related("p2", "李四", "配偶", "committee"),)
    s = run(cand("committee"), others=spouse)
    check = only(s, "relatives.committee")
    assert check.result == "decide"
    assert check.citation.startswith("村民委员会组织法(2025) 第八条")
    assert "不取消提名" in check.text
    before = run(cand("committee"), others=spouse, on=date(2025, 12, 31))
    assert results(before, "relatives.committee") == ["pass"]
    assert "未规定近亲属回避" in only(before, "relatives.committee").text


def test_relatives_under_a_provincial_rule_with_fewer_kinds() -> None:
    day = date(2025, 12, 31)
    grandparent = (Related("p2", "李四", "祖父母", "committee"),)
    s = run(cand("committee"), others=grandparent, profile="zhejiang", on=day)
    assert results(s, "relatives.committee") == ["pass"]
    sibling = (Related("p2", "李四", "兄弟姐妹", "committee", member=True),)
    s2 = run(cand("committee"), others=sibling, profile="zhejiang", on=day)
    check = only(s2, "relatives.committee")
    assert check.result == "decide"
    assert "浙江省村民委员会选举办法 第三十一条" in check.citation
    assert "成员李四" in check.text
    with pytest.raises(UnknownCode):
        run(cand("committee"), profile="nowhere")


def test_relatives_in_the_party_committee_warn() -> None:
    s = run(cand(), others=(Related("p2", "李四", "子女", "party"),))
    assert results(s, "relatives.party") == ["warn"]
    assert s.effect == "warn"


def test_supervision_and_committee_relatives_each_way() -> None:
    sup = run(cand("supervision", post="监委会主任"), others=(Related("p2", "李四", "父母", "committee"),))
    check = only(sup, "relatives.supervision")
    assert check.result == "decide"
    assert check.citation.startswith("村民委员会组织法(2025) 第三十七条")
    assert "村民委员会成员及其近亲属不得担任村务监督委员会成员" in check.text
    com = run(cand("committee"), others=(Related("p2", "李四", "子女", "supervision"),))
    check = only(com, "relatives.supervision")
    assert check.result == "warn" and check.talk
    old = run(cand("supervision"), others=(Related("p2", "李四", "父母", "committee"),), on=date(2025, 6, 1))
    assert only(old, "relatives.supervision").citation.startswith("村民委员会组织法(2018) 第三十二条")


def test_relatives_that_raise_nothing() -> None:
    others = (
        Related("p2", "李四", "叔侄", "committee"),  # not a 近亲属
        Related("p1", "张三", "配偶", "committee"),  # the person themself
        Related("p3", "王五", "配偶", "party"),  # 交叉任职 is allowed
        Related("p4", "赵六", "配偶", "supervision"),  # supervision members among themselves
    )
    for side, rest in (("committee", others[:3]), ("supervision", others)):
        s = run(cand(side), others=rest)
        assert not [c for c in s.checks if c.rule.startswith("relatives")]
    # 城市居民委员会组织法(2018) has no supervision article
    community = run(
        cand("supervision"),
        kind="community",
        on=date(2025, 6, 1),
        others=(Related("p2", "李四", "父母", "committee"),),
    )
    assert not results(community, "relatives.supervision")


# --- the election committee -------------------------------------------------------------------------


def test_an_election_committee_member_whose_relative_is_nominated_is_flagged() -> None:
    members = (
        ElectionCommitteeMember("p3", "王五", "配偶"),
        ElectionCommitteeMember("p4", "赵六"),
        ElectionCommitteeMember("p5", "钱七", "同学"),
    )
    s = run(cand("committee"), election_committee=members)
    check = only(s, "election_committee")
    assert check.result == "flag_election_committee"
    assert check.citation == "村民委员会组织法(2025) 第十五条"
    assert "本人的配偶王五是村民选举委员会成员" in check.text
    assert s.effect == "pass" and s.approvable  # not a block on the candidate
    party = run(cand(), election_committee=members)
    assert not results(party, "election_committee")


def test_election_committee_under_the_2018_texts() -> None:
    day = date(2025, 6, 1)
    relative = run(
        cand("committee"), on=day, election_committee=(ElectionCommitteeMember("p3", "王五", "子女"),)
    )
    assert only(relative, "election_committee").citation == (
        f"村民委员会组织法(2018) 第十二条；{JUDGEMENT_WITHDRAWAL_2018}"
    )
    himself = run(cand("committee"), on=day, election_committee=(ElectionCommitteeMember("p1", "张三"),))
    check = only(himself, "election_committee")
    assert check.citation == "村民委员会组织法(2018) 第十二条"
    assert check.text.startswith("本人是村民选举委员会成员")
    community = run(
        cand("committee"),
        kind="community",
        on=day,
        election_committee=(ElectionCommitteeMember("p1", "张三"),),
    )
    check = only(community, "election_committee")
    assert check.citation == JUDGEMENT_WITHDRAWAL_NO_TEXT
    assert "居民选举委员会" in check.text


SPEECH = Path(__file__).resolve().parents[3] / "shared" / "reference" / "seed-speech.txt"


@pytest.mark.skipif(not SPEECH.exists(), reason="shared/reference not available")
def test_the_sources_screening_adds_are_verbatim() -> None:
    text = SPEECH.read_text(encoding="utf-8")
    reg = registry()
    for key in (CITE_SPEECH_RELAXATION, CITE_SPEECH_TOLERANCE, CITE_SPEECH_INSPECTION, CITE_SPEECH_PLEDGE):
        assert reg[key].quote in text
    assert "或者其近亲属" in reg["村民委员会组织法(2025) 第十五条"].quote
    assert "或者其近亲属" not in reg["村民委员会组织法(2018) 第十二条"].quote
    assert reg["城市居民委员会组织法(2025) 第十五条"].provenance == "secondary"


# --- contributed checks (other apps' facts: the voter roll, the election committee) ---------------


def _contributed(kind: str, code: str = "registration") -> tuple[Contributed, ...]:
    return (Contributed(code, kind, "选民名单核对", JUDGEMENT_WITHDRAWAL_NO_TEXT),)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("side", "kind", "result", "effect"),
    [
        ("committee", "condition", "decide", "decide"),
        ("party", "condition", "block", "block"),
        ("committee", "policy", "warn", "warn"),
        ("party", "policy", "warn", "warn"),
        ("committee", "flag", "flag_election_committee", "pass"),
        ("committee", "pass", "pass", "pass"),
    ],
)
def test_contributed_check_takes_its_result_by_side(side: str, kind: str, result: str, effect: str) -> None:
    s = run(cand(side, registered_voter=None), contributed=_contributed(kind, code="voter_roll"))
    assert results(s, "voter_roll") == [result]
    if side == "committee":  # the registration is still unknown: the rules' own warning stays
        assert results(s, "registration") == ["warn"]
        effect = {"pass": "warn"}.get(effect, effect)
    assert s.effect == effect


def test_contributed_registration_answers_the_unknown_registration_only() -> None:
    unknown = run(cand("committee", registered_voter=None), contributed=_contributed("pass"))
    assert results(unknown, "registration") == ["pass"]
    assert unknown.effect == "pass"
    known = run(cand("committee", registered_voter=False), contributed=_contributed("pass"))
    assert results(known, "registration") == ["decide", "pass"]
    assert known.effect == "decide"
    party = run(cand("party"), contributed=_contributed("policy"))
    assert results(party, "registration") == ["warn"]
