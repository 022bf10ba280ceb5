"""lint_table: target/rule mismatches, weight totals, stated weights, grades and units."""

from dataclasses import replace

import pytest

from perfeval_xl import Finding, Indicator, Table, lint_table, seed_table


def row(name="指标", op="≥", target=100, unit="%", text="", weight=90):
    return Indicator("产出指标", "数量指标", name, op, target, unit, rule_text=text, weight=weight)


def codes(findings):
    return [(f.row, f.code) for f in findings]


def test_seed_table_has_exactly_the_cost_saving_finding():
    findings = lint_table(seed_table())
    assert codes(findings) == [("成本节约率", "target_mismatch")]
    message = findings[0].message
    assert "≥100%" in message and "≥0%" in message


def test_findings_are_chinese_and_name_the_row():
    finding = lint_table(seed_table())[0]
    assert isinstance(finding, Finding)
    assert str(finding).startswith("成本节约率：")


def test_weights_not_adding_to_90():
    table = Table(indicators=(row("甲", weight=50, text="达到100%得满分，每少1%扣1分，扣完为止"),
                              row("乙", weight=30, text="达到100%得满分，每少1%扣1分，扣完为止")))
    findings = lint_table(table)
    assert codes(findings) == [("", "weights_total")]
    assert "80分" in findings[0].message and "90分" in findings[0].message


def test_with_a_budget_execution_row_weights_add_to_100():
    rows = (row("甲", weight=90, text="达到100%得满分，每少1%扣1分，扣完为止"),
            row("预算执行率", weight=10, text="达到100%得满分，每少1%扣1分，扣完为止"))
    assert lint_table(Table(indicators=rows)) == []
    rows = (rows[0], replace(rows[1], weight=5))
    assert codes(lint_table(Table(indicators=rows))) == [("", "weights_total")]


def test_rule_weight_differs_from_weight_column():
    table = Table(indicators=(row(text="该指标分值为10分，达到100%得满分，否则不得分", weight=90),))
    assert codes(lint_table(table)) == [("指标", "weight_mismatch")]


def test_qualitative_row_without_grades():
    table = Table(indicators=(row(op="定性", target="是否", unit="", text="", weight=90),))
    assert codes(lint_table(table)) == [("指标", "qualitative_no_grades")]
    table = Table(indicators=(row(op="定性", target="是否", unit="", text="有效得满分，一般得3分，较差不得分"),))
    assert lint_table(table) == []


@pytest.mark.parametrize("text,unit,flagged", [
    ("大于等于38公斤/月/人时得满分；每少1公斤扣0.5分，扣完为止", "公斤", False),
    ("大于等于38次时得满分；每少1次扣0.5分，扣完为止", "公斤", True),
    ("达到100%得满分，每少1%扣1分，扣完为止", "%", False),
])
def test_unit_in_text_against_unit_column(text, unit, flagged):
    table = Table(indicators=(row(target=38 if unit == "公斤" else 100, unit=unit, text=text),))
    assert (("指标", "unit_mismatch") in codes(lint_table(table))) is flagged


def test_unreadable_text_is_reported():
    table = Table(indicators=(row(text="由考核组综合评定，得分看情况"),))
    assert codes(lint_table(table)) == [("指标", "unreadable")]


def test_target_agreeing_with_the_text_is_fine():
    table = Table(indicators=(row(target=90, text="90%（含）以上得满分，80%（含）-90%得8分，80%以下不得分"),))
    assert lint_table(table) == []


def test_top_award_differs_from_weight_column():
    table = Table(indicators=(row(target=100, text="控制率≤100%,计5分;每超过一个百分点扣0.5分,扣完为止", op="≤", weight=90),))
    findings = lint_table(table)
    assert codes(findings) == [("指标", "weight_mismatch")]
    assert "最高得5分" in findings[0].message
