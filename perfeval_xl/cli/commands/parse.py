"""``perfeval-xl parse "评分标准" [--target --weight --op --unit] [--json]``: show how a rule text is
read: the rule in one sentence, its parameters and a worked example."""

from __future__ import annotations

import json
import math

from ...core.parser import parse_rule
from ...core.rules import Qualitative, Rule
from ...core.score import fmt

PARAM_NAMES = {
    "weight": "分值", "unit": "计量单位", "row_target": "指标值", "reading": "读法说明", "line": "满分线",
    "step": "每档间隔", "deduct": "每档扣分", "deduct_pct": "每档扣分值的百分比", "direction": "扣分方向",
    "tolerance": "不扣分的偏差", "relative": "按目标值的百分比计算偏差", "steps": "不足一档的处理",
    "max_deduct": "最多扣分", "floor": "扣完为止", "zero_at": "零分点", "full_at": "满分点", "target": "目标值",
    "bands": "档次", "absolute": "按绝对值", "grades": "等级", "op": "比较符", "otherwise": "未达到时得分",
    "cap": "封顶", "base": "基础分", "up": "每档加分", "up_step": "加分间隔", "down": "每档扣分",
    "down_step": "扣分间隔", "below_points": "低于基准得分", "rule": "基本规则", "cases": "特殊情形",
    "note": "档次说明",
}


#: Parameter values shown in words.
VALUE_WORDS = {"below": "低于满分线时扣分", "above": "超过满分线时扣分", "both": "偏离满分线时扣分",
               "higher": "越高越好", "lower": "越低越好", "continuous": "不足一档按比例扣分",
               "floor": "按整档扣分（不足一档不扣）", "ceil": "按整档扣分（不足一档按一档扣）", True: "是", False: "否"}
#: Parameters whose structure the one-sentence rule already shows.
SHOWN_BY_RULE = frozenset({"kind", "reading", "bands", "grades", "rule", "cases", "note", "gate"})


def _shown(value) -> str:
    if isinstance(value, bool) or (isinstance(value, str) and value in VALUE_WORDS):
        return VALUE_WORDS[value]
    if isinstance(value, float):
        return fmt(value)
    return str(value)


def register(sub) -> None:
    parser = sub.add_parser("parse", help="解读一条评（扣）分标准，显示识别出的评分规则和算例",
                            description="解读一条评（扣）分标准文字，显示识别出的评分规则、参数和算例。"
                                        "可用 --target/--weight/--op/--unit 给出该行的指标值、分值、指标值类型和计量单位。")
    parser.add_argument("text", metavar="评分标准", help="评（扣）分标准原文（含空格时请加引号）")
    parser.add_argument("--target", help="指标值（目标值），如 95")
    parser.add_argument("--weight", help="分值，如 10")
    parser.add_argument("--op", help="指标值类型：≥、≤、=、定性 等")
    parser.add_argument("--unit", help="计量单位，如 %、公斤")
    parser.add_argument("--json", action="store_true", help="以 JSON 输出（供其他程序使用）")
    parser.set_defaults(run=run)


def _clean(value):
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_clean(v) for v in value]
    return value


def examples(rule: Rule) -> list[object]:
    """A few actual values that show how the rule scores: the target, and values around the lines."""
    if isinstance(rule, Qualitative):
        return [g.label for g in rule.grades]
    base = next((v for v in (getattr(rule, "line", None), getattr(rule, "target", None), rule.row_target,
                             getattr(rule, "full_at", None)) if isinstance(v, (int, float))), None)
    if base is None and hasattr(rule, "bands"):
        edges = [b.low for b in rule.bands if b.low is not None] + [b.high for b in rule.bands if b.high is not None]
        base = max(edges) if edges else None
    if base is None:
        return []
    if getattr(rule, "target", None) and getattr(rule, "full_at", None) and rule.target is not None \
            and getattr(rule, "zero_at", None) is not None:
        base = rule.target
    span = float(f"{abs(base) * 0.1:.1g}") if base else 1.0
    lower_better = getattr(rule, "direction", None) in ("above", "lower") or getattr(rule, "op", None) in ("≤", "<")
    sign = -1 if lower_better else 1
    values = [base + sign * span, base, base - sign * span / 2, base - sign * span * 3]
    out = []
    for v in values:
        v = int(v) if float(v).is_integer() else round(v, 4)
        if v not in out:
            out.append(v)
    return out


def run(args) -> int:
    rule = parse_rule(args.text, op=args.op, target=args.target, unit=args.unit, weight=args.weight)
    worked = [(a, rule.score(a)) for a in examples(rule)]
    if args.json:
        print(json.dumps(_clean({
            "kind": rule.kind, "rule": rule.describe(), "parameters": rule.to_dict(),
            "examples": [{"actual": a, "value": s.value, "status": s.status, "range": s.range,
                          "explanation": s.explanation} for a, s in worked]}), ensure_ascii=False, indent=1))
        return 0
    print(f"评分规则：{rule.describe()}")
    if rule.reading:
        print(f"读法说明：{rule.reading}")
    print("参数：")
    for key, value in rule.to_dict().items():
        if key in SHOWN_BY_RULE or value is None or value == "" or (isinstance(value, float) and math.isnan(value)):
            continue
        print(f"  {PARAM_NAMES.get(key, key)}：{_shown(value)}")
    if worked:
        print("算例：")
        for actual, score in worked:
            got = "需人工认定" if score.value is None else f"{fmt(score.value)}分"
            print(f"  实际值 {actual} → {got}：{score.explanation}")
    return 0
