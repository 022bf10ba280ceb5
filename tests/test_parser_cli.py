"""``perfeval-xl parse`` and ``perfeval-xl lint`` as a finance user runs them."""

import json

from perfeval_xl.cli import main

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
