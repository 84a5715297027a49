"""Issue 14 reqs. 6-8 in Debian's Chromium at 1366x768 and 768x1024: every page of training, the
policy Q&A, the election-day checklist and publicity renders with data, without a console error and
without a horizontal scroll of the page (tables scroll inside their own box). Set
``HJ_SHOTS=/some/dir`` to keep a screenshot of each page."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from huanjie.elections.models import Election
from huanjie.oversight import checklist_services, publicity_services, qa_services, training_services
from tests.factories import PASSWORD, PersonFactory, build_cast, seat
from tests.planning.walker import published_campaign

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def login(page, base: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()


def _data():
    cast = build_cast()
    c = published_campaign(cast.city)
    town, county, city = cast["town_operator"], cast["county_operator"], cast["city_operator"]
    p = PersonFactory(name="赵书记", domicile_unit=cast.village)
    seat(p, cast.village, "party_org", "secretary")
    seat(PersonFactory(name="钱书记", domicile_unit=cast.village2), cast.village2, "party_org", "secretary")
    o = training_services.official_add(actor=town, campaign=c, town=cast.town, name="孙委员", post="组织委员")
    s = training_services.session_create(
        actor=town, campaign=c, unit=cast.town, title="村“两委”换届业务培训", held_on=dt.date(2026, 1, 10)
    )
    training_services.attendance_add(actor=town, session=s, person=p)
    training_services.attendance_add(actor=town, session=s, official=o)
    training_services.upgrade_create(
        actor=town,
        campaign=c,
        person=p,
        programme="江苏开放大学 行政管理 大专",
        enrolled_on=dt.date(2025, 9, 1),
    )
    training_services.decision_create(
        actor=county,
        campaign=c,
        person=p,
        mechanism="tolerance",
        decision="对其在征地工作中的失误予以容错免责",
        body="清河县委",
        document_no="清委〔2026〕3号",
        decided_on=dt.date(2026, 1, 15),
    )
    q = qa_services.question_ask(
        actor=town, campaign=c, town=cast.town, topic="eligibility", text="外出务工人员能否登记为候选人？"
    )
    qa_services.question_answer(
        actor=county,
        question=q,
        answer="符合条件的，可以在户籍地或居住地登记参选。",
        published=True,
        version=q.version,
    )
    item = checklist_services.item_add(
        actor=city, campaign=c, title="入场测温、查验健康码", guidance="设置测温点", needs_evidence=True
    )
    checklist_services.item_add(actor=city, campaign=c, title="会场通风消毒")
    e = Election.objects.create(
        campaign=c, unit=cast.village, body="committee", election_day=dt.date(2026, 3, 20)
    )
    checklist_services.check_record(
        actor=town,
        election=e,
        item=item,
        done=True,
        note="已测温",
        evidence_name="测温.pdf",
        evidence_data=b"%PDF-1.4\n",
    )
    t = publicity_services.task_create(
        actor=county, campaign=c, owner=cast.town, title="张贴换届选举公告", deadline=dt.date(2026, 2, 1)
    )
    ev = publicity_services.event_create(
        actor=town,
        campaign=c,
        unit=cast.village,
        source="network",
        occurred_on=dt.date(2026, 1, 30),
        summary="网帖反映选民登记遗漏外出人员",
        respond_by=dt.date(2026, 2, 2),
    )
    return cast, s, q, e, t, ev


@pytest.mark.parametrize("size", [(1366, 768), (768, 1024)])
def test_the_pages_render_at_both_sizes(live_server, page, size):
    _cast, s, q, e, t, ev = _data()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda x: problems.append(str(x)))
    page.set_viewport_size({"width": size[0], "height": size[1]})
    shots = os.environ.get("HJ_SHOTS")
    pages = {
        "county_op": [
            "/oversight/training/",
            "/oversight/qa/",
            f"/oversight/qa/question/{q.pk}/",
            "/oversight/checklist/",
            "/oversight/publicity/",
        ],
        "town_op": [
            "/oversight/training/sessions/",
            f"/oversight/training/session/{s.pk}/",
            "/oversight/training/officials/",
            "/oversight/training/upgrades/",
            "/oversight/training/decisions/",
            "/oversight/qa/faq/",
            f"/oversight/checklist/election/{e.pk}/",
            "/oversight/publicity/opinion/",
            f"/oversight/publicity/task/{t.pk}/",
            f"/oversight/publicity/opinion/{ev.pk}/",
        ],
        "city_op": ["/oversight/checklist/items/", "/oversight/training/"],
    }
    for user, urls in pages.items():
        login(page, live_server.url, user)
        for url in urls:
            response = page.goto(f"{live_server.url}{url}")
            assert response is not None and response.status == 200, url
            overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 1, f"{url} scrolls sideways by {overflow}px at {size}"
            if shots:
                name = f"{user}{url.replace('/', '_')}{size[0]}.png"
                page.screenshot(path=str(Path(shots) / name), full_page=True)
    assert problems == []
