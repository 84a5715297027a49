"""Voter rolls (issue 12 req. 4): imports with exact rows, the law's categories and boundaries,
duplicates queued at the level holding both villages, 四增四减, publication, objections, the lock,
the printed list without ID numbers, and access from outside."""

from __future__ import annotations

import datetime as dt
import subprocess

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from huanjie.core import crypto, imports
from huanjie.core.models import AuditEvent, ImportJob
from huanjie.elections import roll_selectors as sel
from huanjie.elections import roll_services as svc
from huanjie.elections.models import RollConflict, RollEntry, VoterRoll
from huanjie.planning.models import Campaign
from tests.factories import PASSWORD, RollEntryFactory, user_with_role
from tests.importfiles import citizen, csv_bytes, write_xlsx

E = dt.date(2026, 3, 20)
HEADER = [
    *("村（社区）区划代码", "村（居）民小组", "姓名", "身份证号", "登记类别"),
    *("本人申请参加选举", "村民会议同意", "居住或工作起始日期", "被剥夺政治权利", "登记日期"),
]
Status = ImportJob.Status


@pytest.fixture
def campaign(cast):
    return Campaign.objects.create(
        city=cast.city,
        name="东湖市换届工作",
        profile_code="zhejiang",
        window_start=dt.date(2025, 12, 1),
        window_end=dt.date(2026, 6, 30),
        state="published",
    )


@pytest.fixture
def rolls(cast, campaign):
    op = cast["town_operator"]
    return {
        "east": svc.roll_create(actor=op, unit=cast.village, voting_day=E),
        "west": svc.roll_create(actor=op, unit=cast.village2, voting_day=E),
        "south": svc.roll_create(actor=cast["other_town_operator"], unit=cast.village_b, voting_day=E),
    }


def row(code="329901001201", group="第一村民小组", name="张三", seq=1, birth=dt.date(1980, 5, 1), **kw):
    values = {
        "村（社区）区划代码": code,
        "村（居）民小组": group,
        "姓名": name,
        "身份证号": citizen(seq, birth=birth),
        "登记类别": "户籍在本村并在本村居住",
        "本人申请参加选举": "否",
        "村民会议同意": "否",
        "居住或工作起始日期": "",
        "被剥夺政治权利": "否",
        "登记日期": "2026-02-01",
    }
    values.update(kw)
    return [values[h] for h in HEADER]


def run(user, data: bytes, name: str) -> ImportJob:
    job = imports.job_create(actor=user, kind="elections_roll", file_name=name, data=data)
    return imports.job_preview(job)


def errors(job):
    return [(p["row"], p["column"], p["reason"]) for p in job.problems if p["level"] == "error"]


def add(user, roll, seq, birth=dt.date(1980, 5, 1), **kw):
    kw.setdefault("category", "hukou_resident")
    kw.setdefault("registered_on", dt.date(2026, 2, 1))
    return svc.entry_add(
        actor=user, roll=roll, name=kw.pop("name", f"选民{seq}"), citizen_id=citizen(seq, birth=birth), **kw
    )


# -- import ----------------------------------------------------------------------------------


def test_xlsx_import_writes_exact_rows_encrypted_and_masked(cast, rolls, tmp_path):
    op = cast["town_operator"]
    rows = [
        HEADER,
        row(),
        row(group="第二村民小组", name="李四", seq=2),
        row("329901001202", name="王五", seq=3),
    ]
    job = run(op, write_xlsx(tmp_path / "r.xlsx", rows).read_bytes(), "r.xlsx")
    assert (job.status, job.error_count, job.rows_total) == (Status.READY, 0, 3)
    job = imports.job_commit(job)
    assert job.status == Status.DONE
    got = list(
        RollEntry.objects.order_by("pk").values_list(
            "roll__unit__code", "group", "name", "category", "law_code"
        )
    )
    assert got == [
        ("329901001201", "第一村民小组", "张三", "hukou_resident", "village-2025"),
        ("329901001201", "第二村民小组", "李四", "hukou_resident", "village-2025"),
        ("329901001202", "第一村民小组", "王五", "hukou_resident", "village-2025"),
    ]
    e = RollEntry.objects.get(name="张三")
    assert crypto.decrypt(e.id_cipher) == citizen(1, birth=dt.date(1980, 5, 1))
    assert e.id_index == crypto.blind_index(citizen(1, birth=dt.date(1980, 5, 1)))
    assert "*" in e.id_masked and citizen(1, birth=dt.date(1980, 5, 1)) not in e.id_cipher
    assert AuditEvent.objects.filter(action="import").count() == 1


def test_imported_entries_are_written_in_the_files_order(cast, rolls, tmp_path):
    """The commit writes the entries as the file lists them (their blind index is a hash index on
    PostgreSQL, which takes them in any order): their ids follow the file, which lists and prints
    rely on. (Not the table's physical order: PostgreSQL fills space freed by earlier rows first.)"""
    from django.db import connection

    op = cast["town_operator"]
    names = [f"选民{k:02d}" for k in range(30)]
    rows = [HEADER] + [row(name=n, seq=k + 1) for k, n in enumerate(names)]
    job = imports.job_commit(run(op, write_xlsx(tmp_path / "r.xlsx", rows).read_bytes(), "r.xlsx"))
    assert job.status == Status.DONE
    assert list(RollEntry.objects.order_by("pk").values_list("name", flat=True)) == names
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'elections_roll_entry_idx'")
            assert "USING hash (id_index)" in cur.fetchone()[0]


@pytest.mark.parametrize("others", [0, 3], ids=["register-read-whole", "register-looked-up"])
def test_an_imported_registered_person_is_linked_and_cannot_be_deleted(cast, rolls, tmp_path, others):
    """An entry of a person already in the register names that person; the other entries name none
    — whether the register is read whole (fewer persons than the file's) or looked up by the file's
    persons. The link is indexed only where set, and has no foreign-key constraint in the database
    (its check was queued for every entry a city's import writes): Django's PROTECT still refuses to
    delete the person."""
    from django.db import connection
    from django.db.models import ProtectedError

    from huanjie.people.models import Person
    from tests.factories import PersonFactory

    number = citizen(1, birth=dt.date(1980, 5, 1))
    person = PersonFactory(
        domicile_unit=cast.village,
        id_cipher=crypto.encrypt(number),
        id_index=crypto.blind_index(number),
        id_masked=number[:6] + "*" * 12,
    )
    PersonFactory.create_batch(others, domicile_unit=cast.village2)  # not in the file
    op = cast["town_operator"]
    rows = [HEADER, row(name="张三", seq=1), row(name="李四", seq=2)]
    job = imports.job_commit(run(op, write_xlsx(tmp_path / "r.xlsx", rows).read_bytes(), "r.xlsx"))
    assert job.status == Status.DONE
    linked = dict(RollEntry.objects.values_list("name", "person_id"))
    assert linked == {"张三": person.pk, "李四": None}
    with pytest.raises(ProtectedError):
        Person.objects.filter(pk=person.pk).delete()
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'elections_roll_entry_person'")
            assert cur.fetchone()[0].endswith("(person_id) WHERE (person_id IS NOT NULL)")
            cur.execute(
                "SELECT count(*) FROM pg_constraint WHERE contype = 'f'"
                " AND conrelid = 'elections_rollentry'::regclass"
            )
            assert cur.fetchone()[0] == 0


def test_a_commit_that_reads_the_file_again_writes_the_same_entries(cast, rolls, tmp_path):
    """Without the preview's checked rows (a job kept from before they were), the commit checks the
    stored file again and writes the same entries, in the file's order, their IDs encrypted."""
    op = cast["town_operator"]
    names = [f"选民{k:02d}" for k in range(12)]
    rows = [HEADER] + [row(name=n, seq=k + 1) for k, n in enumerate(names)]
    job = run(op, write_xlsx(tmp_path / "r.xlsx", rows).read_bytes(), "r.xlsx")
    ImportJob.objects.filter(pk=job.pk).update(checked_rows=b"")
    job = imports.job_commit(ImportJob.objects.get(pk=job.pk))
    assert job.status == Status.DONE
    got = list(RollEntry.objects.order_by("pk").values_list("name", "id_cipher"))
    assert [name for name, _ in got] == names
    born = dt.date(1980, 5, 1)
    assert [crypto.decrypt(c) for _, c in got] == [citizen(k + 1, birth=born) for k in range(12)]


def test_gbk_csv_import_exact_rows(cast, rolls):
    op = cast["town_operator"]
    data = csv_bytes(
        [HEADER, row(name="赵六"), row(name="钱七", seq=2, group="第三村民小组")], encoding="gbk"
    )
    job = run(op, data, "r.csv")
    assert (job.status, job.rows_total) == (Status.READY, 2)
    imports.job_commit(job)
    assert list(RollEntry.objects.order_by("pk").values_list("name", "group")) == [
        ("赵六", "第一村民小组"),
        ("钱七", "第三村民小组"),
    ]


def test_import_is_all_or_nothing_and_refuses_deprived_and_underage(cast, rolls):
    op = cast["town_operator"]
    data = csv_bytes(
        [
            HEADER,
            row(),
            row(name="甲", seq=2, 被剥夺政治权利="是"),
            row(name="乙", seq=3, birth=dt.date(2008, 3, 21)),  # 18 the day after the voting day
            row(name="丙", seq=4, birth=dt.date(2008, 3, 20)),  # 18 exactly on the voting day
            row(name="丁", seq=1),  # same person twice on one roll
            row("329901002201", name="戊", seq=5),  # 南村: another town, outside the town operator
        ]
    )
    job = run(op, data, "r.csv")
    assert job.status == Status.INVALID or job.error_count
    got = errors(job)
    assert [(r, c) for r, c, _ in got] == [
        (3, "登记类别"),
        (4, "登记类别"),
        (6, "身份证号"),
        (7, "村（社区）区划代码"),
    ]
    assert "依照法律被剥夺政治权利" in got[0][2]
    assert "2026-03-20 为 17 周岁" in got[1][2]
    assert "同一名单中只能登记一次" in got[2][2]
    assert "不在您的管辖范围内" in got[3][2]
    assert RollEntry.objects.count() == 0


# -- the law's categories and boundaries ------------------------------------------------------


def test_eighteenth_birthday_on_the_voting_day_is_eligible_the_day_after_is_not(cast, rolls):
    op = cast["town_operator"]
    add(op, rolls["east"], 1, birth=dt.date(2008, 3, 20))
    with pytest.raises(ValidationError, match="17 周岁"):
        add(op, rolls["east"], 2, birth=dt.date(2008, 3, 21))


def test_deprived_voter_refused(cast, rolls):
    with pytest.raises(ValidationError, match="被剥夺政治权利"):
        add(cast["town_operator"], rolls["east"], 1, deprived=True)


def test_village_work_category_by_the_law_on_the_registration_day(cast, rolls):
    op = cast["town_operator"]
    common = {"category": "village_work", "applied": True, "approved": True, "since": dt.date(2024, 1, 1)}
    VoterRoll.objects.filter(pk=rolls["east"].pk).update(profile_code="national")  # 浙江 has its own
    with pytest.raises(ValidationError, match="不属于村民委员会组织法\\(2018\\)规定的登记类别"):
        add(op, rolls["east"], 1, registered_on=dt.date(2025, 12, 31), **common)
    e = add(op, rolls["east"], 1, registered_on=dt.date(2026, 1, 1), **common)
    assert e.law_code == "village-2025"


def test_category_two_needs_the_declaration_and_category_three_the_meetings_consent(cast, rolls):
    op = cast["town_operator"]
    with pytest.raises(ValidationError, match="本人未表示或者申请参加选举"):
        add(op, rolls["east"], 1, category="hukou_absent")
    add(op, rolls["east"], 1, category="hukou_absent", applied=True)
    with pytest.raises(ValidationError, match="尚未经村民会议或者村民代表会议同意"):
        add(op, rolls["east"], 2, category="resident_non_hukou", applied=True, since=dt.date(2024, 1, 1))
    add(
        op,
        rolls["east"],
        2,
        category="resident_non_hukou",
        applied=True,
        approved=True,
        since=dt.date(2024, 1, 1),
    )


def test_community_worker_2025_and_community_modes(cast, campaign):
    with pytest.raises(ValidationError, match="只适用于社区"):
        svc.roll_create(actor=cast["town_operator"], unit=cast.village, voting_day=E, mode="household")
    op = user_with_role("street_op", "town_operator", cast.street)
    household = svc.roll_create(actor=op, unit=cast.community, voting_day=E, mode="household")
    add(op, household, 1, category="hukou", applied=True, household="1-101")
    with pytest.raises(ValidationError, match="该户已有户代表"):
        add(op, household, 2, category="hukou", applied=True, household="1-101")
    full = svc.roll_create(actor=op, unit=cast.community, voting_day=E)
    worker = {"category": "community_worker", "applied": True, "approved": True, "since": dt.date(2025, 6, 1)}
    assert add(op, full, 3, **worker).category == "community_worker"


# -- duplicates across villages -----------------------------------------------------------------


def test_duplicate_in_one_town_goes_to_the_town_across_towns_to_the_county(cast, rolls):
    add(cast["town_operator"], rolls["east"], 1)
    add(cast["town_operator"], rolls["west"], 1)
    town = RollConflict.objects.get()
    assert town.level_path == cast.town.path
    add(cast["other_town_operator"], rolls["south"], 1)
    levels = sorted(RollConflict.objects.values_list("level_path", flat=True))
    assert levels == [cast.county.path, cast.town.path]
    assert [r.conflict.level_path for r in sel.conflicts(cast["town_operator"])] == [cast.town.path]
    assert sel.conflicts(cast["other_town_operator"]) == []
    assert len(sel.conflicts(cast["county_operator"])) == 2


def test_the_persons_choice_resolves_the_conflict(cast, rolls):
    op = cast["town_operator"]
    a = add(op, rolls["east"], 1)
    b = add(op, rolls["west"], 1)
    conflict = RollConflict.objects.get()
    with pytest.raises(PermissionDenied):
        svc.conflict_resolve(actor=cast["village_operator"], conflict=conflict, keep=b.pk, note="本人申请")
    svc.conflict_resolve(actor=op, conflict=conflict, keep=b.pk, note="本人 2026-02-10 书面申请在西村登记")
    a.refresh_from_db()
    conflict.refresh_from_db()
    assert (a.status, a.remove_reason) == ("removed", "elsewhere")
    assert "本人选择在西村登记" in a.remove_note
    assert (conflict.state, conflict.kept_id) == ("resolved", b.pk)
    assert AuditEvent.objects.filter(model="elections.RollConflict", object_id=str(conflict.pk)).exists()
    with pytest.raises(ValidationError, match="已经解决"):
        svc.conflict_resolve(actor=op, conflict=conflict, keep=b.pk, note="再次")


def test_city_wide_duplicate_check_finds_each_pair_once(cast, rolls, campaign):
    op = cast["town_operator"]
    add(op, rolls["east"], 1)
    add(op, rolls["west"], 1)
    assert svc.detect_conflicts(campaign_id=campaign.pk) == 0  # already queued
    assert RollConflict.objects.count() == 1


def test_the_check_of_some_entries_queues_what_the_city_wide_check_would_for_their_persons(
    cast, rolls, campaign
):
    """Entries written without a check (as a bulk write leaves them) and then checked alone: each of
    their persons on another unit's current roll is queued (first village by path against each
    other), a removed entry or one on the same roll pairs with nothing, and a pair among earlier
    entries only waits for the city-wide check, which then finds nothing else."""

    def put(roll, seq, status="active"):
        return RollEntryFactory(roll=roll, number=citizen(seq, birth=dt.date(1980, 5, 1)), status=status)

    east, west, south = rolls["east"], rolls["west"], rolls["south"]
    three = [put(east, 1), put(south, 1)]  # earlier entries of one person in two towns
    put(west, 2, status="removed")
    put(east, 3)
    put(east, 4)
    put(west, 4)  # an earlier pair of another person: not among the entries checked
    first = RollEntry.objects.order_by("-pk").first().pk + 1
    three.append(put(west, 1))
    put(east, 2)
    put(south, 5)
    checked = RollEntry.objects.filter(pk__gte=first)
    assert svc.detect_conflicts(campaign_id=campaign.pk, entries=checked) == 2
    east1, south1, west1 = three
    pairs = sorted(RollConflict.objects.values_list("entry_a_id", "entry_b_id", "level_path"))
    assert pairs == sorted([(east1.pk, west1.pk, cast.town.path), (east1.pk, south1.pk, cast.county.path)])
    assert svc.detect_conflicts(campaign_id=campaign.pk, entries=checked) == 0
    assert svc.detect_conflicts(campaign_id=campaign.pk) == 1  # person 4, east and west
    assert RollConflict.objects.count() == 3


# -- 四增四减 and later voting days ----------------------------------------------------------------


def test_four_additions_four_removals_exact(cast, campaign):
    op = cast["town_operator"]
    old = svc.roll_create(actor=op, unit=cast.village, voting_day=dt.date(2023, 3, 20))
    for seq in (1, 2, 3):
        add(op, old, seq, registered_on=dt.date(2023, 2, 1))
    new = svc.roll_create(actor=op, unit=cast.village, voting_day=E)
    assert new.previous_id == old.pk
    add(op, new, 1)
    gone = add(op, new, 2)
    svc.entry_remove(actor=op, entry=gone, reason="died", note="2025-06-01 死亡")
    add(op, new, 4, birth=dt.date(2008, 3, 20))  # 18 on the voting day
    add(op, new, 5, add_reason="moved_in")
    _, adds, removes, counts = sel.changes(op, new.pk)
    assert sorted((c.code, c.name) for c in adds) == [("moved_in", "选民5"), ("new_adult", "选民4")]
    assert sorted((c.code, c.name) for c in removes) == [("died", "选民2"), ("unstated", "选民3")]
    assert counts == {"new_adult": 1, "moved_in": 1, "died": 1, "unstated": 1}


def test_a_later_voting_day_gets_an_updated_copy(cast, rolls):
    op = cast["town_operator"]
    add(op, rolls["east"], 1)
    add(op, rolls["east"], 2)
    later = svc.roll_copy_to_day(
        actor=op, roll=rolls["east"], voting_day=dt.date(2026, 4, 10), reason="另行选举"
    )
    rolls["east"].refresh_from_db()
    assert rolls["east"].superseded and later.previous_id == rolls["east"].pk
    assert later.entries.filter(status="active").count() == 2
    with pytest.raises(ValidationError, match="取代"):
        add(op, rolls["east"], 3)


def test_a_copy_to_a_later_day_queues_its_persons_on_another_villages_roll_again(cast, rolls):
    op = cast["town_operator"]
    east = add(op, rolls["east"], 1)
    west = add(op, rolls["west"], 1)  # the same person in the next village
    add(op, rolls["east"], 2)
    later = svc.roll_copy_to_day(
        actor=op, roll=rolls["east"], voting_day=dt.date(2026, 4, 10), reason="另行选举"
    )
    copied = later.entries.get(id_index=east.id_index)
    pairs = list(RollConflict.objects.order_by("pk").values_list("entry_a_id", "entry_b_id", "level_path"))
    assert pairs == [(east.pk, west.pk, "329901001"), (copied.pk, west.pk, "329901001")]


# -- publication, objections, lock -------------------------------------------------------------


def test_publication_deadline_boundary_day(cast, rolls):
    op = cast["town_operator"]
    add(op, rolls["east"], 1)
    add(op, rolls["west"], 2)
    on_time = svc.roll_publish(actor=op, roll=rolls["east"], on=dt.date(2026, 2, 28))  # E−20
    assert [v["kind"] for v in on_time.publish_violations] == ["on_limit"]
    late = svc.roll_publish(actor=op, roll=rolls["west"], on=dt.date(2026, 3, 1))  # E−19
    assert [v["kind"] for v in late.publish_violations] == ["late"]
    assert "晚于最迟日期 2026-02-28 1 日" in late.publish_violations[0]["text"]


def test_objections_within_five_days_decided_within_three_then_locked(cast, rolls):
    op = cast["town_operator"]
    wrong = add(op, rolls["east"], 1)
    add(op, rolls["east"], 2)
    roll = svc.roll_publish(actor=op, roll=rolls["east"], on=dt.date(2026, 2, 28))
    kw = {"actor": op, "roll": roll, "objector": "周八", "content": "此人已迁出"}
    with pytest.raises(ValidationError, match="申诉期至 2026-03-05"):
        svc.objection_file(kind="wrongly_listed", filed_on=dt.date(2026, 3, 6), entry=wrong, **kw)
    o = svc.objection_file(kind="wrongly_listed", filed_on=dt.date(2026, 3, 5), entry=wrong, **kw)
    late = svc.objection_file(kind="omitted", filed_on=dt.date(2026, 3, 2), **kw)
    with pytest.raises(ValidationError, match="还有申诉未处理"):
        svc.roll_lock(actor=op, roll=roll, on=dt.date(2026, 3, 9))
    svc.objection_decide(
        actor=op, objection=o, decision="upheld", text="经核实已迁出", decided_on=dt.date(2026, 3, 8)
    )
    o.refresh_from_db()
    wrong.refresh_from_db()
    assert o.violations == [] and (wrong.status, wrong.remove_reason) == ("removed", "objection")
    svc.objection_decide(
        actor=op, objection=late, decision="rejected", text="不成立", decided_on=dt.date(2026, 3, 6)
    )
    late.refresh_from_db()
    assert [v["kind"] for v in late.violations] == ["late"]  # filed 03-02, due 03-05
    roll = svc.roll_lock(actor=op, roll=roll, on=dt.date(2026, 3, 9))
    assert roll.state == "locked"
    with pytest.raises(ValidationError, match="已锁定"):
        add(op, roll, 3)
    entry = roll.entries.filter(status="active").first()
    with pytest.raises(ValidationError, match="已锁定"):
        svc.entry_remove(actor=op, entry=entry, reason="died")


# -- pages -------------------------------------------------------------------------------------


def test_print_list_by_group_has_no_id_numbers(cast, rolls, client, tmp_path):
    op = cast["town_operator"]
    numbers = [citizen(1, birth=dt.date(1980, 5, 1)), citizen(2, birth=dt.date(1980, 5, 1))]
    add(op, rolls["east"], 1, group="第一村民小组", name="张三")
    add(op, rolls["east"], 2, group="第二村民小组", name="李四")
    masked = RollEntry.objects.values_list("id_masked", flat=True)
    client.login(username="town_op", password=PASSWORD)
    html = client.get(reverse("elections_roll:print", args=[rolls["east"].pk])).content.decode()
    assert "第一村民小组（1 人）" in html and "第二村民小组（1 人）" in html and "张三" in html
    for n in [*numbers, *masked, numbers[0][:6] + "*"]:
        assert n not in html
    response = client.get(reverse("elections_roll:pdf", args=[rolls["east"].pk]))
    assert response["Content-Type"] == "application/pdf"
    (tmp_path / "l.pdf").write_bytes(response.content)
    text = subprocess.run(
        ["pdftotext", str(tmp_path / "l.pdf"), "-"], capture_output=True, check=True, text=True
    ).stdout
    assert "第一村民小组" in text and "张三" in text
    for n in [*numbers, *masked]:
        assert n not in text and n[-4:] not in text.replace("2026", "")


def test_pages_inside_and_outside_the_jurisdiction(cast, rolls, client):
    client.login(username="town_op", password=PASSWORD)
    for name in ("roll", "print", "changes"):
        assert client.get(reverse(f"elections_roll:{name}", args=[rolls["east"].pk])).status_code == 200
    assert client.get(reverse("elections_roll:index")).status_code == 200
    client.login(username="town_b_op", password=PASSWORD)
    for name in ("roll", "print", "pdf", "changes"):
        assert client.get(reverse(f"elections_roll:{name}", args=[rolls["east"].pk])).status_code == 404
    response = client.post(reverse("elections_roll:publish", args=[rolls["east"].pk]), {"on": "2026-02-28"})
    assert response.status_code == 404
    assert VoterRoll.objects.get(pk=rolls["east"].pk).state == "draft"


def test_entry_added_through_the_page(cast, rolls, client):
    client.login(username="village_op", password=PASSWORD)
    url = reverse("elections_roll:entry_add", args=[rolls["east"].pk])
    data = {"name": "孙九", "citizen_id": citizen(9), "group": "第一村民小组", "category": "hukou_resident"}
    assert client.post(url, data).status_code == 302
    response = client.post(url, {**data, "citizen_id": citizen(8), "deprived": "on"})
    assert response.status_code == 400 and "被剥夺政治权利" in response.content.decode()
    assert list(VoterRoll.objects.get(pk=rolls["east"].pk).entries.values_list("name", flat=True)) == ["孙九"]


def test_commit_rechecks_the_roll_changed_since_the_preview(cast, rolls):
    op = cast["town_operator"]
    job = run(op, csv_bytes([HEADER, row(), row(name="李四", seq=2)]), "r.csv")
    assert job.status == Status.READY
    VoterRoll.objects.filter(pk=rolls["east"].pk).update(state="locked")
    job = imports.job_commit(job)
    assert job.status == Status.INVALID
    assert RollEntry.objects.count() == 0


def test_the_county_records_the_choice_for_villages_of_two_towns(cast, rolls):
    a = add(cast["town_operator"], rolls["east"], 1)
    b = add(cast["other_town_operator"], rolls["south"], 1)
    conflict = RollConflict.objects.get()
    assert conflict.level_path == cast.county.path
    with pytest.raises(PermissionDenied):  # a town holds only one of the two villages
        svc.conflict_resolve(actor=cast["town_operator"], conflict=conflict, keep=a.pk, note="本人申请")
    svc.conflict_resolve(
        actor=cast["county_operator"], conflict=conflict, keep=a.pk, note="本人申请在东村登记"
    )
    b.refresh_from_db()
    assert (b.status, b.remove_reason) == ("removed", "elsewhere")


# -- the read-only roll API ------------------------------------------------------------------


def test_the_roll_api_lists_entries_inside_only_paginated_and_without_id_numbers(cast, rolls, client):
    from huanjie.elections.models import Election
    from tests.apiclient import api_get, bearer, body_text

    op = cast["town_operator"]
    east = rolls["east"]
    kept = [add(op, east, seq, group=f"第{1 + seq % 2}村民小组", name=f"选民{seq}") for seq in range(1, 4)]
    gone = add(op, east, 9, name="迁出者")
    svc.entry_remove(actor=op, entry=gone, reason="moved_out")
    token = bearer(cast["county_operator"])
    listed = api_get(client, "/api/elections/roll/rolls", token).json()
    assert {(r["unit_name"], r["voting_day"], r["state"]) for r in listed["items"]} >= {
        ("东村", "2026-03-20", "draft"),
        ("西村", "2026-03-20", "draft"),
    }
    entries = api_get(client, f"/api/elections/roll/rolls/{east.pk}/entries", token, page_size=2).json()
    assert entries["count"] == 4 and len(entries["items"]) == 2
    active = api_get(client, f"/api/elections/roll/rolls/{east.pk}/entries", token, status="active").json()
    assert [(e["name"], e["group"]) for e in active["items"]] == [
        ("选民2", "第1村民小组"),
        ("选民1", "第2村民小组"),
        ("选民3", "第2村民小组"),
    ]
    assert active["items"][0]["age"] == 45 and active["items"][0]["id_masked"] == kept[1].id_masked
    removed = api_get(client, f"/api/elections/roll/rolls/{east.pk}/entries", token, status="removed").json()
    assert [(e["name"], e["remove_reason"]) for e in removed["items"]] == [("迁出者", "moved_out")]
    text = body_text(api_get(client, f"/api/elections/roll/rolls/{east.pk}/entries", token))
    for e in [*kept, gone]:
        full = crypto.decrypt(RollEntry.objects.get(pk=e.pk).id_cipher)
        assert full not in text and e.id_masked in text
    assert "birth_date" not in text and "id_cipher" not in text and "id_index" not in text
    bad = api_get(client, f"/api/elections/roll/rolls/{east.pk}/entries", token, status="x")
    assert bad.status_code == 422

    # The election's entries: none before the day's roll is published, then the published roll's.
    e = Election.objects.create(campaign=east.campaign, unit=cast.village, body="committee", election_day=E)
    url = f"/api/elections/roll/elections/{e.pk}/entries"
    assert api_get(client, url, token).json() == {"items": [], "count": 0}
    svc.roll_publish(actor=op, roll=east, on=dt.date(2026, 2, 27))
    assert api_get(client, url, token, status="active").json()["count"] == 3

    outsider = bearer(cast["other_town_operator"])
    assert api_get(client, f"/api/elections/roll/rolls/{east.pk}/entries", outsider).status_code == 404
    assert api_get(client, url, outsider).status_code == 404
    names = [r["unit_name"] for r in api_get(client, "/api/elections/roll/rolls", outsider).json()["items"]]
    assert "东村" not in names and "西村" not in names
    assert api_get(client, "/api/elections/roll/rolls", None).status_code == 401


@pytest.mark.django_db(transaction=True)
def test_a_roll_locked_while_the_import_commits_is_seen_and_nothing_is_written(cast, rolls):
    """The commit takes the rolls' row locks like every writer of entries: a town operator locking
    the roll at that moment is waited for, and the commit then sees the roll locked (PostgreSQL; on
    SQLite the commit holds the database's write lock from its first statement)."""
    import threading

    from django.db import connection, connections, transaction

    if connection.vendor != "postgresql":
        pytest.skip("row locks: PostgreSQL")
    op = cast["town_operator"]
    job = run(op, csv_bytes([HEADER, row(), row(name="李四", seq=2)]), "r.csv")
    assert job.status == Status.READY
    locked, release = threading.Event(), threading.Event()

    def lock_the_roll() -> None:
        try:
            with transaction.atomic():
                VoterRoll.objects.select_for_update().filter(pk=rolls["east"].pk).update(state="locked")
                locked.set()
                release.wait(30)
        finally:
            connections.close_all()

    other = threading.Thread(target=lock_the_roll)
    other.start()
    assert locked.wait(30)
    threading.Timer(1.0, release.set).start()  # the lock holder commits while the import waits for it
    job = imports.job_commit(job)
    other.join(30)
    assert job.status == Status.INVALID
    reason = "该名单已锁定、已被取代或不在您的管辖范围内"
    assert errors(job) == [(2, "村（社区）区划代码", reason), (3, "村（社区）区划代码", reason)]
    assert RollEntry.objects.count() == 0
