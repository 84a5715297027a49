"""Importing the sitting-member roster: every problem is reported exactly; only clean files commit,
all-or-nothing, in one transaction with a final scope re-check and one audit event."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse

from huanjie.accounts.models import RoleAssignment
from huanjie.core import crypto, imports
from huanjie.core.models import AuditEvent, ImportJob
from huanjie.org.models import OrgUnit
from huanjie.people.models import Committee, Person, Tenure
from tests.factories import PASSWORD, PersonFactory, seat
from tests.importfiles import ROSTER_HEADER, citizen, csv_bytes, roster_row, table, write_xlsx

Status = ImportJob.Status
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def clean_rows() -> list[dict]:
    """东村: 书记 who is also 主任 (一肩挑), a party committee member, a villagers' committee
    member, and 西村's secretary."""
    return [
        roster_row(),
        roster_row(班子="村民委员会", 党组织形式="", 职务="主任"),
        roster_row(姓名="李秀英", 身份证号=citizen(2, female=True), 性别="女", 职务="委员", 党组织形式=""),
        roster_row(
            姓名="王强",
            身份证号=citizen(3, birth=dt.date(1990, 1, 5)),
            出生日期="1990/1/5",
            政治面貌="群众",
            入党时间="",
            班子="村民委员会",
            党组织形式="",
            职务="委员",
        ),
        roster_row(
            **{"村（社区）区划代码": "329901001202", "村（社区）名称": "西村"},
            姓名="赵敏",
            身份证号=citizen(4, female=True),
            性别="女",
            党组织形式="党总支",
        ),
    ]


def preview(user, data: bytes, name: str = "roster.xlsx") -> ImportJob:
    job = imports.job_create(actor=user, kind="roster", file_name=name, data=data)
    return imports.job_preview(job)


def xlsx(tmp_path, rows: list[dict], **kw) -> bytes:
    return write_xlsx(tmp_path / "roster.xlsx", table(ROSTER_HEADER, rows), **kw).read_bytes()


def problems(job: ImportJob) -> list[tuple]:
    return [(p["row"], p["column"], p["value"], p["reason"], p["level"]) for p in job.problems]


def errors(job: ImportJob) -> list[tuple]:
    return [(row, col, value, reason) for row, col, value, reason, level in problems(job) if level == "error"]


def counts() -> tuple[int, int, int]:
    return Person.objects.count(), Committee.objects.count(), Tenure.objects.count()


# -- the clean path ----------------------------------------------------------------------------


def test_clean_file_previews_then_commits_everything_with_one_audit_event(cast, tmp_path):
    op = cast["town_operator"]
    data = xlsx(tmp_path, clean_rows())
    job = preview(op, data)
    assert (job.status, job.error_count, job.rows_total) == (Status.READY, 0, 5)
    assert job.source == "Excel 工作簿，工作表“数据”"
    assert job.preview["summary"] == ["新增人员 4 人", "新建班子 3 个", "新增在任职务 5 条"]
    assert counts() == (0, 0, 0)  # preview writes nothing
    audit_before = AuditEvent.objects.count()

    job = imports.job_commit(job)

    assert job.status == Status.DONE
    assert counts() == (4, 3, 5)
    secretary = Person.objects.get(name="张建国")
    assert (secretary.sex, secretary.birth_date, secretary.id_masked) == (
        "M",
        dt.date(1981, 4, 12),
        "329901" + "*" * 12,
    )
    assert (secretary.education, secretary.education_in_service, secretary.political_status) == (
        "secondary",
        "junior_college",
        "cpc",
    )
    assert secretary.domicile_unit == cast.village
    assert sorted(Tenure.objects.filter(person=secretary).values_list("committee__kind", "post")) == [
        ("party_org", "secretary"),
        ("villagers_committee", "chair"),
    ]
    assert Committee.objects.get(org_unit=cast.village2).party_org_form == "general_branch"
    assert Committee.objects.get(org_unit=cast.village, kind="party_org").party_org_form == "branch"
    tenure = Tenure.objects.get(person__name="王强")
    assert (tenure.post, tenure.term_number, tenure.start_date, tenure.source, tenure.end_date) == (
        "member",
        11,
        dt.date(2021, 3, 1),
        "incumbent",
        None,
    )
    # One audit event for the whole import, not one per row.
    assert AuditEvent.objects.count() == audit_before + 1
    ev = AuditEvent.objects.get(action="import")
    assert (ev.actor, ev.model, ev.object_id, ev.org_path) == (op, "people.Tenure", str(job.pk), "329901001")
    person_ids = sorted(Person.objects.values_list("pk", flat=True))
    assert ev.after["file_digest"] == crypto.file_digest(data)
    assert ev.after["file_name"] == "roster.xlsx"
    assert ev.after["rows"] == 5
    assert ev.after["persons_created"] == 4
    assert ev.after["tenures_created"] == 5
    assert ev.after["committees_created"] == 3
    assert ev.after["person_ids"] == [person_ids[0], person_ids[-1]]
    assert job.result["tenures_created"] == 5
    # After the commit only the digest of the file is kept.
    stored = ImportJob.objects.get(pk=job.pk)
    assert (bytes(stored.file_data), bytes(stored.checked_rows)) == (b"", b"")


def test_gbk_csv_roster_commits(cast):
    data = csv_bytes(table(ROSTER_HEADER, clean_rows()), encoding="gbk")
    job = preview(cast["town_operator"], data, "roster.csv")
    assert job.source == "CSV 文件，编码 GB18030（兼容 GBK）"
    assert job.status == Status.READY
    assert imports.job_commit(job).status == Status.DONE
    assert counts() == (4, 3, 5)


# -- every problem, exactly ---------------------------------------------------------------------


def test_bad_check_digit(cast, tmp_path):
    good = citizen(1)
    bad = good[:-1] + ("0" if good[-1] != "0" else "1")
    job = preview(cast["town_operator"], xlsx(tmp_path, [roster_row(身份证号=bad)]))
    assert errors(job) == [
        (
            2,
            "身份证号",
            "329901" + "*" * 12,
            f"身份证号无效：校验码错误：应为 {good[-1]}，实际为 {bad[-1]}",
        )
    ]
    assert job.status == Status.INVALID


def test_sex_and_birth_date_must_agree_with_the_id(cast, tmp_path):
    rows = [roster_row(性别="女"), roster_row(身份证号=citizen(2), 职务="委员", 出生日期="1981-04-13")]
    job = preview(cast["town_operator"], xlsx(tmp_path, rows))
    assert errors(job) == [
        (2, "性别", "女", "性别与身份证号不符（身份证号显示为男）"),
        (3, "出生日期", "1981-04-13", "出生日期与身份证号不符（身份证号显示为 1981-04-12）"),
    ]


def test_unknown_unit_code_and_a_town_code(cast, tmp_path):
    rows = [
        roster_row(**{"村（社区）区划代码": "329901001299"}),
        roster_row(**{"村（社区）区划代码": "329901001000"}, 身份证号=citizen(2)),
    ]
    job = preview(cast["town_operator"], xlsx(tmp_path, rows))
    assert errors(job) == [
        (2, "村（社区）区划代码", "329901001299", "区划代码不存在"),
        (3, "村（社区）区划代码", "329901001000", "应为村或社区的区划代码（此代码是乡镇（街道）“青石镇”）"),
    ]


def test_operator_of_another_town_is_refused(cast, tmp_path):
    """A 白沙镇 operator importing 青石镇 rows: every row is refused, nothing can be committed."""
    job = preview(cast["other_town_operator"], xlsx(tmp_path, clean_rows()[:2]))
    assert errors(job) == [
        (2, "村（社区）区划代码", "329901001201", "“东村”不在您的管辖范围内"),
        (3, "村（社区）区划代码", "329901001201", "“东村”不在您的管辖范围内"),
    ]
    with pytest.raises(ValidationError):
        imports.job_commit(job)
    assert counts() == (0, 0, 0)


def test_duplicate_person_in_one_committee_reports_both_rows(cast, tmp_path):
    rows = [
        roster_row(),
        roster_row(职务="委员"),
        roster_row(姓名="李秀英", 身份证号=citizen(2, female=True), 性别="女", 职务="委员"),
    ]
    job = preview(cast["town_operator"], xlsx(tmp_path, rows))
    masked = "329901" + "*" * 12
    assert errors(job) == [
        (2, "身份证号", masked, "同一人在同一班子中重复出现（第 3 行也是此人）"),
        (3, "身份证号", masked, "同一人在同一班子中重复出现（第 2 行已有此人）"),
    ]


def test_same_id_with_a_different_name(cast, tmp_path):
    rows = [roster_row(), roster_row(姓名="张建军", 班子="村民委员会", 党组织形式="", 职务="主任")]
    job = preview(cast["town_operator"], xlsx(tmp_path, rows))
    assert errors(job) == [(3, "姓名", "张建军", "同一身份证号在第 2 行的姓名为“张建国”")]


def test_second_secretary_in_the_file(cast, tmp_path):
    rows = [roster_row(), roster_row(姓名="李秀英", 身份证号=citizen(2, female=True), 性别="女")]
    job = preview(cast["town_operator"], xlsx(tmp_path, rows))
    assert errors(job) == [(3, "职务", "书记", "同一班子只能有一名书记（第 2 行已填写书记）")]


def test_second_chair_of_supervision_committee_in_the_file(cast, tmp_path):
    rows = [
        roster_row(班子="监督委员会", 党组织形式="", 职务="监委会主任"),
        roster_row(
            姓名="李秀英",
            身份证号=citizen(2, female=True),
            性别="女",
            班子="监委会",
            党组织形式="",
            职务="主任",
        ),
    ]
    job = preview(cast["town_operator"], xlsx(tmp_path, rows))
    assert errors(job) == [
        (3, "职务", "监委会主任", "同一班子只能有一名监委会主任（第 2 行已填写监委会主任）")
    ]


def test_second_secretary_with_a_sitting_secretary(cast, tmp_path):
    sitting = PersonFactory(domicile_unit=cast.village, name="老书记")
    seat(sitting, cast.village, "party_org", "secretary")
    job = preview(cast["town_operator"], xlsx(tmp_path, [roster_row()]))
    assert errors(job) == [(2, "职务", "书记", "该班子已有在任书记“老书记”，请先办理其离任")]


def test_post_not_fitting_the_committee(cast, tmp_path):
    rows = [
        roster_row(班子="村民委员会", 党组织形式="", 职务="书记"),
        roster_row(身份证号=citizen(2), 职务="副主任"),
    ]
    job = preview(cast["town_operator"], xlsx(tmp_path, rows))
    assert errors(job) == [
        (2, "职务", "书记", "村民委员会没有此职务（可选：主任、副主任、委员）"),
        (3, "职务", "副主任", "党组织没有此职务（可选：书记、副书记、委员）"),
    ]


def test_committee_must_fit_village_or_community(cast):
    rows = [
        roster_row(
            **{"村（社区）区划代码": "329902001001", "村（社区）名称": "和平社区"},
            班子="村民委员会",
            党组织形式="",
            职务="主任",
        )
    ]
    job = preview(cast["city_operator"], csv_bytes(table(ROSTER_HEADER, rows)), "r.csv")
    assert errors(job) == [(2, "班子", "村民委员会", "社区应设居民委员会，而非村民委员会")]


def test_text_in_a_number_column_and_blank_required_cells(cast, tmp_path):
    rows = [roster_row(届次="十一"), roster_row(身份证号=citizen(2), 职务="委员", 姓名="", 任职日期="")]
    job = preview(cast["town_operator"], xlsx(tmp_path, rows))
    assert errors(job) == [
        (2, "届次", "十一", "此列应填数字，不能填文本"),
        (3, "姓名", "", "必填项不能为空"),
        (3, "任职日期", "", "必填项不能为空"),
    ]


def test_wrong_choices_and_party_date(cast, tmp_path):
    rows = [roster_row(民族="火星族", 政治面貌="群众", 全日制学历="博士后")]
    job = preview(cast["town_operator"], xlsx(tmp_path, rows))
    assert errors(job) == [
        (2, "民族", "火星族", "不是可选值，请按模板“说明”工作表填写"),
        (2, "入党时间", "1998-07-01", "非党员不应填写入党时间"),
        (2, "全日制学历", "博士后", "不是可选值，可选：研究生、大学本科、大专、中专或高中、初中及以下"),
    ]


def test_id_stored_as_a_number_in_excel(cast, tmp_path):
    job = preview(cast["town_operator"], xlsx(tmp_path, [roster_row(身份证号=float(citizen(1)[:17] + "0"))]))
    assert errors(job)[0][1:] == (
        "身份证号",
        "329901" + "*" * 12,
        "身份证号被存成了数字（末几位可能已丢失），请将该列设为文本格式后重新填写",
    )


def test_person_already_sitting_on_the_committee(cast, tmp_path):
    number = citizen(1)
    person = PersonFactory(domicile_unit=cast.village, name="张建国", number=number)
    seat(person, cast.village, "party_org", "party_member")
    job = preview(cast["town_operator"], xlsx(tmp_path, [roster_row(职务="副书记")]))
    assert errors(job) == [(2, "身份证号", "329901" + "*" * 12, "此人已在该班子任职（在任）")]


def test_registered_person_is_reused_with_a_warning_when_the_name_differs(cast, tmp_path):
    """Inside the uploader's jurisdiction (西村, same town); outside it, see
    tests/people/test_registration_conflicts.py."""
    number = citizen(1)
    existing = PersonFactory(domicile_unit=cast.village2, name="张健国", number=number)
    job = preview(cast["town_operator"], xlsx(tmp_path, [roster_row()]))
    assert job.status == Status.READY
    assert problems(job) == [
        (2, "姓名", "张建国", "该身份证号已登记为“张健国”，将沿用已登记的人员记录（不修改其信息）", "warning")
    ]
    assert job.preview["summary"][0] == "新增人员 0 人，沿用已登记人员 1 人"
    imports.job_commit(job)
    assert Person.objects.count() == 1
    existing.refresh_from_db()
    assert (existing.name, existing.domicile_unit) == ("张健国", cast.village2)
    assert Tenure.objects.get().person == existing


# -- all-or-nothing and the final checks --------------------------------------------------------


def test_one_bad_row_writes_nothing(cast, tmp_path):
    rows = clean_rows()
    rows[3]["届次"] = "第十一届"
    job = preview(cast["town_operator"], xlsx(tmp_path, rows))
    assert job.status == Status.INVALID
    assert errors(job) == [(5, "届次", "第十一届", "此列应填数字，不能填文本")]
    with pytest.raises(ValidationError):
        imports.job_commit(job)
    assert counts() == (0, 0, 0)
    assert not AuditEvent.objects.filter(action="import").exists()


def test_changes_after_preview_are_caught_at_commit_and_nothing_is_written(cast, tmp_path):
    job = preview(cast["town_operator"], xlsx(tmp_path, clean_rows()))
    assert job.status == Status.READY
    # Someone else seats a secretary on 西村 between preview and commit.
    seat(PersonFactory(domicile_unit=cast.village2, name="新书记"), cast.village2, "party_org", "secretary")
    before = counts()
    job = imports.job_commit(job)
    assert job.status == Status.INVALID
    assert job.message == "预览之后数据发生了变化，出现了下列问题，未导入任何数据。"
    assert errors(job) == [(6, "职务", "书记", "该班子已有在任书记“新书记”，请先办理其离任")]
    assert counts() == before


def test_commit_rechecks_the_previewed_rows_against_the_units_as_they_are_now(cast, tmp_path):
    job = preview(cast["town_operator"], xlsx(tmp_path, clean_rows()))
    assert bytes(ImportJob.objects.get(pk=job.pk).checked_rows) != b""  # kept, encrypted, for the commit
    OrgUnit.objects.filter(pk=cast.village2.pk).update(is_active=False)
    job = imports.job_commit(job)
    assert job.status == Status.INVALID
    assert errors(job) == [(6, "村（社区）区划代码", "329901001202", "“西村”已撤销")]
    assert counts() == (0, 0, 0)


def test_final_scope_recheck_inside_the_transaction(cast, tmp_path):
    op = cast["town_operator"]
    job = preview(op, xlsx(tmp_path, clean_rows()))
    assert job.status == Status.READY
    # The operator's role is withdrawn after the preview.
    RoleAssignment.objects.filter(user=op).update(is_active=False)
    job = imports.job_commit(job)
    assert job.status == Status.FAILED
    assert job.message.startswith("未导入任何数据：")
    assert counts() == (0, 0, 0)


def test_commit_twice_is_refused(cast, tmp_path):
    job = preview(cast["town_operator"], xlsx(tmp_path, clean_rows()[:1]))
    imports.job_commit(job)
    with pytest.raises(ValidationError):
        imports.job_commit(ImportJob.objects.get(pk=job.pk))
    assert Tenure.objects.count() == 1


# -- background jobs ---------------------------------------------------------------------------


@override_settings(TASKS=IMMEDIATE, HUANJIE_IMPORT_BACKGROUND_ROWS=3)
def test_file_over_the_threshold_runs_as_a_background_task_with_progress(cast, tmp_path, monkeypatch):
    seen: list[tuple[str, int, int]] = []
    original = imports.ProgressSink.__call__

    def spy(self, done, *, force=False):
        seen.append((self.stage, done, self.total))
        return original(self, done, force=force)

    monkeypatch.setattr(imports.ProgressSink, "__call__", spy)
    job = preview(cast["town_operator"], xlsx(tmp_path, clean_rows()))
    job.refresh_from_db()
    assert job.background is True
    assert (job.status, job.rows_done, job.rows_total) == (Status.READY, 5, 5)
    assert seen[-1] == ("检查", 5, 5)

    job = imports.job_commit(job)
    job.refresh_from_db()
    assert job.status == Status.DONE
    assert counts() == (4, 3, 5)
    assert ("写入", 5, 5) in seen


@override_settings(TASKS=IMMEDIATE, HUANJIE_IMPORT_BACKGROUND_ROWS=3)
def test_background_import_through_the_pages(cast, tmp_path, client):
    client.login(username="town_op", password=PASSWORD)
    path = write_xlsx(tmp_path / "big.xlsx", table(ROSTER_HEADER, clean_rows()))
    with path.open("rb") as f:
        response = client.post(reverse("import:index"), {"kind": "roster", "file": f})
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("import:job", args=[job.pk])
    assert job.background and job.status == Status.READY
    response = client.post(reverse("import:commit", args=[job.pk]))
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == Status.DONE


def test_progress_partial_shows_the_bar_and_reloads_when_finished(cast, client):
    op = cast["town_operator"]
    job = imports.job_create(actor=op, kind="roster", file_name="big.xlsx", data=b"PK")
    ImportJob.objects.filter(pk=job.pk).update(
        status=Status.VALIDATING, rows_done=3, rows_total=8, message="检查"
    )
    client.login(username="town_op", password=PASSWORD)
    url = reverse("import:progress", args=[job.pk])
    html = client.get(url).content.decode()
    assert 'class="progress-bar progress-bar-striped progress-bar-animated hj-pct-37"' in html
    assert "预览：正在检查第 3 / 8 行" in html
    assert f'hx-get="{url}"' in html and 'hx-trigger="every 1s"' in html
    page = client.get(reverse("import:job", args=[job.pk])).content.decode()
    assert 'id="import-progress"' in page
    ImportJob.objects.filter(pk=job.pk).update(status=Status.READY)
    response = client.get(url)
    assert response["HX-Refresh"] == "true"


@pytest.mark.django_db(transaction=True)
def test_commit_progress_goes_through_the_side_channel(cast, tmp_path):
    """Inside the commit transaction the job row is not updated by the importing connection: the
    page reads the side channel (a second connection on PostgreSQL, a file on SQLite)."""
    job = preview(cast["town_operator"], xlsx(tmp_path, clean_rows()))
    ImportJob.objects.filter(pk=job.pk).update(status=Status.COMMITTING)
    job.refresh_from_db()
    sink = imports.ProgressSink(job, "写入", 5)
    sink.in_transaction = True
    sink(4, force=True)
    job.refresh_from_db()
    assert imports.live_progress(job) == (4, 5, "写入")
    sink.close()
    assert not imports.progress.progress_file(job.pk).exists()


# -- pages -------------------------------------------------------------------------------------


def test_pages_one_bad_row_then_fixed(cast, tmp_path, client):
    client.login(username="town_op", password=PASSWORD)
    index = client.get(reverse("import:index"))
    html = index.content.decode()
    assert index.status_code == 200
    assert 'name="file"' in html and "预览" in html and 'id="template-roster"' in html
    rows = clean_rows()
    rows[2]["身份证号"] = rows[2]["身份证号"][:-1] + ("X" if rows[2]["身份证号"][-1] != "X" else "1")
    bad = write_xlsx(tmp_path / "bad.xlsx", table(ROSTER_HEADER, rows))
    with bad.open("rb") as f:
        response = client.post(reverse("import:index"), {"kind": "roster", "file": f}, follow=True)
    html = response.content.decode()
    assert 'id="problems"' in html
    assert "校验码错误" in html
    assert "确认导入" not in html
    good = write_xlsx(tmp_path / "good.xlsx", table(ROSTER_HEADER, clean_rows()))
    with good.open("rb") as f:
        response = client.post(reverse("import:index"), {"kind": "roster", "file": f}, follow=True)
    html = response.content.decode()
    # Only warnings remain: 东村's 村民委员会 will have 2 members, fewer than the law's 3 (the village
    # page's check, with its article); nothing blocks the commit.
    assert "确认导入" in html and "table-danger" not in html
    assert "村民委员会在任 2 人，少于法定的 3 人" in html and "村民委员会组织法(2018) 第六条" in html
    job = ImportJob.objects.filter(file_name="good.xlsx").get()
    assert job.error_count == 0
    response = client.post(reverse("import:commit", args=[job.pk]), follow=True)
    assert "导入完成" in response.content.decode()
    assert counts() == (4, 3, 5)


def test_jobs_are_private_to_their_uploader(cast, tmp_path, client):
    job = preview(cast["town_operator"], xlsx(tmp_path, clean_rows()))
    client.login(username="town_b_op", password=PASSWORD)
    assert client.get(reverse("import:job", args=[job.pk])).status_code == 404
    assert client.post(reverse("import:commit", args=[job.pk])).status_code == 404
    assert client.get(reverse("import:progress", args=[job.pk])).status_code == 404
    assert counts() == (0, 0, 0)


@pytest.mark.parametrize("role", ["village_operator", "county_approver", "leader", "auditadmin", "sysadmin"])
def test_roles_without_import_capability_get_403(cast, client, role):
    client.force_login(cast[role])
    assert client.get(reverse("import:index")).status_code == 403
    assert client.get(reverse("import:template", args=["roster"])).status_code == 403


def test_template_download(cast, client):
    client.force_login(cast["town_operator"])
    response = client.get(reverse("import:template", args=["roster"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert "attachment" in response["Content-Disposition"]
    assert response.content.startswith(b"PK")
    assert client.get(reverse("import:template", args=["nothing"])).status_code == 404


def test_preview_announces_every_change_the_commit_reports(cast, tmp_path):
    """A 党组织形式 changed on an existing committee is in the preview, as in the result."""
    Committee.objects.create(org_unit=cast.village, kind="party_org", party_org_form="general_branch")
    job = preview(cast["town_operator"], xlsx(tmp_path, [roster_row(党组织形式="党支部")]))
    assert job.status == Status.READY
    assert "更新党组织形式 1 个" in job.preview["summary"]
    announced = job.preview["summary"]
    job = imports.job_commit(job)
    assert job.result["committees_updated"] == 1
    assert imports.importer_for("roster").result_lines(job.result) == announced


def test_problem_list_downloads_as_xlsx_with_row_column_value_reason(cast, client, tmp_path):
    import io

    import openpyxl

    op = cast["town_operator"]
    job = preview(op, xlsx(tmp_path, [roster_row(届次="第十一届", 民族="火星族")]))
    assert job.status == Status.INVALID
    client.force_login(op)
    page = client.get(reverse("import:job", args=[job.pk]))
    assert reverse("import:problems", args=[job.pk]) in page.content.decode()
    response = client.get(reverse("import:problems", args=[job.pk]))
    assert response.status_code == 200
    rows = list(openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.values)
    # Every export starts with its 序号 column.
    start = next(i for i, r in enumerate(rows) if r[:6] == ("序号", "行", "列", "值", "原因", "类别"))
    listed = {(r[1], r[2], r[3], r[5]) for r in rows[start + 1 :]}
    assert {(p["row"], p["column"], p["value"]) for p in job.problems} == {
        (int(a) if a not in ("", None) else None, b, c or "") for a, b, c, _ in listed
    }
    assert {r[5] for r in rows[start + 1 :]} == {"错误"}
    client.force_login(cast["other_town_operator"])
    assert client.get(reverse("import:problems", args=[job.pk])).status_code == 404


def test_file_digest_is_not_shown_to_town_staff(cast, client, tmp_path):
    """The SM3 digest of the file is for auditors: it is in the import's audit event, not on the
    operator's job page."""
    op = cast["town_operator"]
    data = xlsx(tmp_path, [roster_row()])
    job = imports.job_commit(preview(op, data))
    client.force_login(op)
    page = client.get(reverse("import:job", args=[job.pk])).content.decode()
    assert job.file_digest not in page and "SM3" not in page
    assert AuditEvent.objects.get(action="import").after["file_digest"] == crypto.file_digest(data)


def test_result_links_to_the_villages_changed(cast, client, tmp_path):
    op = cast["town_operator"]
    job = imports.job_commit(preview(op, xlsx(tmp_path, clean_rows())))
    assert job.result["units"] == [
        [cast.village.code, cast.village.name],
        [cast.village2.code, cast.village2.name],
    ]
    client.force_login(op)
    page = client.get(reverse("import:job", args=[job.pk])).content.decode()
    for unit in (cast.village, cast.village2):
        assert f'href="{reverse("org:unit", args=[unit.code])}"' in page
