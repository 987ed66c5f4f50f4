"""Display width: plain-text mail wraps Chinese by columns and keeps codes whole; CLI tables line up."""
from __future__ import annotations

import re

from wcwidth import width

from alerts.render import wrap_lines
from regwatch.cli import main
from tests.helpers import build_sample_archive

NOTICE = ("商务部 海关总署公告2023年第23号 关于对镓、锗相关物项实施出口管制的公告。根据《中华人民共和国出口管制法》，"
          "为维护国家安全和利益，经国务院批准，决定对镓、锗相关物项实施出口管制。一、金属镓（参考海关商品编号：8112929010）、"
          "氧化锗（参考海关商品编号：2825600001）、锗外延生长衬底（参考海关商品编号：3818009021），未经许可，不得出口。")


def test_chinese_lines_fit_76_columns_and_no_run_of_digits_is_split():
    for indent, hanging in ((2, 0), (4, 2), (0, 2)):
        for shift in range(12):  # move the codes across every possible line end
            text = "镓" * shift + NOTICE
            lines = wrap_lines(text, indent, hanging).splitlines()
            assert all(width(line) <= 76 for line in lines), [width(line) for line in lines]
            assert len(lines) > 3
            assert all(width(line) >= 60 for line in lines[:-1])  # filled, not broken early
            for code in ("8112929010", "2825600001", "3818009021", "2023"):
                assert sum(code in line for line in lines) == 1, (shift, code, lines)
            assert "".join(line.strip() for line in lines).replace(" ", "") == text.replace(" ", "")


def test_english_still_wraps_at_spaces_and_a_long_token_keeps_its_own_line():
    lines = wrap_lines("word " * 40 + "https://example.org/" + "x" * 90 + " tail", 2).splitlines()
    assert all(line.startswith("  ") for line in lines)
    assert all(not line.endswith(" ") for line in lines)
    assert any(line.strip().startswith("https://example.org/xxx") and line.strip().endswith("x") for line in lines)
    assert lines[-1].strip() == "tail"


def test_search_table_pads_chinese_titles_by_display_width(db_path, capsys):
    build_sample_archive(db_path).close()
    assert main(["search", "--db", str(db_path), "--order", "date", "--limit", "0"]) == 0
    out = capsys.readouterr().out.splitlines()
    header, rows = out[0], [line for line in out[1:] if re.match(r"^\d+ ", line)]
    assert any(re.search(r"[\u4e00-\u9fff]", row) for row in rows)  # a Chinese title is among them
    measure_at = width(header[: header.index("MEASURE")])
    for row in rows:
        # the MEASURE column starts at the same screen column on every row
        cells = re.split(r"\s{2,}", row)
        assert len(cells) >= 6, row
        title_end = width(row[: row.index(cells[-1])])
        assert title_end == measure_at, (row, title_end, measure_at)
