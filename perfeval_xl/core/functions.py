"""The scoring functions behind the Excel functions (SCORE_THRESHOLD …), as plain Python.

One registry drives every adapter: ``perfeval_xl.excel.udfs`` wraps each entry with xlwings, the tests
register the same callables into an independent formula engine, and ``perfeval_xl.core.native`` writes
calls of them into template cells. The functions are thin: each turns its arguments into one of
the core rule kinds (``perfeval_xl.core.rules``) and lets the rule score; values are read by
``perfeval_xl.core.values`` only.

Shapes: every per-row argument may be a single value, a list (one row or column) or a 2-D list
(a range). Single values are repeated over the others; the result has the shape of the ranges
given (a scalar when all are single values). Ranges of different sizes are one clear error.

Scale: without 计量单位 the SCORE_* functions take all arguments of one call in one scale and guess
nothing ("95%" typed as text and a %-formatted cell both mean 0.95, so write 95% for the target too).
With 计量单位 (their optional last argument ``unit``) the actual value is read as every other path
reads the row's cell (docs/reading.md): a typed unit must agree ("38次" in a 公斤 row is an error),
万 scales, and in a % row the call's numbers are taken to the row's unit (95% is 95) and the actual is
read by the core's percent rule. SCORE_RULE / SCORE_EXPLAIN take a row's target and unit likewise.

Each cell of a result is a number (the score), ``""`` for a blank actual value,
``"需人工认定…"`` when the rule gives no single score, ``"不适用"`` for a row marked so, or a
message starting with ``"#错误："`` for a value that cannot be read. Problems with the call itself
(a bad parameter, ranges of different sizes) raise :class:`FunctionError`.
"""

from __future__ import annotations

import math
import re
from itertools import chain
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .errors import PerfevalError
from .rules import Band, Banded, Deduct, Grade, Linear, Qualitative, Rule, Threshold, bands_from_bounds, normalize_op
from .score import BLANK, INVALID, NOT_APPLICABLE, REVIEW, SCORED, Score, fmt
from .totals import execution_score, grade
from .values import EXCEL_ERRORS, FRACTION_LIMIT, is_percent_unit, normalize_text, read_target, read_value

#: The Excel function category (Function Wizard) of every function here.
CATEGORY = "预算绩效评分"
#: The start of every per-cell error message.
ERROR_PREFIX = "#错误："
#: The visible result of a value the rule text gives no single score for.
REVIEW_TEXT = "需人工认定"
NOT_APPLICABLE_TEXT = "不适用"


class FunctionError(PerfevalError):
    """A problem with a call as a whole (bad parameter, ranges of different sizes); Chinese message."""


# -- cells and shapes ----------------------------------------------------------------------------
@dataclass(frozen=True)
class _Grid:
    """An argument as a flat list of cell values plus the shape to give results back in."""

    cells: list
    shape: tuple[int, ...]  # () scalar, (n,) one row/column as a list, (r, c) a 2-D range

    @property
    def single(self) -> bool:
        return len(self.cells) == 1

    def describe(self) -> str:
        if not self.shape:
            return "单个值"
        if len(self.shape) == 1:
            return f"{self.shape[0]}个值"
        return f"{self.shape[0]}行{self.shape[1]}列"


def _grid(value, label: str) -> _Grid:
    if isinstance(value, np.ndarray):
        value = value.tolist()
    if isinstance(value, tuple):
        value = list(value)
    if not isinstance(value, list):
        return _Grid([value], ())
    if not value:
        raise FunctionError(f"{label}是空区域")
    kinds = set(map(type, value))
    if kinds <= {list}:
        rows = value
    elif kinds & {list, tuple, np.ndarray}:
        rows = [list(row) if isinstance(row, (list, tuple, np.ndarray)) else [row] for row in value]
    else:
        return _Grid(list(value), (len(value),))
    width = len(rows[0])
    if width == 0 or set(map(len, rows)) != {width}:
        raise FunctionError(f"{label}不是整齐的矩形区域")
    cells = [row[0] for row in rows] if width == 1 else list(chain.from_iterable(rows))
    return _Grid(cells, (len(rows), width))


def _shaped(cells: list, shape: tuple[int, ...]):
    if not shape:
        return cells[0]
    if len(shape) == 1:
        return cells
    width = shape[1]
    if width == 1:
        return [[cell] for cell in cells]
    return [cells[i:i + width] for i in range(0, len(cells), width)]


def _common_shape(grids: dict[str, _Grid]) -> tuple[int, ...]:
    """The shape all per-row arguments share; single values fit any shape."""
    ranges = {label: g for label, g in grids.items() if not g.single}
    if not ranges:
        shapes = [g.shape for g in grids.values()]
        return max(shapes, key=len)
    sizes = {len(g.cells) for g in ranges.values()}
    if len(sizes) > 1 or len({g.shape for g in ranges.values() if len(g.shape) == 2}) > 1:
        told = "，".join(f"{label}为{g.describe()}" for label, g in ranges.items())
        raise FunctionError(f"各参数的单元格区域大小不一致（{told}），请选择行数相同的区域")
    return max((g.shape for g in ranges.values()), key=len)


def _map_rows(args: dict[str, tuple[str, object]], cell: Callable[..., object]):
    """Apply ``cell(**values)`` row by row over the per-row arguments, broadcasting single values.

    ``args`` maps parameter name → (Chinese label, raw argument).
    """
    grids = {name: _grid(raw, label) for name, (label, raw) in args.items()}
    shape = _common_shape({args[name][0]: g for name, g in grids.items()})
    size = max(len(g.cells) for g in grids.values())
    columns = {name: g.cells if not g.single else g.cells * size for name, g in grids.items()}
    out = []
    for i in range(size):
        try:
            out.append(cell(**{name: column[i] for name, column in columns.items()}))
        except FunctionError as error:
            if size == 1:
                raise
            out.append(ERROR_PREFIX + str(error))
    return _shaped(out, shape)


# -- reading parameters --------------------------------------------------------------------------
def _is_blank(raw) -> bool:
    return raw is None or (isinstance(raw, str) and raw.strip() == "") or (
        isinstance(raw, float) and math.isnan(raw))


def _number(raw, label: str, *, required: bool = True) -> float | None:
    """A numeric parameter ("95%" as text is 0.95, like a %-formatted cell); Chinese error if not."""
    if _is_blank(raw):
        if required:
            raise FunctionError(f"未填写{label}")
        return None
    if isinstance(raw, bool):
        raise FunctionError(f"{label}应为数字，而不是{'TRUE' if raw else 'FALSE'}")
    reading = read_value(raw)
    if reading.status == SCORED and reading.number is not None:
        return reading.number
    if isinstance(raw, str) and normalize_text(raw).upper() in EXCEL_ERRORS:
        raise FunctionError(f"{label}单元格为错误值{normalize_text(raw).upper()}")
    raise FunctionError(f"{label}“{raw}”不是数字")


def _weight(raw, label: str = "分值", *, required: bool = True) -> float | None:
    value = _number(raw, label, required=required)
    if value is not None and value < 0:
        raise FunctionError(f"{label}不能为负数（{fmt(value)}）")
    return value


def _text(raw, label: str, *, required: bool = True) -> str | None:
    if _is_blank(raw):
        if required:
            raise FunctionError(f"未填写{label}")
        return None
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    text = normalize_text(str(raw))
    if text.upper() in EXCEL_ERRORS:
        raise FunctionError(f"{label}单元格为错误值{text.upper()}")
    return text


def _op(raw) -> str:
    text = _text(raw, "比较符")
    try:
        return normalize_op(text)
    except ValueError as error:
        raise FunctionError(str(error)) from None


DIRECTION_WORDS = {
    "below": ("below", "低于", "少于", "不足", "下降", "少"),
    "above": ("above", "高于", "超过", "超出", "多于", "超"),
    "both": ("both", "偏离", "偏差", "相差", "双向"),
}


def _direction(raw) -> str:
    text = _text(raw, "扣分方向", required=False) or "below"
    for direction, words in DIRECTION_WORDS.items():
        if text.lower() in words:
            return direction
    raise FunctionError(f"扣分方向“{text}”无法识别，应为 below（低于基准扣分）、above（高于基准扣分）或 both（偏离扣分）")


def _points_spec(text: str, label: str) -> tuple[float, float | None]:
    """A score "8", or a range "8~9" / "8-9" a person chooses in."""
    m = re.fullmatch(r"\s*([0-9.]+)\s*(?:分)?\s*(?:[~～\-－—至]\s*([0-9.]+)\s*(?:分)?)?\s*", text)
    if not m:
        raise FunctionError(f"{label}中的得分“{text}”不是数字")
    low = _number(m.group(1), label)
    return low, (_number(m.group(2), label) if m.group(2) else None)


def _pairs(raw, label: str) -> list[tuple[str, str]]:
    """(key, score) pairs from "a:1;b:2" text or a two-column range."""
    if isinstance(raw, (list, tuple, np.ndarray)):
        grid = _grid(raw, label)
        if grid.single:
            return _pairs(grid.cells[0], label)
        if len(grid.shape) != 2 or grid.shape[1] != 2:
            raise FunctionError(f"{label}应为两列的区域（第一列为档次或等级，第二列为得分）")
        pairs = []
        for key, points in zip(grid.cells[0::2], grid.cells[1::2]):
            if _is_blank(key) and _is_blank(points):
                continue
            pairs.append((_text(key, label), _text(points, label)))
        if not pairs:
            raise FunctionError(f"{label}区域为空")
        return pairs
    text = _text(raw, label)
    pairs = []
    for item in re.split(r"[;；\n]+", text):
        if not item.strip():
            continue
        m = re.fullmatch(r"(.*)[:：=]([^:：=]*)", item.strip())
        if not m:
            raise FunctionError(f"{label}中的“{item}”缺少冒号，应写成“条件:得分”，如“90:8”")
        pairs.append((m.group(1).strip(), m.group(2).strip()))
    if not pairs:
        raise FunctionError(f"未填写{label}")
    return pairs


_INTERVAL = re.compile(r"^([\[(])\s*([^,，]*)\s*[,，]\s*([^,，]*)\s*([\])])$")


def _bands(raw) -> tuple[Band, ...]:
    """Bands from "100:10;90:8;0:0" (bare lower bounds, inclusive, up to the next higher bound)
    or intervals "[90,100]:10;[80,90):8;(,80):0" ([ ] inclusive, ( ) exclusive, empty = open)."""
    label = "分档标准"
    bare, intervals = [], []
    for key, points_text in _pairs(raw, label):
        points, points_high = _points_spec(points_text, label)
        m = _INTERVAL.match(key)
        if m:
            low = _number(m.group(2), label, required=False)
            high = _number(m.group(3), label, required=False)
            if low is not None and high is not None and low > high:
                raise FunctionError(f"{label}中的区间“{key}”下限大于上限")
            intervals.append(Band(low, high, points, low_inclusive=m.group(1) == "[",
                                  high_inclusive=m.group(4) == "]", points_high=points_high))
        else:
            bare.append((_number(key, label), points, points_high))
    if bare and intervals:
        raise FunctionError(f"{label}请统一写法：全部写下限（如“90:8”）或全部写区间（如“[90,100):8”）")
    if intervals:
        return tuple(intervals)
    lows = [low for low, _, _ in bare]
    if len(set(lows)) != len(lows):
        raise FunctionError(f"{label}中有重复的下限")
    highs = {low: high for low, _, high in bare}
    return tuple(Band(b.low, b.high, b.points, points_high=highs[b.low])
                 for b in bands_from_bounds([(low, points) for low, points, _ in bare]))


def _grades(raw) -> tuple[Grade, ...]:
    label = "等级对照"
    grades = []
    for key, points_text in _pairs(raw, label):
        points, points_high = _points_spec(points_text, label)
        grades.append(Grade(key, points, points_high))
    return tuple(grades)


def _rule(make: Callable[[], Rule]) -> Rule:
    """Build a rule; the core's ValueError/PerfevalError become a FunctionError (messages are Chinese)."""
    try:
        return make()
    except FunctionError:
        raise
    except (ValueError, PerfevalError) as error:
        raise FunctionError(str(error)) from None


# -- results -------------------------------------------------------------------------------------
def cell_result(score: Score):
    """What a score cell shows for a Score: the points, "", 需人工认定…, 不适用 or #错误：…"""
    if score.status == SCORED:
        return score.value
    if score.status == BLANK:
        return ""
    if score.status == REVIEW:
        if score.range:
            return f"{REVIEW_TEXT}（{fmt(score.range[0])}至{fmt(score.range[1])}分）"
        return REVIEW_TEXT
    if score.status == NOT_APPLICABLE:
        return NOT_APPLICABLE_TEXT
    return ERROR_PREFIX + score.explanation


def explanation_result(score: Score):
    """What an explanation cell shows: the sentence, "" for a blank, #错误：… for an unreadable value."""
    if score.status == BLANK:
        return ""
    if score.status == INVALID:
        return ERROR_PREFIX + score.explanation
    return score.explanation


def is_error(result) -> bool:
    """True for a cell result that is an error message."""
    return isinstance(result, str) and result.startswith(ERROR_PREFIX)


_PLAIN_NUMBERS = frozenset({float, int})
_PLAIN_OR_BLANK = _PLAIN_NUMBERS | {type(None)}


def _score_cells(rule: Rule, cells: list) -> list:
    """Score many actual values with one rule: numbers in one numpy step, the rest cell by cell."""
    if rule.qualitative or len(cells) < 8:
        return [cell_result(rule.score(v, percent_format=None)) for v in cells]
    points = np.asarray(rule.scores(cells), dtype=float)
    out = points.tolist()
    if set(map(type, cells)) <= _PLAIN_OR_BLANK:  # NaN marks every cell without a plain score
        redo = np.flatnonzero(np.isnan(points)).tolist()
    else:
        redo = [i for i, (value, p) in enumerate(zip(cells, out)) if type(value) not in _PLAIN_NUMBERS or p != p]
    for i in redo:
        out[i] = cell_result(rule.score(cells[i]))
    return out


def _score_by_rule(actual, params: dict[str, tuple[str, object]], make: Callable[..., Rule],
                   result: Callable[[Score], object] | None = None):
    """Score ``actual`` with the rule ``make(**params)`` builds, row by row where params are ranges.

    Rows that share parameters share one rule, scored as a column in one numpy step.
    """
    grids = {name: _grid(raw, label) for name, (label, raw) in params.items()}
    actual_grid = _grid(actual, "实际值")
    shape = _common_shape({"实际值": actual_grid, **{params[n][0]: g for n, g in grids.items()}})
    size = max([len(actual_grid.cells)] + [len(g.cells) for g in grids.values()])
    actuals = actual_grid.cells if not actual_grid.single else actual_grid.cells * size
    if all(g.single for g in grids.values()):
        groups = {tuple(g.cells[0] for g in grids.values()): list(range(size))}
    else:
        groups: dict[tuple, list[int]] = {}
        columns = [g.cells if not g.single else g.cells * size for g in grids.values()]
        for i, key in enumerate(zip(*columns)):
            groups.setdefault(key, []).append(i)
    out: list = [None] * size
    names = list(grids)
    for key, rows in groups.items():
        cells = [actuals[i] for i in rows]
        try:
            rule = _rule(lambda: make(**dict(zip(names, key))))
        except FunctionError as error:
            if len(groups) == 1:
                raise
            values = ["" if _is_blank(v) else ERROR_PREFIX + str(error) for v in cells]
        else:
            if result is None:
                values = _score_cells(rule, cells)
            else:
                values = [result(rule.score(v)) for v in cells]
        for i, value in zip(rows, values):
            out[i] = value
    return _shaped(out, shape)


# -- the functions -------------------------------------------------------------------------------
def _unit(raw) -> str:
    return _text(raw, "计量单位", required=False) or ""


def _percent_scale(unit: str, *references: float | None) -> tuple[float, float | None]:
    """(factor, row target) for a call in a row with this unit.

    In a % row the call's numbers are written as the cells show them (95% is 0.95, as SCORE_* without
    a unit take them); the first non-zero reference decides: within ±1.5 they are fractions and the
    factor 100 takes them to the row's unit. The row target then lets the core read a bare actual
    within ±1.5 as a fraction too (a %-cell's value), as every other path reads the row's cell."""
    if not is_percent_unit(unit):
        return 1.0, None
    factor = 100.0
    for x in references:
        if x:
            factor = 100.0 if abs(x) <= FRACTION_LIMIT else 1.0
            break
    top = max((abs(x) * factor for x in references if x is not None), default=0.0)
    return factor, top if top > FRACTION_LIMIT else 100.0


def _row_rule(rule: Rule, unit: str, row_target: float | None) -> Rule:
    """``rule`` reading its actual values as a row with this unit and target does."""
    import dataclasses

    return dataclasses.replace(rule, unit=unit, row_target=row_target) if unit else rule


def score_threshold(actual_value, target_value, weight, compare_op=">=", unit=None):
    """Full ``weight`` if ``actual_value compare_op target_value``, else 0."""

    def make(target_value, weight, compare_op, unit):
        unit = _unit(unit)
        factor, row_target = _percent_scale(unit, _number(target_value, "目标值"))
        target = _number(target_value, "目标值") * factor
        return _row_rule(Threshold(op=_op(compare_op if not _is_blank(compare_op) else ">="), target=target,
                                   weight=_weight(weight)), unit, row_target)

    return _score_by_rule(actual_value, {
        "target_value": ("目标值", target_value), "weight": ("分值", weight), "compare_op": ("比较符", compare_op),
        "unit": ("计量单位", unit)}, make)


def score_linear(actual_value, zero_at, full_at, weight, target_value=None, unit=None):
    """0 at ``zero_at``, ``weight`` at ``full_at``, linear between and capped; with ``target_value``
    the line is drawn over the completion rate actual/target (``zero_at``/``full_at`` as rates, 60%)."""

    def make(zero_at, full_at, weight, target_value, unit):
        unit = _unit(unit)
        zero, full = _number(zero_at, "零分点"), _number(full_at, "满分点")
        target = _number(target_value, "目标值", required=False)
        if target is not None:
            factor, row_target = _percent_scale(unit, target)
            target *= factor
        else:
            factor, row_target = _percent_scale(unit, full, zero)
            zero, full = zero * factor, full * factor
        return _row_rule(Linear(zero_at=zero, full_at=full, weight=_weight(weight), target=target), unit, row_target)

    return _score_by_rule(actual_value, {
        "zero_at": ("零分点", zero_at), "full_at": ("满分点", full_at), "weight": ("分值", weight),
        "target_value": ("目标值", target_value), "unit": ("计量单位", unit)}, make)


def score_banded(actual_value, bands, weight=None, unit=None):
    """The score of the band ``actual_value`` falls in; ``bands`` as text or a two-column range."""
    parsed = _bands(bands)
    top = max(max(b.points, b.points_high or 0) for b in parsed)
    bounds = [abs(x) for b in parsed for x in (b.low, b.high) if x is not None]

    def make(weight, unit):
        import dataclasses

        unit = _unit(unit)
        full = _weight(weight, required=False)
        if full is not None and top > full + 1e-9:
            raise FunctionError(f"分档标准中的得分{fmt(top)}超过分值{fmt(full)}")
        factor, row_target = _percent_scale(unit, max(bounds, default=None))
        scaled = tuple(dataclasses.replace(b, low=None if b.low is None else b.low * factor,
                                           high=None if b.high is None else b.high * factor) for b in parsed)
        return _row_rule(Banded(bands=scaled, weight=top if full is None else full), unit, row_target)

    return _score_by_rule(actual_value, {"weight": ("分值", weight), "unit": ("计量单位", unit)}, make)


def score_deduct(actual_value, baseline, weight, per_step, deduct, direction="below", unit=None):
    """Full ``weight`` up to ``baseline``; beyond it deduct ``deduct`` points (or "5%" of the weight)
    per ``per_step`` units of the gap, in proportion, floored at 0 (扣完为止)."""

    def make(baseline, weight, per_step, deduct, direction, unit):
        unit = _unit(unit)
        is_pct = isinstance(deduct, str) and normalize_text(deduct).endswith(("%", "％"))
        amount = _number(deduct, "每档扣分")
        if amount < 0:
            raise FunctionError(f"每档扣分不能为负数（{fmt(amount)}）")
        step = _number(per_step, "每档间隔")
        if step <= 0:
            raise FunctionError(f"每档间隔必须大于0（{fmt(step)}）")
        line = _number(baseline, "基准值")
        factor, row_target = _percent_scale(unit, line, step)
        return _row_rule(Deduct(line=line * factor, step=step * factor, weight=_weight(weight),
                                direction=_direction(direction),
                                **({"deduct_pct": amount * 100} if is_pct else {"deduct": amount})),
                         unit, row_target)

    return _score_by_rule(actual_value, {
        "baseline": ("基准值", baseline), "weight": ("分值", weight), "per_step": ("每档间隔", per_step),
        "deduct": ("每档扣分", deduct), "direction": ("扣分方向", direction), "unit": ("计量单位", unit)}, make)


def score_grade(grade_value, grade_map):
    """The score of the grade typed (有效/一般/较差 …) by ``grade_map`` ("有效:5;一般:3;较差:0" or a range)."""
    grades = _grades(grade_map)
    weight = max(max(g.points, g.points_high or 0) for g in grades)
    rule = _rule(lambda: Qualitative(grades=grades, weight=weight))
    return _score_by_rule(grade_value, {}, lambda: rule)


def _text_rule(rule_text, target_value, weight, compare_op, unit) -> Rule:
    from .parser import parse_rule

    _text(rule_text, "评分标准")  # blank or an error value is a problem with the call
    text = str(rule_text).strip()  # as the row's cell holds it: the parser normalises it itself (② is no 2)
    unit_text = _text(unit, "计量单位", required=False) or ""
    target = None
    if not _is_blank(target_value):
        number = read_target(target_value, unit=unit_text, rule_text=text)
        target = number if number is not None else _text(target_value, "目标值")
    return parse_rule(text, op=_text(compare_op, "指标值类型", required=False), target=target, unit=unit_text,
                      weight=_weight(weight, required=False))


def _rule_params(rule_text, target_value, weight, compare_op, unit) -> dict:
    return {"rule_text": ("评分标准", rule_text), "target_value": ("目标值", target_value),
            "weight": ("分值", weight), "compare_op": ("指标值类型", compare_op), "unit": ("计量单位", unit)}


def score_rule_value(rule_text, actual_value, target_value=None, weight=None, compare_op=None, unit=None):
    """The score straight from a 评（扣）分标准 text, for a row's target, weight, op and unit."""
    return _score_by_rule(actual_value, _rule_params(rule_text, target_value, weight, compare_op, unit), _text_rule)


def explain_rule(rule_text, actual_value, target_value=None, weight=None, compare_op=None, unit=None):
    """The one-sentence explanation of the score :func:`score_rule_value` gives."""
    return _score_by_rule(actual_value, _rule_params(rule_text, target_value, weight, compare_op, unit), _text_rule,
                          result=explanation_result)


def exec_rate_score(executed, budget, weight=10):
    """预算执行率 score: ``weight`` × min(executed / budget, 1); a budget of 0 is 不适用."""

    def cell(executed, budget, weight):
        return cell_result(execution_score(executed, budget, _weight(weight) if not _is_blank(weight) else 10.0))

    return _map_rows({"executed": ("全年执行数", executed), "budget": ("全年预算数", budget),
                      "weight": ("分值", weight)}, cell)


def perf_grade(total_score):
    """优 [90,100], 良 [80,90), 中 [60,80), 差 below 60 for a total out of 100."""

    def cell(total_score):
        reading = read_value(total_score)
        if reading.status == BLANK:
            return ""
        if reading.status != SCORED or reading.number is None:
            shown = normalize_text(str(total_score))
            return ERROR_PREFIX + (f"总分单元格为错误值{shown}" if shown.upper() in EXCEL_ERRORS
                                   else f"总分“{shown}”不是数字")
        if not -1e-9 <= reading.number <= 100 + 1e-9:
            return ERROR_PREFIX + f"总分{fmt(reading.number)}超出0至100分"
        return grade(reading.number)

    return _map_rows({"total_score": ("总分", total_score)}, cell)


# -- the registry --------------------------------------------------------------------------------
#: The rules users can rely on for reading a cell are on one page (docs/reading.md); help points to it.
READING_PAGE = "识别规则见使用说明“同一个单元格，同一个得分”。"
@dataclass(frozen=True)
class Argument:
    """One argument: its Python/VBA name and the Chinese help the Function Wizard shows."""

    name: str
    doc: str


@dataclass(frozen=True)
class ExcelFunction:
    """One Excel function: its name, the Python function behind it and its Chinese help.

    ``help`` and each argument's ``doc`` reach Excel through Application.MacroOptions (classic) and
    the Office.js metadata: 255 characters at most each, which the tests check.
    """

    name: str
    func: Callable
    help: str
    args: tuple[Argument, ...]
    category: str = CATEGORY


_COLUMN = "可选单个单元格或整列区域。"
_UNIT = Argument("unit", "可选。该行计量单位，如%、公斤；给出时实际值带的单位须一致，%行按该行口径读数。" + READING_PAGE)
_ACTUAL = Argument("actual_value", "实际完成值；可选单个单元格或整列区域（整列时按行返回一列得分）。空白返回空白。"
                                   + READING_PAGE)

_WEIGHT = Argument("weight", "该指标分值（满分），如10。" + _COLUMN)
_RULE_ARGS = (
    Argument("rule_text", "评（扣）分标准原文，如“……每少1公斤扣10分的5%，扣完为止”。" + _COLUMN),
    _ACTUAL,
    Argument("target_value", "可选。该行指标值（目标值），如95。" + _COLUMN),
    Argument("weight", "可选。该行分值，如10或“10分”；省略时从评分标准中读取。" + _COLUMN),
    Argument("compare_op", "可选。该行指标值类型：≥、≤、=、定性等。" + _COLUMN),
    Argument("unit", "可选。该行计量单位，如%、公斤。" + READING_PAGE + _COLUMN),
)

REGISTRY: dict[str, ExcelFunction] = {f.name: f for f in (
    ExcelFunction("SCORE_THRESHOLD", score_threshold,
                  "达标得满分：实际值满足“实际值 比较符 目标值”时得满分，否则得0分。如 =SCORE_THRESHOLD(H5,0,5,\"=\")。",
                  (_ACTUAL,
                   Argument("target_value", "目标值，与实际值用同一口径（实际值为95%则目标值也写95%）。" + _COLUMN),
                   _WEIGHT,
                   Argument("compare_op", "比较符：>=、>、<=、<、=（也可写≥、≤），省略为>=。" + _COLUMN),
                   _UNIT)),
    ExcelFunction("SCORE_LINEAR", score_linear,
                  "线性得分：零分点得0分，满分点得满分，之间按比例，最高满分；给出目标值时按完成率=实际值/目标值计算。"
                  "如 =SCORE_LINEAR(H6,60%,95%,10,95%)。零分点大于满分点时为越低越好。",
                  (_ACTUAL,
                   Argument("zero_at", "零分点：达到或低于此值得0分；给出目标值时为完成率，如60%。" + _COLUMN),
                   Argument("full_at", "满分点：达到此值得满分；给出目标值时为完成率，如95%。" + _COLUMN),
                   _WEIGHT,
                   Argument("target_value", "可选。目标值；给出时按完成率（实际值/目标值）计分，如95%。" + _COLUMN),
                   _UNIT)),
    ExcelFunction("SCORE_BANDED", score_banded,
                  "分档得分：按实际值所在档次给分。如 =SCORE_BANDED(H7,\"100:10;90:8;80:4;0:0\")，"
                  "或用区间 \"[90,100]:10;[80,90):8;(,80):0\"。落在档次外或档次给出分数范围时显示需人工认定。",
                  (_ACTUAL,
                   Argument("bands", "分档标准：文字如\"100:10;90:8;80:4;0:0\"（下限含本数，到上一档为止），"
                                     "或区间\"[80,90):8\"（[ ]含、( )不含、空为不限），或两列区域（下限、得分）。"),
                   Argument("weight", "可选。该指标分值，用于核对各档得分不超过分值；省略时取最高档得分。"),
                   _UNIT)),
    ExcelFunction("SCORE_DEDUCT", score_deduct,
                  "按档扣分：未低于基准值得满分；每低于（或超过）基准值一个间隔扣一次分，不足一个间隔按比例扣，扣完为止。"
                  "如 =SCORE_DEDUCT(H8,38,10,1,\"5%\")：每少1公斤扣分值的5%。",
                  (_ACTUAL,
                   Argument("baseline", "基准值：满分线，如38。" + _COLUMN),
                   _WEIGHT,
                   Argument("per_step", "每档间隔：差额每达到多少扣一次分，如1。" + _COLUMN),
                   Argument("deduct", "每档扣分：分数如0.5，或带引号的分值百分比如\"5%\"（扣分值的5%）。" + _COLUMN),
                   Argument("direction", "可选。扣分方向：below（低于基准扣分，默认）、above（超过基准扣分）、"
                                         "both（偏离基准扣分），也可写低于/超过/偏离。"),
                   _UNIT)),
    ExcelFunction("SCORE_GRADE", score_grade,
                  "定性评分：按填写的等级给分。如 =SCORE_GRADE(H11,\"有效:5;一般:3;较差:0\")。三级评价接受常见同义词"
                  "（是/达成视为有效等）；对不上的等级显示需人工认定。",
                  (Argument("grade_value", "填写的等级，如有效、一般、较差；可选单个单元格或整列区域。空白返回空白。"),
                   Argument("grade_map", "等级对照：文字如\"有效:5;一般:3;较差:0\"，或两列区域（等级、得分）；"
                                         "得分可写范围如\"3~4\"（需人工认定）。"))),
    ExcelFunction("SCORE_RULE", score_rule_value,
                  "按评（扣）分标准原文直接评分：读取评分标准文字，按该行的目标值、分值、指标值类型和计量单位计分。"
                  "标准未给出唯一得分时显示需人工认定。", _RULE_ARGS),
    ExcelFunction("SCORE_EXPLAIN", explain_rule,
                  "得分说明：按评（扣）分标准原文评分，并返回一句可直接填入偏差原因分析的说明，"
                  "如“实际37公斤，低于38公斤共1公斤，每少1公斤扣0.5分，扣0.5分，得9.5分”。参数同 SCORE_RULE。",
                  _RULE_ARGS),
    ExcelFunction("EXEC_RATE_SCORE", exec_rate_score,
                  "预算执行率得分：分值×MIN(全年执行数/全年预算数,1)；全年预算数为0时显示不适用。",
                  (Argument("executed", "全年执行数（万元）。" + _COLUMN),
                   Argument("budget", "全年预算数（万元）。" + _COLUMN),
                   Argument("weight", "可选。预算执行率分值，默认10。"))),
    ExcelFunction("PERF_GRADE", perf_grade,
                  "绩效等级：总分90（含）以上为优，80（含）至90为良，60（含）至80为中，60以下为差（总分按两位小数计）。",
                  (Argument("total_score", "总分（百分制）；可选单个单元格或整列区域。空白返回空白。"),)),
)}

__all__ = ["CATEGORY", "ERROR_PREFIX", "REGISTRY", "REVIEW_TEXT", "Argument", "ExcelFunction", "FunctionError",
           "cell_result", "exec_rate_score", "explain_rule", "explanation_result", "is_error", "perf_grade",
           "score_banded", "score_deduct", "score_grade", "score_linear", "score_rule_value", "score_threshold"]
