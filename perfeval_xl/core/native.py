"""A rule as an Excel formula: a call of our functions (SCORE_DEDUCT(H12,38,10,1,"5%")) or a plain
IF/MIN/MAX formula that recalculates without the add-in (Excel, WPS, LibreOffice).

Both forms give the rule's score for a numeric actual value in the row's unit, "" for a blank cell,
"需人工认定" where the rule gives no single score, and a visible "#错误：…" text for a text value.
Percent rows: a %-formatted actual cell holds a fraction (0.95 for 95%), so with ``percent_cell``
the formula writes the row's numbers as percent literals (95%) and compares like with like.
The UDF form falls back to the plain formula for rule features the SCORE_* functions do not take
(whole-step deductions, tolerances, 不适用 caps …).
"""

from __future__ import annotations

import math

from .errors import PerfevalError
from .functions import ERROR_PREFIX, REVIEW_TEXT
from .rules import (Banded, Deduct, Discretionary, Exempt, Gated, Linear, Manual, Qualitative, Ratio, Rule, Slope,
                    Threshold)
from .rules.banded import Band
from .values import FRACTION_LIMIT, MAX_MAGNITUDE, SIGNIFICANT, is_percent_unit, normalize_text

_ASCII_OPS = {"≥": ">=", ">": ">", "≤": "<=", "<": "<", "=": "="}
_REVIEW = f'"{REVIEW_TEXT}"'


def rule_formula(rule: Rule, actual_ref: str, *, native: bool, percent_cell: bool = False) -> str:
    """The formula (without the leading "=") that scores the value in ``actual_ref`` by ``rule``.

    Args:
        rule: a core rule.
        actual_ref: the actual value's cell reference, e.g. "H12" or "'自评表'!$H$12".
        native: True for a plain Excel formula, False for a call of our SCORE_* functions.
        percent_cell: the actual cell is %-formatted (holds 0.95 for 95%) in a % row.

    Raises:
        PerfevalError: for a rule kind this module cannot write.
    """
    if not native:
        call = udf_call(rule, actual_ref)
        if call is not None:
            return call
    return _Writer(rule, actual_ref, percent=percent_cell and is_percent_unit(rule.unit)).native()


def udf_call(rule: Rule, actual_ref: str) -> str | None:
    """The rule as a call of our SCORE_* functions, or None for rule features they do not take.

    The function is told the row's unit and reads the cell itself, so % rows' numbers are written as
    the cells show them (95%). Not for a % row whose target is not above 1.5 (the function, which is
    not told the target, would read a bare fraction differently) nor a yes/no rule (SCORE_GRADE matches
    words more loosely than its answers): those rows get the plain formula on the reading cell."""
    percent = is_percent_unit(rule.unit)
    if percent and (rule.row_target is None or abs(rule.row_target) <= FRACTION_LIMIT):
        return None
    if hasattr(rule, "plain_answers"):
        return None
    return _Writer(rule, actual_ref, percent=percent).udf()


def typed_text_formula(ref: str, *, unit: str, percent_cell: bool) -> str:
    """The typed text of a cell tidied for reading, as a plain formula: full-width to half-width (ASC),
    spaces and a full stop dropped, and the row's unit after a number taken off ("38公斤" → "38")."""
    text = f'SUBSTITUTE(SUBSTITUTE(ASC(SUBSTITUTE({ref},"。",""))," ",""),"　","")'  # ASC would make 。 ｡
    if not (is_percent_unit(unit) and percent_cell):
        for u in [u for u in dict.fromkeys((normalize_text(unit), normalize_text(unit).split("/")[0])) if u]:
            text = (f'IF(AND(RIGHT({text},{len(u)})={_text(u)},LEN({text})>{len(u)}),'
                    f'LEFT({text},LEN({text})-{len(u)}),{text})')
    return f'IF(ISERROR({ref}),"",{text})'


def reading_formula(ref: str, text: str, *, unit: str, percent_cell: bool, target: float | None,
                    qualitative: bool) -> str:
    """The reading of a typed cell ``ref`` as a plain formula (without "="), mirroring
    perfeval_xl.core.values; ``text`` holds :func:`typed_text_formula` of the same cell.

    Gives "" for a blank, a number in the cell's scale (a fraction in a %-formatted row), a
    "#错误：…" text for an error value, TRUE/FALSE in a numeric row, or the trimmed text when it is no
    number (a grade word, a phrase a rule names). Numbers are read to 10 significant digits; text
    numbers may carry %, thousands separators, full-width digits and the row's unit. What it cannot
    read (万 or ‰ after a number, dates) stays text, and the score formula shows a message.
    Only functions Excel 2016, WPS and LibreOffice share (IF, ISERROR, ISLOGICAL, CELL, ASC, VALUE …).
    """
    x = ref
    error = f'IF(ISERROR({x}),"{ERROR_PREFIX}实际值单元格为错误值",IF({x}="","",'
    if qualitative:
        return (error + f'IF(ISLOGICAL({x}),IF({x},"是","否"),'
                f'IF(ISNUMBER({x}),"{ERROR_PREFIX}定性指标应填写等级",{text}))))')
    percent = is_percent_unit(unit) and percent_cell
    guess = percent and target is not None and abs(target) > FRACTION_LIMIT

    def in_scale(n: str) -> str:  # a bare number in the row's unit, in the cell's scale
        if not percent:
            return n
        return f"IF(AND(ABS({n})<={_num(FRACTION_LIMIT)},{n}<>0),{n},{n}/100)" if guess else f"{n}/100"

    number = (f'IF(LEFT(CELL("format",{x}),1)="P",{_significant(x)},{_significant(in_scale(x))})'
              if percent else _significant(x))
    number = f'IF(ABS({x})>{int(MAX_MAGNITUDE)},"{ERROR_PREFIX}实际值超出合理范围",{number})'
    date_like = f'OR(ISNUMBER(FIND("/",{text})),ISNUMBER(FIND(":",{text})),ISNUMBER(FIND("-",{text},2)))'
    # thousands separators only where they group by three ("6,530.55"; "1,00,0" is no number)
    whole = f'SUBSTITUTE(SUBSTITUTE(SUBSTITUTE(LEFT({text},FIND(".",{text}&".")-1),"-",""),"+",""),"%","")'
    value = f'VALUE(SUBSTITUTE({text},",",""))'
    grouped = f'IFERROR(OR(ISERROR(FIND(",",{text})),TEXT(INT(ABS({value})),"#,##0")={whole}),TRUE)'
    plain = value
    if percent:  # "95%" is the fraction VALUE gives; a bare "95" typed as text is 95%
        value = f'IF(RIGHT({text},1)="%",{value},{in_scale(value)})'
    value = f'IF(ABS({plain})>{int(MAX_MAGNITUDE)},"{ERROR_PREFIX}实际值超出合理范围",{_significant(value)})'
    typed = f"IF(OR({date_like},NOT({grouped})),TRIM({x}),IFERROR({value},TRIM({x})))"
    return (error + f'IF(ISLOGICAL({x}),IF({x},"TRUE","FALSE"),IF(ISNUMBER({x}),{number},{typed}))))')


def _significant(n: str) -> str:
    """``n`` rounded to SIGNIFICANT significant digits, as values.significant does."""
    return f"IF({n}=0,0,ROUND({n},{SIGNIFICANT - 1}-INT(LOG10(ABS({n})))))"


def _num(value: float) -> str:
    """A number as a formula literal: 0.6, 38, -1.5E-05."""
    text = f"{float(value):.12g}"
    return text.replace("e", "E").replace("E+", "E")


def _text(value: str) -> str:
    return '"' + value.replace('"', '""') + '"'


class _Writer:
    """Writes one rule's formula; ``p()`` prints a value in the row's unit in the cell's scale."""

    def __init__(self, rule: Rule, ref: str, *, percent: bool):
        self.rule, self.x, self.percent = rule, ref, percent

    def p(self, value: float) -> str:
        return f"{_num(value)}%" if self.percent else _num(value)

    @staticmethod
    def rate(value: float) -> str:
        return f"{_num(value * 100)}%"

    # -- calls of our functions ------------------------------------------------------------------
    def udf(self) -> str | None:
        """A SCORE_* call; the row's unit goes last, so the function reads the actual as the row does."""
        rule, x = self.rule, self.x
        w = _num(rule.weight)
        unit = f",{_text(rule.unit)}" if rule.unit else ""
        no_target = f',""{unit}' if unit else ""  # SCORE_LINEAR's target left out before the unit
        if isinstance(rule, Threshold) and rule.otherwise == 0:
            return f'SCORE_THRESHOLD({x},{self.p(rule.target)},{w},"{_ASCII_OPS[rule.op]}"{unit})'
        if isinstance(rule, Linear):
            if rule.target is not None:
                return (f"SCORE_LINEAR({x},{self.rate(rule.zero_at)},{self.rate(rule.full_at)},{w},"
                        f"{self.p(rule.target)}{unit})")
            return f"SCORE_LINEAR({x},{self.p(rule.zero_at)},{self.p(rule.full_at)},{w}{no_target})"
        if isinstance(rule, Ratio) and rule.direction == "higher" and rule.cap and rule.target > 0:
            return f"SCORE_LINEAR({x},0,{self.p(rule.target)},{w}{no_target})"
        if isinstance(rule, Deduct) and (rule.steps == "continuous" and not rule.tolerance and not rule.relative
                                         and rule.max_deduct is None and rule.floor):
            deduct = f'"{_num(rule.deduct_pct)}%"' if rule.deduct_pct is not None else _num(rule.deduct)
            direction = f',"{rule.direction}"' if rule.direction != "below" or unit else ""
            return f"SCORE_DEDUCT({x},{self.p(rule.line)},{w},{self.p(rule.step)},{deduct}{direction}{unit})"
        if isinstance(rule, Banded) and not rule.absolute and all(b.points >= 0 for b in rule.bands):
            return f"SCORE_BANDED({x},{_text(';'.join(self._band_text(b) for b in rule.bands))},{w}{unit})"
        if isinstance(rule, Qualitative):
            grades = ";".join(f"{g.label}:{_num(g.points)}" + (f"~{_num(g.points_high)}" if g.is_range else "")
                              for g in rule.grades)
            answers = sorted(w for w in getattr(rule, "plain_answers", ()) if rule.match(w) is not None)
            grades += "".join(f";{w}:{_num(rule.match(w).points)}" for w in answers)  # 是/否 for a yes/no rule
            return f"SCORE_GRADE({x},{_text(grades)})"
        return None

    def _band_text(self, band: Band) -> str:
        low = "" if band.low is None else self.p(band.low)
        high = "" if band.high is None else self.p(band.high)
        points = _num(band.points) + (f"~{_num(band.points_high)}" if band.is_range else "")
        opening = "[" if band.low is not None and band.low_inclusive else "("
        closing = "]" if band.high is not None and band.high_inclusive else ")"
        return f"{opening}{low},{high}{closing}:{points}"

    # -- plain formulas --------------------------------------------------------------------------
    def native(self) -> str:
        rule, x = self.rule, self.x
        if isinstance(rule, Qualitative):
            return f'IF({x}="","",IF(LEFT({x},{len(ERROR_PREFIX)})="{ERROR_PREFIX}",{x},{self._grades()}))'
        if isinstance(rule, Exempt):
            return self._exempt()
        # a reading formula's own message (#错误：…) is shown as it is; a Manual row reads a number first
        expr = _REVIEW if isinstance(rule, Manual) else self._expr()
        return (f'IF({x}="","",IF(ISNUMBER({x}),{expr},'
                f'IF(LEFT({x},{len(ERROR_PREFIX)})="{ERROR_PREFIX}",{x},"{ERROR_PREFIX}实际值不是数字")))')

    def _expr(self) -> str:
        """The score of a numeric actual value (the cell is known to hold a number)."""
        rule = self.rule
        for kind, write in ((Threshold, self._threshold), (Linear, self._linear), (Deduct, self._deduct),
                            (Banded, self._banded), (Ratio, self._ratio), (Slope, self._slope),
                            (Discretionary, self._discretionary), (Gated, self._gated)):
            if isinstance(rule, kind):
                return write()
        raise PerfevalError(f"评分规则类型“{rule.kind}”暂不能写成Excel公式")

    def _gated(self) -> str:
        """Inside one of the gate's bands the gate decides, elsewhere the wrapped rule."""
        rule = self.rule
        gate = _Writer(rule.gate, self.x, percent=self.percent)
        inside = [gate._band_condition(band) for band in rule.gate.bands]
        condition = inside[0] if len(inside) == 1 else f"OR({','.join(inside)})"
        return f"IF({condition},{gate._expr()},{_Writer(rule.rule, self.x, percent=self.percent)._expr()})"

    def _threshold(self) -> str:
        rule = self.rule
        miss = _REVIEW if rule.otherwise is None else _num(rule.otherwise)
        return f"IF({self.x}{_ASCII_OPS[rule.op]}{self.p(rule.target)},{_num(rule.weight)},{miss})"

    def _linear(self) -> str:
        rule = self.rule
        if rule.target is not None:
            basis, z, f = f"{self.x}/{self.p(rule.target)}", self.rate(rule.zero_at), self.rate(rule.full_at)
        else:
            basis, z, f = self.x, self.p(rule.zero_at), self.p(rule.full_at)
        return f"MIN(MAX(({basis}-{z})/({f}-{z}),0),1)*{_num(rule.weight)}"

    def _deduct(self) -> str:
        rule, x = self.rule, self.x
        line = self.p(rule.line)
        raw = {"below": f"({line}-{x})", "above": f"({x}-{line})", "both": f"ABS({x}-{line})"}[rule.direction]
        w = _num(rule.weight)
        cap = rule.max_deduct if rule.max_deduct is not None else (rule.weight if rule.floor else None)
        if rule.relative:
            if rule.line == 0:
                if cap is None:
                    return f"IF({raw}>0,{_REVIEW},{w})"
                return f"IF({raw}>0,{_num(max(rule.weight - cap, 0.0) if rule.floor else rule.weight - cap)},{w})"
            raw = f"{raw}/ABS({line})*100"
            tolerance, step = _num(rule.tolerance), _num(rule.step)
        else:
            tolerance, step = self.p(rule.tolerance), self.p(rule.step)
        gap = f"MAX({raw}-{tolerance},0)" if rule.tolerance else f"MAX({raw},0)"
        n = f"{gap}/{step}"
        if rule.steps == "floor":
            n = f"INT({n}+1E-09)"
        elif rule.steps == "ceil":
            n = f"-INT(-{n}+1E-09)"
        deduction = f"{n}*{_num(rule.per_step)}"
        if cap is not None:
            deduction = f"MIN({deduction},{_num(cap)})"
        return self._floored(f"{w}-{deduction}", rule.floor)

    def _floored(self, points: str, floor: bool | None) -> str:
        if floor is None:
            return f"IF({points}<-1E-09,{_REVIEW},{points})"
        return f"MAX(0,{points})" if floor else points

    def _slope(self) -> str:
        rule, x = self.rule, self.x
        line, base = self.p(rule.line), _num(rule.base)
        # reverse (lower is better): the bonus side is below the line
        better, worse, short = (f"{line}-{x}", f"{x}-{line}", f"{x}>{line}") if rule.reverse else \
            (f"{x}-{line}", f"{line}-{x}", f"{x}<{line}")
        above = base if not rule.up else f"{base}+MAX({better},0)/{self.p(rule.up_step)}*{_num(rule.up)}"
        if rule.cap is not None:
            above = f"MIN({above},{_num(rule.cap)})"
        if rule.down is not None:
            taken = f"({worse})/{self.p(rule.down_step)}*{_num(rule.down)}"
            if rule.max_deduct is not None:
                taken = f"MIN({taken},{_num(rule.max_deduct)})"
            below = self._floored(f"{base}-{taken}", rule.floor)
        else:
            below = _REVIEW if rule.below_points is None else self._floored(_num(rule.below_points), rule.floor)
        return f"IF({short},{below},{self._floored(above, rule.floor)})"

    def _discretionary(self) -> str:
        rule, x = self.rule, self.x
        met = _REVIEW if math.isnan(rule.weight) else _num(rule.weight)
        formula = f"IF({x}{_ASCII_OPS[rule.op]}{self.p(rule.target)},{met},{_REVIEW})"
        if rule.op in ("≥", ">") and rule.target > 0:  # nothing achieved: every reading deducts all
            formula = f"IF({x}<=1E-09,0,{formula})"
        return formula

    def _exempt(self) -> str:
        """The cases the text names, matched by their exact wording, then the wrapped rule."""
        rule, x = self.rule, self.x
        formula = _Writer(rule.rule, x, percent=self.percent).native()
        for case in reversed(rule.cases):
            value = _REVIEW if case.points is None else _num(case.points)
            formula = f"IF({x}={_text(case.phrase)},{value},{formula})"
        return formula

    def _band_condition(self, band: Band) -> str:
        rule = self.rule
        x = f"ABS({self.x})" if rule.absolute else self.x
        parts = []
        if band.low is not None and band.high is not None and band.low == band.high:
            return f"{x}={self.p(band.low)}"
        if band.low is not None:
            parts.append(f"{x}{'>=' if band.low_inclusive else '>'}{self.p(band.low)}")
        if band.high is not None:
            parts.append(f"{x}{'<=' if band.high_inclusive else '<'}{self.p(band.high)}")
        if not parts:
            return "TRUE"
        return parts[0] if len(parts) == 1 else f"AND({','.join(parts)})"

    def _banded(self) -> str:
        rule = self.rule
        branches = []
        for i, a in enumerate(rule.bands):  # a value in two bands worth different scores needs review
            for b in rule.bands[i + 1:]:
                if _award(a) != _award(b) and _overlap(a, b) is not None:
                    branches.append((self._band_condition(_overlap(a, b)), _REVIEW))
        for band in rule.bands:
            branches.append((self._band_condition(band), _REVIEW if band.is_range else _num(band.points)))
        formula = _REVIEW
        for condition, value in reversed(branches):
            formula = f"IF({condition},{value},{formula})"
        return formula

    def _ratio(self) -> str:
        rule, x = self.rule, self.x
        t = self.p(rule.target)
        if rule.target < 0:  # a negative target gives no ratio
            return _REVIEW
        if rule.direction == "higher":
            share = f"IF({x}>=0,1,0)" if rule.target == 0 else f"MAX({x}/{t},0)"
        else:
            share = f"IF({x}<=0,1,0)" if rule.target == 0 else f"IF({x}<=0,1,{t}/{x})"
        w = _num(rule.weight)
        if rule.cap:
            return f"MIN({share},1)*{w}"
        if rule.cap is None:
            return f"IF({share}>1+1E-09,{_REVIEW},{share}*{w})"
        return f"{share}*{w}"

    def _grades(self) -> str:
        rule, x = self.rule, self.x
        from .rules.qualitative import THREE_LEVELS

        formula = _REVIEW
        for grade in reversed(rule.grades):
            candidates = {w for level in THREE_LEVELS for w in level} | set(getattr(rule, "plain_answers", ()))
            words = [grade.label] + sorted(w for w in candidates if w != grade.label and rule.match(w) == grade)
            tests = [f"{x}={_text(w)}" for w in words]
            condition = tests[0] if len(tests) == 1 else f"OR({','.join(tests)})"
            value = _REVIEW if grade.is_range else _num(grade.points)
            formula = f"IF({condition},{value},{formula})"
        return formula


def _award(band: Band):
    return (band.points, band.points_high if band.is_range else None)


def _overlap(a: Band, b: Band) -> Band | None:
    """The band both ``a`` and ``b`` cover, or None."""
    def tighter_low(p, q):
        if p.low is None:
            return q.low, q.low_inclusive
        if q.low is None or p.low > q.low:
            return p.low, p.low_inclusive
        if q.low > p.low:
            return q.low, q.low_inclusive
        return p.low, p.low_inclusive and q.low_inclusive

    def tighter_high(p, q):
        if p.high is None:
            return q.high, q.high_inclusive
        if q.high is None or p.high < q.high:
            return p.high, p.high_inclusive
        if q.high < p.high:
            return q.high, q.high_inclusive
        return p.high, p.high_inclusive and q.high_inclusive

    low, low_inc = tighter_low(a, b)
    high, high_inc = tighter_high(a, b)
    if low is not None and high is not None and (low > high or (low == high and not (low_inc and high_inc))):
        return None
    return Band(low, high, 0.0, low_inclusive=low_inc, high_inclusive=high_inc)


__all__ = ["reading_formula", "rule_formula", "typed_text_formula", "udf_call"]
