"""Splitting a normalised rule text into clauses and reading each one.

A clause is a condition followed by an outcome (得满分, 得8分, 不得分, 扣2分, 40%, 8-9分, 酌情扣分,
按比例得分) or by a per-step deduction (每少1公斤扣0.5分). Text-wide statements are read first and
removed: the weight (该指标分值为10分, 满分5分, a leading "(18分)"), a 得分=… formula, the definition
完成率=实际完成值/目标值, and modifiers (扣完为止, 扣满10分为止, 满分为止, 10分为上限, 扣分不封顶).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .vocabulary import (AWARD_VERBS, BASE_WORDS, BONUS_CAP_BEFORE, BONUS_VERBS, CAP_BEFORE, CHANGE_VERBS, COUNT_UNITS,
                         DEDUCT_VERBS, DIRECTION_WORDS, DONE_VERBS, EVENT_WORDS, FLOOR_WORDS, LINE_WORDS,
                         MAX_DEDUCT_BEFORE, RATIO_WORDS, ZERO_WORDS, alternation)

NUM = r"\d+(?:\.\d+)?"

_WEIGHT = re.compile(r"(?:该指标|本指标|该项指标|该项|本项|指标)?(?:分值|满分|权重|标准分|总计分|总分|共)(?:为|是|:|设为)?\s*"
                     r"(" + NUM + r")\s*分")
_LEAD_WEIGHT = re.compile(r"^[^,;。()、]{0,30}?\((" + NUM + r")分\)(?=\s*[:(。;,]|\s*$)"
                          r"|^(?:本项|该项|本指标|该指标)(?:共|计)?(" + NUM + r")分(?=\s*[:。;,]|\s*$)")
_FORMULA = re.compile(r"(?:计算公式为:?|即)?(?:评价指标|该项指标|该指标|指标)?(?:得分值|得分)\s*=\s*([^;。,]{1,80})"
                      r"|(?:计分|得分|计算)公式(?:为)?:?\s*([^;。,=]{1,80}\*[^;。,=]{1,20})")
#: A ratio written without "得分=": 完成值/指标值×权重, 实际完成数/计划数×100%×分值.
_BARE_RATIO = re.compile(r"[^,;。=/]{0,12}(?:完成|实际|目标|指标值|计划)[^,;。=/]{0,10}/[^,;。=*]{1,12}\*\s*(?:100%\s*\*\s*)?"
                         r"(?:权重分?|分值|该项指标分值|该指标分值)")
_COMPLETION = re.compile(r"(?:完成率|实现率|达成率)\s*=\s*[^;。,]{0,60}?(?:实际|完成)[^;。,]{0,40}?/[^;。,]{0,60}")
_CAP_NOTE = re.compile(r"\(?(?:超过|超出|高于)100%(?:的)?(?:以|按)100%(?:计算|计)\)?")
_FLOOR = re.compile(r"(?:本项)?(?:" + alternation(FLOOR_WORDS) + r"|扣完" + NUM + r"分为止|最低(?:为|得)?(?:0|零)分?"
                    r"|(?:最低)?不(?:得)?低于(?:0|零)分|(?:" + alternation(MAX_DEDUCT_BEFORE) + r")(" + NUM + r")分(?:为止)?)")
_NO_FLOOR = re.compile(r"扣分不封顶|可扣至负分|不设下限")
_BONUS_CAP = re.compile(r"(?:" + alternation(BONUS_CAP_BEFORE) + r")(" + NUM + r")分|加满(" + NUM + r")分为止")
_CAP = re.compile(r"满分为止|(?:" + alternation(CAP_BEFORE) + r")(" + NUM + r")分|(?<![\d.])(" + NUM + r")分为(?:上限|限)"
                  r"|最高不(?:能)?超过(?:该指标)?分值(?:上限)?")
#: Words one of which each text-wide statement holds wherever its pattern matches: a text without
#: any is not searched (an alternation of plain words is found by a fast scan in C, which the
#: statements' own patterns, starting with optional parts, are not).
_WEIGHT_WORDS = re.compile(alternation(("分值", "满分", "权重", "标准分", "总计分", "总分", "共")))
_FLOOR_WORDS = re.compile(alternation(FLOOR_WORDS + ("扣完", "最低", "低于") + MAX_DEDUCT_BEFORE))
_BONUS_CAP_WORDS = re.compile(alternation(BONUS_CAP_BEFORE + ("加满",)))
_CAP_WORDS = re.compile(alternation(("满分为止", "分为", "最高不") + CAP_BEFORE))
_EXEMPT = re.compile(r"([^,;。]{2,30}?)除外")
_PAREN = re.compile(r"\(([^()]{0,80})\)")
_INCLUSION = re.compile(r"^(?:不)?含")
_COMPARED = re.compile(r"[≥≤<>]\s*\d")
_SENTENCES = re.compile(r"[;。]")
#: A space after a closing parenthesis ends a segment ("(10分) 完成率…").
_AFTER_PAREN = re.compile(r"(?<=\))\s+(?=[^\s\d])")
_SCORE_PAREN = re.compile(r"^\s*" + NUM + r"(?:\s*-\s*" + NUM + r")?\s*分?\s*$")

_VERB_DIRECTION = DIRECTION_WORDS
_AWARD = alternation(AWARD_VERBS)
_STEP_ACTS = alternation(DEDUCT_VERBS + BONUS_VERBS)
_DEDUCTS = alternation(DEDUCT_VERBS)
_AWARDS_PER_ITEM = alternation(("得", "计") + BONUS_VERBS)
_VERBS = "|".join(sorted(_VERB_DIRECTION, key=len, reverse=True))
_STEP = re.compile(
    r"每(?P<verb>" + _VERBS + r")?(?P<obj>[^\d,;。每扣加减按]{0,14}?)(?P<n>" + NUM + r")?"
    r"(?P<unit>%|[^\d\s,;。扣加减按则的]{0,6}?)(?:的)?\s*,?\s*(?:则)?\s*(?:在" + NUM + r"分(?:的)?基础上)?\s*"
    r"(?P<act>" + _STEP_ACTS + r"|按)\s*(?P<m>" + NUM + r"|分值|权重分|该指标分值|指标分值|权重)?\s*分?"
    r"(?:的(?P<pct>" + NUM + r")%)?(?P<dec>递减|递增)?")
_COUNTERS = alternation(COUNT_UNITS)
#: Units written with 个 that are measures, not counters (个月, 个工作日).
_MEASURE = re.compile(r"月|工作日|季度|小时|星期|年度|百分点")
_COUNTER_AT = re.compile(r"(?:小)?(?:" + _COUNTERS + ")")
#: 每1处审核错误扣1分: a counter, then what is counted, then the deduction.
_STEP_COUNTER = re.compile(
    r"每(?P<verb>" + _VERBS + r")?(?P<n>" + NUM + r")?(?P<unit>" + _COUNTERS + r")(?P<obj>[^\d,;。每扣加减按]{0,12}?)"
    r"(?:的)?\s*,?\s*(?P<act>" + _DEDUCTS + r")\s*(?P<m>" + NUM + r")\s*分")
#: 每完成1个得10分, 每次得1分: points per item counted, from nothing.
_STEP_AWARD = re.compile(
    r"每(?P<verb>" + alternation(DONE_VERBS) + r")?(?P<n>" + NUM + r")?(?P<unit>%|" + _COUNTERS + r")"
    r"(?P<obj>[^\d,;。每扣加减按]{0,8}?)(?:的)?\s*,?\s*(?P<act>" + _AWARDS_PER_ITEM + r")\s*(?P<m>" + NUM + r")\s*分")
_ITEMS_DONE = re.compile(alternation(DONE_VERBS))
#: 每超1例计2分: a bonus per unit above the line, awarded with 计/得.
_STEP_BONUS = re.compile(
    r"每(?P<verb>超过|超出|超|多|增加|提高)(?P<n>" + NUM + r")?(?P<unit>%|" + _COUNTERS + r")"
    r"(?P<obj>[^\d,;。每扣加减按]{0,8}?)(?:的)?\s*,?\s*(?P<act>" + _AWARDS_PER_ITEM + r")\s*(?P<m>" + NUM + r")\s*分")
#: Steps without 每, of exactly one unit: 下降1个百分点扣1分, 少1人次扣0.5分, 发现1人失控扣0.5分.
_STEP_ONE = re.compile(
    r"(?P<verb>" + alternation(CHANGE_VERBS) + r")(?<![\d.])(?P<n>1)(?![\d.])(?P<unit>%|" + _COUNTERS + r")"
    r"(?P<obj>[^\d,;。每扣加减按]{0,8}?)(?:的)?\s*,?\s*(?:则)?\s*(?:在" + NUM + r"分(?:的)?基础上)?\s*"
    r"(?P<act>" + _STEP_ACTS + r")\s*(?P<m>" + NUM + r")\s*分"
    r"|(?P<verb2>提高|增加|降低|减少|超过|下降)(?P<n2>" + NUM + r")(?P<unit2>%)(?:的)?,?\s*则\s*(?:在" + NUM
    + r"分(?:的)?基础上)?\s*(?P<act2>加|扣|减)(?P<m2>" + NUM + r")分"
    r"|(?<![\d.])(?P<n3>" + NUM + r")(?P<unit3>次|件|处|起|例|项)扣(?P<m3>" + NUM + r")分")
#: The characters a step's deduction or bonus verb starts with: a _STEP_ONE match holds one.
_STEP_ONE_ACTS = re.compile("[" + "".join({w[0]: None for w in DEDUCT_VERBS + BONUS_VERBS}) + "]")

#: Each outcome: its name, its pattern, and the words one of which is written wherever the pattern
#: matches (None: no such word), so a clause is searched only for the outcomes it can hold.
OUTCOMES = (
    ("interpolate", re.compile(r"(?:按|呈)?(?:" + alternation(LINE_WORDS) + r")(?:计算|赋分|计分|得分|确定)?(?:得分)?"), LINE_WORDS),
    ("formula", re.compile(r"按(?:超过的)?比重赋分|按(?:以下|如下|下列)?公式(?:计算|计分|赋分|得分)|计算公式为"), ("比重赋分", "公式")),
    ("unspecified", re.compile(r"按(?:幅度|程度)?分(?:段|档)(?:计分|赋分|扣分|评分)|另行(?:计分|评定|认定)"), ("分段", "分档", "另行")),
    ("discretion", re.compile(r"酌情(?:扣分|扣减|给分|赋分|计分|打分|评分)?|视(?:具体)?情况(?:扣分|扣减|给分|酌情扣分|评分)?"
                              r"|适当扣分|酌减"), ("酌", "情况", "适当扣分")),
    ("proportional", re.compile(r"按(?:照)?(?:实际)?(?:完成|执行|实现|达成)?(?:的)?(?:比例|比率|程度|完成率|执行率|进度)"
                                r"(?:计算|折算)?(?:得分|计分|赋分|记分|给分|扣分)?|乘以(?:标准分|分值|该项指标分值|权重分?|满分)"
                                r"|按(?:实际)?完成(?:值|数|量)?占(?:目标值|指标值|计划数|计划值|目标任务)的比(?:重|例)"
                                r"(?:计算|折算)?(?:得分|计分|赋分)?|" + alternation(RATIO_WORDS)), ("按", "乘以") + RATIO_WORDS),
    ("base", re.compile(r"(?:" + _AWARD + r")?(?:" + alternation(BASE_WORDS) + r")\s*(" + NUM + r")\s*分"), BASE_WORDS),
    ("full", re.compile(r"(?:" + _AWARD + r")?(?:满分|标准分|全分|全部分值)|不扣分"), ("满分", "标准分", "全分", "全部分值", "不扣分")),
    ("zero", re.compile(alternation(ZERO_WORDS) + r"|(?:" + _AWARD + r")\s*0\s*分|该项(?:得分)?为0"), ZERO_WORDS + ("0",)),
    ("share_range", re.compile(r"(?:" + _AWARD + r")\s*(?:该项)?(?:分值的|权重分?的)?(?:(" + NUM + r")%\s*-\s*(" + NUM + r")%?"
                               r"|(" + NUM + r")%?\s*-\s*(" + NUM + r")%)(?:的?(?:分值|权重分?))?"), ("-",)),
    ("range", re.compile(r"(?:" + _AWARD + r")?\(?(?<![\d.])(" + NUM + r")\s*-\s*(" + NUM + r")\)?\s*分"
                         r"|\((" + NUM + r")\s*-\s*(" + NUM + r")\)"
                         r"|(?<=\s)(" + NUM + r")-(" + NUM + r")$"), ("-",)),
    ("half", re.compile(r"(?:得|计)(?:该项)?(?:分值的)?一半(?:分值|分)?|(?:分值|得分)减半|减半计分"), ("一半", "减半")),
    ("deduct", re.compile(r"扣(?:除)?\s*(" + NUM + r")\s*分?"), ("扣",)),
    ("add", re.compile(r"加\s*(" + NUM + r")\s*分"), ("加",)),
    ("sub", re.compile(r"减\s*(" + NUM + r")\s*分"), ("减",)),
    ("points", re.compile(r"(?:" + _AWARD + r"|为)\s*(" + NUM + r")\s*分|\((" + NUM + r")\s*分?\)|(?:^|[\s:])(" + NUM + r")\s*分$"), ("分", "(")),
    ("share", re.compile(r"(?<=\s)(" + NUM + r")%$|(?:" + _AWARD + r")\s*(?:该项)?(?:分值的|权重分?的)?(" + NUM + r")%"
                         r"(?:的?(?:分值|权重分?))?(?![\d%])(?!\s*-\s*\d)"), ("%",)),
    ("trailing", re.compile(r"(?<=[\s。:])(" + NUM + r")$"), None),
)
#: Words that make a clause about scoring; a clause with one of them that is not understood is an error.
SCORE_WORDS = re.compile(r"得分|扣分|计分|赋分|加分|\d\s*分|扣\d|得\d|满分|分值|得[^,;。]{0,6}分|减半|一半")
#: Words that award or deduct points; a text without any of them only lists tiers.
AWARD_WORDS = re.compile(r"满分|扣|[得计给记加减]\s*\d|不得分|不计分|\d\s*分|分值|按比例|酌情")


@dataclass
class Step:
    direction: str | None  # below / above / both, None when the verb does not say
    size: float
    unit: str
    add: bool  # 加 (bonus) rather than 扣 (deduction)
    points: float | None  # points per step
    pct: float | None  # percent of the weight per step
    of_points: float | None  # 扣20分的1%: the 20
    event: bool  # counts occurrences (出现/发生/次)
    text: str
    award: bool = False  # points per item from nothing (每完成1个得10分)


@dataclass
class Clause:
    text: str
    condition: str
    outcome: str | None = None
    value: float | None = None
    value_high: float | None = None
    step: Step | None = None


@dataclass
class Reading:
    """Everything read from one rule text."""

    text: str
    weight: float | None = None
    formula: str | None = None
    completion: bool = False
    floor: bool | None = None
    max_deduct: float | None = None
    cap: bool = False
    cap_points: float | None = None
    bonus_cap: float | None = None  # 最多加2分: the most a bonus adds to the base
    full_marks: bool = False  # the weight was written as 满分N分
    exemptions: list[str] = field(default_factory=list)
    clauses: list[Clause] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)


def _num(text: str | None) -> float | None:
    return float(text) if text else None


def _step_from(m: re.Match, text: str) -> Step:
    g = {k: v for k, v in m.groupdict().items() if v is not None}
    for suffix in ("2", "3"):  # the alternatives of _STEP_ONE
        if "n" + suffix in g:
            g = {k[:-1] if k.endswith(suffix) else k: v for k, v in g.items()}
    if m.re is _STEP_ONE and "verb" not in g:  # 3次扣1分
        return Step("above", float(g["n"]), g["unit"], False, float(g["m"]), None, None, True, text)
    verb = g.get("verb")
    direction = _VERB_DIRECTION.get(verb) if verb else None
    unit = (g.get("unit") or "").strip()
    if not unit and g.get("obj") and not g.get("n"):
        unit = g["obj"].strip()
    counter = _COUNTER_AT.match(unit)
    if counter and counter.end() < len(unit) and not _MEASURE.match(unit, counter.end()):  # 每缺1个辖区单位: the counter is the unit, the rest what is counted
        unit = counter.group(0)
    m_text, pct = g.get("m"), _num(g.get("pct"))
    # 每完成1项加1分: items done, counted from nothing, not a gap from a line
    award = m.re is _STEP_AWARD or (m.re is _STEP and verb is None and g.get("act") in ("加", "加计")
                                    and _ITEMS_DONE.match(g.get("obj") or ""))
    add = g.get("act") in ("加", "加计") or g.get("dec") == "递增" or award or m.re is _STEP_BONUS
    points = of_points = None
    if m_text and m_text[0].isdigit():
        if pct is not None:
            of_points = float(m_text)
        else:
            points = float(m_text)
    event = verb in EVENT_WORDS or unit[:1] in ("次", "件", "起", "例", "处")
    if award:
        direction = "above"
    return Step(direction, float(g["n"]) if g.get("n") else 1.0, unit, add, points, pct, of_points, event, text,
                award)


#: OUTCOMES with, instead of the words, the characters one of which each outcome needs (each word's
#: first): a clause's set of characters rules most outcomes out at a set operation each.
_GATED = tuple((name, pattern, None if words is None else frozenset(w[0] for w in words))
               for name, pattern, words in OUTCOMES)


def _outcome(text: str, fresh: int = 0) -> tuple[str, int, tuple] | None:
    """The first outcome in the text: (its name, where it starts, its own groups). At the leftmost
    position where any outcome matches, the first in OUTCOMES order wins. Each pattern is searched on
    its own (a pattern that starts with a word is found by a fast literal scan, which one alternation
    of all of them is not) and only where one of its words can be written.

    ``fresh`` is where the text's new part starts when the part before it holds no outcome (a piece
    merged onto a pending one after a comma): no outcome pattern consumes a comma, and a lookahead
    at the comma decides as at the end of the old part, so a match must start in the new part and
    only that part is searched (lookbehinds still see the old part)."""
    chars = set(text[fresh:]) if fresh else set(text)
    best, best_name = None, ""
    for name, pattern, gate in _GATED:
        if gate is not None and gate.isdisjoint(chars):
            continue
        m = pattern.search(text, fresh)
        if m is not None and (best is None or m.start() < best.start()):
            best, best_name = m, name
            if m.start() == fresh:
                break  # nothing starts earlier, and a later outcome does not win a tie
    if best is None:
        return None
    return best_name, best.start(), best.groups()


def _inside_verb(m: re.Match) -> bool:
    """True when the step's 加/减 is the end of a direction word (每增加1件: 增 + 加 is 增加, not 加分)."""
    before = m.group("unit") or m.group("obj") or ""
    return m.group("verb") is None and bool(before) and (before[-1] + m.group("act")) in _VERB_DIRECTION


def _read_clause(text: str, fresh: int = 0) -> Clause | None:
    """The clause a piece of text holds, or None; ``fresh`` as in :func:`_outcome` (the step shapes
    may run over a comma and are searched in the whole text)."""
    # "每…按" is a step only when it says 递减 (每位次按0.25分递减); 每季度按时报送 is not one
    m = None
    if "每" in text:  # the step patterns that start with 每
        m = next((s for s in _STEP.finditer(text) if (s.group("act") != "按" or s.group("dec")) and not _inside_verb(s)),
                 None)
        m = m or _STEP_COUNTER.search(text) or _STEP_BONUS.search(text) or _STEP_AWARD.search(text)
    if m is None and "分" in text and _STEP_ONE_ACTS.search(text):  # each shape ends in 扣/减/加 N分
        m = _STEP_ONE.search(text)
    if m:
        return Clause(text, text[:m.start()], step=_step_from(m, text[m.start():m.end()]))
    found = _outcome(text, fresh)
    if found is None:
        return None
    name, start, groups = found
    numbers = [g for g in groups if g is not None]
    value = float(numbers[0]) if numbers else None
    high = float(numbers[1]) if len(numbers) > 1 else None
    return Clause(text, text[:start], name, value, high)


def _strip_parens(text: str) -> str:
    if "(" not in text:
        return text
    def keep(m: re.Match) -> str:
        inner = m.group(1)
        if _INCLUSION.match(inner) or _SCORE_PAREN.match(inner):
            return m.group(0)
        if inner.startswith(("≥", "≤", "<", ">")) or _COMPARED.search(inner):
            return " " + inner + " "
        return ""
    previous = None
    while previous != text:
        previous, text = text, _PAREN.sub(keep, text)
    return text


#: A grade written as label:score (充分:3分).
_LABEL_SCORE = re.compile(r"^[^\d,:]{1,12}:\s*" + NUM + r"\s*分")
_PARALLEL = re.compile(r"分别(?:得|计|给|记|为|扣|加)?|,?(?:计分|得分|赋分)(?:标准)?(?:分别)?为")
#: The frame around a list of grades: 按满意、较满意…差5档划分.
_LIST_HEAD = re.compile(r"^.*?按(?=[^按]*$)")
_LIST_TAIL = re.compile(r"(?<!\d)\d+(?:个)?(?:档次|档|等次|等级|级)(?:划分|评价)?$")
_LIST_ITEM = re.compile(r"^(?:(满分)|不得分|(" + NUM + r")\s*(%|分)?)$")


def _parallel(segment: str) -> str | None:
    """"完成率达到100%、90%、80%的分别得10分、8分、6分" as three clauses; None when the lists do not
    pair up (the caller then reports the segment as not understood)."""
    m = _PARALLEL.search(segment)
    left, right = segment[:m.start()].rstrip(", "), segment[m.end():]
    verb = "扣" if m.group(0).endswith("扣") else "加" if m.group(0).endswith("加") else "得"
    lead = ""
    if "," in left:
        lead, left = left.rsplit(",", 1)
        lead += ","
    if not re.search(r"\d", left.split("、")[0]) and _LIST_TAIL.search(left):
        left = _LIST_TAIL.sub("", _LIST_HEAD.sub("", left))  # 按满意、较满意、一般5档划分
    rest = ""
    if "," in right:
        right, rest = right.split(",", 1)
    conditions = [c.strip() for c in left.split("、")]
    awards = [a.strip() for a in right.strip(" 。").split("、")]
    if len(conditions) < 2 or len(conditions) != len(awards):
        return None
    unit = next((u for a in reversed(awards) for u in re.findall(r"(%|分)$", a)), "分")
    head = re.match(r"^[^\d≥≤<>=±]*", conditions[0]).group(0)
    tail = re.search(r"[^\d%]*$", conditions[-1]).group(0)
    clauses = []
    numeric = all(re.search(r"\d", c) for c in conditions)
    for i, (cond, award) in enumerate(zip(conditions, awards)):
        core = cond
        if numeric:
            if i == 0 and head:
                core = core[len(head):]
            if i == len(conditions) - 1 and tail:
                core = core[:len(core) - len(tail)]
            core = head + core + tail
        a = _LIST_ITEM.match(award)
        if a is None:
            return None
        if a.group(1):
            outcome = "得满分"
        elif a.group(2) is None:
            outcome = "不得分"
        else:
            outcome = f"{verb}{a.group(2)}{a.group(3) or unit}"
        clauses.append(f"{core}{outcome}")
    return lead + ";".join(clauses) + (";" + rest if rest else "")


def _pieces(segment: str) -> list[str]:
    """A segment's comma-separated pieces; "好(10分)、较好(8分)" splits at 、 too when every part
    carries its own award (a plain list such as 柴堆、粪堆 does not)."""
    out = []
    for piece in segment.split(","):
        parts = piece.split("、")
        if len(parts) > 1 and all(_outcome(p) for p in parts):
            out.extend(parts)
        else:
            out.append(piece)
    return out


def _segments(text: str) -> list[str]:
    if "|" in text:
        parts = text.split("|")
    else:
        parts = _SENTENCES.split(text)
        parts = [p for part in parts for p in (_AFTER_PAREN.split(part) if ")" in part else (part,))]
    return [p.strip(" ,:") for p in parts if p.strip(" ,:")]


def read(text: str) -> Reading:
    """Read a normalised rule text into a Reading (see the module docstring)."""
    r = Reading(text)
    m = _LEAD_WEIGHT.search(text)
    if m:
        r.weight = float(m.group(1) or m.group(2))
        cut = m.start(0) + m.group(0).rfind("(") if m.group(1) else m.start(0)
        text = text[:cut] + ":" + text[m.end():]
    m = _WEIGHT.search(text) if _WEIGHT_WORDS.search(text) else None
    if m:
        r.weight = r.weight if r.weight is not None else float(m.group(1))
        r.full_marks = "满分" in m.group(0)  # 满分5分: the most any value scores, bonuses included
        keep = "满分" if m.group(0).startswith("满分") and text[max(0, m.start() - 1):m.start()] in tuple("得计给记获") \
            else ""  # 得满分10分: the award stays, the number is the weight
        text = text[:m.start()] + keep + text[m.end():]
    # each statement is looked for only where its telltale character is written (a plain `in` test is
    # much cheaper than a pattern search)
    if "100%" in text and _CAP_NOTE.search(text):
        r.cap = True
        text = _CAP_NOTE.sub("", text)
    m = _COMPLETION.search(text) if "=" in text else None
    if m:
        r.completion = True
        text = text[:m.start()] + text[m.end():]
    m = (_FORMULA.search(text) if "=" in text or "公式" in text else None) or \
        (_BARE_RATIO.search(text) if "/" in text else None)
    if m:
        formula = (next(g for g in m.groups() if g) if m.re is _FORMULA else m.group(0)).strip()
        formula = re.sub(r"(?<=\d)\s*分$", "", formula)  # 及时受理率×5分
        while formula.count(")") > formula.count("("):
            formula = formula[:formula.rfind(")")]
        r.formula = formula
        text = text[:m.start()] + text[m.end():]
    floors = list(_FLOOR.finditer(text)) if _FLOOR_WORDS.search(text) else []
    for m in floors:
        r.floor = True
        limit = next((g for g in m.groups() if g), None)
        if limit:
            r.max_deduct = float(limit)
    if _NO_FLOOR.search(text):
        r.floor = False
    bonuses = list(_BONUS_CAP.finditer(text)) if _BONUS_CAP_WORDS.search(text) else []
    for m in bonuses:
        r.cap = True
        r.bonus_cap = float(next(g for g in m.groups() if g))
    if bonuses:
        text = _BONUS_CAP.sub("", text)
    caps = list(_CAP.finditer(text)) if _CAP_WORDS.search(text) else []
    for m in caps:
        r.cap = True
        limit = next((g for g in m.groups() if g), None)
        if limit:
            r.cap_points = float(limit)
    # a removal runs where its scan found something, or where the text changed since and can hold it
    floor_removed = bool(floors or (bonuses and _FLOOR_WORDS.search(text)))
    if floor_removed:
        text = _FLOOR.sub("", text)
    if caps or (floor_removed and _CAP_WORDS.search(text)):
        text = _CAP.sub("", text)
    text = _NO_FLOOR.sub("", text)
    if "除外" in text:
        for m in _EXEMPT.finditer(text):
            r.exemptions.append(m.group(1).strip(" ,"))
        text = _EXEMPT.sub("", text)
    text = _strip_parens(text)
    segments = []
    for segment in _segments(text):
        if _PARALLEL.search(segment):
            expanded = _parallel(segment)
            if expanded is None:
                r.unknown.append(segment)
                continue
            segments.extend(expanded.split(";"))
        else:
            segments.append(segment)
    for segment in segments:
        pending = ""
        for piece in _pieces(segment):
            piece = piece.strip()
            if not piece:
                continue
            if pending and _LABEL_SCORE.match(piece) and not re.search(r"\d", pending):
                pending = ""  # 依据是否充分,充分:3分: the question is a heading, the grade is the label
            merged = f"{pending},{piece}" if pending else piece
            clause = _read_clause(merged, len(pending) + 1 if pending else 0)
            if clause is None:
                pending = merged
                continue
            r.clauses.append(clause)
            pending = ""
        if pending and SCORE_WORDS.search(pending):
            r.unknown.append(pending)
    return r


__all__ = ["AWARD_WORDS", "Clause", "Reading", "Step", "read", "SCORE_WORDS"]
