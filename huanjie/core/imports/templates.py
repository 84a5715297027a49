"""The downloadable .xlsx template of an import kind, made for the user who downloads it: the data
sheet (header, example rows on the user's own units, a dropdown on every choice column), a 选项
sheet with the lists behind the dropdowns, a 我的单位 sheet of the user's own unit codes and names,
and a 说明 sheet. The dropdowns and the 说明 are generated from the columns' ``choices`` and
``choice_aliases``, the very values the validator accepts, so they cannot disagree with it."""

from __future__ import annotations

import io

from huanjie.core.actors import Account
from huanjie.core.imports.cells import (
    BOOL,
    CHOICE,
    CITIZEN_ID,
    CODE,
    KIND_LABELS,
    TEXT,
    Column,
    column_letter,
)
from huanjie.core.imports.importer import importer_for

OPTIONS_SHEET = "选项"
UNITS_SHEET = "我的单位"
UNITS_HEADER = ("区划代码", "名称", "层级", "上级区划代码")
# Rows of the data sheet that get the dropdowns.
VALIDATED_ROWS = 5000
BOOL_LABELS = ("是", "否")


def choice_labels(col: Column) -> tuple[str, ...]:
    """The values of ``col``'s dropdown: its choice labels (是/否 for a yes/no column)."""
    if col.kind == BOOL:
        return BOOL_LABELS
    if col.kind == CHOICE:
        return tuple(label for label, _ in col.choices)
    return ()


def allowed_text(col: Column) -> str:
    """The 可选值 of ``col`` in the 说明 sheet: the labels, then the other accepted spellings."""
    labels = choice_labels(col)
    if not labels:
        return ""
    text = "、".join(labels)
    aliases = [alias for alias, _ in col.choice_aliases if alias not in labels]
    if aliases:
        text += "（也可填：" + "、".join(aliases) + "）"
    return text


def template_workbook(kind: str, actor: Account | None = None) -> tuple[str, bytes]:
    """A template for ``kind``, for ``actor`` (their units and examples on them). (file name, bytes)"""
    import xlsxwriter

    importer = importer_for(kind)
    units = importer.own_units(actor) if actor is not None else []
    examples = importer.examples_for(units)
    buf = io.BytesIO()
    book = xlsxwriter.Workbook(buf, {"in_memory": True})
    head = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True})
    head_required = book.add_format(
        {"bold": True, "bg_color": "#FCE4D6", "border": 1, "text_wrap": True, "font_color": "#C00000"}
    )
    text = book.add_format({"num_format": "@"})
    example = book.add_format({"font_color": "#7F7F7F", "num_format": "@"})
    sheet = book.add_worksheet(importer.sheet_name)
    for i, col in enumerate(importer.columns):
        sheet.set_column(i, i, col.width, text if col.kind in (CODE, CITIZEN_ID, TEXT) else None)
        sheet.write_string(0, i, col.name, head_required if col.required else head)
    sheet.freeze_panes(1, 0)
    for r, row in enumerate(examples, start=1):
        for i, col in enumerate(importer.columns):
            value = row.get(col.name, "")
            if value != "":
                sheet.write_string(r, i, str(value), example)

    options = book.add_worksheet(OPTIONS_SHEET)
    listed = [col for col in importer.columns if choice_labels(col)]
    for j, col in enumerate(listed):
        labels = choice_labels(col)
        options.set_column(j, j, max(col.width, 10))
        options.write_string(0, j, col.name, head)
        for r, label in enumerate(labels, start=1):
            options.write_string(r, j, label)
        letter = column_letter(j)
        i = importer.columns.index(col)
        also = [alias for alias, _ in col.choice_aliases if alias not in labels]
        sheet.data_validation(
            1,
            i,
            VALIDATED_ROWS,
            i,
            {
                "validate": "list",
                "source": f"='{OPTIONS_SHEET}'!${letter}$2:${letter}${len(labels) + 1}",
                # A warning, not a refusal: the other spellings the validator accepts stay allowed.
                "error_type": "warning",
                "error_title": col.name,
                "error_message": (
                    f"请从下拉列表中选择{col.name}" + ("（也可填：" + "、".join(also) + "）" if also else "")
                )[:255],
            },
        )

    mine = book.add_worksheet(UNITS_SHEET)
    for i, title in enumerate(UNITS_HEADER):
        mine.set_column(i, i, 16)
        mine.write_string(0, i, title, head)
    for r, unit in enumerate(units, start=1):
        for i, key in enumerate(("code", "name", "level", "parent_code")):
            mine.write_string(r, i, unit.get(key) or "", text)
    if not units:
        mine.write_string(1, 0, "您的管辖范围内没有可导入的单位")

    notes = book.add_worksheet("说明")
    notes.set_column(0, 0, 22)
    notes.set_column(1, 1, 8)
    notes.set_column(2, 2, 30)
    notes.set_column(3, 3, 60)
    notes.set_column(4, 4, 50)
    for i, title in enumerate(["列名", "必填", "格式", "可选值", "说明"]):
        notes.write_string(0, i, title, head)
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    for r, col in enumerate(importer.columns, start=1):
        notes.write_string(r, 0, col.name, wrap)
        notes.write_string(r, 1, "是" if col.required else "", wrap)
        notes.write_string(r, 2, KIND_LABELS[col.kind], wrap)
        notes.write_string(r, 3, allowed_text(col), wrap)
        notes.write_string(r, 4, col.help, wrap)
    r = len(importer.columns) + 2
    general = (
        f"第 1 个工作表“{importer.sheet_name}”为数据表，第 1 行为列名（红色为必填列），"
        "第 2 行起为示例（灰色），导入前请删除或覆盖示例行。",
        (
            f"示例行使用您管辖范围内的单位（见“{UNITS_SHEET}”工作表），可以通过检查；人员信息为虚构，请替换。"
            if units
            else "示例行为虚构数据（区划代码、身份证号均为示例），请替换为真实数据。"
        ),
        f"有可选值的列可从下拉列表中选择，可选值见“{OPTIONS_SHEET}”工作表和下表。",
        f"“{UNITS_SHEET}”工作表列出您可以导入的单位的区划代码和名称，供填写时查对。",
        "不要合并单元格；列名不要留空；列的顺序可以调整，未知列将被忽略。",
        "区划代码、身份证号请以文本格式填写（本模板已设好），避免 Excel 把长数字改成科学计数法。",
        "也可以导入 CSV 文件（UTF-8 或 GBK/GB18030 编码，逗号分隔），列名与本模板相同。",
        "导入前先预览：系统逐行检查，有任何错误都不会写入；全部无误后点击“确认导入”，一次性写入。",
        *importer.notes,
    )
    for line in general:
        notes.write_string(r, 0, line)
        r += 1
    book.close()
    return f"{importer.label}导入模板.xlsx", buf.getvalue()
