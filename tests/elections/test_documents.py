"""Election documents (issue 12 req. 7): the text of every PDF is extracted and checked exactly;
pages are rendered to PNG (kept in tmp_path, looked at while writing these tests)."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from django.urls import reverse

from huanjie.core.models import AuditEvent
from huanjie.elections import docs_ballots as lay
from huanjie.elections import docs_services, roll_services
from huanjie.elections.models import Election, Notice
from huanjie.planning.models import Campaign, CommitteeSeats, PartySeats
from huanjie.rules.ids import make_citizen_id
from huanjie.rules.profiles import get_profile
from huanjie.vetting.models import Candidate
from tests.factories import PersonFactory

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils (apt) is needed")

DAY = dt.date(2026, 3, 20)


def pdf_text(content: bytes, tmp_path: Path, name: str = "d", layout: bool = True) -> str:
    """The PDF's text (poppler's pdftotext; ``layout=False``: in the order it is drawn)."""
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(content)
    args = ["pdftotext", *(["-layout"] if layout else []), str(path), "-"]
    out = subprocess.run(args, capture_output=True, check=True, text=True)
    return out.stdout


def flat(text: str) -> str:
    return "".join(text.split())


def pages(text: str) -> list[str]:
    return [flat(p) for p in text.split("\f") if p.strip()]


def render_png(content: bytes, tmp_path: Path, name: str) -> list[Path]:
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(content)
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(path), str(tmp_path / name)], check=True)
    pngs = sorted(tmp_path.glob(f"{name}-*.png"))
    assert pngs and all(p.stat().st_size > 3000 for p in pngs)  # not blank pages
    return pngs


def in_order(text: str, *names: str) -> bool:
    """Each of ``names`` occurs in ``text`` after the previous one."""
    at = 0
    for name in names:
        found = text.find(name, at)
        if found < 0:
            return False
        at = found + len(name)
    return True


@pytest.fixture
def make_campaign(cast):
    def make(profile: str) -> Campaign:
        return Campaign.objects.create(
            city=cast.city,
            name=f"东湖市换届工作（{profile}）",
            profile_code=profile,
            window_start=dt.date(2025, 12, 1),
            window_end=dt.date(2026, 6, 30),
            state="published",
        )

    return make


def add(campaign, unit, name, post, order, *, side="committee", sex="M", qualification="qualified", **kw):
    person = PersonFactory(name=name, domicile_unit=unit, sex=sex)
    return Candidate.objects.create(
        campaign=campaign,
        unit=unit,
        person=person,
        side=side,
        post=post,
        source="other",
        channel="two_recommendations" if side == "party" else "voters",
        qualification=qualification,
        list_order=order,
        **kw,
    )


def village_list(campaign, unit, seats: int | None = 5) -> Election:
    """主任 2, 副主任 2, 委员 4 men and 2 women, plus three who must not print."""
    add(campaign, unit, "乙主任", "chair", 2)
    add(campaign, unit, "甲主任", "chair", 1)
    add(campaign, unit, "丙副主任", "vice_chair", 1)
    add(campaign, unit, "丁副主任", "vice_chair", 2)
    for i, name in enumerate(["委员戊", "委员己", "委员庚", "委员辛"], 1):
        add(campaign, unit, name, "member", i * 2)
    add(campaign, unit, "女委员壬", "member", 3, sex="F")
    add(campaign, unit, "女委员癸", "member", 1, sex="F")
    add(
        campaign,
        unit,
        "已退出者",
        "member",
        9,
        withdrawn_on=dt.date(2026, 3, 10),
        withdrawal_reason="书面退出",
    )
    add(campaign, unit, "不符合者", "member", 10, qualification="not_qualified")
    add(campaign, unit, "待确认者", "member", 11, qualification="pending")
    if seats is not None:
        CommitteeSeats.objects.create(
            campaign=campaign,
            unit=unit,
            members=seats,
            decided_by="assembly",
            decision_date=dt.date(2026, 1, 5),
            document_no="东村〔2026〕1号",
        )
    return Election.objects.create(campaign=campaign, unit=unit, body="committee", election_day=DAY)


def get_pdf(client, user, url: str):
    client.force_login(user)
    r = client.get(url)
    assert r.status_code == 200, r.content[:300]
    assert r["Content-Type"] == "application/pdf"
    return r.content


# ---------------------------------------------------------------------------------------------
# Ballots
# ---------------------------------------------------------------------------------------------


def test_zhejiang_one_ballot_with_the_womens_line(cast, make_campaign, client, tmp_path):
    e = village_list(make_campaign("zhejiang"), cast.village)
    content = get_pdf(client, cast["town_operator"], reverse("elections_docs:ballots_pdf", args=[e.pk]))
    text = pdf_text(content, tmp_path)
    [page] = pages(text)  # one ballot for every post (浙江 第二十一条)
    assert page.startswith("东村村民委员会选举选票")
    assert "2026年3月20日" in page and "（公章）" in page
    # Posts in ballot order, each with its seats; candidates in the published list order.
    assert in_order(
        page,
        "主任候选人（应选1名）",
        "甲主任",
        "乙主任",
        "副主任候选人（应选1名）",
        "丙副主任",
        "丁副主任",
        "妇女委员候选人（应选1名）",
        "女委员癸",
        "女委员壬",
        "委员候选人（应选2名）",
        "委员戊",
        "委员己",
        "委员庚",
        "委员辛",
    )
    # Seats: 5 = 主任 1 + 副主任 1 + 妇女委员 1 + 委员 2; one write-in cell per seat (the 说明 names
    # 另选他人 twice).
    assert page.count("另选他人") == 1 + 1 + 1 + 2 + 2
    for absent in ("已退出者", "不符合者", "待确认者", "身份证"):
        assert absent not in page
    assert "本选票应选主任1名、副主任1名、妇女委员1名、委员2名；" in page
    assert "妇女委员职位单独列出，应选1名。" in page
    assert "选同一人担任两项以上职务的，该选票无效。（浙江省村民委员会选举办法第二十七条）" in page
    assert AuditEvent.objects.filter(action="export", object_repr__contains="东村").exists()
    render_png(content, tmp_path, "zhejiang")


def test_seats_from_the_committee_decision(cast, make_campaign, client, tmp_path):
    e = village_list(make_campaign("zhejiang"), cast.village, seats=7)
    page = pages(
        pdf_text(
            get_pdf(client, cast["town_operator"], reverse("elections_docs:ballots_pdf", args=[e.pk])),
            tmp_path,
        )
    )[0]
    # 7 = 主任 1 + 副主任 1 + 妇女委员 1 + 委员 4.
    assert (
        "本选票应选主任1名、副主任1名、妇女委员1名、委员4名；所选人数等于或者少于应选名额的有效，多于应选名额的无效。"
        in page
    )
    assert "委员候选人（应选4名）" in page
    assert page.count("另选他人") == 1 + 1 + 1 + 4 + 2


def test_without_a_womens_line_women_stand_with_the_members(cast, make_campaign, client, tmp_path):
    e = village_list(make_campaign("shanghai"), cast.village, seats=5)
    page = pages(
        pdf_text(
            get_pdf(client, cast["town_operator"], reverse("elections_docs:ballots_pdf", args=[e.pk])),
            tmp_path,
        )
    )[0]
    assert "妇女委员" not in page
    # 委员 in list order, women among them: 癸 1, 戊 2, 壬 3, 己 4, 庚 6, 辛 8.
    assert in_order(
        page, "委员候选人（应选3名）", "女委员癸", "委员戊", "女委员壬", "委员己", "委员庚", "委员辛"
    )
    # Shanghai has no one-post text: the higher post's vote counts [M].
    assert "只计其较高职务的一票，较低职务的不计。" in page and "该选票无效" not in page


def test_henan_prints_one_ballot_per_post(cast, make_campaign, client, tmp_path):
    e = village_list(make_campaign("henan"), cast.village, seats=5)
    content = get_pdf(client, cast["town_operator"], reverse("elections_docs:ballots_pdf", args=[e.pk]))
    chair, vice, member = pages(pdf_text(content, tmp_path))
    assert chair.startswith("东村村民委员会主任选举选票") and "丙副主任" not in chair
    assert vice.startswith("东村村民委员会副主任选举选票") and in_order(vice, "丙副主任", "丁副主任")
    assert member.startswith("东村村民委员会委员选举选票") and "委员候选人（应选3名）" in member
    assert in_order(member, "女委员癸", "委员戊", "女委员壬")
    assert "两项以上职务" not in chair  # one post per ballot: no one-post rule to state
    render_png(content, tmp_path, "henan")


def test_an_election_without_candidates_prints_blank_lines(cast, make_campaign, client, tmp_path):
    campaign = make_campaign("zhejiang")  # 第二十条: 无候选人自荐直选
    CommitteeSeats.objects.create(
        campaign=campaign,
        unit=cast.village,
        members=3,
        decided_by="assembly",
        decision_date=dt.date(2026, 1, 5),
        document_no="1",
    )
    e = Election.objects.create(campaign=campaign, unit=cast.village, body="committee", election_day=DAY)
    content = get_pdf(client, cast["town_operator"], reverse("elections_docs:ballots_pdf", args=[e.pk]))
    [page] = pages(pdf_text(content, tmp_path))
    assert in_order(
        page,
        "主任（无候选人，请在空格内填写）（应选1名）",
        "妇女委员（无候选人，请在空格内填写）（应选1名）",
        "委员（无候选人，请在空格内填写）（应选1名）",
    )
    assert "另选他人" not in page  # nobody stands: blank cells, not write-ins
    assert "本次选举不确定候选人。（浙江省村民委员会选举办法第二十条）" in page
    render_png(content, tmp_path, "blank")


def test_without_candidates_where_the_law_has_no_such_election_nothing_is_printed(
    cast, make_campaign, client, tmp_path
):
    e = Election.objects.create(
        campaign=make_campaign("national"), unit=cast.village, body="committee", election_day=DAY
    )
    [page] = pages(
        pdf_text(
            get_pdf(client, cast["town_operator"], reverse("elections_docs:ballots_pdf", args=[e.pk])),
            tmp_path,
        )
    )
    assert (
        page == "未生成选票的村（社区）村（社区）原因东村"
        "尚无正式候选人名单，且本省办法未规定无候选人的选举方式，无法生成选票"
    )


def test_a_later_round_holds_only_the_unfilled_posts_in_first_round_order(cast, tmp_path):
    ballots = lay.ballot_for_round(
        [("委员", 1), ("妇女委员", 1)],
        [
            ("主任", "甲主任", 900),
            ("委员", "委员己", 300),
            ("委员", "委员戊", 410),
            ("委员", "委员庚", 300),
            ("妇女委员", "女委员壬", 120),
            ("妇女委员", "女委员癸", 330),
        ],
        committee="东村村民委员会",
        profile=get_profile("zhejiang"),
        unit="东村",
    )
    [b] = ballots
    assert [(c.post, c.seats, c.candidates) for c in b.columns] == [
        ("妇女委员", 1, ("女委员癸", "女委员壬")),  # the women's line kept (第二十九条), in ballot order
        ("委员", 1, ("委员戊", "委员己", "委员庚")),  # by votes; the tie keeps the order given
    ]
    assert b.subtitle == "另行选举"
    from huanjie.core import pdf

    content = pdf.render(
        "elections/ballots.typ", {"ballots": [b.as_json()], "skipped": []}, meta=pdf.DocumentMeta(title="x")
    )
    [page] = pages(pdf_text(content, tmp_path))
    assert "甲主任" not in page and "主任候选人" not in page
    assert in_order(
        page,
        "（另行选举）",
        "妇女委员候选人（应选1名）",
        "女委员癸",
        "女委员壬",
        "委员候选人（应选1名）",
        "委员戊",
        "委员己",
        "委员庚",
    )
    assert (
        "根据上次选举结果，本选票候选人名单以得票多少为序排列。（浙江省村民委员会选举办法第二十九条）" in page
    )
    render_png(content, tmp_path, "round2")


def test_a_post_without_candidates_in_an_election_with_candidates_is_refused():
    with pytest.raises(lay.BallotError, match="副主任尚无正式候选人"):
        lay.committee_ballots(
            lay.CommitteeBallotInput(
                "东村村民委员会",
                (lay.Post("主任", 1, ("甲",)), lay.Post("副主任", 1)),
                get_profile("zhejiang"),
            )
        )
    with pytest.raises(lay.BallotError, match="没有应选职位"):
        lay.committee_ballots(lay.CommitteeBallotInput("东村村民委员会", (), get_profile("zhejiang")))


def test_party_ballots_committee_members_then_secretary_by_the_committee(
    cast, make_campaign, client, tmp_path
):
    campaign = make_campaign("zhejiang")
    add(campaign, cast.village, "书记甲", "secretary", 1, side="party", qualification="pending")
    add(campaign, cast.village, "委员乙", "party_member", 3, side="party", qualification="pending")
    add(campaign, cast.village, "副书记丙", "deputy_secretary", 2, side="party", qualification="pending")
    add(campaign, cast.village, "委员丁", "party_member", 4, side="party", qualification="pending")
    PartySeats.objects.create(
        campaign=campaign,
        unit=cast.village,
        members=3,
        form="general_branch",
        request_no="1",
        request_date=dt.date(2026, 1, 2),
        approval_no="2",
        approval_date=dt.date(2026, 1, 9),
    )
    e = Election.objects.create(campaign=campaign, unit=cast.village, body="party", election_day=DAY)
    content = get_pdf(client, cast["town_operator"], reverse("elections_docs:ballots_pdf", args=[e.pk]))
    members, leaders = pages(pdf_text(content, tmp_path))
    assert members.startswith("中共东村总支部委员会委员选举选票")
    assert in_order(members, "委员候选人（应选3名）", "书记甲", "副书记丙", "委员乙", "委员丁")
    assert members.count("另选他人") == 3 + 2
    assert "每张选票中赞成的人数等于或者少于3名的为有效票，多于3名的为无效票。" in members
    assert leaders.startswith("中共东村总支部委员会书记、副书记选举选票（委员会第一次全体会议）")
    assert in_order(
        leaders,
        "书记候选人（应选1名）",
        "候选人赞成不赞成弃权",
        "书记甲",
        "另选他人",
        "副书记候选人",
        "副书记丙",
    )
    render_png(content, tmp_path, "party")


def test_a_whole_towns_ballots_as_one_pdf(cast, make_campaign, client, tmp_path):
    campaign = make_campaign("zhejiang")
    village_list(campaign, cast.village)
    add(campaign, cast.village2, "西村主任一", "chair", 1)
    add(campaign, cast.village2, "西村主任二", "chair", 2)
    add(campaign, cast.village2, "西村委员一", "member", 1)
    add(campaign, cast.village2, "西村委员二", "member", 2)
    Election.objects.create(campaign=campaign, unit=cast.village2, body="committee", election_day=DAY)
    Election.objects.create(campaign=campaign, unit=cast.village2, body="committee")  # not scheduled
    Election.objects.create(
        campaign=campaign, unit=cast.village2, body="party", election_day=DAY
    )  # other body
    village_list(campaign, cast.village_b)  # another town
    started = time.perf_counter()
    content = get_pdf(
        client, cast["town_operator"], reverse("elections_docs:town_ballots_pdf", args=[cast.town.code])
    )
    assert time.perf_counter() - started < 5
    east, west = pages(pdf_text(content, tmp_path))
    assert east.startswith("东村村民委员会选举选票") and west.startswith("西村村民委员会选举选票")
    # 西村 without seats recorded: each post its candidates less the 差额 of one; 妇女委员 writes in.
    assert in_order(
        west,
        "主任候选人（应选1名）",
        "西村主任一",
        "西村主任二",
        "妇女委员（无候选人，请在空格内填写）（应选1名）",
        "委员候选人（应选1名）",
        "西村委员一",
    )
    assert "南村" not in east + west
    render_png(content, tmp_path, "town")


# ---------------------------------------------------------------------------------------------
# Voter cards, proxy forms, notices
# ---------------------------------------------------------------------------------------------


def _publish_roll(cast, e, voters, *, day=DAY):
    """A roll for ``day`` made, filled (name, birth date, group) and published through the services."""
    actor = cast["village_operator"]
    roll = roll_services.roll_create(actor=actor, unit=cast.village, voting_day=day, election=e)
    entries = {}
    for seq, (name, birth, group) in enumerate(voters, start=11):
        entries[name] = roll_services.entry_add(
            actor=actor,
            roll=roll,
            name=name,
            citizen_id=make_citizen_id("330102", birth, seq),
            category="hukou_resident",
            group=group,
            registered_on=dt.date(2026, 2, 1),
        )
    return roll, entries


def _cards(client, cast, e, tmp_path, name="cards") -> str:
    content = get_pdf(
        client, cast["village_operator"], reverse("elections_docs:voter_cards_pdf", args=[e.pk])
    )
    [page] = pages(pdf_text(content, tmp_path, name, layout=False))
    render_png(content, tmp_path, name)
    return page


def test_voter_cards_are_printed_from_the_published_roll_only(cast, make_campaign, client, tmp_path):
    e = Election.objects.create(
        campaign=make_campaign("zhejiang"), unit=cast.village, body="committee", election_day=DAY
    )
    url = reverse("elections_docs:voter_cards_pdf", args=[e.pk])
    client.force_login(cast["village_operator"])
    # No published roll for the election day: no cards, the operator is told why.
    r = client.get(url, follow=True)
    assert r.redirect_chain[-1][0] == reverse("elections_docs:election", args=[e.pk])
    assert "该选举日的选民名单尚未公布，不能打印选民证" in r.content.decode()
    roll, entries = _publish_roll(
        cast,
        e,
        [
            ("张选民", dt.date(1980, 1, 1), "第二村民小组"),
            ("李成年", dt.date(2008, 3, 20), "第一村民小组"),  # 18 on the day
            ("钱迁出", dt.date(1970, 6, 1), "第一村民小组"),
        ],
    )
    roll_services.entry_remove(actor=cast["village_operator"], entry=entries["钱迁出"], reason="moved_out")
    # In the people registry of the village, of voting age, but not on the roll: no card.
    PersonFactory(name="赵未登记", domicile_unit=cast.village, birth_date=dt.date(1960, 1, 1))
    assert client.get(url, follow=True).redirect_chain  # still a draft: not published
    roll_services.roll_publish(actor=cast["village_operator"], roll=roll, on=dt.date(2026, 2, 27))
    docs_page = client.get(reverse("elections_docs:election", args=[e.pk])).content.decode()
    assert "按2026-03-20投票日的选民名单（已公布）生成" in re.sub(r"<[^>]+>", "", docs_page)
    page = _cards(client, cast, e, tmp_path)
    # Two cards a row, drawn line by line (left card, then right card); by group, then entry order.
    assert in_order(
        page,
        "选民证选民证东村村民委员会换届选举东村村民委员会换届选举",
        "编号201-0001编号201-0002姓名李成年姓名张选民村民小组第一村民小组村民小组第二村民小组",
    )
    assert page.count("选民证") == 2 and "凭此证领取选票。本证只准本人使用，不得转让。" in page
    assert "赵未登记" not in page and "钱迁出" not in page
    masked = entries["张选民"].id_masked
    assert masked not in page and masked[:6] not in page and "身份证" not in page


def test_a_later_voting_day_prints_cards_from_its_own_copy_of_the_roll(cast, make_campaign, client, tmp_path):
    campaign = make_campaign("zhejiang")
    e = Election.objects.create(campaign=campaign, unit=cast.village, body="committee", election_day=DAY)
    roll, _ = _publish_roll(
        cast,
        e,
        [("张选民", dt.date(1980, 1, 1), "第一村民小组"), ("李外出", dt.date(1975, 2, 2), "第一村民小组")],
    )
    roll_services.roll_publish(actor=cast["village_operator"], roll=roll, on=dt.date(2026, 2, 27))
    later_day = dt.date(2026, 4, 18)
    later = roll_services.roll_copy_to_day(
        actor=cast["village_operator"], roll=roll, voting_day=later_day, reason="另行选举"
    )
    moved = later.entries.get(name="李外出")
    roll_services.entry_remove(actor=cast["village_operator"], entry=moved, reason="moved_out")
    roll_services.entry_add(
        actor=cast["village_operator"],
        roll=later,
        name="孙新增",
        citizen_id=make_citizen_id("330102", dt.date(2008, 4, 1), 41),
        category="hukou_resident",
        group="第二村民小组",
        registered_on=dt.date(2026, 4, 1),
    )
    rerun = Election.objects.create(
        campaign=campaign,
        unit=cast.village,
        body="committee",
        kind="re_election",
        election_day=later_day,
        previous=e,
    )
    client.force_login(cast["village_operator"])
    # The later day's copy is still a draft: no cards for that day yet.
    assert client.get(reverse("elections_docs:voter_cards_pdf", args=[rerun.pk]), follow=True).redirect_chain
    roll_services.roll_publish(actor=cast["village_operator"], roll=later, on=dt.date(2026, 3, 28))
    page = _cards(client, cast, rerun, tmp_path, "later")
    assert "张选民" in page and "孙新增" in page and "李外出" not in page
    assert page.count("选民证") == 2
    # The first day's cards still come from the first day's roll.
    first = _cards(client, cast, e, tmp_path, "first")
    assert "李外出" in first and "孙新增" not in first


def test_proxy_forms_state_the_profiles_conditions(cast, make_campaign, client, tmp_path):
    e = Election.objects.create(
        campaign=make_campaign("zhejiang"), unit=cast.village, body="committee", election_day=DAY
    )
    url = reverse("elections_docs:proxy_forms_pdf", args=[e.pk])
    content = get_pdf(client, cast["village_operator"], url + "?count=3")
    p = pages(pdf_text(content, tmp_path))
    assert len(p) == 2 and p[0].count("委托投票证") == 2 and p[1].count("委托投票证") == 1
    assert "东村村民选举委员会：" in p[0]
    assert "受委托人限于配偶、父母、子女、兄弟姐妹、祖父母、外祖父母、孙子女、外孙子女。" in p[0]
    assert "每一受委托人接受委托投票不得超过3人" in p[0]
    assert client.get(url + "?count=500").status_code == 404
    render_png(content, tmp_path, "proxy")


def test_notices_are_numbered_per_election_and_printed(cast, make_campaign, client, tmp_path):
    campaign = make_campaign("zhejiang")
    add(campaign, cast.village, "甲主任", "chair", 1)
    e = Election.objects.create(campaign=campaign, unit=cast.village, body="committee", election_day=DAY)
    other = Election.objects.create(campaign=campaign, unit=cast.village2, body="committee", election_day=DAY)
    client.force_login(cast["town_operator"])
    page = client.get(reverse("elections_docs:election", args=[e.pk]) + "?kind=candidates").content.decode()
    assert "东村村民选举委员会关于正式候选人名单的公告" in page and "主任候选人：甲主任" in page
    for kind in ("voter_list", "polling"):
        r = client.post(
            reverse("elections_docs:notice_new", args=[e.pk]),
            {
                "kind": kind,
                "title": f"标题{kind}",
                "body": "第一段。\n第二段。",
                "issuer": "东村村民选举委员会",
                "issued_on": "2026-02-28",
            },
        )
        assert r.status_code == 302
    n = docs_services.issue_notice(
        actor=cast["town_operator"],
        election=other,
        kind="polling",
        title="西村公告",
        body="x",
        issuer="西村村民选举委员会",
        issued_on=dt.date(2026, 3, 1),
    )
    assert [x.number for x in Notice.objects.filter(election=e)] == [1, 2] and n.number == 1
    second = Notice.objects.get(election=e, number=2)
    content = get_pdf(client, cast["town_operator"], reverse("elections_docs:notice_pdf", args=[second.pk]))
    assert pages(pdf_text(content, tmp_path))[0] == flat(
        "标题polling （第2号） 第一段。 第二段。 特此公告。 东村村民选举委员会 2026年2月28日 — 1 —"
    )
    render_png(content, tmp_path, "notice")
    assert AuditEvent.objects.filter(model="elections.Notice", action="create").count() == 3


# ---------------------------------------------------------------------------------------------
# Access
# ---------------------------------------------------------------------------------------------


def test_outside_the_jurisdiction_everything_is_404(cast, make_campaign, client):
    e = village_list(make_campaign("zhejiang"), cast.village)
    n = Notice.objects.create(
        election=e, number=1, kind="polling", title="t", body="b", issuer="i", issued_on=DAY, issued_by="x"
    )
    urls = [
        reverse("elections_docs:election", args=[e.pk]),
        reverse("elections_docs:ballots_pdf", args=[e.pk]),
        reverse("elections_docs:voter_cards_pdf", args=[e.pk]),
        reverse("elections_docs:proxy_forms_pdf", args=[e.pk]),
        reverse("elections_docs:notice_pdf", args=[n.pk]),
        reverse("elections_docs:town_ballots_pdf", args=[cast.town.code]),
    ]
    client.force_login(cast["other_town_operator"])
    for url in urls:
        assert client.get(url).status_code == 404, url
    r = client.post(reverse("elections_docs:notice_new", args=[e.pk]), {"kind": "polling"})
    assert r.status_code == 404 and not Notice.objects.filter(number=2).exists()
    # A village operator prints its own village, not the town's bundle.
    client.force_login(cast["village_operator"])
    assert client.get(reverse("elections_docs:town_ballots_pdf", args=[cast.town.code])).status_code == 404
    # The county reads notices; printing ballots is the village's and town's work.
    client.force_login(cast["county_operator"])
    assert client.get(reverse("elections_docs:notice_pdf", args=[n.pk])).status_code == 200
    assert client.get(reverse("elections_docs:ballots_pdf", args=[e.pk])).status_code == 403


HOSTILE = '] #panic("注入") $x$ <lab> @ref #import "/etc/passwd": * #set page(fill: red) \\'


def test_names_and_notice_text_are_printed_as_typed(cast, make_campaign, client, tmp_path):
    campaign = make_campaign("zhejiang")
    add(campaign, cast.village, "#import", "chair", 1)
    add(campaign, cast.village, HOSTILE[:50], "chair", 2)
    add(campaign, cast.village, "委员甲", "member", 1)
    add(campaign, cast.village, "委员乙", "member", 2)
    e = Election.objects.create(campaign=campaign, unit=cast.village, body="committee", election_day=DAY)
    page = pages(
        pdf_text(
            get_pdf(client, cast["town_operator"], reverse("elections_docs:ballots_pdf", args=[e.pk])),
            tmp_path,
            layout=False,
        )
    )[0]
    # Printed as typed (a long name wraps inside its cell, so it is read in drawing order).
    assert flat(HOSTILE[:50]) in page and "姓名#import符号" in page
    n = docs_services.issue_notice(
        actor=cast["town_operator"],
        election=e,
        kind="polling",
        title=HOSTILE[:100],
        body=HOSTILE,
        issuer="东村村民选举委员会",
        issued_on=DAY,
    )
    text = pages(
        pdf_text(
            get_pdf(client, cast["town_operator"], reverse("elections_docs:notice_pdf", args=[n.pk])),
            tmp_path,
            layout=False,
        )
    )[0]
    assert text.count(flat(HOSTILE)) == 2 and "特此公告。" in text


def test_supervision_committee_ballot(cast, make_campaign, client, tmp_path):
    campaign = make_campaign("zhejiang")
    add(campaign, cast.village, "监委主任甲", "supervision_chair", 1, side="supervision")
    add(campaign, cast.village, "监委主任乙", "supervision_chair", 2, side="supervision")
    for i, name in enumerate(["监委委员丙", "监委委员丁", "监委委员戊"], 1):
        add(campaign, cast.village, name, "supervision_member", i, side="supervision")
    e = Election.objects.create(campaign=campaign, unit=cast.village, body="supervision", election_day=DAY)
    [page] = pages(
        pdf_text(
            get_pdf(client, cast["town_operator"], reverse("elections_docs:ballots_pdf", args=[e.pk])),
            tmp_path,
        )
    )
    assert page.startswith("东村村务监督委员会选举选票")
    assert in_order(
        page,
        "主任候选人（应选1名）",
        "监委主任甲",
        "监委主任乙",
        "委员候选人（应选2名）",
        "监委委员丙",
        "监委委员丁",
        "监委委员戊",
    )
    assert "妇女委员" not in page  # the women's line is the 村民委员会's


def test_the_town_pdf_reads_a_fixed_number_of_queries(cast, make_campaign, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    campaign = make_campaign("zhejiang")
    client.force_login(cast["town_operator"])
    url = reverse("elections_docs:town_ballots_pdf", args=[cast.town.code])
    village_list(campaign, cast.village)
    assert client.get(url).status_code == 200  # warm: the session and the user's roles
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    village_list(campaign, cast.village2)
    with CaptureQueriesContext(connection) as two:
        assert client.get(url).status_code == 200
    assert len(two.captured_queries) == len(one.captured_queries)


def test_the_town_bundle_is_offered_to_the_town_only(cast, make_campaign, client):
    e = village_list(make_campaign("zhejiang"), cast.village)
    town_url = reverse("elections_docs:town_ballots_pdf", args=[cast.town.code])
    client.force_login(cast["town_operator"])
    assert town_url in client.get(reverse("elections_docs:election", args=[e.pk])).content.decode()
    client.force_login(cast["village_operator"])
    page = client.get(reverse("elections_docs:election", args=[e.pk])).content.decode()
    assert reverse("elections_docs:ballots_pdf", args=[e.pk]) in page and town_url not in page
    client.force_login(cast["county_operator"])
    page = client.get(reverse("elections_docs:election", args=[e.pk])).content.decode()
    assert reverse("elections_docs:ballots_pdf", args=[e.pk]) not in page
    assert reverse("elections_docs:notice_new", args=[e.pk]) not in page
