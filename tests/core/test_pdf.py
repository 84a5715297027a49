"""The PDF kit (huanjie.core.pdf): templates found in the app's templates folder only, data passed as
JSON, fonts from fonts-noto-cjk plus the configured folder of official fonts."""

import datetime as dt

import pytest

from huanjie.core import pdf


def test_templates_are_found_in_the_apps_templates_folder_only():
    assert pdf.template_path("planning/assessment_report.typ").name == "assessment_report.typ"
    for bad in (
        "planning/../../settings.py",
        "planning/../../core/templates/core/pdf/official.typ",
        "planning/missing.typ",
        "core/../core/pdf.py",
        "/etc/passwd",
    ):
        with pytest.raises(pdf.PdfError):
            pdf.template_path(bad)


def test_font_folders_are_noto_then_the_official_ones(settings, tmp_path):
    settings.HUANJIE_NOTO_FONT_DIR = tmp_path / "noto"
    settings.HUANJIE_FONT_DIR = tmp_path / "official"
    assert pdf.font_paths() == []  # folders that do not exist are skipped
    (tmp_path / "noto").mkdir()
    (tmp_path / "official").mkdir()
    assert pdf.font_paths() == [str(tmp_path / "official"), str(tmp_path / "noto")]


def test_dates_are_written_the_chinese_way():
    assert pdf.chinese_date(dt.date(2026, 1, 5)) == "2026年1月5日"
    meta = pdf.DocumentMeta(title="标题", date=dt.date(2026, 12, 31), extra={"doc_no": "青组〔2026〕1号"})
    assert meta.as_json()["date"] == "2026年12月31日" and meta.as_json()["doc_no"] == "青组〔2026〕1号"


def test_a_broken_template_is_a_pdf_error(monkeypatch, tmp_path):
    broken = tmp_path / "core" / "templates" / "core" / "broken.typ"
    broken.parent.mkdir(parents=True)
    broken.write_text("#let x = (\n", encoding="utf-8")
    monkeypatch.setattr(pdf, "ROOT", tmp_path)
    with pytest.raises(pdf.PdfError):
        pdf.render("core/broken.typ", {}, meta=pdf.DocumentMeta(title="x"))


def test_the_response_is_an_inline_pdf_with_a_chinese_file_name():
    r = pdf.pdf_response(b"%PDF-1.7", "东村研判报告.pdf")
    assert r["Content-Type"] == "application/pdf"
    assert (
        r["Content-Disposition"]
        == "inline; filename*=UTF-8''%E4%B8%9C%E6%9D%91%E7%A0%94%E5%88%A4%E6%8A%A5%E5%91%8A.pdf"
    )
    assert pdf.pdf_response(b"", "a.pdf", download=True)["Content-Disposition"].startswith("attachment;")
