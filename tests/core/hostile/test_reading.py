"""The hostile corpus against the reader: every file is refused with a Chinese message naming the
limit, or read without harm; nothing ever crashes the process that asked (DESIGN.md rule 17)."""

from __future__ import annotations

import os
import pickle
import re

import pytest

from huanjie.core import imports
from huanjie.core.imports import ImportFileError
from huanjie.core.imports.limits import Limits
from huanjie.core.imports.sandbox import loads, parse_in_child
from tests.core.hostile import generator as g

CJK = re.compile(r"[\u4e00-\u9fff]")
ENGLISH_WORD = re.compile(r"\b(?!xlsx\b)[a-z]{4,}\b")


def refusal(name: str, **limits: int) -> str:
    file_name, build = g.CORPUS[name]
    with pytest.raises(ImportFileError) as exc:
        imports.read_table(build(), file_name, limits=Limits(**limits) if limits else None)
    message = str(exc.value)
    assert CJK.search(message), message
    bare = re.sub(r"“[^”]*/[^”]*”", "", message.replace("HUANJIE_IMPORT_", ""))  # part names aside
    assert not ENGLISH_WORD.search(bare), message  # no English left
    return message


# -- extent: never trust <dimension> ---------------------------------------------------------------


def test_a_lying_dimension_is_ignored_and_the_real_rows_are_counted():
    data = g.huge_dimension()
    assert imports.count_rows(data, "d.xlsx") == 2
    table = imports.read_table(data, "d.xlsx")
    assert table.total_rows == 2


def test_a_cell_at_xfd1048576_is_refused_before_parsing():
    message = refusal("far_cell")
    assert message.startswith(
        "工作表“数据”用到了第 16,384 列，超过了列数上限 200 列（HUANJIE_IMPORT_MAX_COLUMNS）"
    )
    with pytest.raises(ImportFileError, match="列数上限"):
        imports.count_rows(g.far_cell(), "x.xlsx")


def test_a_far_cell_the_scan_misses_is_stopped_by_the_child_memory_limit():
    message = refusal("far_cell_quoted", parse_memory_mb=512)
    assert message.startswith("解析文件所需的内存超过了上限 512 MB（HUANJIE_IMPORT_PARSE_MEMORY_MB）")


def test_rows_with_a_namespace_prefix_are_counted():
    assert imports.count_rows(g.prefixed_rows(7), "p.xlsx") == 7


def test_a_row_far_below_is_refused():
    message = refusal("far_row")
    assert "用到了第 1,048,576 行，超过了行数上限 500,000 行（HUANJIE_IMPORT_MAX_ROWS）" in message


def test_too_many_columns_and_rows_follow_the_settings(settings):
    assert "第 703 列，超过了列数上限 200 列" in refusal("wide_row")
    settings.HUANJIE_IMPORT_MAX_ROWS = 100
    with pytest.raises(ImportFileError, match="超过了行数上限 100 行"):
        imports.count_rows(g.many_rows(150), "rows.xlsx")
    assert imports.count_rows(g.many_rows(99), "rows.xlsx") == 100


def test_csv_rows_are_counted_by_their_line_ends():
    assert imports.count_rows(b"a,b\n1,2\n3,4\n", "x.csv") == 3
    assert imports.count_rows(b"a,b\r\n1,2\r\n3,4", "x.csv") == 3
    assert imports.count_rows(b"a,b\r1,2\r3,4\r", "x.csv") == 3
    assert imports.count_rows(b"", "x.csv") == 0


def test_too_many_csv_rows_and_columns():
    data = "\n".join(["a,b"] * 30).encode()
    with pytest.raises(ImportFileError, match="超过了行数上限 10 行"):
        imports.read_table(data, "x.csv", limits=Limits(max_rows=10))
    with pytest.raises(ImportFileError, match="超过了列数上限 1 列"):
        imports.read_table(data, "x.csv", limits=Limits(max_columns=1))


# -- archives ------------------------------------------------------------------------------------


def test_zip_bomb_by_ratio():
    message = refusal("zip_bomb")
    assert "超过了压缩比上限 200 倍（HUANJIE_IMPORT_MAX_RATIO）" in message


def test_zip_bomb_by_unpacked_size():
    message = refusal("zip_bomb", max_unpacked_mb=10, max_ratio=100_000)
    assert "超过了解压后大小上限 10 MB（HUANJIE_IMPORT_MAX_UNPACKED_MB）" in message


def test_sizes_that_lie_corrupt_deflate_and_truncation_are_damage():
    for name in ("lying_sizes", "corrupt_deflate"):
        assert refusal(name).startswith("Excel 工作簿已损坏")
    assert not g.csv_deflate_check(g.corrupt_deflate())
    for name in ("truncated_zip", "not_a_zip", "empty_xlsx", "no_workbook_part"):
        assert refusal(name).startswith("文件不是有效的 Excel 工作簿")


def test_the_file_size_limit():
    with pytest.raises(ImportFileError, match=r"超过了上限 1 MB（HUANJIE_IMPORT_MAX_FILE_MB）"):
        imports.read_table(b"a,b\n" * 300_000, "big.csv", limits=Limits(max_file_mb=1))


# -- calamine's own errors, in Chinese ---------------------------------------------------------------


def test_broken_xml_and_entities_are_reported_in_chinese():
    assert "标签未闭合" in refusal("broken_xml")
    assert "实体引用" in refusal("entity_expansion")


@pytest.mark.parametrize(
    ("english", "chinese"),
    [
        ("Xlsx error: Zip error: invalid Zip archive: Invalid zip header", "压缩包结构已损坏"),
        ("I/O error: File is larger than its declared uncompressed size", "压缩炸弹"),
        ("Cannot detect file format", "文件结构无法识别"),
        ("Workbook is password protected", "密码"),
        ("something nobody has seen", "文件可能已损坏"),
    ],
)
def test_calamine_messages_are_translated(english, chinese):
    from huanjie.core.imports.parsing import calamine_message

    message = calamine_message(english)
    assert chinese in message
    assert not ENGLISH_WORD.search(message)


# -- the child process ---------------------------------------------------------------------------


def test_the_child_memory_limit_stops_a_reader_that_asks_for_512_gib():
    """Without the scan, calamine would allocate a 16,384 × 1,048,576 grid: the child dies, not us."""
    pid = os.getpid()
    with pytest.raises(ImportFileError) as exc:
        parse_in_child(g.far_cell(), ".xlsx", "数据", Limits(parse_memory_mb=256))
    assert str(exc.value).startswith("解析文件所需的内存超过了上限 256 MB（HUANJIE_IMPORT_PARSE_MEMORY_MB）")
    assert os.getpid() == pid


def test_the_child_time_limit():
    data = b"a,b\n" + b"1,2\n" * 2_000_000
    with pytest.raises(ImportFileError, match=r"超过了时间上限 0 秒（HUANJIE_IMPORT_PARSE_SECONDS）"):
        parse_in_child(data, ".csv", None, Limits(parse_seconds=0))


def test_the_rows_come_in_chunks_in_order_and_can_be_read_again():
    data = "\n".join(f"{i},第{i}行" for i in range(10)).encode()
    table, rows, width = parse_in_child(data, ".csv", None, Limits(), chunk=3)
    assert (len(rows), width, table.rows) == (10, 2, [])
    assert [r for _, r in zip(range(2), rows, strict=False)] == [["0", "第0行"], ["1", "第1行"]]
    assert [r[1] for r in rows] == [f"第{i}行" for i in range(10)]  # from the top again, to the end
    assert not rows._child.is_alive()  # every row received: the child has ended
    assert [r[0] for r in rows] == [str(i) for i in range(10)]


def test_the_rest_of_the_rows_received_still_pickled_reads_in_parts_and_whole():
    data = "\n".join(f"{i},第{i}行" for i in range(11)).encode()
    _, rows, _ = parse_in_child(data, ".csv", None, Limits(), chunk=3)
    assert next(iter(rows)) == ["0", "第0行"]  # the first message unpickled, as a header check reads it
    assert rows.chunks() == 4  # 3 + 3 + 3 + 2 rows
    rows.receive_in_background()
    rows.wait_for(3)
    assert rows.all_received() and not rows._child.is_alive()
    assert [(i, r[0]) for i, r in rows.rows_in(1, 3)] == [(i, str(i)) for i in range(3, 9)]
    assert [(i, r[1]) for i, r in rows.rows_in(3, 4)] == [(9, "第9行"), (10, "第10行")]
    assert [r[0] for r in rows] == [str(i) for i in range(11)]


def test_the_callers_own_work_runs_while_the_child_parses_and_a_failure_ends_the_child(monkeypatch):
    from huanjie.core.imports import sandbox

    events: list[str] = []
    children: list[object] = []
    real_init, real_expect = sandbox.ParsedRows.__init__, sandbox.ParsedRows.expect

    def init(self, receiver, child, *args):
        children.append(child)
        real_init(self, receiver, child, *args)

    def expect(self, height):
        events.append("parsed")  # the child's first message: the file is parsed
        real_expect(self, height)

    monkeypatch.setattr(sandbox.ParsedRows, "__init__", init)
    monkeypatch.setattr(sandbox.ParsedRows, "expect", expect)
    data = "\n".join(f"{i},第{i}行" for i in range(10)).encode()
    _, rows, _ = parse_in_child(data, ".csv", None, Limits(), meanwhile=lambda: events.append("meanwhile"))
    assert events == ["meanwhile", "parsed"] and len(rows) == 10

    def fail() -> None:
        raise RuntimeError("the caller's work failed")

    with pytest.raises(RuntimeError, match="the caller's work failed"):
        parse_in_child(data, ".csv", None, Limits(), meanwhile=fail)
    assert not children[-1].is_alive()  # ended, not left parsing


# Chunks of 50,000 rows pickle to far more than a pipe holds: the child waits on the second one.
MANY = "\n".join(f"{i},x" for i in range(200_000)).encode()


def test_a_reader_that_stops_early_ends_the_child():
    _, rows, _ = parse_in_child(MANY, ".csv", None, Limits(), chunk=50_000)
    assert next(iter(rows)) == ["0", "x"]
    assert rows._child.is_alive()  # waiting to send the next rows
    rows.close()
    assert not rows._child.is_alive()


def test_rows_received_in_the_background_are_read_as_they_come():
    """A thread receives the messages while the process reads the first ones; once all are in the
    child has ended and the thread with it (a fork may then be made)."""
    _, rows, _ = parse_in_child(MANY, ".csv", None, Limits(), chunk=50_000)
    assert rows.chunks() == 4
    rows.receive_in_background()
    rows.wait_for(0)
    assert [r[0] for _, r in rows.rows_in(0, 1)][:2] == ["0", "1"]
    rows.wait_for(3)
    assert rows.all_received() and not rows._receiver_thread.is_alive() and not rows._child.is_alive()
    assert [i for i, _ in rows.rows_in(2, 4)] == list(range(100_000, 200_000))
    assert [r[0] for r in rows][-1] == "199999"


def test_a_child_that_dies_while_sending_in_the_background_is_reported_to_the_reader():
    _, rows, _ = parse_in_child(MANY, ".csv", None, Limits(), chunk=50_000)
    rows._child.kill()  # the pipe holds less than the four messages: the last was never sent
    rows.receive_in_background()
    with pytest.raises(ImportFileError, match="解析文件所需的内存超过了上限"):
        rows.wait_for(3)
    assert not rows.all_received() and not rows._child.is_alive()


def test_a_child_that_dies_while_sending_is_reported_not_a_short_table():
    _, rows, _ = parse_in_child(MANY, ".csv", None, Limits(), chunk=50_000)
    rows._child.kill()
    with pytest.raises(ImportFileError, match="解析文件所需的内存超过了上限"):
        list(rows)
    assert not rows._child.is_alive()


def test_the_parent_unpickles_plain_values_only():
    assert loads(pickle.dumps(("ok", [[1, "a", None]]))) == ("ok", [[1, "a", None]])
    with pytest.raises(pickle.UnpicklingError, match=r"posix\.system is not allowed"):
        loads(pickle.dumps(os.system))


# -- numbers -------------------------------------------------------------------------------------


def test_huge_numbers_are_read_as_infinity_from_xlsx():
    rows = list(imports.read_table(g.digits_5000(), "d.xlsx").rows())
    assert rows[1][4] == float("inf")


def test_display_of_huge_numbers_never_fails():
    from huanjie.core.imports.problems import display_value

    assert display_value(10**5000) == "（约 5,001 位的数字）"
    assert display_value(float("inf")) == "（超出范围的数字）"
    assert display_value(float("nan")) == "（超出范围的数字）"
    assert display_value(12345678901234567890) == "12345678901234567890"
    assert display_value("9" * 5000) == "9" * 40 + "…（共 5,000 个字符）"


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("9" * 5000, "数字过大（5,000 位），不能大于 2,147,483,647"),
        ("8" * 400, "数字过大（400 位），不能大于 2,147,483,647"),
        (float("inf"), "数字过大，超出了可以处理的范围"),
        (float("nan"), "数字过大，超出了可以处理的范围"),
        (1e20, "数字过大，不能大于 2,147,483,647"),
        ("3000000000", "数字过大，不能大于 2,147,483,647"),
    ],
)
def test_int_columns_refuse_numbers_too_large_for_the_database(raw, reason):
    column = imports.Column("户数", imports.INT)
    with pytest.raises(imports.CellError) as exc:
        column.parse(raw)
    assert str(exc.value) == reason
    assert column.parse("2147483647") == 2_147_483_647
    assert column.parse("41.0") == 41


def test_code_columns_refuse_huge_numbers():
    code = imports.Column("区划代码", imports.CODE, digits=12)
    for raw in (float("inf"), 1e300, 10**5000):
        with pytest.raises(imports.CellError, match="应为 12 位数字"):
            code.parse(raw)


# -- encodings, sheets, invisible characters -----------------------------------------------------


def test_a_gbk_file_with_a_utf8_field_is_refused():
    message = refusal("gbk_with_utf8_field")
    assert message.startswith("文件混用了两种编码：第 3 行的“南村”是 UTF-8 编码，而第 1 行等处是 GBK 编码")


def test_a_utf8_file_with_a_gbk_field_is_refused():
    message = refusal("utf8_with_gbk_field")
    assert message.startswith("文件混用了两种编码：大部分是 UTF-8 编码，但第 3 行含有其他编码")


def test_a_utf8_file_with_a_gbk_field_that_reads_as_gb18030_is_refused():
    """The whole file decodes as GB18030 (the UTF-8 name reads as 鍗楁潙): still refused."""
    from huanjie.core.imports.parsing import decode_text

    data = b"code,name\n1," + "南村".encode() + b"\n2," + "北村".encode("gbk") + b"\n"
    assert "鍗楁潙" in data.decode("gb18030")
    with pytest.raises(ImportFileError) as exc:
        decode_text(data)
    assert str(exc.value).startswith(
        "文件混用了两种编码：第 2 行的“南村”是 UTF-8 编码，而第 3 行等处是 GBK 编码"
    )


def test_gbk_names_that_happen_to_be_valid_utf8_are_not_mixed_encoding():
    """Common names in GBK are never taken for UTF-8 (the check wants rare characters as GBK)."""
    from huanjie.core.imports.parsing import decode_text

    names = (
        "张伟王芳李娜刘洋陈杰杨静黄磊赵敏周涛吴霞徐斌孙丽马超朱琳胡军郭强何萍高峰林颖罗勇郑红梁华谢明宋丹唐亮"
    )
    text, encoding = decode_text(
        ("姓名\n" + "\n".join(names[i : i + 3] for i in range(0, 60, 2))).encode("gbk")
    )
    assert encoding == "GB18030（兼容 GBK）"
    assert "张伟王" in text


def test_hidden_first_sheet_is_skipped_and_named():
    table = imports.read_table(g.hidden_first_sheet(), "h.xlsx")
    assert table.description == "Excel 工作簿，工作表“数据”"
    assert table.skipped_sheets == ["旧数据"]
    assert list(table.rows())[1][1] == "北村"


def test_only_hidden_sheets_is_refused():
    assert refusal("only_hidden_sheets").startswith("工作簿中没有可见的工作表（“旧数据”、“更旧” 均已隐藏）")


@pytest.mark.parametrize("build", [g.zero_width_roster_xlsx, g.zero_width_roster_csv])
def test_invisible_characters_are_removed_and_listed(build):
    name = "z.xlsx" if build is g.zero_width_roster_xlsx else "z.csv"
    table = imports.read_table(build(), name)
    rows = list(table.rows())
    assert rows[1][2] == "张建国"
    assert rows[1][3] == g.roster_row()["身份证号"]
    assert sorted(table.cleaned) == [(1, 2, 2), (1, 3, 2)]


def test_csv_oddities():
    assert refusal("nul_csv") == "文件中含有空字符，不是有效的 CSV 文本文件。"
    assert refusal("utf16_csv").startswith("文件为 UTF-16 编码")
    assert refusal("huge_field_csv") == "CSV 格式错误：有单元格超过 131,072 个字符，不像正常的数据"
    assert imports.read_table(b"", "empty.csv").total_rows == 0


# -- the scan of a large sheet in two processes ----------------------------------------------------

_SCANNED = [
    "huge_dimension",
    "far_cell",
    "far_row",
    "far_cell_quoted",
    "wide_row",
    "zip_bomb",
    "lying_sizes",
    "corrupt_deflate",
    "truncated_zip",
    "broken_xml",
    "entity_expansion",
    "digits_5000",
    "hidden_first_sheet",
    "only_hidden_sheets",
    "zero_width_roster_xlsx",
]


def _scan(data: bytes, limits: Limits):
    from huanjie.core.imports.archive import scan_xlsx

    try:
        return scan_xlsx(data, limits)
    except ImportFileError as exc:
        return str(exc)


def _split(monkeypatch) -> list[object]:
    """Every sheet scanned as a large one is (with a fork); returns the forks' results."""
    from huanjie.core.imports import archive

    results: list[object] = []

    class Watched(archive.Forked):
        def result(self):
            got = super().result()
            results.append(got)
            return got

    monkeypatch.setattr(archive, "SPLIT_BYTES", 0)
    monkeypatch.setattr(archive, "Forked", Watched)
    return results


@pytest.mark.parametrize("name", _SCANNED)
def test_a_sheet_scanned_by_two_processes_gives_what_one_process_gives(name, monkeypatch):
    """Every hostile archive, scanned with the sheet's passes shared with a fork (the split a large
    sheet gets) and by one process: the same scan, or the same refusal."""
    data = getattr(g, name)()
    limits = Limits(max_rows=1000)
    one = _scan(data, limits)
    forks = _split(monkeypatch)
    assert _scan(data, limits) == one
    assert None not in forks  # no fork failed and left its half to the process


def test_the_fork_finds_rows_beyond_the_limit_and_invisible_characters(monkeypatch):
    forks = _split(monkeypatch)
    many = g.many_rows(1500)
    assert _scan(many, Limits(max_rows=2000)).rows == 1501
    assert "超过了行数上限 1,000 行" in _scan(many, Limits(max_rows=1000))
    far = _scan(g.far_row(), Limits())
    assert isinstance(far, str) and "超过了行数上限" in far  # found by the fork's pass alone
    assert forks[-1][0] == "error"
    assert _scan(g.zero_width_roster_xlsx(), Limits()).invisible is True
    assert forks[-1] == ("ok", 0, True)
