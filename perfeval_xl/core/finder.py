"""Finding indicator tables in a sheet given as a plain 2-D grid of cell values.

A user's workbook puts the table anywhere: below a title and a budget block, beside notes, with a
header that spans two rows. The finder locates each header row by its Chinese column names, reads the
rows below it until a run of blank rows or a footer (总分, 合计, 预算执行率, 填表说明 …), and collects
the labelled cells around it (单位编码, 单位名称, 全年预算数, 全年执行数, 资金总额, 总分, 等级).

It works on values alone: merged cells may arrive forward-filled (as the workbook adapter gives them)
or as None below/right of their first cell (as a plain value read gives them), and number formats are
known only through ``percent_cells``. All cell coercion goes through :mod:`perfeval_xl.core.values`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from .errors import PerfevalError
from .rules import normalize_op
from .score import SCORED
from .table import QUALITATIVE_OPS, Budget, Indicator, Table
from .values import read_target, read_value

Grid = Sequence[Sequence[object]]
Cell = tuple[int, int]

#: Column roles and the header texts that name them (matched whole, after :func:`header_key`).
#: Order matters: the first pattern that matches wins (指标值类型 before 指标值, 得分说明 before 得分).
HEADER_ROLES: tuple[tuple[str, re.Pattern], ...] = tuple((role, re.compile(pattern)) for role, pattern in (
    ("manual", r"人工(认定|确认|评定|调整)?(得分|分值|评分)(\(.*\))?"),
    ("explanation", r"(得分|评分|扣分)(说明|依据|理由|原因)"),
    ("review", r"复核(得分|分数)"),
    ("review_explanation", r"复核(得分)?说明"),
    ("difference", r"(得分)?差异"),
    ("score", r"(自评|实际|最终|指标)?得分(\(.*\))?"),
    ("rule_text", r"(评\(扣\)|评扣|评|扣|计|打)分(标准|规则|办法|方法|细则)(及说明|\(.*\))?"),
    ("op", r"指标值?(类型|性质|方向)|(运算|比较)?符号"),
    ("actual", r"(全年|年度|年末)?(实际(完成)?(值|数)?|完成值|实际完成情况)(\(.*\))?"),
    ("target", r"(年度|全年|预期|绩效)?(指标值|目标值)(\(.*\))?"),
    ("unit", r"(计量|度量)?单位"),
    ("description", r"(绩效)?指标(解释|说明|内涵|定义)"),
    ("remark", r"备注"),
    ("weight", r"(指标)?(分值|权重|满分)(\(.*\))?"),
    ("level1", r"一级(绩效)?指标(名称)?"),
    ("level2", r"二级(绩效)?指标(名称)?"),
    ("name", r"三级(绩效)?指标(名称)?|指标名称"),
))
#: The roles a header row needs besides 三级指标 (at least MIN_OTHER_ROLES of them).
CONTENT_ROLES = frozenset({"op", "target", "unit", "description", "rule_text", "remark", "weight", "actual",
                           "manual", "score", "level1", "level2"})
MIN_OTHER_ROLES = 2
#: What the error message says was looked for.
LOOKED_FOR = "“三级指标”以及“指标值类型、指标值、计量单位、评（扣）分标准、备注、分值、实际完成值”中至少两项"

#: Labelled cells outside the indicator rows.
LABELS: tuple[tuple[str, re.Pattern], ...] = tuple((kind, re.compile(pattern)) for kind, pattern in (
    ("budget", r"(全年|年度|调整后)?预算数(\(A\))?(\((万元|元)\))?"),
    ("executed", r"(全年|年度)?(实际)?执行数(\(B\))?(\((万元|元)\))?"),
    ("rate", r"(预算)?执行率(\(.*\))?"),
    ("execution_score", r"(预算执行率)?得分(\(\d+分\))?|执行率得分"),
    ("total", r"(自评)?总(得)?分(合计)?|合计得分|得分合计|综合得分"),
    ("grade", r"(自评|评价|绩效|评分|综合)?等级"),
    ("unit_code", r"(单位|部门|预算单位)(编码|代码|编号)"),
    ("unit_name", r"(单位|部门|部门\(单位\)|预算单位|项目单位)名称|填报单位|实施单位"),
    ("money_unit", r"金额单位"),
    ("goal", r"(部门整体支出)?年度(总体)?绩效目标|年度总体目标|整体绩效目标"),
    ("funds_total", r"资金总额(\((万元|元)\))?"),
    ("general_public", r"一般公共预算(拨款|资金)?"),
    ("government_fund", r"政府性基金(拨款|预算)?"),
    ("special_account", r"财政专户管理资金"),
    ("other", r"其他资金"),
    ("basic", r"基本支出"),
    ("project", r"项目支出"),
    ("section", r"年度预算申请(\(万元\))?|按(收入|支出)性质分|项目资金(\(万元\))?|(年度)?绩效指标|其中:.*"),
))
#: Label kinds whose value is an amount (万元); the others are text.
AMOUNT_LABELS = frozenset({"budget", "executed", "funds_total", "general_public", "government_fund",
                           "special_account", "other", "basic", "project"})
#: Label kinds whose value is a number; 等级 takes one of GRADE_WORDS (or 未评定 …).
NUMBER_LABELS = AMOUNT_LABELS | {"execution_score", "total"}
GRADE_WORDS = frozenset({"优", "良", "中", "差", "优秀", "良好", "合格", "不合格"})
#: A row whose first cell starts with one of these ends the indicator rows.
FOOTER = re.compile(r"(总分|合计|总计|预算执行率|全年预算数|年度资金总额|资金总额|填表说明|填报说明|说明:|注:|备注:"
                    r"|(自评|评价|绩效)?等级|填表人|填报人|审核人|(单位|财务)?负责人|联系电话|联系人)")
#: A title line: "…绩效目标表", "…绩效自评报告", or a year before 绩效目标/自评/评价 ("…2025年度部门整体
#: 支出绩效自评"); notes (注：, 填表说明 …) are never titles.
TITLE = re.compile(r"(?!注|说明|填表|填报|备注).{0,40}(绩效(目标|自评|评价)(评分|评价)?(表|报告)"
                   r"|\d{4}年度?.{0,30}绩效(目标|自评|评价)).{0,12}")
#: How many consecutive blank rows end a table.
BLANK_RUN = 2
#: How far from a label its value may sit (columns to the right, rows below).
LABEL_REACH_RIGHT = 8
LABEL_REACH_DOWN = 3
MAX_HEADER_TEXT = 30
#: A 指标值 written with its comparison and unit: "≥500人次", "≤5%", "=100%".
TARGET_TEXT = re.compile(r"(≥|≤|>=|<=|≧|≦|>|<|=)?([-+]?\d[\d,]*(?:\.\d+)?)(\D{0,10})")
#: Longer cell texts (rule texts, notes) are never headers or labels, even with spaces and newlines.
MAX_RAW_TEXT = 80


@dataclass(frozen=True)
class FoundTable:
    """One indicator table found in a grid (all positions 0-based).

    Attributes:
        table: the Table read from the sheet (rules None: they are read from the rule texts).
        header_row: the last header row; header_top the first (they differ for a two-row header).
        rows: the grid row of each indicator, in table order.
        columns: role → column ("name", "target", "actual", "score" …); missing roles absent.
        actuals, manual: 实际完成值 / 人工认定得分 as typed, by 三级指标 (ready for ``score_table``).
        percent_formats: by 三级指标, whether the 实际完成值 cell is %-formatted (None: unknown).
        budget_cell, executed_cell: where 全年预算数 / 全年执行数 are, and their values as typed.
        total_cell, grade_cell: the cells labelled 总分 / 等级 hold their values here, or None.
        execution_cell: where the sheet's 预算执行率 score goes (labelled 得分（10分） or 得分 beside
            全年预算数), or None.
        claims: the unit's own 得分 / 自评得分 cell of each row as read, by 三级指标 (empty without
            a 得分 column); claimed_execution, claimed_total, claimed_grade: the values in the
            预算执行率 score, 总分 and 等级 cells (总分 and 等级 only for a table with a 得分 column, so
            that a 分值 total of 100 beside 总分 is not taken for a claim).
        title: the sheet's title line above the table ("…2025年度部门整体支出绩效自评"), or "".
    """

    table: Table
    header_row: int
    rows: tuple[int, ...]
    columns: dict[str, int]
    actuals: dict[str, object] = field(default_factory=dict)
    manual: dict[str, object] = field(default_factory=dict)
    percent_formats: dict[str, bool | None] = field(default_factory=dict)
    budget_cell: Cell | None = None
    budget: object = None
    executed_cell: Cell | None = None
    executed: object = None
    total_cell: Cell | None = None
    execution_cell: Cell | None = None
    grade_cell: Cell | None = None
    header_top: int = 0
    claims: dict[str, object] = field(default_factory=dict)
    claimed_execution: object = None
    claimed_total: object = None
    claimed_grade: object = None
    title: str = ""

    @property
    def last_row(self) -> int:
        """The grid row of the last indicator."""
        return self.rows[-1]

    def scored(self):
        """(table, TableScore): the table with weights left to the rule text filled in, scored from the
        sheet's actuals, 人工认定得分, percent formats, 全年预算数 and 全年执行数."""
        from .totals import score_table
        from .weights import with_rule_weights

        table = with_rule_weights(self.table)
        # A 全年预算数 cell that is there but blank is a blank budget, never the table's 资金总额.
        budget = "" if self.budget_cell is not None and is_blank(self.budget) else self.budget
        return table, score_table(table, self.actuals, executed=self.executed, budget=budget,
                                  manual=self.manual, percent_formats=self.percent_formats)

    def reviewed(self, table, result):
        """The :class:`~perfeval_xl.core.review.Review` of the unit's own scores against ``result``
        (from :meth:`scored`)."""
        from .review import review_table

        return review_table(table, result, claims=self.claims, actuals=self.actuals,
                            claimed_execution=self.claimed_execution, claimed_total=self.claimed_total,
                            claimed_grade=self.claimed_grade, executed=self.executed)


def header_key(value: object) -> str:
    """A header or label text reduced for matching: half-width, no spaces or newlines, no * or colon."""
    if not isinstance(value, str):
        return ""
    text = unicodedata.normalize("NFKC", value)
    text = re.sub(r"\s+", "", text).lstrip("*").rstrip(":")
    return text


def header_role(value: object) -> str | None:
    """The column role a header cell names ("target" for 年度指标值 …), or None."""
    if not isinstance(value, str) or not value or len(value) > MAX_RAW_TEXT:
        return None
    return _role_of(value)


@lru_cache(maxsize=4096)
def _role_of(value: str) -> str | None:
    key = header_key(value)
    if not key or len(key) > MAX_HEADER_TEXT:
        return None
    for role, pattern in HEADER_ROLES:
        if pattern.fullmatch(key):
            return role
    return None


def _label(value: object) -> tuple[str, str | None] | None:
    """(kind, inline value) for a label cell ("全年预算数", "金额单位：万元"), else None."""
    if not isinstance(value, str) or not value or len(value) > MAX_RAW_TEXT:
        return None
    return _label_of(value)


@lru_cache(maxsize=4096)
def _label_of(value: str) -> tuple[str, str | None] | None:
    text = unicodedata.normalize("NFKC", value).strip()
    head, colon, rest = text.partition(":")
    key = header_key(head)
    if not key or len(key) > MAX_HEADER_TEXT:
        return None
    for kind, pattern in LABELS:
        if pattern.fullmatch(key):
            inline = rest.strip() if colon and rest.strip() else None
            if inline is not None and kind in AMOUNT_LABELS and _number(inline, "万元", None) is None:
                return None  # "全年预算数（万元）：默认等于资金总额" explains a cell, it is no value
            return kind, inline
    return None


def _is_label(value: object) -> bool:
    return _label(value) is not None or header_role(value) is not None


def cell_at(grid: Grid, r: int, c: int) -> object:
    """The value at 0-based (r, c), None outside the grid (rows may be ragged)."""
    if 0 <= r < len(grid):
        row = grid[r]
        if 0 <= c < len(row):
            return row[c]
    return None


def is_blank(value: object) -> bool:
    """An empty cell: None or only white space."""
    if value is None:
        return True
    return isinstance(value, str) and not value.strip()


def _text(value: object) -> str:
    """A cell as text for the table's text columns; whole floats lose their ".0"."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


# -- header rows ---------------------------------------------------------------------------------

def _row_roles(grid: Grid, r: int) -> dict[int, str]:
    roles = {}
    for c, value in enumerate(grid[r]):
        # Only non-empty texts can name a column (the checks of header_role, without a call per cell).
        if isinstance(value, str) and 0 < len(value) <= MAX_RAW_TEXT and (role := _role_of(value)):
            roles[c] = role
    return roles


def _only_headers(grid: Grid, r: int, above: int) -> bool:
    """Every non-empty cell of row r names a column or repeats the cell above (a forward-filled merge)."""
    for c, value in enumerate(grid[r]):
        if not is_blank(value) and header_role(value) is None and value != cell_at(grid, above, c):
            return False
    return True


def _group_titles(grid: Grid, r: int) -> bool:
    """Row r holds only short titles (绩效指标, 自评情况, column names), no labelled values such as a
    全年预算数 block standing right above a table."""
    return all(is_blank(v) or (isinstance(v, str) and len(header_key(v)) <= MAX_HEADER_TEXT
                             and (_label(v) or ("section",))[0] == "section") for v in grid[r])


def _header_block(grid: Grid, r: int, roles: dict[int, str]) -> tuple[int, int, dict[str, int]] | None:
    """(top, last, role → column) for a header row r holding 三级指标, extended to a two-row header."""
    top, last = r, r
    merged = dict(roles)
    if r + 1 < len(grid):
        below = _row_roles(grid, r + 1)
        if below and _only_headers(grid, r + 1, r):
            merged.update(below)
            last = r + 1
    if r > 0 and top == r:
        above = _row_roles(grid, r - 1)
        new = {c: role for c, role in above.items() if c not in merged and role not in merged.values()}
        if new and "name" not in above.values() and _group_titles(grid, r - 1):
            merged = {**new, **merged}
            top = r - 1
    columns: dict[str, int] = {}
    for c in sorted(merged):
        columns.setdefault(merged[c], c)
    if "name" not in columns or len(CONTENT_ROLES & columns.keys()) < MIN_OTHER_ROLES:
        return None
    return top, last, columns


# -- indicator rows ------------------------------------------------------------------------------

def _is_footer(grid: Grid, r: int, first_col: int, name_col: int) -> bool:
    for c in range(first_col, name_col + 1):
        value = cell_at(grid, r, c)
        if not is_blank(value):
            return isinstance(value, str) and _footer_text(value)
    return False


@lru_cache(maxsize=4096)
def _footer_text(text: str) -> bool:
    return bool(FOOTER.match(header_key(text)))


def _blank_row(grid: Grid, r: int, first_col: int, last_col: int) -> bool:
    if not 0 <= r < len(grid):
        return True
    return all(is_blank(v) for v in grid[r][max(first_col, 0):last_col + 1])


def _body_rows(grid: Grid, last_header: int, columns: dict[str, int]) -> list[int]:
    """Grid rows holding an indicator, up to a run of blank rows, a footer or the next header."""
    first_col, last_col = min(columns.values()), max(columns.values())
    name_col = columns["name"]
    others = [c for role, c in columns.items() if role not in ("name", "level1", "level2")]
    rows, blanks, r = [], 0, last_header + 1
    while r < len(grid):
        if _blank_row(grid, r, first_col, last_col):
            blanks += 1
            if blanks >= BLANK_RUN:
                break
            r += 1
            continue
        blanks = 0
        if _is_footer(grid, r, first_col, name_col) or header_role(cell_at(grid, r, name_col)) == "name":
            break
        if not is_blank(cell_at(grid, r, name_col)) and any(not is_blank(cell_at(grid, r, c)) for c in others):
            rows.append(r)
        r += 1
    return rows


def _number(raw: object, unit: str, percent_format: bool | None) -> float | None:
    reading = read_value(raw, unit=unit, percent_format=percent_format)
    return reading.number if reading.status == SCORED else None


def _target(raw: object, unit: str, percent_format: bool | None, rule_text: object) -> float | None:
    return read_target(raw, unit=unit, percent_format=percent_format, rule_text=_text(rule_text))


def _split_target(text: str, unit: str, has_op_column: bool) -> tuple[str, str, str]:
    """(op, target, unit) from a 指标值 that carries them ("≥500人次", "≤5%") where the sheet has no
    指标值类型 (or leaves it empty); a wordy target in a sheet without that column is 定性."""
    match = TARGET_TEXT.fullmatch(re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)))
    if match is None:
        return ("" if has_op_column else "定性"), text, unit
    sign, number, suffix = match.groups()
    return (normalize_op(sign) if sign else ""), number, unit or suffix


def _indicators(grid: Grid, rows: list[int], columns: dict[str, int], percent_cells) -> tuple[
        list[Indicator], list[str]]:
    """The Indicator of each row (levels forward-filled, duplicate names suffixed) and its key name."""

    def get(r: int, role: str) -> object:
        c = columns.get(role)
        if c is None or not 0 <= r < len(grid):
            return None
        row = grid[r]
        return row[c] if c < len(row) else None

    def percent(r: int, role: str) -> bool | None:
        if percent_cells is None or role not in columns:
            return None
        return (r, columns[role]) in percent_cells

    indicators, seen = [], {}
    level1 = level2 = ""
    previous = None
    for r in rows:
        row = grid[r] if 0 <= r < len(grid) else ()
        cells = {role: row[c] for role, c in columns.items() if c < len(row)}  # this row's cells by role
        # Levels: a merged 一级/二级 cell arrives as None below its first row; carry it down.
        for prev_r in range(previous + 1 if previous is not None else r, r + 1):
            new1, new2 = _text(get(prev_r, "level1")), _text(get(prev_r, "level2"))
            if new1 and new1 != level1:
                level1, level2 = new1, ""
            if new2:
                level2 = new2
        previous = r
        name = _text(cells.get("name"))
        seen[name] = seen.get(name, 0) + 1
        if seen[name] > 1:
            name = f"{name}（{seen[name]}）"
        op = _text(cells.get("op"))
        unit = _text(cells.get("unit"))
        raw_target = cells.get("target")
        if not op and isinstance(raw_target, str):
            op, raw_target, unit = _split_target(raw_target, unit, "op" in columns)
        target: float | str | None = None
        if not is_blank(raw_target):
            number = None if op in QUALITATIVE_OPS else _target(raw_target, unit, percent(r, "target"),
                                                                   cells.get("rule_text"))
            target = number if number is not None else _text(raw_target)
            if isinstance(target, float) and target.is_integer():
                target = int(target)
        remark = _text(cells.get("remark"))
        raw_weight = cells.get("weight")
        weight = _number(raw_weight, "分", False) if not is_blank(raw_weight) else None
        if weight is None and remark:
            weight = _number(remark, "分", False)
        indicators.append(Indicator(level1=level1, level2=level2, name=name, op=op, target=target, unit=unit,
                                    description=_text(cells.get("description")),
                                    rule_text=_text(cells.get("rule_text")), weight=weight, remark=remark))
    return indicators, [ind.name for ind in indicators]


# -- labelled cells ------------------------------------------------------------------------------

def _acceptable(value: object, kind: str) -> bool:
    if is_blank(value) or _is_label(value):
        return False
    if kind in NUMBER_LABELS:
        return _number(value, "万元", None) is not None
    if kind == "grade":
        return _text(value) in GRADE_WORDS or _text(value).startswith("未")
    return True


def _neighbour(grid: Grid, r: int, c: int, step: Cell, reach: int) -> Cell | None:
    """The first filled cell from the label at (r, c) in direction ``step``, past blanks and the
    label's own merged copies."""
    label = cell_at(grid, r, c)
    for n in range(1, reach + 1):
        at = (r + step[0] * n, c + step[1] * n)
        value = cell_at(grid, *at)
        if not is_blank(value) and value != label:
            return at
    return None


def _first_blank_right(grid: Grid, r: int, c: int) -> Cell:
    label = cell_at(grid, r, c)
    j = c + 1
    while cell_at(grid, r, j) == label and j < c + LABEL_REACH_RIGHT:
        j += 1
    return (r, j)


#: Labels whose value cell matters even while it is blank (someone fills it in later).
INPUT_LABELS = frozenset({"budget", "executed", "total", "grade", "execution_score"})
#: Labels of cells the scores are written into.
SCORE_LABELS = frozenset({"total", "grade"})


def _labelled(grid: Grid, r: int, c: int, kind: str) -> Cell | None:
    """Where the value of the label at (r, c) sits: to its right, else below it (a row of labels
    over a row of values). A blank input cell is the first one right of the label, or the one below
    it when the label stands in a row of labels. None for a text label with no value near it."""
    right = _neighbour(grid, r, c, (0, 1), LABEL_REACH_RIGHT)
    left = _neighbour(grid, r, c, (0, -1), LABEL_REACH_RIGHT)
    below = _neighbour(grid, r, c, (1, 0), LABEL_REACH_DOWN)
    # The last label of a row of labels has its value below it, not in whatever stands further right.
    after_label = left is not None and _is_label(cell_at(grid, *left))
    for at in ((below, right) if after_label else (right, below)):
        if at is not None and _acceptable(cell_at(grid, *at), kind):
            return at
    if kind not in INPUT_LABELS:
        return None
    in_label_row = any(at is not None and _is_label(cell_at(grid, *at)) for at in (left, right))
    return (r + 1, c) if in_label_row else _first_blank_right(grid, r, c)


def _score_label_cell(grid: Grid, r: int, c: int, kind: str, score_col: int | None) -> Cell | None:
    """Like :func:`_labelled`, except that a 总分/等级 row of a table with a 得分 column holds its value
    under 得分, when only blanks and numbers (a 分值 total of 100) stand between."""
    if kind in SCORE_LABELS and score_col is not None and score_col > c:
        label = cell_at(grid, r, c)
        between = (cell_at(grid, r, j) for j in range(c + 1, score_col + 1))
        if all(is_blank(v) or v == label or _is_number(v) or _acceptable(v, kind) for v in between):
            return (r, score_col)
    return _labelled(grid, r, c, kind)


@dataclass
class _Labels:
    cells: dict[str, Cell] = field(default_factory=dict)
    inline: dict[str, str] = field(default_factory=dict)
    title: str = ""


def _find_labels(grid: Grid, row_range: range, skip: range, score_col: int | None) -> _Labels:
    found = _Labels()
    for r in row_range:
        if r in skip:
            continue
        row = grid[r]
        labels = [(c, lab) for c, value in enumerate(row) if (lab := _label(value))]
        kinds = {lab[0] for _, lab in labels}
        for c, (kind, inline) in labels:
            if kind in found.cells or kind in found.inline or kind == "section":
                continue
            if kind in SCORE_LABELS and inline is not None:
                continue  # "总分：89分" is a sentence, not a cell to write the total into
            if kind == "execution_score" and header_key(grid[r][c]) == "得分" and not kinds & {"budget", "executed"}:
                continue  # a bare 得分 is the execution score only beside 全年预算数 / 全年执行数
            if inline is not None:
                found.inline[kind] = inline
                found.cells[kind] = (r, c)
            elif (cell := _score_label_cell(grid, r, c, kind, score_col)) is not None:
                found.cells[kind] = cell
        if not found.title:
            for value in row:
                if isinstance(value, str) and TITLE.fullmatch(header_key(value)):
                    found.title = value.strip()
                    break
    return found


def _label_value(grid: Grid, labels: _Labels, kind: str) -> object:
    if kind in labels.inline:
        return labels.inline[kind]
    cell = labels.cells.get(kind)
    return None if cell is None else cell_at(grid, *cell)


def _budget(grid: Grid, labels: _Labels) -> Budget | None:
    def amount(kind: str) -> float | None:
        raw = _label_value(grid, labels, kind)
        return None if is_blank(raw) else _number(raw, "万元", None)

    total = amount("funds_total")
    if total is None:
        return None
    return Budget(total=total, general_public=amount("general_public"), government_fund=amount("government_fund"),
                  special_account=amount("special_account"), other=amount("other"), basic=amount("basic"),
                  project=amount("project"))


# -- tables --------------------------------------------------------------------------------------

def _headers(grid: Grid) -> list[tuple[int, int, dict[str, int]]]:
    """Every header block (top, last, columns) in the grid, top to bottom, not overlapping."""
    blocks, r = [], 0
    while r < len(grid):
        roles = _row_roles(grid, r) if any(isinstance(v, str) for v in grid[r]) else {}
        if "name" in roles.values():
            block = _header_block(grid, r, roles)
            if block:
                blocks.append(block)
                r = block[1] + 1
                continue
        r += 1
    return blocks


def find_tables(grid: Grid, *, percent_cells=None) -> list[FoundTable]:
    """Every indicator table in ``grid`` (``grid[r][c]`` a cell value), top to bottom.

    Args:
        grid: the sheet's cell values, rows of possibly different lengths.
        percent_cells: (r, c) of the cells known to be %-formatted; None when formats cannot be seen.

    Returns:
        One FoundTable per header row with at least one indicator row below it.
    """
    percent_cells = None if percent_cells is None else frozenset(percent_cells)
    spans = []
    for top, last, columns in _headers(grid):
        rows = _body_rows(grid, last, columns)
        if rows:
            spans.append((top, last, columns, rows))
    # Labelled cells between two tables belong to the nearer one: 总分 just below the first, 单位名称
    # just above the second.
    splits = [0] + [(spans[i][3][-1] + spans[i + 1][0] + 1) // 2 for i in range(len(spans) - 1)] + [len(grid)]
    found = []
    for i, (top, last, columns, rows) in enumerate(spans):
        region = range(splits[i], splits[i + 1])
        found.append(_found(grid, top, last, columns, rows, region, range(last + 1, rows[-1] + 1), percent_cells))
    return found


def _found(grid, top, last, columns, rows, region, skip, percent_cells) -> FoundTable:
    indicators, names = _indicators(grid, rows, columns, percent_cells)
    labels = _find_labels(grid, region, skip, columns.get("score"))

    def by_name(role: str) -> dict[str, object]:
        if role not in columns:
            return {}
        return {name: cell_at(grid, r, columns[role]) for name, r in zip(names, rows)}

    percent_formats = {name: (None if percent_cells is None or "actual" not in columns
                              else (r, columns["actual"]) in percent_cells) for name, r in zip(names, rows)}
    budget = _budget(grid, labels)
    has_scores = "score" in columns

    def claimed(kind: str, allowed: bool = True) -> object:
        cell = labels.cells.get(kind)
        return cell_at(grid, *cell) if allowed and cell is not None and kind not in labels.inline else None

    money_unit = _label_value(grid, labels, "money_unit")
    table = Table(title=labels.title or Table.title, unit_code=_text(_label_value(grid, labels, "unit_code")),
                  unit_name=_text(_label_value(grid, labels, "unit_name")),
                  money_unit=_text(money_unit) or Table.money_unit, budget=budget,
                  goal=_text(_label_value(grid, labels, "goal")), indicators=tuple(indicators))
    return FoundTable(table=table, header_row=last, header_top=top, rows=tuple(rows), columns=dict(columns),
                      actuals=by_name("actual"), manual=by_name("manual"), percent_formats=percent_formats,
                      budget_cell=labels.cells.get("budget"), budget=_label_value(grid, labels, "budget"),
                      executed_cell=labels.cells.get("executed"), executed=_label_value(grid, labels, "executed"),
                      total_cell=labels.cells.get("total"), grade_cell=labels.cells.get("grade"),
                      execution_cell=labels.cells.get("execution_score"), claims=by_name("score"),
                      claimed_execution=claimed("execution_score"), claimed_total=claimed("total", has_scores),
                      claimed_grade=claimed("grade", has_scores), title=labels.title)


def find_table(grid: Grid, *, percent_cells=None) -> FoundTable:
    """The first indicator table in ``grid``.

    Raises:
        PerfevalError: naming the column headers looked for, when the grid holds no table.
    """
    tables = find_tables(grid, percent_cells=percent_cells)
    if not tables:
        raise PerfevalError(no_table_message())
    return tables[0]


def no_table_message(where: str = "工作表") -> str:
    """The Chinese message for a sheet or workbook without a recognisable indicator table."""
    return (f"在{where}中没有找到绩效指标表：需要一行表头含有{LOOKED_FOR}，"
            f"且表头下方至少有一行填写了三级指标的指标行")


__all__ = ["FoundTable", "find_table", "find_tables", "header_role", "no_table_message"]
