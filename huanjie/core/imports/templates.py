"""The downloadable .xlsx template of an import kind: header row, example rows and a 说明 sheet."""

from __future__ import annotations

import io

from huanjie.core.imports.cells import CITIZEN_ID, CODE, KIND_LABELS, TEXT
from huanjie.core.imports.importer import importer_for


def template_workbook(kind: str) -> tuple[str, bytes]:
    """A template for ``kind``: the header row, example rows and a 说明 sheet. (file name, bytes)"""
    import xlsxwriter

    importer = importer_for(kind)
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
    for r, row in enumerate(importer.examples, start=1):
        for i, col in enumerate(importer.columns):
            value = row.get(col.name, "")
            if value != "":
                sheet.write_string(r, i, str(value), example)
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
        notes.write_string(r, 3, col.allowed(), wrap)
        notes.write_string(r, 4, col.help, wrap)
    r = len(importer.columns) + 2
    general = (
        f"第 1 个工作表“{importer.sheet_name}”为数据表，第 1 行为列名（红色为必填列），"
        "第 2 行起为示例，导入前请删除或覆盖示例行。",
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
