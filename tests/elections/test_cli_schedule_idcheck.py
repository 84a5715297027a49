"""`huanjie schedule` and `huanjie idcheck`: the JSON builders (elections.cli) and the commands end to end."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from huanjie.elections.cli.idcheck import idcheck_report
from huanjie.elections.cli.schedule import parse_actual, parse_calendar, run_schedule, schedule_as_json
from huanjie.rules.dates import HolidayCalendar
from tests.rules.test_schedule import ON_TIME

E = "2026-03-20"
DAY = date(2026, 3, 20)


def cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "huanjie.cli", *args],
        capture_output=True,
        text=True,
        input=stdin,
        timeout=120,
        check=False,
    )


# --- pure builders ------------------------------------------------------------------------------------


def test_idcheck_report_valid_and_invalid() -> None:
    assert idcheck_report(" 11010519491231002x ") == {
        "id": "11010519491231002x",
        "valid": True,
        "number": "11010519491231002X",
        "birth_date": "1949-12-31",
        "sex": "F",
        "region": "110105",
        "reason": None,
    }
    bad = idcheck_report("130402198207290622", today=date(2026, 3, 20))
    assert bad["valid"] is False
    assert bad["reason"] == "校验码错误：应为 4，实际为 2"
    assert bad["birth_date"] is None


def test_run_schedule_defaults_to_national_profile() -> None:
    out = run_schedule(law="village-2025", profile=None, election_day=E)
    assert out["profile"] == "national"
    steps = {s["step"]: s for s in out["steps"]}
    assert steps["voter_list"]["latest"] == "2026-02-28"
    assert steps["candidate_list"]["latest"] == "2026-03-15"
    assert "violations" not in out


def test_run_schedule_with_actual_and_calendar() -> None:
    out = run_schedule(
        law="village-2025",
        profile="zhejiang",
        election_day=E,
        actual={"steps": {"voter_list": "2026-03-01"}, "as_of": "2026-03-02"},
        calendar={"rest_weekdays": [5, 6]},
    )
    steps = {s["step"]: s for s in out["steps"]}
    assert steps["supplementary"]["latest"] == "2026-04-20"
    assert steps["objections"]["latest"] == "2026-03-06"  # 03-01 + 5
    assert [(v["step"], v["kind"]) for v in out["violations"]] == [("voter_list", "late")]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"law": None, "profile": None, "election_day": E}, "缺少参数 --law"),
        ({"law": "village-2030", "profile": None, "election_day": E}, "参数 --law 无效：village-2030"),
        ({"law": "village-2025", "profile": "mars", "election_day": E}, "参数 --profile 无效：mars"),
        ({"law": "village-2025", "profile": None, "election_day": None}, "缺少参数 --election-day"),
        (
            {"law": "village-2025", "profile": None, "election_day": "20260320x"},
            "--election-day 的日期 20260320x 无效",
        ),
        (
            {"law": "village-2025", "profile": None, "election_day": E, "actual": {"x": E}},
            "未知的程序步骤：x",
        ),
        (
            {"law": "village-2025", "profile": None, "election_day": E, "calendar": []},
            "节假日日历应为 JSON 对象",
        ),
    ],
)
def test_run_schedule_errors(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        run_schedule(**kwargs)  # type: ignore[arg-type]


def test_parse_calendar() -> None:
    cal = parse_calendar({"holidays": ["2026-10-01"], "workdays": ["2026-10-11"], "rest_weekdays": [6]})
    assert cal == HolidayCalendar(
        holidays=frozenset({date(2026, 10, 1)}),
        workdays=frozenset({date(2026, 10, 11)}),
        rest_weekdays=frozenset({6}),
    )
    assert parse_calendar({}) == HolidayCalendar()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"weekends": True}, "未知字段：weekends"),
        ({"holidays": "2026-10-01"}, "字段 holidays 应为日期列表"),
        ({"workdays": ["2026-13-01"]}, "字段 workdays 的日期 2026-13-01 无效"),
        ({"rest_weekdays": [7]}, "rest_weekdays 应为 0-6"),
        ({"rest_weekdays": [True]}, "rest_weekdays 应为 0-6"),
        ({"rest_weekdays": 6}, "rest_weekdays 应为 0-6"),
    ],
)
def test_parse_calendar_errors(data: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_calendar(data)


# --- schedule JSON -------------------------------------------------------------------------------


def test_schedule_as_json_without_and_with_actual() -> None:
    plain = schedule_as_json("village-2025", "zhejiang", DAY)
    assert "violations" not in plain
    step = next(s for s in plain["steps"] if s["step"] == "voter_list")
    assert step["latest"] == "2026-02-28"
    assert "earliest" not in step
    sup = next(s for s in plain["steps"] if s["step"] == "supervision_election")
    assert "latest" not in sup
    assert sup["earliest"] == "2026-03-20"
    checked = schedule_as_json(
        "village-2025", "zhejiang", DAY, actual={**ON_TIME, "voter_list": date(2026, 3, 2)}
    )
    [v] = checked["violations"]
    assert v == {
        "step": "voter_list",
        "kind": "late",
        "severity": "error",
        "actual": "2026-03-02",
        "limit": "2026-02-28",
        "citation": "村民委员会组织法(2025) 第十七条；浙江省村民委员会选举办法 第十四条",
        "text": "公布选民名单：2026-03-02 办理，晚于最迟日期 2026-02-28 2 日",
    }
    missing = schedule_as_json("village-2025", "national", DAY, actual={}, as_of=date(2026, 3, 1))
    assert missing["violations"][0]["actual"] is None


def test_parse_actual_flat_and_nested() -> None:
    assert parse_actual({"voter_list": "2026-02-28"}) == ({"voter_list": date(2026, 2, 28)}, None)
    assert parse_actual({"steps": {"election": "2026-03-20"}, "as_of": "2026-03-01"}) == (
        {"election": DAY},
        date(2026, 3, 1),
    )
    assert parse_actual({"steps": {}}) == ({}, None)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([], "应为 JSON 对象"),
        ({"steps": []}, "字段 steps 应为对象"),
        ({"voter_list": 20260228}, "字段 voter_list 应为 YYYY-MM-DD"),
        ({"voter_list": "2026-02-30"}, "字段 voter_list 的日期 2026-02-30 无效"),
        ({"steps": {}, "as_of": "soon"}, "字段 as_of 的日期 soon 无效"),
    ],
)
def test_parse_actual_errors(data: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_actual(data)


# --- commands end to end ----------------------------------------------------------------------------


def test_idcheck_command_all_valid() -> None:
    lines = [
        json.loads(line) for line in call("idcheck", "11010519491231002X", "440524188001010014").splitlines()
    ]
    assert [(r["id"], r["valid"], r["sex"]) for r in lines] == [
        ("11010519491231002X", True, "F"),
        ("440524188001010014", True, "M"),
    ]
    assert lines[1]["birth_date"] == "1880-01-01"


def test_idcheck_command_one_invalid_exits_1() -> None:
    result = cli("idcheck", "11010519491231002X", "130402198207290622")
    assert result.returncode == 1
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["valid"] for r in lines] == [True, False]
    assert lines[1]["reason"] == "校验码错误：应为 4，实际为 2"


def test_idcheck_command_without_ids_exits_2() -> None:
    with pytest.raises(CommandError, match="请至少提供一个身份证号码") as info:
        call("idcheck")
    assert info.value.returncode == 2


def test_idcheck_command_in_process_exits_1_on_invalid() -> None:
    with pytest.raises(SystemExit) as info:
        call("idcheck", "130402198207290622")
    assert info.value.code == 1


def test_schedule_command_example16() -> None:
    result = cli("schedule", "--law", "village-2025", "--profile", "zhejiang", "--election-day", E)
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    latest = {s["step"]: s.get("latest") for s in out["steps"]}
    assert latest["voter_list"] == "2026-02-28"
    assert latest["candidate_list"] == "2026-03-15"
    assert latest["proxy_requests"] == "2026-03-17"
    assert latest["supplementary"] == "2026-04-19"
    assert all({"step", "title", "citation"} <= set(s) for s in out["steps"])
    assert all("latest" in s or "earliest" in s for s in out["steps"])


def call(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_schedule_command_with_actual_file_and_stdin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    actual = tmp_path / "actual.json"
    actual.write_text(
        json.dumps({"voter_list": "2026-02-28", "candidate_list": "2026-03-16"}), encoding="utf-8"
    )
    out = call(
        "schedule",
        "--law",
        "village-2025",
        "--profile",
        "beijing",
        "--election-day",
        E,
        "--actual",
        str(actual),
    )
    kinds = {(v["step"], v["kind"]) for v in json.loads(out)["violations"]}
    assert {("voter_list", "on_limit"), ("candidate_list", "late"), ("handover", "missing")} <= kinds
    monkeypatch.setattr("sys.stdin", io.StringIO('{"steps": {}, "as_of": "2026-03-01"}'))
    piped = call("schedule", "--law", "village-2025", "--election-day", E, "--actual", "-")
    assert [v["step"] for v in json.loads(piped)["violations"]] == ["voter_list"]


def test_schedule_command_calendar_file(tmp_path: Path) -> None:
    calendar = tmp_path / "calendar.json"
    calendar.write_text(json.dumps({"holidays": ["2026-04-04"]}), encoding="utf-8")
    out = call(
        "schedule",
        "--law",
        "village-2025",
        "--profile",
        "beijing",
        "--election-day",
        E,
        "--calendar",
        str(calendar),
    )
    latest = {s["step"]: s.get("latest") for s in json.loads(out)["steps"]}
    assert latest["supplementary"] == "2026-04-05"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--law", "village-2025", "--election-day", "2026-02-30"], "2026-02-30 无效"),
        (["--election-day", E], "缺少参数 --law"),
        (
            ["--law", "village-2025", "--election-day", E, "--actual", "/nonexistent/a.json"],
            "无法读取 --actual 文件",
        ),
    ],
)
def test_schedule_command_bad_input_raises_exit_2(args: list[str], message: str) -> None:
    with pytest.raises(CommandError, match=message) as info:
        call("schedule", *args)
    assert info.value.returncode == 2


def test_schedule_command_bad_input_end_to_end_is_one_chinese_line() -> None:
    result = cli("schedule", "--law", "village-2030", "--election-day", E)
    assert result.returncode == 2
    assert "参数 --law 无效：village-2030" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


def test_schedule_command_bad_json(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(CommandError, match="--actual 文件不是有效的 JSON：第 1 行") as info:
        call("schedule", "--law", "village-2025", "--election-day", E, "--actual", str(bad))
    assert info.value.returncode == 2
    dates_bad = tmp_path / "dates.json"
    dates_bad.write_text('{"voter_list": "soon"}', encoding="utf-8")
    with pytest.raises(CommandError, match="字段 voter_list 的日期 soon 无效"):
        call("schedule", "--law", "village-2025", "--election-day", E, "--actual", str(dates_bad))
