"""``perfeval-xl parse`` and ``perfeval-xl lint`` as a finance user runs them."""

import json

from perfeval_xl.cli.main import main

SEED_TEXT = "该指标分值为10分，伙食实物量大于等于38公斤/月/人时，得满分；小于38公斤/月/人时，每少1公斤扣10分的5%，扣完为止。"


def test_parse_prints_rule_parameters_and_worked_example(capsys):
    assert main(["parse", SEED_TEXT, "--target", "38", "--unit", "公斤", "--op", "≥"]) == 0
    out = capsys.readouterr().out
    assert "评分规则：实际值≥38公斤得满分10分" in out
    assert "满分线：38" in out
    assert "算例：" in out and "实际值 37 → 9.5分" not in out  # examples are computed, not canned
    assert "→ 10分" in out


def test_parse_json_gives_the_rule_dict_and_examples(capsys):
    assert main(["parse", "有效得满分，一般得3分，较差不得分", "--weight", "5", "--op", "定性", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["kind"] == "qualitative"
    assert {e["actual"]: e["value"] for e in data["examples"]} == {"有效": 5, "一般": 3, "较差": 0}


def test_parse_of_unreadable_text_is_a_chinese_error(capsys):
    assert main(["parse", "这个指标看情况"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("错误：") and "SCORE_" in err and "Traceback" not in err


def test_lint_seed_table_reports_the_cost_saving_row(capsys):
    assert main(["lint"]) == 1
    out = capsys.readouterr().out
    assert "发现1个问题" in out and "成本节约率" in out


def _workbook(path, rows):
    from openpyxl import Workbook

    from perfeval_xl.core.celltext import append_row

    wb = Workbook()
    ws = wb.active
    append_row(ws, ["整体支出绩效目标表"])
    append_row(ws, ["一级指标", "二级指标", "三级指标", "指标值类型", "指标值", "计量单位", "指标解释", "评（扣）分标准", "备注"])
    for r in rows:
        append_row(ws, r)
    wb.save(path)


def _seed_rows():
    from perfeval_xl import seed_table

    return [[i.level1, i.level2, i.name, i.op, i.target, i.unit, i.description, i.rule_text, i.remark]
            for i in seed_table().indicators]


def test_lint_file_finds_the_same_problem_as_the_seed(tmp_path, capsys):
    path = tmp_path / "目标表.xlsx"
    _workbook(path, _seed_rows())
    assert main(["lint", str(path)]) == 1
    out = capsys.readouterr().out
    assert "10项指标，发现1个问题" in out and "成本节约率" in out


def test_lint_file_reports_weights_and_units(tmp_path, capsys):
    rows = _seed_rows()
    rows[1][5] = "次"  # 保障隔离戒毒人员基本生活: the text speaks of 公斤
    rows[4][8] = "3分"  # 重大安全事故次数: the text says 该指标分值为5分
    path = tmp_path / "目标表.xlsx"
    _workbook(path, rows)
    assert main(["lint", str(path)]) == 1
    out = capsys.readouterr().out
    assert "保障隔离戒毒人员基本生活：评分标准中的单位“公斤" in out and "与计量单位“次”不一致" in out
    assert "重大安全事故次数：评分标准写明分值5分，但分值列为3分" in out
    assert "各指标分值合计88分，应为90分" in out


def test_lint_file_that_is_not_a_workbook_is_a_chinese_error(tmp_path, capsys):
    path = tmp_path / "说明.txt"
    path.write_text("不是工作簿", encoding="utf-8")
    assert main(["lint", str(path)]) == 2
    assert capsys.readouterr().err.startswith("错误：")
