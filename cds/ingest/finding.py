"""Find the facts an old report states (issue 19, «Finding the facts»).

Pure text work, no database: the issuer and the report's period from its opening lines, then for
every sentence each figure (``vn_numbers.parse_number``: qualifier, percent, "17/18", money) with
the indicator it speaks of (the catalog's names and aliases, the one place phrasings live, matched
word by word), the period it is about (``periods.parse_period`` on the sentence's own window, else
the report's) and the sentence it came from; cited documents (``registries.citations``) become
document proposals, and the citations whose subject is a milestone («thành lập Ban Chỉ đạo …»)
give that milestone's date (rules in ``data/milestones.yaml``). Numbers inside citations, dates,
years, phone numbers, list numbers and ordinals are never figures. A figure no indicator fits is
kept as *unmatched*, so the reader sees what was not understood.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

import yaml

from cds.catalog.coverage import shipped_catalogs
from cds.lib.errors import InputError
from cds.lib.periods import Period, parse_period
from cds.lib.text import fold_words
from cds.lib.vn_numbers import Kind, ParsedNumber, parse_number, unit_after_figure
from cds.registries.citations import Citation, find_all

from .reading import Block, Document

DATA_FILE = Path(__file__).with_name("data") / "milestones.yaml"
THRESHOLD = 0.75  # share of an indicator phrasing's words found around the figure
# Below this the reader is unsure: the figure is listed «chưa hiểu» for a person (with the indicator
# it would be as a suggestion), not proposed. Calibrated in session 11 on the held-out texts 11–47
# only (the smallest confidence at which their precision stops rising: 0,85), not on 53–57.
SURE = 0.85
# Folded words that say nothing about which indicator a figure is ("số" is in "chuyển đổi số"
# and in "số lượng" alike, so it is dropped from both sides).
_STOP = frozenset(
    "so ty le cua cac nhung duoc da ve tren dia ban trong va voi la co tai cho tong don vi "
    "hien nay den thuc hien dat gom toan bo moi mot nay het".split()
)
_NUMBER = re.compile(r"(?<![\w/.,])\d+(?:[.,]\d+)*(?:\s*/\s*\d+(?:[.,]\d+)*)?(?:\s*%)?(?![\w/])")
_MASKS = [
    # document numbers and symbols: "1806/QĐ- UBND", "06/TU", "33/2023/NĐ-CP", "06-NQ/TU"
    r"\d+(?:/\d+)*\s*[/-]\s*[A-ZĐa-zđ][\w\-Đđ/]*",
    r"(?i:(?:nghị quyết|đề án|chỉ thị|quyết định|kế hoạch|thông tư|nghị định|luật|công văn|"
    r"chương trình|quy chế)\s+(?:số\s+)?\d+)",
    # dates and years
    r"(?<![\d.,])\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{2,4}(?!\d)",  # not inside «25.736/36.845»
    # «tính đến 8-5», «ngày 1-3 rồi»: a day and month with a dash after a word of time, not a range
    r"(?i:(?:ngày|đến|tới)\s+(?:0?[1-9]|[12]\d|3[01])\s*-\s*(?:0?[1-9]|1[0-2]))(?![\d/-]|[.,]\d|\s*%)",
    r"(?i:ngày\s+\d{1,2}(?:\s*[/.]\s*\d{1,2})?)",
    r"(?i:từ\s+(?:ngày\s+)?\d{1,2}\s*[/.]\s*\d{1,2})(?=\s*(?:đến|tới|-|–))",  # «từ 1/7 đến 26/11/2025»
    r"(?i:tháng\s+\d{1,2}(?:\s*/\s*\d{4})?)",
    r"(?i:(?:năm|quý)\s+\S+)",
    r"\d{1,2}/\d{1,2}\s+(?i:hàng năm|hằng năm)",
    # a year — not «Hơn 2000 người tham gia», «khoảng 2000 hộ»: a count with its qualifier or its noun
    r"(?i:(?<!hơn\s)(?<!trên\s)(?<!gần\s)(?<!khoảng\s))\b(?:19[5-9]\d|20[0-4]\d)\b"
    r"(?!\s+(?i:người|lượt|hộ|tài\s+khoản|thành\s+viên|hồ\s+sơ)\b)",
    # phone numbers, times, ordinals, versions
    r"(?:\+84|\b0)\d{2,3}(?:[\s.]?\d{2,4}){2,3}\b",
    r"(?i:(?:điện thoại|đt|sđt|hotline|fax|zalo)[\s:.]*[\d\s.]{6,}\d)",
    r"\d{1,2}\s*(?:h|giờ)\s*\d{0,2}\b",
    # («danh mục 1.587 dịch vụ»: a list of so many, not a section)
    r"(?i:(?<!danh\s)(?:thứ|lần|khóa|khoá|tuần|đợt|giai đoạn|mục|điểm|khoản|điều|phụ lục|nhiệm vụ)\s+\d+)",
    r"\b\d+\.0\b|\b\d+G\b|\b\d+\s*cấp\b",
    r"(?i:mức\s+độ\s+\d+)(?![\d.,]*\s*%)",  # «tài khoản định danh điện tử mức độ 2»: a level
    r"(?i:\b(?:tốp|top|nhóm)\s+\d+)",  # «trong tốp 5 địa phương dẫn đầu»: a ranking group, no figure
    # a span of time, not a count: «trong thời gian 07 ngày», «trong 3 tháng» (no indicator counts days)
    r"(?<![\d.,/])\d+\s+(?i:ngày|tuần|tháng|năm|giờ|phút)\b(?!\s*[\d/])",
    # a cited document's subject is its title, not the unit's figures: «Công văn số 377/UBND … về việc
    # đăng ký … cho … UBND 23 xã, phường; qua đó, …» — up to the clause that reports what was done
    # — and the members of the body it founds are the report's («… về việc thành lập Ban Chỉ đạo … với
    # 28 thành viên»)
    r"(?i:\bvề\s+việc\b)[^;]*?(?=;|\.(?:\s|$)|,\s*(?:qua|theo|trên\s+cơ\s+sở)\s+đó\b"
    r"|,?\s+(?i:với|gồm|có)\s+\d[\d.]*\s+(?i:thành\s+viên)|$)",
]
_MASK = re.compile("|".join(f"(?:{m})" for m in _MASKS))
_LIST_NUMBER = re.compile(r"^\s*(?:\d+(?:\.\d+)*[.)]|[IVXLC]+[.)]|[a-zđ]\))\s+")
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+(?=[\"“«(]?[A-ZĐÀ-Ỹ0-9])")
_CLAUSE_END = re.compile(
    r"[;:()\[\]]|\.(?:\s|$)|,?\s*(?:và|với|trong đó|gồm)?\s*(?:khoảng|trên|hơn|gần)?\s*\d|\s(?:và|với|trong đó|gồm)\s"
    # «… gồm 19 thành viên, Tổ giúp việc cho Ban Chỉ đạo 15 thành viên»: a capital after a comma is
    # a body or a place that opens the next subject, not more words of this figure's noun
    r"|,\s+(?=[A-ZĐÀ-Ỹ])"
)
_WORD = re.compile(r"\w+")
_AT_PLACE = re.compile(
    r"\s*\d[\d.]*\s+(?P<place>[^\W\d]+(?:\s+[^\W\d]+){0,2})"
)  # "… tại 104 thôn": where they are
# the village level by its regional names (ấp, sóc in the South; bản in the North-West; buôn in the
# Central Highlands; tổ dân phố, khu phố in towns): «tổ … tại các ấp» are village teams
_VILLAGE = re.compile(
    r"(?i)\b(tại|ở)\s+(các\s+|\d[\d.]*\s+)?(?:ấp|sóc|bản|buôn|xóm|làng|khu dân cư|tổ dân phố|khu phố)\b"
)
_NEW_SUBJECT = re.compile(r"(?i),\s*(?:tỷ lệ|tỉ lệ|mức độ|tổng số|số lượng|số)\b")
_LAST_RATE = re.compile(r"\d\s*%|;")
_RATE_WORD = re.compile(r"(?i)\bt[ỷỉ]\s+lệ\b")
_RATIO = re.compile(r"^[^\d,;.()]{1,25}/\s*\d")  # "01 máy tính/01 cán bộ": a ratio's term, no count
_CHANGE = re.compile(r"(?i)\b(?:tăng|giảm)\s+(?:thêm\s+)?(?:khoảng\s+|hơn\s+|trên\s+|gần\s+)?$")
_SO_VOI = re.compile(r"(?i)^[^.;]{0,40}?\bso\s+với\b")
_IS = re.compile(r"(?i)(?:\blà|\bbằng|:)\s*(?:khoảng\s+|hơn\s+|trên\s+|gần\s+)?$")
_MASK_DATES = re.compile(r"\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{4}|\d+/\d{4}")
_WINDOW = re.compile(
    r"(?i:(?:số liệu\s+(?:tổng hợp\s+|tính\s+)?)?(?:tính\s+)?(?:từ\s+(?:ngày|tháng)\s+[\d/]+\s+)?đến\s+"
    r"(?:ngày\s+\d{1,2}/\d{1,2}/\d{4}|tháng\s+\d{1,2}/\d{4})|"
    r"(?<![\w.,])(?:1[0-2]|[1-9]|ba|sáu|chín)\s+tháng\s+(?:đầu\s+|cuối\s+)?năm\s+\d{4}|quý\s+[IV1-4]+\s*(?:/|năm)\s*\d{4}|"
    r"năm\s+\d{4}\s+đến\s+tháng\s+\d{1,2}/\d{4}|(?:trong|vào)\s+tháng\s+\d{1,2}/\d{4}|(?:trong\s+)?năm\s+\d{4})"
)
# «vào tháng 4 năm 2022» (read as «vào tháng 4/2022»): the month the sentence's event happened in, as
# «trong tháng …» is (session 14's taxonomy: 110's teams «thành lập … vào tháng 4 năm 2022», gold 2022-04)
_ISSUER = re.compile(
    r"(?P<lead>(?i:(?:ủy|uỷ)\s+ban\s+nhân\s+dân|ubnd)\s+(?i:xã|phường|thị trấn|huyện|quận|thị xã|"
    r"thành phố|tỉnh))(?P<rest>(?:\s+[\w,.;:]+){1,4})"
)


@dataclass(frozen=True)
class Figure:
    """One figure the report states, with the indicator it was matched to (or none)."""

    value_text: str  # as written: "trên 600", "44/44", "99,87%", "29/3/2022"
    value: Decimal | dt.date | str  # str: a day of every year held as text («10/10»)
    kind: str  # count, rate, fraction, amount, number, date
    qualifier: str = ""
    denominator: Decimal | None = None
    unit_text: str = ""  # the words after it: "tổ công nghệ số cộng đồng cấp xã"
    indicator: str = ""
    confidence: float = 0.0
    period: str = ""
    sentence: str = ""
    where_vi: str = ""
    where_en: str = ""
    start: int = 0  # offset of the figure in the sentence
    target: str = ""  # "met" / "not_met" when the clause says so («đạt chỉ tiêu», «chưa đạt»)
    dated: bool = False  # its sentence (or paragraph) states its window
    doubt: str = ""  # why the reader is unsure («no_period», «weak»): listed «chưa hiểu», not proposed

    @property
    def raw(self) -> str:
        """What the values layer stores: dates as written, numbers with their qualifier."""
        return self.value_text


@dataclass(frozen=True)
class TeamFinding:
    """A team the report says was founded: «Đã thành lập Tổ Công nghệ số cộng đồng thành phố Quảng
    Ngãi với 9 thành viên (Quyết định số 5488/QĐ-UBND, ngày 15/9/2022)» — a row for the register."""

    name: str
    level: str  # commune, district, province, village
    founded_on: dt.date
    decision: Citation
    members: int | None
    sentence: str
    where_vi: str
    where_en: str
    role: str = "founding"  # or "reforming": «kiện toàn» re-forms a team already founded


@dataclass
class Findings:
    file_name: str
    issuer: str = ""
    period: str = ""
    period_label: str = ""
    windows: list[str] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)  # matched
    unmatched: list[Figure] = field(default_factory=list)
    citations: list[tuple[Citation, str, str, str]] = field(default_factory=list)  # citation, sentence, where
    ranks: list[Figure] = field(default_factory=list)  # «xếp thứ 5/63», «tăng 3 bậc»: DTI's, shown apart
    targets: list[Figure] = field(default_factory=list)  # «phấn đấu đạt 80%»: a goal, never an actual value
    teams: list[TeamFinding] = field(default_factory=list)  # a named team and its founding decision
    # «chưa hiểu»: figures matched to an indicator the reader is unsure of (no period it can back, a
    # weak match): listed for a person with the indicator as a suggestion, never proposed as figures
    unsure: list[Figure] = field(default_factory=list)

    @property
    def matched_share(self) -> float:
        total = len(self.figures) + len(self.unmatched) + len(self.unsure)
        return len(self.figures) / total if total else 0.0


# --- the phrasings ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Phrasing:
    indicator: str
    kind: str  # the indicator's kind: count, rate, amount, number, date, text …
    words: tuple[str, ...]  # its content words, each once (what is counted around the figure)
    sequence: tuple[str, ...] = ()  # the same words in their order, repeats kept («… hồ sơ trực tuyến»)


@dataclass(frozen=True)
class Milestone:
    indicator: str
    words: tuple[str, ...]
    any: tuple[str, ...] = ()
    type_code: str = ""
    none: tuple[str, ...] = ()


def _content(text: str) -> tuple[str, ...]:
    # folded, «hồ sơ» (dossier) would read as «hộ» (household)
    text = _VILLAGE.sub(lambda m: f"{m[1]} {m[2] or ''}thôn", _HO_SO.sub("hồsơ", text))
    return tuple(w for w in fold_words(text).split() if w not in _STOP and not w.isdigit())


_HO_SO = re.compile(r"(?i)\bhồ\s+sơ\b")
_NAME_LEADS = re.compile(r"^(?:số lượng|số|tỷ lệ|tỉ lệ|tổng số|ngày)\s+", re.I)


@lru_cache(maxsize=4)
def phrasings(catalog_key: str = "") -> tuple[tuple[Phrasing, ...], tuple[Milestone, ...]]:
    """Every indicator's phrasings: its catalog name (without "Số"/"Tỷ lệ") and its catalog
    aliases, the one place phrasings live; and the milestone rules of ``data/milestones.yaml``."""

    spec = shipped_catalogs()[-1]
    out: list[Phrasing] = []
    for ind in spec.indicators:
        for text in (_NAME_LEADS.sub("", ind.name_vi), *ind.aliases):
            words = _content(_NAME_LEADS.sub("", text))
            if words:
                out.append(Phrasing(ind.code, ind.kind, tuple(dict.fromkeys(words)), words))
    data = yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))
    milestones = tuple(
        Milestone(
            m["indicator"],
            tuple(fold_words(w) for w in m["words"]),
            tuple(fold_words(w) for w in m.get("any", ())),
            m.get("type", ""),
            tuple(fold_words(w) for w in m.get("none", ())),
        )
        for m in data["milestones"]
    )
    return tuple(out), milestones


# --- reading the figures of one sentence --------------------------------------------------------


def _masked(sentence: str) -> list[tuple[int, int]]:
    spans = [m.span() for m in _MASK.finditer(sentence)]
    if lead := _LIST_NUMBER.match(sentence):
        spans.append(lead.span())
    return spans


def _inside(span: tuple[int, int], masks: Sequence[tuple[int, int]]) -> bool:
    return any(a <= span[0] < b or a < span[1] <= b for a, b in masks)


def _qualified(sentence: str, start: int, text: str, kind: Kind) -> ParsedNumber | None:
    """The figure with the qualifier words before it, if any ("khoảng trên 1.000")."""
    before = sentence[:start].split()
    for n in (2, 1, 0):
        words = before[len(before) - n :] if n else []
        try:
            parsed = parse_number(" ".join([*words, text]), kind)
        except InputError:
            continue
        if n == 0 or parsed.qualifier:
            return parsed
    return None


def _after_words(sentence: str, end: int) -> str:
    """The words after a figure up to the next figure or the end of its clause, at most 15 words
    ("tổ công nghệ số cộng đồng cấp xã"; "cán bộ, công chức cấp xã, huyện được trang bị máy tính")."""
    rest = re.sub(r"\([^()]*\)", " ", sentence[end:])  # "44/44 trường (10 trường THCS, …) triển khai"
    stop = _CLAUSE_END.search(rest)
    at = stop and re.search(r"(?i)\b(?:tại|ở|của)\s*$", rest[: stop.start()])
    place = _AT_PLACE.match(rest[stop.start() :]) if stop and at else None
    rest = rest[: stop.start() if stop else len(rest)] + (f" {place['place']}" if place else "")
    if subject := _NEW_SUBJECT.search(rest):  # "94,4%, mức độ hài lòng …": the next figure's subject
        rest = rest[: subject.start()]
    words = rest.split()[:15]
    return " ".join(words).strip(" .,")


def _read_figure(sentence: str, match: re.Match[str]) -> tuple[ParsedNumber, str, str] | None:
    text = re.sub(r"\s+", "", match.group(0)) if "/" in match.group(0) else match.group(0)
    if _RATIO.match(sentence[match.end() :]):
        return None
    if _CHANGE.search(sentence[: match.start()]) and _SO_VOI.match(sentence[match.end() :]):
        return None  # "tăng hơn 36% so với năm 2022": a change, not the year's value
    after = _after_words(sentence, match.end())
    if text.endswith("%"):
        kind: Kind = "rate"
        label = "rate"
    elif "/" in text:
        kind, label = "count", "fraction"
    elif unit := unit_after_figure(after):  # money or a count written in millions: the parser's rule
        kind = label = unit[0]
        text = f"{text} {unit[1]}"
    elif re.search(r",\d", text):
        kind, label = "number", "number"
    else:
        kind, label = "count", "count"
    parsed = _qualified(sentence, match.start(), text, kind)
    if parsed is None:
        return None
    return parsed, label, after


# two-syllable words whose syllables other words share: the channels «trực tiếp» (in person) and
# «trực tuyến» (online), beside «tiếp nhận» (received) — a phrasing holds one only if the text says it whole
_COMPOUNDS = frozenset({("truc", "tiep"), ("truc", "tuyen")})


def _split_compound(sequence: Sequence[str], tokens: Sequence[str]) -> bool:
    """Whether a phrasing's channel word («trực tiếp») is in the text only as syllables of others."""
    pairs = set(itertools.pairwise(tokens))
    return any(pair in _COMPOUNDS and pair not in pairs for pair in itertools.pairwise(sequence))


def _in_order(sequence: Sequence[str], tokens: Sequence[str]) -> int:
    """How many of a phrasing's words the text says in the phrasing's order (their longest common
    subsequence): «dịch vụ công … có phát sinh hồ sơ trực tuyến» holds «… hồ sơ trực tuyến» whole,
    «… có phát sinh hồ sơ» alone does not."""
    previous = [0] * (len(tokens) + 1)
    for word in sequence:
        current = [0]
        for j, token in enumerate(tokens):
            current.append(previous[j] + 1 if word == token else max(previous[j + 1], current[j]))
        previous = current
    return previous[-1]


def _score(phrase: Phrasing, head: set[str], near: set[str], far: set[str]) -> float:
    got = 0.0
    for word in phrase.words:
        got += 1.0 if word in head else 0.85 if word in near else 0.7 if word in far else 0.0
    return got / len(phrase.words)


_TEAM_NAME = re.compile(
    r"\b(?P<verb>(?:thành\s+lập|kiện\s+toàn)\s+(?:và\s+\S+\s+(?:\S+\s+)?)?)(?P<name>Tổ\s+(?i:công\s+nghệ\s+số\s+cộng\s+đồng|chuyển\s+đổi\s+số"
    r"\s+cộng\s+đồng|CNSCĐ)\s+(?P<type>(?i:xã|phường|thị\s+trấn|huyện|quận|thị\s+xã|thành\s+phố|tỉnh|thôn|bản|ấp|"
    r"tổ\s+dân\s+phố))\s+(?P<place>[A-ZĐÀ-Ỹ][\wÀ-ỹ]*(?:\s+[A-ZĐÀ-Ỹ][\wÀ-ỹ]*)*))"
    r"(?:\s+(?:với|gồm|gồm\s+có)\s+(?P<members>\d+)\s+thành\s+viên)?"
)
# from a count to a figure inside the bracket that follows it, the bracket still open
_IN_BRACKET_AFTER = re.compile(r"^[^()]*\([^()]*$")
# staff sent, assigned or seconded to a task («cử 5 công chức», «bố trí 2 cán bộ»): not a unit's staff
_WORKING_GROUP = re.compile(r"(?i)\btổ\s+giúp\s+việc\b")
# a count whose noun is «tổ» counts teams (not «tổ dân phố», a place, nor «tổ chức», organisations)
_TEAMS_NOUN = re.compile(r"(?i)tổ\s+(?!dân\s+phố|chức)")


def _since_figure(sentence: str, start: int) -> str:
    """The words before a figure since the figure before it (its own words)."""
    return sentence[max((m.end() for m in re.finditer(r"\d", sentence[:start])), default=0) : start]


# the unit's own level named before a figure («Cổng TTĐT quận»), and the communes'
_UNIT_ITSELF = re.compile(r"(?i)\b(?:quận|huyện|tỉnh|thị\s+xã|thành\s+phố)\b")
_COMMUNES = re.compile(r"(?i)(?<!thị\s)\b(?:xã|phường|thị\s+trấn)\b")
_DEPARTMENT_S = re.compile(r"(?i)\bcủa\s+(?:các\s+)?phòng\b")


def _unit_own(indicator: str) -> str:
    """The unit's own indicator for a communes' one («awareness.commune_portal_posts» →
    «awareness.portal_posts»), or none when the catalog has no such."""
    own = indicator.replace("commune_", "", 1)
    return own if own in _units() else ""


_JOINED = re.compile(r"\s(?:và|cùng)\s+(?:khoảng\s+|hơn\s+|trên\s+|gần\s+)?$")
# a quota each one must reach («chỉ đạo mỗi thành viên … hướng dẫn tối thiểu cho 07 người dân»)
_EACH = re.compile(r"(?i)\bmỗi\b")
_AT_LEAST = re.compile(r"(?i)\b(?:tối\s+thiểu|ít\s+nhất)\s+(?:cho\s+|là\s+|được\s+)?$")
_ONLINE = re.compile(r"(?i)\btrực\s+tuyến\b")
# the people a team guided: the object of «hướng dẫn cho», not the team
_GUIDED = re.compile(
    r"(?i)\bhướng\s+dẫn\s+cho\s+(?:tổng\s+(?:cộng|số)\s+)?(?:khoảng\s+|hơn\s+|trên\s+|gần\s+)?$"
)
_TEAM = re.compile(r"(?i)\btổ\s+công\s+nghệ\s+số|\btổ\s+cnscđ")
# meetings the unit took part in («đã tham gia 05 cuộc họp») are attended, not held by it
_TOOK_PART = re.compile(r"(?i)\btham\s+(?:gia|dự)\s+(?:được\s+)?$")
_MEETINGS_HELD = frozenset({"steering.cds_meetings_total", "steering.meetings_held"})
# staff at an event («Tổ chức Hội nghị tập huấn … tại huyện cho 150 cán bộ», «hội nghị …, với trên 500
# cán bộ»): those who came to it, not the unit's staff
_AT_EVENT = re.compile(
    r"(?i)\b(?:hội\s+nghị|hội\s+thảo|tập\s+huấn|lớp|buổi|diễn\s+đàn)\b[^.;:]{0,120}\b(?:cho|với|có)\s+"
    r"(?:khoảng\s+|hơn\s+|trên\s+|gần\s+|tổng\s+số\s+)?$"
)
_SENT_STAFF = re.compile(r"(?i)\b(?:cử|bố\s+trí|điều\s+động|biệt\s+phái|tăng\s+cường)\s+(?:thêm\s+)?$")
# prizes or awards given to collectives and individuals together: not the one kind's count
_BOTH_KINDS = re.compile(r"(?i)\btập\s+thể\b[^.;]{0,20}\bcá\s+nhân\b|\bcá\s+nhân\b[^.;]{0,20}\btập\s+thể\b")
# the teams of every level at once: communes and villages named together («100% xã, thị trấn, khu phố,
# thôn, ấp … đã thành lập Tổ CNSCĐ với 94 tổ gần 746 thành viên»), or «đến tận cơ sở» (down to the
# villages): the count is the totals', not one level's
_ALL_LEVELS = re.compile(
    r"(?i)(?=.*\b(?:xã|phường|thị\s+trấn)\b)(?=.*\b(?:thôn|ấp|bản|khu\s+phố|tổ\s+dân\s+phố)\b)"
    r"|\b(?:đến\s+tận\s+cơ\s+sở|các\s+cấp)\b"
)
_LEVEL_PARTS = {
    "teams.commune_teams": "teams.teams_total",
    "teams.village_teams": "teams.teams_total",
    "teams.commune_members": "teams.members_total",
    "teams.village_members": "teams.members_total",
}
# one team called by its own name, not a level's («Tổ Công nghệ số cộng đồng Lang Xá Cồn»), no count
# before it: its members are that team's (the teams register's), never a unit's total
_ONE_NAMED_TEAM = re.compile(
    r"^(?:(?!\d)[^;])*?\bTổ\s+(?i:công\s+nghệ\s+số\s+cộng\s+đồng|chuyển\s+đổi\s+số\s+cộng\s+đồng|CNSCĐ)\s+"
    r"(?!(?i:xã|phường|thị|huyện|quận|thành|tỉnh|thôn|bản|ấp|tổ|cấp|các)\b)[A-ZĐÀ-Ỹ]"
)
_TEAM_LEVEL = {"xa": "commune", "phuong": "commune", "thi tran": "commune", "huyen": "district", "quan": "district",
               "thi xa": "district", "thanh pho": "district", "tinh": "province", "thon": "village", "ban": "village",
               "ap": "village", "to dan pho": "village"}  # fmt: skip


def _teams(findings: Findings, sentence: str, block: Block, citations: Sequence[Citation]) -> None:
    """A named team founded by a dated decision the sentence cites after the name: a register row
    (the counts «104 tổ …» stay figures: the register needs each team's name)."""
    for m in _TEAM_NAME.finditer(sentence):
        decision = next(
            (c for c in citations if c.start > m.start() and c.date and c.type_code == "QĐ"), None
        )
        if decision is None or decision.date is None:
            continue
        # «kiện toàn» alone re-forms a team already founded; «thành lập (và kiện toàn)» founds one
        role = "founding" if "thanh lap" in fold_words(m["verb"]) else "reforming"
        findings.teams.append(
            TeamFinding(" ".join(m["name"].split()), _TEAM_LEVEL[fold_words(m["type"])], decision.date, decision,
                        int(m["members"]) if m["members"] else None, sentence, block.where_vi, block.where_en,
                        role)
        )  # fmt: skip


_TEAM_NOUN = re.compile(r"(?i)\btổ\s+(?:công\s+nghệ\s+số|chuyển\s+đổi\s+số|CNSCĐ)")
_LEVEL_WORDS = (
    ("village", re.compile(r"(?i)\b(?:thôn|tổ\s+dân\s+phố|ấp|bản|buôn|khu\s+phố)\b")),
    ("commune", re.compile(r"(?i)\b(?:xã|phường|thị\s+trấn)\b")),
    ("district", re.compile(r"(?i)\b(?:huyện|quận|thị\s+xã|thành\s+phố)\b")),
)


_TEAMS_COUNTED = re.compile(r"(?i)\d[\d.,]*\s+(?P<words>tổ\b[^\d]*)")


def _members_of_counted_teams(sentence: str, start: int, after: str) -> str:
    """The level of the teams a members count follows («1 Tổ công nghệ số của xã (9 thành viên)»,
    «139 Tổ … của 139 thôn, tổ dân phố với 855 thành viên»): the words since the figure before it
    name community teams (or their places) and one level."""
    if not re.match(r"(?i)thành\s+viên\b", after):
        return ""
    since = [m.end() for m in re.finditer(r"\d", sentence[:start])]
    words = sentence[since[-1] if since else 0 : start]
    if len(words) > 90 or re.search(r"(?i);|\btổng\b", words):
        return ""  # «với tổng số 3.740 thành viên»: the total of the parts
    clause = sentence[sentence.rfind(";", 0, start) + 1 : start]
    clause = re.split(r"(?i)thành\s+viên", clause)[-1]  # «1 Tổ … của xã (9 thành viên) và 3 tổ … thôn (19 …»
    counted = set()
    for team in _TEAMS_COUNTED.finditer(clause):
        counted |= {level for level, pattern in _LEVEL_WORDS[:2] if pattern.search(team["words"])}
    if len(counted) > 1:  # «10 tổ … cấp xã, 100 tổ cấp thôn với trên 600 thành viên»: all of them
        return "total"
    for level, pattern in _LEVEL_WORDS:
        if pattern.search(words) and (_TEAM_NOUN.search(words) or level == "village"):
            return level
    return ""


def _named_team_level(findings: Findings, sentence: str, start: int, value: object) -> str:
    """The level of the named team this sentence founds whose members the figure at ``start``
    counts (its «với 9 thành viên» after the name), if the catalog counts members at that level."""
    for t in findings.teams:
        at = " ".join(sentence.split()).find(t.name)
        if (
            t.sentence == sentence
            and t.members is not None
            and t.members == value
            and 0 <= at < start
            and t.level in ("district", "commune", "village")
        ):
            return t.level
    return ""


# a goal, not a result: «phấn đấu đạt 80%», «mục tiêu đến năm 2025 …», «chỉ tiêu kế hoạch (90%)»
_GOAL = re.compile(
    r"(?i)\b(?:phấn\s+đấu|mục\s+tiêu|chỉ\s+tiêu|kế\s+hoạch\s+đề\s+ra|đề\s+ra|dự\s+kiến|phải\s+đạt|"
    r"(?:cần|sẽ)\s+đạt)\b[^;.\d]{0,60}$"
)
# «đạt tối thiểu 40%»: a floor set for the result is a goal, whatever verb comes before it
_FLOOR = re.compile(r"(?i)\btối\s+thiểu\s*$")
# «… tối thiểu 40% tại cấp huyện và 30% tại cấp xã»: a figure joined by «và» to a goal is a goal too
_AND_NEXT = re.compile(r"(?i)^[^;.:\d()]{0,40}\bvà\s+$")
# a plan's targets under review: «có 22 chỉ tiêu», «(06 chỉ tiêu: …)», «16 tiêu chí đạt»
_TARGETS_REVIEWED = re.compile(r"(?i)\d+\s+(?:chỉ\s+tiêu|tiêu\s+chí)\b")
# a figure opening an item of such a review («: 50% dịch vụ công …», «; Trên 50% hoạt động …») is the
# criterion the plan set; its result, when given, is the figure after it («(244/244, đạt 100%)»)
_ITEM_OPENING = re.compile(r"(?i)(?:^|[;:])\s*(?:trên\s+|hơn\s+|tối\s+thiểu\s+|ít\s+nhất\s+)?$")
_COUNTS_TARGETS = re.compile(r"(?i)^(?:chỉ\s+tiêu|tiêu\s+chí)\b")
_TARGETS_NOT_MET_AFTER = re.compile(r"(?i)^[^,;.()\d]*?\b(?:chưa|không)\s+(?:đạt|hoàn\s+thành)")
_TARGETS_NOT_MET_BEFORE = re.compile(r"(?i)\b(?:còn(?:\s+lại)?|chưa\s+đạt|không\s+đạt)\s*$")
_TARGETS_MET_BEFORE = re.compile(r"(?i)\b(?:đạt|hoàn\s+thành|vượt)\s*$")
_TARGETS_MET_AFTER = re.compile(r"(?i)^(?:chỉ\s+tiêu|tiêu\s+chí)\s+(?:đã\s+)?(?:đạt|hoàn\s+thành)\b")
_GROUP_NAMED = re.compile(r"(?:^|[:;,.]\s*)(?P<name>[^\d():;,.]{3,40}?)\s*\(\s*$")
_GROUP_OPEN = re.compile(r"(?i)\(\s*\d+\s+(?:chỉ\s+tiêu|tiêu\s+chí)\b[^()]*$")


# «…, chiếm 68,54%.»: a share with no words of its own after a comma is a share of the clause before
_BARE_SHARE = re.compile(r"(?i),\s*(?:chiếm|bằng)\s+(?:khoảng\s+|hơn\s+|trên\s+|gần\s+)?$")
# «339 hồ sơ (trực tiếp 24 hồ sơ, trực tuyến 315 hồ sơ)»: the parts of the count before the bracket
_AMONG = re.compile(r"(?i)\btrong\s+số\s+(?:khoảng\s+|hơn\s+|trên\s+|gần\s+)?$")
_PART_LEAD = re.compile(r"(?i)^\s*(?:trong\s+đó|bao\s+gồm|gồm|gồm\s+có|có)?\s*")
_BREAKDOWN_OPEN = re.compile(r"\d[\d.,]*\s+[^\d();,.:]{1,40}\(([^()]*)$")


def _borrowed_subject(sentence: str, start: int, end: int, label: str, after: str) -> bool:
    """Whether a figure's subject is another figure's, so the words around it cannot say what it is:
    a bare share after a comma («…là 168.746, chiếm 68,54%»: the share of which count?), or a part
    in the brackets after a count («339 hồ sơ tiếp nhận tại … (trực tiếp 24 hồ sơ, …)»: its place
    and its whole are the count's, outside the bracket). Such a figure is held, not proposed."""
    if label == "rate" and not after and _BARE_SHARE.search(sentence[:start]):
        return True
    if _AMONG.search(sentence[:start]):
        return True  # «trong số hơn 1.600 công dân … đủ điều kiện»: the whole a part is then taken of
    bracket = _BREAKDOWN_OPEN.search(sentence[:start])
    # a part named before its number («trực tiếp 24 hồ sơ»); «(1.050 hồ sơ trực tuyến, …)» names it after
    if label == "rate" or bracket is None:
        return False
    lead = re.split(r"(?i),|;|\bvà\b", bracket[1])[-1]
    return re.search(r"\w", _PART_LEAD.sub("", lead)) is not None


def _targets_counted(sentence: str, start: int, end: int, indicator: str, block_text: str) -> str:
    """What a count of a plan's targets is, by the verb the text puts with it (not by an alias):
    «hoàn thành 20/34 chỉ tiêu», «16 tiêu chí đạt» are the targets met (``plans.targets_met``);
    «còn (lại) 14/34 chỉ tiêu …», «06 tiêu chí chưa đạt» are those not met (``plans.targets_not_met``);
    «(06 chỉ tiêu: đánh giá đạt 05 chỉ tiêu, …)» — a group's targets met or not — neither. «Tiêu chí»
    (criteria) counts a plan's targets only in a paragraph reviewing them."""
    rest = re.sub(r"^\s*", "", sentence[end:])
    if not _COUNTS_TARGETS.match(rest):
        return indicator
    criteria = not re.match(r"(?i)chỉ\s+tiêu", rest)
    if criteria and not (indicator or re.search(r"(?i)\bkế\s+hoạch\b|\bchỉ\s+tiêu\b", block_text)):
        return indicator
    before = sentence[max(0, start - 30) : start]
    if group := _GROUP_NAMED.search(sentence[:start]):  # «Chính quyền số (06 chỉ tiêu»: the group's own
        words = ("chi", "tieu", *_content(group["name"]))
        for phrase in phrasings()[0]:
            if phrase.indicator.startswith("plans.targets_") and phrase.sequence == words:
                return phrase.indicator
    clause = re.split(r"[,;.)]", rest, maxsplit=1)[0]
    if _TARGETS_NOT_MET_BEFORE.search(before) or _TARGETS_NOT_MET_AFTER.match(clause):
        if _GROUP_OPEN.search(sentence[:start]):
            return ""
        # «còn (lại) 04/34 chỉ tiêu đang triển khai», «06 tiêu chí chưa đạt»: those left are the
        # targets not met (plans.targets_not_met, session 13), never the plan's total
        wrong = indicator not in ("", "plans.targets_total", "plans.targets_not_met")
        return "" if wrong else "plans.targets_not_met"
    if _TARGETS_MET_BEFORE.search(before) or _TARGETS_MET_AFTER.match(rest):
        if _GROUP_OPEN.search(sentence[:start]):
            return ""
        return "plans.targets_met" if indicator in ("", "plans.targets_total") else ""
    return "" if criteria and indicator == "plans.targets_total" else indicator


_TARGET_NOT_MET = re.compile(r"(?i)\b(?:chưa|không)\s+(?:đạt|hoàn thành)")
_TARGET_MET = re.compile(r"(?i)\b(?:đạt|vượt|hoàn thành)\s+(?:\S+\s+){0,2}?(?:chỉ tiêu|kế hoạch|mục tiêu)")
_RANK = re.compile(
    r"(?i)(?:xếp\s+(?:thứ|hạng)|đứng\s+thứ|xếp\s+vị\s+trí(?:\s+thứ)?)\s+(?P<rank>\d{1,3})(?:\s*/\s*(?P<of>\d{1,3}))?"
    r"|(?P<move>tăng|giảm)\s+(?P<steps>\d{1,3})\s+(?:bậc|hạng)"
)
# a steering body («Ban Chỉ đạo», «Tổ Chỉ đạo», «Tổ giúp việc Ban Chỉ đạo»): what it counts is a body
# that directs the work, whatever words follow («… công nghệ số cấp xã»)
_STEERING_BODY = re.compile(
    r"(?i)\s*(?:các\s+)?(?:tổ|ban|ủy\s+ban|uỷ\s+ban)\s+(?:giúp\s+việc\s+(?:ban\s+)?)?chỉ\s+đạo\b"
)
_NOT_COUNTED = frozenset("ngay thang tuan gio phut giay km ha m2 kg tan lit".split())
_KIND_FITS = {
    "rate": {"rate"},
    "count": {"count"},
    "fraction": {"count"},
    "amount": {"amount"},
    "number": {"number"},
}


@lru_cache(maxsize=1)
def _by_first_word() -> dict[str, tuple[Phrasing, ...]]:
    """The phrasings by their first word, and every rate's under «*rate»."""
    index: dict[str, list[Phrasing]] = {"*rate": []}
    for phrase in phrasings()[0]:
        index.setdefault(phrase.words[0], []).append(phrase)
        if phrase.kind == "rate":
            index["*rate"].append(phrase)
    return {k: tuple(v) for k, v in index.items()}


# a table cell read as «row (column header) figure»: the row's words and the header, up to the figure
_CELL = re.compile(r"(?P<row>[^()\d;]*)\((?P<header>[^()]*)\)\s*$")
_COUNTED = re.compile(r"(?i)\b(?:số\s+lượng|tổng\s+số\s+lượt|tổng\s+số|số\s+lượt|số)\s+(?P<noun>[^,()]+)")


def _head_noun(header: str) -> tuple[str, ...]:
    """What a column header counts: the first two words after «Số lượng / Tổng số / Số lượt», up to
    a comma («CB, CC, NHDKCT …» → «cb»; «thành viên Tổ CNSCĐ …» → «thanh vien»)."""
    m = _COUNTED.search(header)
    return _content(m["noun"])[:2] if m else ()


def _phrase_counts(phrase: Phrasing) -> tuple[str, ...]:
    """What a phrasing says it counts: the two words after its last «số lượng / số lượt» («…: số
    lượng thành viên Tổ CNSCĐ xã …» → «thanh vien»); nothing when it does not say."""
    at = [i for i, w in enumerate(phrase.sequence) if w in ("luong", "luot")]
    return phrase.sequence[at[-1] + 1 : at[-1] + 3] if at else ()


# a column of those who did something («hưởng ứng», «được tập huấn», «tham gia»): never everyone
_TOOK_PART_HEADER = re.compile(r"(?i)\b(?:được|đã|hưởng\s+ứng|tham\s+gia)\b")


@lru_cache(maxsize=1)
def _wholes() -> frozenset[str]:
    """Indicators that are only ever a rate's whole (its denominator: «Số sản phẩm OCOP», «Số chỉ
    tiêu trong kế hoạch»), never a part of another: a fraction «198/336» is not one of them."""
    spec = shipped_catalogs()[-1]
    numerators = {i.numerator for i in spec.indicators if i.numerator}
    return frozenset(
        i.denominator for i in spec.indicators if i.denominator and i.denominator not in numerators
    )


# a rate followed by the names of administrative units («100% xã, phường, thị trấn», «100% tổ dân phố»)
_UNITS_AFTER = re.compile(
    r"(?i)\s*(?:các\s+)?(?:xã|phường|thị\s+trấn|huyện|quận|thôn|bản|ấp|tổ\s+dân\s+phố|khu\s+phố)\b"
)
_UNIT_WORDS = frozenset({"xa", "phuong", "tran", "huyen", "quan", "thon", "ban", "ap", "pho"})  # folded


_SHARE_AFTER = re.compile(r"(?i)^(?:chiếm|đạt|bằng)\b")


# «Số lượng hồ sơ … bằng trên 90% số hồ sơ … của cả năm 2021»: a count as a share of another count
# (another period's) — no rate of anything; «bằng 45% tổng số hồ sơ của tỉnh» (the unit's own total
# of the same period) is its rate
_COMPARED_TO = re.compile(r"(?i)\bbằng\s+(?:khoảng\s+|hơn\s+|trên\s+|gần\s+|xấp\s+xỉ\s+)?$")
_OF_ANOTHER = re.compile(
    r"(?i)\s*(?:so\s+với|cùng\s+kỳ|(?:tổng\s+)?số\b[^;.]*?\bcủa\s+(?:cả\s+|cùng\s+)?"
    r"(?:năm|quý|tháng|kỳ|giai\s+đoạn|(?:\d+|sáu|chín)\s+tháng)\b)"
)


_BOTH_SERVICE_KINDS = re.compile(
    r"(?i)toàn\s+trình\s+(?:và|,)\s+một\s+phần|một\s+phần\s+(?:và|,)\s+toàn\s+trình"
)


_CHANNEL_SUBJECT = re.compile(
    r"(?i)\bt[ỷỉ]\s+lệ\s+hồ\s+sơ\s+trực\s+(?P<channel>tuyến|tiếp)\s+(?:được\s+)?giải\s+quyết"
)


# a firm named by what it does: one kind of firm («doanh nghiệp cung cấp dịch vụ viễn thông», «doanh
# nghiệp hoạt động trong lĩnh vực …», «doanh nghiệp công nghệ số»)
_KIND_OF_FIRM = re.compile(
    r"(?i)\s*doanh\s+nghiệp\s+(?:cung\s+cấp|hoạt\s+động|kinh\s+doanh|sản\s+xuất|trong\s+lĩnh\s+vực|"
    r"công\s+nghệ|viễn\s+thông|bưu\s+chính|phần\s+mềm|nhà\s+nước|FDI|có\s+vốn)"
)


def match_indicator(
    sentence: str, start: int, end: int, label: str, after: str, part: bool = False
) -> tuple[str, float]:
    """The indicator a figure speaks of and how sure: the words after it weigh most (a count's
    noun), then the dozen words before it, then the rest of the sentence. ``part``: the figure is
    a fraction no larger than its whole («hoàn thành 20/34 chỉ tiêu», «20/20 xã … đều có»), so it counts a part, never
    an indicator that is only a whole."""
    if label == "rate" and _COMPARED_TO.search(sentence[:start]) and _OF_ANOTHER.match(sentence[end:]):
        return "", 0.0  # «bằng 205,6% số hồ sơ trực tuyến của quý I năm 2022»: one count against another
    head = set(_content(after))
    counted: tuple[str, ...] = ()  # the head noun a table cell's header counts
    cell_header = ""
    # a list of results separated by «;» speaks of one subject per item: read only the figure's item
    cut = sentence.rfind(";", 0, start) + 1
    stop = sentence.find(";", end)
    sentence, start, end = sentence[cut : stop if stop >= 0 else len(sentence)], start - cut, end - cut
    before = _content(sentence[:start])
    # the figure's own words in their order: since the figure before it, and after it up to the next
    near = set(before[-10:])
    # when the next figure counts the same thing, the words after it are what tell it apart («thu nhận
    # hơn 4,2 triệu tài khoản … và hơn 1,4 triệu tài khoản … kích hoạt thành công»: the activation is
    # the 1,4 million's); a list of other things shares its tail («08 bài, 67 tin … về chuyển đổi số»)
    following = _NUMBER.search(sentence, end)
    same = following and _content(after)[:2] == _content(_after_words(sentence, following.end()))[:2]
    # «38 lượt người tham gia và 2 khóa học trực tuyến»: what follows a next figure joined by «và»
    # is that figure's own noun, never this one's
    joined = (
        following is not None
        and len(_content(after)) >= 2
        and _JOINED.search(sentence[end : following.start()])
    )
    far = set(before) | set(
        _content(sentence[end : following.start() if (same or joined) and following else len(sentence)])
    )
    first = _content(after)[:2]
    if label == "rate" and not head:  # "Tỷ lệ … đạt 94,4%": the subject is before the figure
        lead = sentence[:start]
        since = [m.end() for m in _LAST_RATE.finditer(lead)]  # "…đạt 94,4%, mức độ hài lòng đạt 98%"
        # «…, tỷ lệ hồ sơ tiếp nhận trực tuyến chiếm hơn 25%»: a rate's own «tỷ lệ» opens its subject
        since += [  # «… chiếm tỷ lệ là 9,36%»: a «tỷ lệ» naming nothing leaves the subject before it
            m.start()
            for m in _RATE_WORD.finditer(lead, since[-1] if since else 0)
            if len(_content(lead[m.end() :])) >= 2
        ][-1:]
        own = _content(lead[since[-1] :] if since else lead)
        head, near = set(own[-12:]), set(own)
    elif (
        label != "rate"
        and _IS.search(sentence[:start])
        and (
            len(_content(after)) <= 1
            or _SHARE_AFTER.match(after)
            or not any(w in _by_first_word() for w in first)
        )
    ):
        # "số hồ sơ trực tuyến toàn trình là 115.665": a count whose subject comes before it; a bare
        # measure word after it («…có tài khoản định danh điện tử mức độ 2: 3.963 người») names no subject
        # «Tổng số dịch vụ công trực tuyến (cả toàn trình và một phần) có phát sinh hồ sơ: 18»: a
        # «và» inside a bracket does not open the subject
        lead = re.sub(r"\([^()\d]*\)", " ", sentence[:start])
        since = [m.end() for m in re.finditer(r"\d|;|\b(?:và|với)\b", lead)]
        own = _content(lead[since[-1] :] if since else lead)
        # «: 417 lượt»: the measure word may still name the phrasing; «: 157 chiếm tỉ lệ 3,14% dân số»
        # names none — its share follows
        bare = () if _SHARE_AFTER.match(after) else _content(after)
        head, near, first = set(own) | set(bare), set(own), own[:2] + bare[:1]
    elif (
        label != "rate"
        and not head
        and (cell := _CELL.search(sentence[:start]))
        and not sentence[end:].strip(" .;")
    ):
        # a table cell as the reader gives it, «row (column header) 29»: the figure counts what its
        # header names (its head noun: «Số lượng người dân hưởng ứng và được tập huấn» counts people,
        # read whole — not cut at «và»), of the activity its row names
        own = _content(cell.group(0))
        head, near, first = set(own), set(own), tuple(dict.fromkeys(own))
        counted = _head_noun(cell["header"])
        cell_header = cell["header"]
    if label != "rate" and first and first[0] in _NOT_COUNTED:
        return "", 0.0  # "07 ngày", "6 tuần thi", "06 km": a duration or a distance, no count
    noun = _content(after.split(",")[0])[:2] or first  # what the count counts, up to a comma
    total = re.search(r"(?i)\btổng\s+(?:số|cộng)\s*(?:là\s*)?$", sentence[:start]) is not None
    best: tuple[int, int, float, int, str] = (0, 0, 0.0, 0, "")
    scored: list[tuple[int, int, float, int, str]] = []
    fits: list[tuple[int, float, Phrasing]] = []  # the phrasings that fit, before their order is read
    tokens: tuple[str, ...] = ()

    @lru_cache(maxsize=1)
    def own_words() -> tuple[str, ...]:
        """The figure's own words in their order: since the figure before it, and after it up to the next."""
        since_figure = max((m.end() for m in re.finditer(r"\d", sentence[:start])), default=0)
        return (*_content(sentence[since_figure:start]), *_content(after))

    by_first = _by_first_word()
    # a count names what it counts right after the number: only phrasings that start so
    candidates = (
        by_first["*rate"]
        if label == "rate"
        else [p for w in dict.fromkeys(first) for p in by_first.get(w, ())]
    )
    steering = label != "rate" and _STEERING_BODY.match(after) is not None
    # «toàn trình và một phần» named together right before a rate: both kinds of online service
    both_kinds = label == "rate" and _BOTH_SERVICE_KINDS.search(_since_figure(sentence, start)) is not None
    # «tỷ lệ hồ sơ trực tuyến được giải quyết đúng hạn đạt 99,7%»: the rate of the online dossiers only
    channel = _CHANNEL_SUBJECT.search(_since_figure(sentence, start)) if label == "rate" else None
    units_counted = label == "rate" and _UNITS_AFTER.match(sentence[end:]) is not None
    for phrase in candidates:
        if phrase.kind not in _KIND_FITS[label] or (part and phrase.indicator in _wholes()):
            continue
        if units_counted and not set(phrase.words) & _UNIT_WORDS:
            continue  # «100% xã, phường, thị trấn» is a share of units: an indicator of units only
        if len(phrase.sequence) <= 2 and _in_order(phrase.sequence, own_words()) < len(phrase.sequence):
            continue  # a two-word phrasing is said in its order: «tiêu chí» (criteria) is not «chỉ tiêu»
        if label != "rate" and _split_compound(phrase.sequence, own_words()):
            continue  # «hồ sơ tiếp nhận trực tuyến» is not «… trực tiếp»: «tiếp» is «tiếp nhận»'s
        if counted and not set(counted) <= set(phrase.words):
            continue  # a cell counts its header's noun («người dân»): a phrasing without it is another count
        if counted and (says := _phrase_counts(phrase)) and says[: len(counted)] != counted:
            continue  # «…: số lượng thành viên Tổ CNSCĐ» counts members even if it names «người dân» before
        if counted and phrase.indicator.startswith("pop.") and _TOOK_PART_HEADER.search(cell_header):
            continue  # «Số lượng người dân hưởng ứng và được tập huấn»: those who took part, not everyone
        if channel and not {fold_words(channel["channel"]), "giai", "quyet"} <= set(phrase.words):
            continue  # a rate of one channel's dossiers resolved is neither all dossiers' nor that channel's share
        if both_kinds and "trinh" in phrase.words and "phan" not in phrase.words:
            continue  # «DVCTT toàn trình và một phần … đạt 82%»: every online service, not the full-process ones
        if both_kinds and "partial_" in phrase.indicator:
            continue  # «hồ sơ … của từng DVCTT (toàn trình và một phần) | 75,3%»: nor the partial ones
        if steering and not {"chi", "dao"} <= set(phrase.words):
            continue  # "18 Tổ Chỉ đạo công nghệ số cấp xã": steering bodies, not community teams
        score = _score(phrase, head, near, far)
        if score >= THRESHOLD:
            # most of the phrasing's words right at the figure first, then the score, then detail
            in_head = sum(1 for w in phrase.words if w in head)
            if (
                label != "rate"
                and in_head < 2 < len(noun) + len(phrase.words)
                and noun[-1] not in phrase.words
            ):
                continue  # "1.440 người trả lời đúng": «người» then other words is not «người tham gia»
            if total and phrase.indicator.endswith("_total"):
                in_head += len(phrase.words)  # "với tổng số 3.740 thành viên": the total of the parts
            fits.append((in_head, score, phrase))
    top = max((f[0] for f in fits), default=0)
    contenders = [f for f in fits if f[0] == top]
    if len({f[2].indicator for f in contenders}) > 1:
        # then the longest phrasing the figure's own words say whole and in its order («… hồ sơ trực
        # tuyến» over «… hồ sơ»; «hồ sơ giải quyết trước hạn» over «hồ sơ giải quyết»): its words
        # since the figure before it, and after it up to the next
        tokens = own_words()
    for in_head, score, phrase in contenders:
        whole = 0
        if len({f[2].indicator for f in contenders}) > 1 and _in_order(phrase.sequence, tokens) == len(
            phrase.sequence
        ):
            whole = len(phrase.sequence)
        scored.append((in_head, whole, score, len(phrase.words), phrase.indicator))
        best = max(best, scored[-1])
    if any(c[:4] == best[:4] and c[4] != best[4] for c in scored):
        return "", 0.0  # "giải … cho các tập thể, cá nhân": two indicators fit as well — ask the reader
    if best[4] == "infra.mobile_base_stations" and re.match(r"(?i)\s*vị\s+trí\b", after):
        return (
            "",
            0.0,
        )  # «1.090 vị trí trạm thu phát sóng»: sites (one may hold several stations), not stations
    if best[4] == "econ.firms_total" and _KIND_OF_FIRM.match(after):
        return "", 0.0  # «5 doanh nghiệp cung cấp dịch vụ viễn thông»: firms of one kind, not every firm
    if best[4].startswith("dvc.") and not _level_fits(best[4], sentence, start, end):
        return "", 0.0
    if best[4] in ("pop.population", "pop.population_adult") and _PEOPLE_WHO.match(after):
        return "", 0.0  # «283.399 công dân dùng thẻ CCCD khám, chữa bệnh»: those who did it, not everyone
    if label == "rate" and best[4] == "teams.members_per_100_residents" and _MEMBERS_SHARE.match(after):
        return (
            "",
            0.0,
        )  # «100% thành viên Tổ … được bồi dưỡng»: a share of the members, not members per residents
    if label == "rate" and _RISEN_TO.search(sentence[:start]):
        clause = re.split(r"[,;:]", sentence[:start])[-1]
        if not _NAMES_A_RATE.search(clause):
            return (
                "",
                0.0,
            )  # «việc triển khai DVCTT … tăng lên 10,8%»: what rose, and whether to or by, unsaid
    if best[4] in ("dvc.dossier_digitised_rate", "dvc.result_digitised_rate") and _BOTH_DIGITISED.search(
        sentence[:start]
    ):
        # «tỷ lệ số hóa hồ sơ, kết quả giải quyết TTHC đạt 59,81%»: dossiers and results in one rate,
        # which two indicators each hold a half of — «chưa hiểu», for a person
        return best[4], min(round(best[2], 2), 0.7)
    return best[4], round(best[2], 2)


_BOTH_DIGITISED = re.compile(
    r"(?i)\bsố\s+hóa\s+(?:hồ\s+sơ\s*(?:,|và)\s*kết\s+quả|kết\s+quả\s*(?:,|và)\s*hồ\s+sơ)\b"
)
# a count of people followed by what they did («283.399 công dân dùng thẻ CCCD …», «1.200 người dân đã
# đăng ký …»): those who did it, never the population
_PEOPLE_WHO = re.compile(
    r"(?i)\s*(?:lượt\s+)?(?:công\s+dân|người(?:\s+dân)?|nhân\s+khẩu)\s+(?:đã\s+|được\s+)?"
    r"(?:dùng|sử\s+dụng|đăng\s+ký|tham\s+gia|thực\s+hiện|cài\s+đặt|tải|truy\s+cập|kích\s+hoạt|"
    r"cấp|làm|khám|thanh\s+toán|nộp|được|đã)\b"
)
# «100% thành viên …»: a percentage of the members themselves
_MEMBERS_SHARE = re.compile(r"(?i)\s*(?:các\s+|số\s+)?thành\s+viên\b")
# a percentage a verb of change leads straight to («… tăng lên 10,8%», «giảm xuống 5%»)
_RISEN_TO = re.compile(r"(?i)\b(?:tăng|giảm)(?:\s+(?:lên|xuống))?(?:\s+(?:mức|thành))?\s*$")
_NAMES_A_RATE = re.compile(r"(?i)\btỷ\s+lệ\b|\btỉ\s+lệ\b|\bchỉ\s+số\b|\bmức\s+độ\b")


# a level of government a clause speaks of («cấp huyện tiếp nhận 6.776 hồ sơ», «Các sở, ban ngành
# cấp tỉnh tiếp nhận …»); «cấp tỉnh, huyện, xã» names every level
_LEVEL = re.compile(
    r"(?i)\bcấp\s+(?P<level>tỉnh|huyện|xã)\b(?!\s*,?\s*(?:cấp\s+)?(?:huyện|xã))|\bcác\s+sở,?\s+(?:ban,?\s+)?ngành\b"
)
_LEVEL_CODES = {"tỉnh": "province", "huyện": "district_level", "xã": "commune_level"}
# a system or portal named with its level («Hệ thống thông tin giải quyết TTHC cấp tỉnh», «Cổng dịch vụ
# công cấp tỉnh») serves every level: its «cấp tỉnh» names no level of government
_SYSTEM_LEVEL = re.compile(r"(?i)(\b(?:hệ\s+thống|cổng)\b[^,;:.()\d]*?)(\bcấp\s+(?:tỉnh|huyện|xã)\b)")


def _level_fits(indicator: str, clause: str, start: int, end: int) -> bool:
    """Whether a dossier indicator fits the level of government its clause names: a level's own
    indicator («dvc.district_level_…») only where that level is named; the territory's whole not
    where the figure is one level's part («cấp huyện tiếp nhận 6.776 hồ sơ»; «các sở, ban ngành»)."""
    clause = _SYSTEM_LEVEL.sub(lambda m: m[1] + " " * len(m[2]), clause)  # same length: offsets hold
    named = {_LEVEL_CODES[m["level"].lower()] if m["level"] else "province" for m in _LEVEL.finditer(clause)}
    own = next((code for code in _LEVEL_CODES.values() if f".{code}_" in indicator), None)
    if own is not None:  # a level is also named by its units («các phường, xã», «cấp huyện»)
        units = {"commune_level": r"xã|phường|thị\s+trấn", "district_level": r"huyện|quận"}.get(own, "")
        return own in named or bool(units and re.search(rf"(?i)\b(?:{units})\b", clause))
    # the part of one level only: «cấp huyện tiếp nhận …»; not «các sở, ngành cấp tỉnh và UBND các xã, phường»,
    # nor a figure whose own words after it name its level («… tại cấp huyện và 30% tại cấp xã»)
    following = _NUMBER.search(clause, end)
    if _LEVEL.search(clause[end : following.start() if following else len(clause)]):
        return True
    lead = clause[:start]
    levels = {_LEVEL_CODES[m["level"].lower()] if m["level"] else "province" for m in _LEVEL.finditer(lead)}
    if re.search(r"(?i)\b(?:xã|phường|thị\s+trấn)\b", _LEVEL.sub(" ", lead)):
        levels.add("commune_level")
    return levels not in ({"province"}, {"district_level"})


# --- the whole document -------------------------------------------------------------------------


def split_sentences(text: str) -> list[tuple[int, str]]:
    out, pos = [], 0
    for piece in _SENTENCE_END.split(text):
        index = text.find(piece, pos)
        out.append((index, piece))
        pos = index + len(piece)
    return out


# a month written with a dot or a dash, as the press writes dates («Tính đến tháng 9.2025»)
_MONTH_DOTTED = re.compile(r"(?i)\btháng\s+(\d{1,2})\s*[.-]\s*(\d{4})\b")


def _period_in(text: str, days: bool = True) -> tuple[Period, bool] | None:
    """The first window ``text`` states, and whether it is counted «đến …» (to a day or month);
    with ``days``, else a day it names («chiều 5/4/2022»: that day)."""
    text = _MONTH_DOTTED.sub(r"tháng \1/\2", text)  # «tháng 9.2025», «tháng 6-2022»: the press's way
    for m in _WINDOW.finditer(text):
        try:
            found = parse_period(re.sub(r"(?i)^(?:trong|tính|vào)\s+", "", m.group(0)))
        except InputError:
            continue
        to_date = re.search(r"(?i)\bđến\s+(?:ngày|tháng)", m.group(0)) and not re.search(
            r"(?i)\btừ\b", m.group(0)
        )
        return found, bool(to_date)
    if days and (day := _DAY.search(text)):  # «chiều 5/4/2022», «Ngày 26/3/2022, …»: that day
        try:
            on = dt.date(int(day["y"]), int(day["m"]), int(day["d"]))
        except ValueError:
            return None
        return Period.between(on, on), False
    return None


def window_of(text: str, anchor: dt.date | None = None, year: int | None = None) -> str:
    """The code of the window ``text`` states, read as its reader does (``plain_time``); "" when none."""
    found = _period_in(plain_time(text, anchor, year), days=False)
    return found[0].code if found else ""


# --- the language of time: what «đến nay», «6 tháng đầu năm», «ngày 8/6» mean in this text ------

_QUOTED = re.compile(r"“[^”]*”|«[^»]*»|\"[^\"]*\"")  # a contest's or a plan's name, not a window
# a programme's horizon is part of its name («Đề án 06 … giai đoạn 2022 - 2025, tầm nhìn đến năm
# 2030»; «… đến năm 2025, định hướng đến năm 2030»), not the window of the figures around it
_HORIZON = re.compile(r"(?i)\b(?:tầm\s+nhìn|định\s+hướng)\s+(?:đến|tới)\s+năm\s+\d{4}")
# the span or end year in a programme's name («Nghị quyết 04/2021 … về chuyển đổi số tỉnh Quảng Nam đến
# năm 2025», «Nghị quyết số 01-NQ/TU về chuyển đổi số tỉnh Bến Tre giai đoạn 2020 - 2025»): an administrative
# text names a resolution, plan or programme by its subject and the years it runs to, so a year there is
# the programme's horizon, not the window of the report that cites it (first reads: 110's «06 tổ … vào
# tháng 4 năm 2022» proposed in 2025, ninth set; 92's figures of 10/2024 in 2030, seventh set)
_PROGRAMME_HORIZON = re.compile(
    r"(?i)(?P<name>\b(?:nghị\s+quyết|kế\s+hoạch|chương\s+trình|đề\s+án|chiến\s+lược)\b[^.;:]{0,160}?\bvề\b"
    r"[^.;:]{0,160}?)(?:giai\s+đoạn\s+(?:từ\s+)?(?:năm\s+)?\d{4}\s*(?:-|–|đến)\s*(?:năm\s+)?\d{4}"
    r"|(?:đến|tới)\s+năm\s+\d{4})"
)

# a plan's or programme's own title ends in its horizon without a «về» («KẾ HOẠCH BAN HÀNH CÁC GIẢI PHÁP
# NÂNG CAO HIỆU QUẢ … TỈNH TÂY NINH ĐẾN NĂM 2025», a plan signed 14/11/2023 whose «Hiện trạng» are 2023's:
# eleventh set's 133 proposed in 2025): a whole line that names a programme and ends in «đến năm YYYY»
_TITLE_HORIZON = re.compile(
    r"(?i)^(?P<name>\s*(?:kế\s+hoạch|chương\s+trình|đề\s+án|chiến\s+lược)\b[^.;:]{0,240}?)"
    r"(?:đến|tới)\s+năm\s+\d{4}\s*$"
)


def _no_horizons(text: str) -> str:
    """``text`` without the years that name a programme's horizon (its own and its «tầm nhìn»):
    what is left dates the report, not the programmes it cites."""
    text = _TITLE_HORIZON.sub(lambda m: m["name"] + " ", text)
    text = _HORIZON.sub(" ", text)
    while (cut := _PROGRAMME_HORIZON.sub(lambda m: m["name"] + " ", text)) != text:
        text = cut
    return text


_PRESENT = re.compile(
    r"(?i)\b(?:(?:tính\s+)?(?:đến|tới)\s+(?:nay|thời\s+điểm\s+(?:này|hiện\s+tại|báo\s+cáo))"
    r"|hiện\s+nay|hiện\s+tại|hiện\s+có|hiện\s+đang)\b"
)
# counted to the present («đến nay», «đến thời điểm báo cáo»): where the report stands, not an earlier day
_TO_PRESENT = re.compile(r"(?i)\b(?:đến|tới)\s+(?:nay|thời\s+điểm\s+(?:này|hiện\s+tại|báo\s+cáo))\b")
# «đến nay», «đến thời điểm này / hiện tại», «hiện nay» (corpus/reports/README.md, session 14): a figure
# so told belongs to the period the text declares it reports on; only a text declaring none dates it by
# the month it speaks from
_NOW_OF_DECLARED = re.compile(
    r"(?i)\b(?:(?:tính\s+)?(?:đến|tới)\s+(?:nay|thời\s+điểm\s+(?:này|hiện\s+tại))|hiện\s+nay)\b"
)
_NO_YEAR = r"(?![\d/.-]|\s*[/.-]\s*\d)"
_DAY_NO_YEAR = re.compile(
    r"(?i)\b(?P<lead>ngày|đến|tới|từ|sáng|chiều|tối|trưa)\s+(?:ngày\s+)?(?P<d>\d{1,2})\s*[/.-]\s*(?P<m>\d{1,2})"
    + _NO_YEAR
    + r"(?!\s*(?:hàng|hằng)\s+năm)"  # «ngày 26/3 hàng năm»: a day of every year, not a dated one
)
# «từ ngày 1.7 - 10.9», «từ 8/10 – 25/10/2025»: a range written with a dash is «từ … đến …»
_FROM_DASH = re.compile(
    r"(?i)\btừ\s+(?:ngày\s+)?(?P<d1>\d{1,2})\s*[/.]\s*(?P<m1>\d{1,2})\s*[-–]\s*(?:ngày\s+)?"
    r"(?P<d2>\d{1,2})\s*[/.]\s*(?P<m2>\d{1,2})(?:\s*[/.]\s*(?P<y>\d{4}))?(?![\d/.]*\d)"
)
# «từ 6 – 8.4», «từ ngày 6-8/4/2023»: days of one month, the month written once, after the last day
_DAYS_DASH = re.compile(
    r"(?i)\btừ\s+(?:ngày\s+)?(?P<d1>\d{1,2})\s*[-–]\s*(?:ngày\s+)?(?P<d2>\d{1,2})\s*[/.]\s*(?P<m>\d{1,2})"
    r"(?:\s*[/.]\s*(?P<y>\d{4}))?(?![\d/.]*\d)"
)
_FROM_TO = re.compile(
    r"(?i)\btừ\s+(?:ngày\s+)?(?P<d>\d{1,2})\s*[/.-]\s*(?P<m>\d{1,2})\s+đến\s+(?:ngày\s+)?"
    r"(?P<end>(?P<d2>\d{1,2})/(?P<m2>\d{1,2})/(?P<y>\d{4}))"
)
# a whole day written with dashes or dots («14-11-2024», «30.6.2024»), or in words («ngày 30 tháng 6
# năm 2024»), and a month in words («tháng 9 năm 2025»): written with slashes, as the windows are read
_DAY_DASHED = re.compile(
    r"(?<![\d.,/-])(?P<d>\d{1,2})\s*(?P<s>[.-])\s*(?P<m>\d{1,2})\s*(?P=s)\s*(?P<y>(?:19|20)\d\d)\b"
)
_DAY_WORDS = re.compile(r"(?i)\bngày\s+(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})\s+năm\s+(?P<y>\d{4})\b")
_MONTH_WORDS = re.compile(r"(?i)\b(?<!ngày\s)tháng\s+(?P<m>\d{1,2})\s+năm\s+(?P<y>\d{4})\b")
# «1/1–14/11/2024»: a span written with a dash between its days, no «từ» (a heading's, a table's)
_BARE_SPAN = re.compile(
    r"(?<![\d/.])(?P<d1>\d{1,2})/(?P<m1>\d{1,2})\s*[–-]\s*(?P<d2>\d{1,2})/(?P<m2>\d{1,2})/(?P<y>\d{4})\b"
)
_CALENDAR = (
    r"(?:quý\s+[IV1-4]+\s*(?:/|năm)\s*\d{4}|năm\s+\d{4}|tháng\s+\d{1,2}/\d{4}"
    r"|(?<![\w.,])(?:1[0-2]|[1-9]|ba|sáu|chín)\s+tháng\s+(?:đầu\s+|cuối\s+)?năm\s+\d{4})"
)
# «quý I năm 2023 (tính từ ngày 15/12/2022 đến 14/3/2023)»: a calendar period restated by the dates
# it was counted between — the dates are the window
_RESTATED = re.compile(
    r"(?i)(?P<calendar>" + _CALENDAR + r")\s*\(\s*(?:tính\s+|số\s+liệu\s+(?:tính\s+)?)?"
    r"(?P<span>từ\s+(?:ngày\s+)?\d{1,2}/\d{1,2}/\d{4}\s+(?:đến|tới)\s+(?:ngày\s+)?\d{1,2}/\d{1,2}/\d{4})\s*\)"
)
# «năm 2022 và quý I năm 2023»: two calendar periods one after the other, read as one span
_JOINED_PERIODS = re.compile(r"(?i)(?P<a>" + _CALENDAR + r")\s+và\s+(?P<b>" + _CALENDAR + r")")
# «đến cuối tháng 10/2025», «đến hết tháng 9/2025»: to that month's last day (a window's end, not a day)
_TO_MONTH_END = re.compile(
    r"(?i)\b(?P<to>đến|tới)\s+(?:hết|cuối)\s+tháng\s+(?P<m>\d{1,2})\s*[/.-]\s*(?P<y>\d{4})\b"
)


# «Từ 1/7/2025 đến 25/2/2026»: a span from a dated day to a dated day, written without «ngày»
_DAYS_SPAN = re.compile(
    r"(?i)\b(?P<from>từ)\s+(?:ngày\s+)?(?P<a>\d{1,2}/\d{1,2}/\d{4})\s+(?P<to>đến|tới)\s+(?:ngày\s+)?(?P<b>\d{1,2}/\d{1,2}/\d{4})"
)


# «Đến tháng 5, Lai Châu đã …», «Đến cuối tháng 5, tỉnh … đã thành lập …»: a month to date written
# without its year is the text's year (the anchor's, or the year before when that month is still to come)
_TO_MONTH_NO_YEAR = re.compile(
    r"(?i)\b(?P<to>đến|tới)\s+(?P<edge>(?:hết|cuối)\s+)?tháng\s+(?P<m>\d{1,2})"
    + _NO_YEAR
    + r"(?!\s*năm\s+\d)"
)
# a comparison's base («tăng 10% so với năm 2021», «tăng 33% so với cuối năm 2022») is not the window
# of the figures around it
# («so cùng kỳ năm 2023»: «với» left out)
_COMPARED = re.compile(r"(?i)\bso\s+(?:với\s+|cùng\s+kỳ\b)[^,;()]*")


def _month_end(m: re.Match[str]) -> str:
    month, year = int(m["m"]), int(m["y"])
    if not 1 <= month <= 12:
        return m.group(0)
    last = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day
    return f"{m['to']} ngày {last}/{month}/{year}"


_PART_NO_YEAR = re.compile(
    r"(?i)\b(?P<part>(?:6|9|sáu|chín)\s+tháng\s+(?:đầu|cuối)|quý\s+(?:[IV]+|[1-4])\b)(?:\s+năm)?(?:\s+nay)?"
    r"(?!\s*(?:/|năm)?\s*\d)"
)
_THIS_YEAR = re.compile(r"(?i)\bnăm\s+nay\b")
_DAY = re.compile(
    r"(?i)(?:\b(?:sáng|chiều|tối|trưa)\s+(?:ngày\s+)?|\bngày\s+|^\s*)(?P<d>\d{1,2})\s*[/.-]\s*(?P<m>\d{1,2})\s*[/.-]\s*(?P<y>\d{4})\b"
)
_BLANK_DATE_LINE = re.compile(r"(?i)\bngày\s+(?:\d{1,2}\s+)?tháng\s+\d{1,2}\s+năm\s+\d{4}")
_DATE_LINE = re.compile(r"(?i)\bngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})")
_OPENING_DAY = re.compile(
    r"(?i)^\W*(?:(?:sáng|chiều|tối|trưa)\s+)?(?:ngày\s+)?(?P<d>\d{1,2})\s*[/.-]\s*(?P<m>\d{1,2})"
    r"(?:\s*[/.-]\s*(?P<y>\d{4}))?\s*,"
)


def _year_for(day: int, month: int, anchor: dt.date | None, year: int | None) -> int | None:
    """The year of a day written without one («đến ngày 8/6»): the anchor's (the text's date), or
    the year before when that day would come after it; else the report's year."""
    if anchor:
        try:
            return anchor.year if dt.date(anchor.year, month, day) <= anchor else anchor.year - 1
        except ValueError:
            return None
    return year


def plain_time(text: str, anchor: dt.date | None, year: int | None, present: bool = True) -> str:
    """``text`` with the time it leaves to the reader written out, for reading windows only:
    names in quotes dropped, «đến nay / hiện nay / hiện có» → the anchor's month, a day without
    its year («ngày 8/6», «1-3», «chiều 5.4») → with it, «6 tháng đầu năm», «quý I», «năm nay» →
    with the report's year (or the anchor's). Without ``present`` «đến nay» is left as it is: the text
    declares the period it reports on, which its figures «đến nay» belong to."""
    text = _COMPARED.sub(" ", _no_horizons(_QUOTED.sub(" ", text)))
    text = _slashed(text)

    def month(m: re.Match[str]) -> str:
        y = _year_for(1, int(m["m"]), anchor, year) if 1 <= int(m["m"]) <= 12 else None
        return m.group(0) if y is None else f"{m['to']} {m['edge'] or ''}tháng {int(m['m'])}/{y}"

    text = _TO_MONTH_NO_YEAR.sub(month, text)
    text = _TO_MONTH_END.sub(_month_end, text)
    text = _DAYS_SPAN.sub(lambda m: f"{m['from']} ngày {m['a']} {m['to']} ngày {m['b']}", text)
    text = _FROM_DASH.sub(
        lambda m: (
            f"từ ngày {m['d1']}/{m['m1']} đến ngày {m['d2']}/{m['m2']}" + (f"/{m['y']}" if m["y"] else "")
        ),
        text,
    )
    text = _DAYS_DASH.sub(
        lambda m: (
            f"từ ngày {m['d1']}/{m['m']} đến ngày {m['d2']}/{m['m']}" + (f"/{m['y']}" if m["y"] else "")
            if int(m["d1"]) < int(m["d2"])
            else m.group(0)
        ),
        text,
    )
    text = _FROM_TO.sub(_from_to, text)
    text = _BARE_SPAN.sub(
        lambda m: f"từ ngày {m['d1']}/{m['m1']}/{m['y']} đến ngày {m['d2']}/{m['m2']}/{m['y']}", text
    )

    def day(m: re.Match[str]) -> str:
        y = _year_for(int(m["d"]), int(m["m"]), anchor, year)
        lead = m["lead"]
        if y is None:
            return m.group(0)
        if lead.lower() in ("đến", "tới", "từ"):
            lead = f"{lead} ngày"
        return f"{lead} {int(m['d'])}/{int(m['m'])}/{y}"

    text = _DAY_NO_YEAR.sub(day, text)
    text = re.sub(r"(?i)\b(đến|tới)\s+(\d{1,2}/\d{1,2}/\d{4})", r"đến ngày \2", text)
    if anchor and present:
        text = _PRESENT.sub(f"đến tháng {anchor.month}/{anchor.year}", text)
    this_year = year or (anchor.year if anchor else None)
    if this_year:
        text = _PART_NO_YEAR.sub(lambda m: f"{m['part']} năm {this_year}", text)
        text = _THIS_YEAR.sub(f"năm {this_year}", text)
    text = _RESTATED.sub(lambda m: m["span"], text)
    return _JOINED_PERIODS.sub(_joined, text)


def _slashed(text: str) -> str:
    """Whole days and months written with dashes, dots or words, written with slashes."""

    def day(m: re.Match[str]) -> str:
        if not (1 <= int(m["d"]) <= 31 and 1 <= int(m["m"]) <= 12):
            return m.group(0)
        return f"{int(m['d'])}/{int(m['m'])}/{m['y']}"

    text = _DAY_WORDS.sub(lambda m: f"ngày {day(m)}", text)
    text = _DAY_DASHED.sub(day, text)
    return _MONTH_WORDS.sub(lambda m: f"tháng {int(m['m'])}/{m['y']}", text)


def _from_to(m: re.Match[str]) -> str:
    """«từ ngày 1-1 đến 14/11/2024»: the first day takes the last's year, or the year before when it
    would come after it («từ 15/12 đến 14/6/2024»)."""
    year = int(m["y"])
    if (int(m["m"]), int(m["d"])) > (int(m["m2"]), int(m["d2"])):
        year -= 1
    return f"từ ngày {int(m['d'])}/{int(m['m'])}/{year} đến ngày {m['end']}"


def _joined(m: re.Match[str]) -> str:
    """Two calendar periods joined by «và», the second starting the day after the first ends: one span."""
    try:
        first, last = parse_period(m["a"]), parse_period(m["b"])
    except InputError:
        return m.group(0)
    if last.start != first.end + dt.timedelta(days=1):
        return m.group(0)
    start, end = first.start, last.end
    return f"từ ngày {start.day}/{start.month}/{start.year} đến ngày {end.day}/{end.month}/{end.year}"


def document_date(blocks: Sequence[Block], year: int | None = None) -> dt.date | None:
    """The day the text speaks from: a report's date line («…, ngày 20 tháng 12 năm 2022», at its
    head or its close), else the day a news item opens with («Chiều ngày 15/01/2026, …»)."""
    for block in [*blocks[:8], *blocks[-6:]]:
        if m := _DATE_LINE.search(block.text):
            try:
                return dt.date(int(m[3]), int(m[2]), int(m[1]))
            except ValueError:
                continue
    for block in blocks[:2]:
        if (m := _OPENING_DAY.match(block.text)) and (m["y"] or year):
            try:
                return dt.date(int(m["y"] or year or 0), int(m["m"]), int(m["d"]))
            except ValueError:
                continue
    return None


def _period_end(period: Period | None) -> dt.date | None:
    """With no day of its own, a text that reports «đến tháng 9/2025» (a window to date, not a
    whole year) speaks from the end of it: its «đến nay» is that month."""
    if period is None or period.code == str(period.start.year):
        return None
    return period.end


def _stock_period(window: Period) -> Period:
    """Where a stock (teams, accounts: a figure «đến tháng 6/2022») stands: the month when the
    window ends on a month's last day, else that day."""
    end = window.end
    if (end + dt.timedelta(days=1)).day == 1:
        return Period.of("month", end.year, end.month)
    return Period.between(end, end)


def _sentence_window(
    sentence: str, report: Period | None, citations: Sequence[Citation] = ()
) -> tuple[Period, bool] | None:
    """A window the sentence itself states («tính đến tháng 6/2022»), outside its citations; a
    window wider than the report's period (the year of a half-year report) says nothing new,
    unless it is counted to a day or month («đến nay»: a stock's own day)."""
    for c in citations:
        sentence = sentence.replace(c.quote, " ")
    found = _period_in(sentence)
    if found is None or report is None:
        return found
    window, to_date = found
    wider = window.start <= report.start and window.end >= report.end
    # a stock counted to a later day («đến nay» in a half-year report) is its own day: not wider
    if wider and (window.start, window.end) != (report.start, report.end) and not to_date:
        return None
    return found


_BARE_YEAR = re.compile(r"(?<![\d/.\-–])\b(20\d\d)\b(?![\d/\-–]|\.\d)")


def _report_period(blocks: Sequence[Block], anchor: dt.date | None = None) -> Period | None:
    found = _report_window(blocks, anchor)
    return found[0] if found else None


def _report_window(blocks: Sequence[Block], anchor: dt.date | None = None) -> tuple[Period, bool] | None:
    """The report's period: the first window the title and opening lines state — the dateline or
    lead paragraph («Từ ngày 1/7 đến 26/11/2025, …», «… 6 tháng đầu năm nay»), read as its reader
    does (a span whose day or half-year has no year takes the text's year), never the day a news
    item opens with («Ngày 4/11, ông … cho biết») nor «đến nay» — it holds for every later paragraph
    that states no window of its own; else the year most written as «năm YYYY» outside citations
    and quoted names, else the year most written alone («Mekong Delta 2023», «… phường 2025»)."""
    # the date line («TP. Quảng Ngãi, ngày … tháng 02 năm 2023») dates the signing, not the period
    # nor the horizon of a programme it cites («… về chuyển đổi số tỉnh … đến năm 2025, định hướng đến
    # năm 2030»), however early or often it is written
    texts = [_no_horizons(_BLANK_DATE_LINE.sub(" ", _QUOTED.sub(" ", b.text))) for b in blocks]
    year = _most_written_year(texts)
    hint = year or (anchor.year if anchor else None)
    for text in texts[:8]:
        if found := _period_in(text, days=False):
            return _restated(found, texts[:8], hint)
        # read as its reader does; a day counted to («đến ngày 8/6») is a stock's day in its own
        # sentence, not the window of the text: only a span written without its year is the lead's
        if (found := _period_in(plain_time(text, None, hint), days=False)) and not found[1]:
            return _restated(found, texts[:8], hint)
    return (Period.of("year", year, 0), False) if year else None


def _opening_states_window(blocks: Sequence[Block], anchor: dt.date | None) -> bool:
    """Whether the title and opening lines state a window (``_report_window``'s first way), not only
    a year the text writes most."""
    texts = [_no_horizons(_BLANK_DATE_LINE.sub(" ", _QUOTED.sub(" ", b.text))) for b in blocks]
    hint = _most_written_year(texts) or (anchor.year if anchor else None)
    return any(
        _period_in(text, days=False)
        or ((found := _period_in(plain_time(text, None, hint), days=False)) and not found[1])
        for text in texts[:8]
    )


def _restated(found: tuple[Period, bool], texts: Sequence[str], hint: int | None) -> tuple[Period, bool]:
    """The report's calendar period, or the dates its opening lines restate it by («Trong quý I năm
    2023 (tính từ ngày 15/12/2022 đến 14/3/2023)» under a title «… trong quý I»): those dates; or
    the span its statistics are cumulated over inside it («Năm 2024, … Thống kê lũy kế từ ngày 1-1
    đến 14-11-2024, …»): the figures are of that span."""
    for text in texts:
        for m in _RESTATED.finditer(_slashed(text)):
            try:
                if parse_period(m["calendar"]) == found[0]:
                    return parse_period(m["span"]), False
            except InputError:
                continue
    for text in texts:
        for m in _CUMULATED.finditer(plain_time(text, None, hint)):
            try:
                span = parse_period(m["span"])
            except InputError:
                continue
            if found[0].start <= span.start and span.end <= found[0].end and span != found[0]:
                return span, False
    return found


# «Thống kê lũy kế từ ngày 1/1 đến 14/11/2024», «số liệu tổng hợp từ ngày …»: the span the figures
# are counted over
_CUMULATED = re.compile(
    r"(?i)\b(?:(?:thống\s+kê\s+|số\s+liệu\s+)?(?:lũy|luỹ)\s+kế|số\s+liệu\s+(?:tổng\s+hợp|thống\s+kê|tính))\s+"
    r"(?P<span>từ\s+ngày\s+\d{1,2}/\d{1,2}/\d{4}\s+đến\s+ngày\s+\d{1,2}/\d{1,2}/\d{4})"
)


def _most_written_year(texts: Sequence[str]) -> int | None:
    """The year most written as «năm YYYY» outside citations, else the one most written alone; a
    comparison's base («tăng 5,43% so với cùng kỳ năm 2023», «so cùng kỳ năm 2023») is another year's,
    not the text's, however often it is written."""
    for pattern in (re.compile(r"(?i)năm\s+(20\d\d)\b"), _BARE_YEAR):
        years: dict[int, int] = {}
        for text in texts:
            text = _COMPARED.sub(" ", text)
            for c in find_all(text):
                text = text.replace(c.quote, " ")
            for m in pattern.finditer(_MASK_DATES.sub(" ", text)):
                years[int(m.group(1))] = years.get(int(m.group(1)), 0) + 1
        if years:
            return max(years, key=lambda y: (years[y], y))
    return None


def _signed_to_date(blocks: Sequence[Block], period: Period | None) -> Period | None:
    """A signed report that states no period of its own and is dated in the year it speaks of,
    before December («Tịnh Châu, ngày … tháng 9 năm 2023», the year read from its text 2023): its
    figures are the year's so far — read as «đến tháng 9/2023» (a stock stands in that month, a
    flow counts from the year's start). None when a period is stated or the date is of a later
    year (a 2022 report signed in 02/2023 is the year 2022's)."""
    if period is None or period.kind != "year":
        return None
    head: list[str] = []
    for block in blocks[:8]:  # the head: number, date line, title — up to the first section
        if _HEADING.match(block.text):
            break
        text = _QUOTED.sub(" ", block.text)
        for c in find_all(text):
            text = text.replace(c.quote, " ")
        head.append(text)
    if any(_period_in(_BLANK_DATE_LINE.sub(" ", t), days=False) for t in head):
        return None  # the title states the period itself
    texts = head
    for text in texts:
        if (m := _SIGNED_MONTH.search(text)) and int(m["y"]) == period.start.year and int(m["m"]) < 12:
            end = dt.date(int(m["y"]), int(m["m"]) + 1, 1) - dt.timedelta(days=1)
            return Period.between(dt.date(end.year, 1, 1), end)
    return None


_SIGNED_MONTH = re.compile(r"(?i)\bngày\s+(?:\d{1,2}\s+)?tháng\s+(?P<m>\d{1,2})\s+năm\s+(?P<y>\d{4})")


def _issuer(blocks: Sequence[Block]) -> str:
    for block in [*blocks[:8], *blocks[-6:]]:
        for m in _ISSUER.finditer(block.text):
            lead, rest = m.group("lead"), m.group("rest").split()
            name: list[str] = []
            for word in rest:  # the name is the capitalised words after the type word
                if not word[0].isupper():
                    break
                name.append(word.strip(",.;:"))
            if name:
                return " ".join([lead, *name])
    return ""


def issuer_key(text: str) -> str:
    """«ỦY BAN NHÂN DÂN XÃ AN» and «UBND xã An» alike: folded, the committee abbreviated."""
    return fold_words(text).replace("uy ban nhan dan", "ubnd")


def _milestone(citation: Citation, issuer: str, period: str) -> str:
    """The milestone a citation dates: only the report issuer's own documents (no other issuer
    named, or the issuer itself), and a plan only of the report's year."""
    subject = fold_words(citation.subject)
    own = issuer_key(citation.issuer)
    if own and own != issuer_key(issuer) and "ban chi dao" not in own:  # its steering committee's too
        return ""
    for rule in phrasings()[1]:
        if rule.type_code and citation.type_code != rule.type_code:
            continue
        if rule.type_code == "KH" and not (period[:4].isdigit() and f"nam {period[:4]}" in subject):
            continue
        if any(w in subject for w in rule.none):
            continue
        if all(w in subject for w in rule.words) and (not rule.any or any(w in subject for w in rule.any)):
            return rule.indicator
    return ""


def find_facts(
    document: Document,
    period: Period | None = None,
    anchor: dt.date | None = None,
    hold_unsure: bool = True,
    frame: Sequence[str] = (),
) -> Findings:
    """Every proposal the document supports; ``period`` (the user's) overrides the one read;
    ``anchor`` is the day the text speaks from (a press item's publication date), else the one
    its date line or opening gives. A sentence's own window holds for the sentences after it in
    its paragraph; «đến nay» is the anchor's month; a stock no window dates stands there too.
    With ``hold_unsure`` (the default) a figure without a period or matched below ``SURE`` is
    listed as «chưa hiểu» (``Findings.unsure``), not proposed; without it (for measuring) it is.
    ``frame``: texts that date the document without being read for figures (a news page's title
    given apart); with the title and lead paragraph they give the year of a text whose body writes
    none (``frame_year``)."""
    stated = None if period else _report_window(document.blocks, anchor)
    report_period = period or (stated[0] if stated else None)
    # the text (or the user) says the period it reports on: a window its opening states, not the year
    # it writes most
    declared = period is not None or (stated is not None and _opening_states_window(document.blocks, anchor))
    signed_to_date = None if period else _signed_to_date(document.blocks, report_period)
    # a text that states no span with a start of its own (a news item «tính đến tháng 6/2022», or no
    # window at all) does not say from when a flow counted «đến ngày 8/6» runs (the year's start? the
    # drive's?): such a flow is not understood; a stock stands at that day
    # — unless it is a report's data frame («số liệu tổng hợp đến ngày 20/6/2024»: the year's so far)
    data_frame = any(_DATA_FRAME.search(b.text) for b in document.blocks[:8])
    open_start = (
        period is None and signed_to_date is None and (stated is None or stated[1]) and not data_frame
    )
    # a document framed «tính đến …» (its data to a day or month): a stock no sentence dates stands there
    framed = bool(period is None and stated and stated[1])
    report_period = signed_to_date or report_period
    year = report_period.end.year if report_period else None
    # the day the text speaks from, when it says it (a date line, a publication day, the month a
    # report is signed in): not a period's end taken for it
    given = anchor
    now = anchor or document_date(document.blocks, year) or (signed_to_date.end if signed_to_date else None)
    anchor = now or _period_end(report_period)
    if now and signed_to_date and now == signed_to_date.end:
        # signed in a month, its day left blank: some day of that month, before its end
        now = now.replace(day=1)
    # a quarterly report signed inside its quarter reports that quarter: its figures keep its code
    # (a news item, dated by its publication, still speaks from inside the quarter)
    if given is None and report_period is not None and report_period.kind == "quarter":
        now = None
    if year is None and anchor is None:  # «ngày 1-3» in a text whose body writes no year
        year = frame_year([*frame, *(b.text for b in document.blocks[:2])])
    findings = Findings(document.file_name, issuer=_issuer(document.blocks))
    if report_period:
        findings.period, findings.period_label = report_period.code, report_period.label_vi
    section: tuple[Period, bool] | None = None  # «e) … (số liệu … từ 15/12/2023 đến 31/10/2024)»
    plans: int | None = None  # the level of an open «Phương hướng, nhiệm vụ …» heading: goals below it
    previous: tuple[Period, bool] | None = None  # the window the paragraph before ended in
    # a text with no period of its own (a news item) is framed by its lead's first window (the first
    # or second paragraph: «Cụ thể: tính đến ngày 22-3, toàn tỉnh …»): the paragraphs after it that
    # state none continue it
    lead: tuple[Period, bool] | None = None
    lead_block = -1
    headings: list[tuple[int, tuple[Period, bool] | None]] = []  # the open headings, with their windows
    for number, block in enumerate(document.blocks):
        if heading := _HEADING.match(block.text):  # a heading's window dates its section
            level = _heading_level(heading["mark"])
            while headings and headings[-1][0] >= level:
                headings.pop()
            own_window = _sentence_window(plain_time(block.text, anchor, year), report_period)
            # a sub-heading that states no window («a) Chính quyền số») goes on in its parent's
            # («I. Tình hình thực hiện mục tiêu năm 2023»), not the report's
            section = own_window or next((w for _, w in reversed(headings) if w), None)
            headings.append((level, own_window))
            if _PLANS_HEADING.match(block.text[heading.end("mark") :]):
                plans = level if plans is None else min(plans, level)
            elif plans is not None and level <= plans:
                plans = None
        carried: tuple[Period, bool] | None = section or lead
        if _OF_WHICH.match(block.text):  # «Trong đó, …» goes on with the paragraph before: its window
            carried = previous or section
        for _, sentence in split_sentences(block.text):
            citations = find_all(sentence)
            # «đến nay» in a text that declares its period: that period's, not the month it speaks from
            of_declared = declared and _NOW_OF_DECLARED.search(sentence) is not None
            timed = plain_time(sentence, anchor, year, present=not of_declared)
            for c in citations:
                # read as its reader does, a cited programme's name has lost its horizon («… giai đoạn
                # 2023 - 2025»): its quote is found without it too (else its day is read as the window)
                timed = timed.replace(c.quote, " ").replace(_no_horizons(c.quote), " ")
            own = _sentence_window(timed, report_period)
            if number <= 1 and own and lead is None and report_period is None and _period_in(timed, False):
                lead, lead_block = own, number  # a window, not an event's day («chiều ngày 19/12/2022, …»)
            if own is None and anchor is None and _TO_PRESENT.search(sentence):
                # «Đến thời điểm báo cáo có …» in a text with no date of its own: the report's present,
                # its section's window — not the day of an event the sentence before told
                carried = section or lead
            outer = carried  # the window the sentence stands in: its section's, its paragraph's
            found = own or carried
            carried = found
            if of_declared and own is None:
                # not the window of the sentence before: the period declared — its section's heading's
                # («Phần I. Đánh giá kết quả thực hiện kế hoạch năm 2023» in a plan for 2024), else the text's
                found = outer = section
            if not any(ch.isdigit() for ch in sentence):
                continue
            window, to_date = found if found else (None, False)
            if window and window.code not in findings.windows:
                findings.windows.append(window.code)
            period_of = _period_rule(
                window or report_period,
                to_date if window else bool(signed_to_date) or framed,
                anchor,
                None if of_declared and own is None else now,
            )
            around = _period_rule(outer[0], outer[1], anchor, now) if outer and outer is not lead else None
            written = {w.code for w, _ in _windows_in(timed)}
            # "Quý I, … 9,36%; quý II, … 18,73%"; «Tổng số …: 23; … trong năm 2024 là 94 …» in a section
            # that states its own window
            if len(written) > 1 or (written and around is not None and ";" in sentence):
                period_of = _clause_rule(
                    sentence, citations, anchor, year, report_period, period_of, now, around
                )
            period_of = _growth_held(sentence, period_of)
            if found is not None and found is lead and number > lead_block and found[1]:
                period_of = _stocks_only(period_of)
            elif found is not None and found[1] and open_start:
                period_of = _stocks_only(period_of)
            before = len(findings.figures)
            _sentence_facts(findings, sentence, block, period_of, citations, plans is not None)
            if found:
                findings.figures[before:] = [replace(f, dated=True) for f in findings.figures[before:]]
        previous = carried
    findings.figures = _one_value_each(_once(findings.figures))
    if hold_unsure:
        findings.figures, findings.unsure = _sure(findings.figures)
    return findings


_OF_WHICH = re.compile(r"(?i)^\W*trong\s+đó\b")
_DATA_FRAME = re.compile(r"(?i)\bsố\s+liệu\b[^.;]{0,30}?\b(?:đến|tới)\s+(?:hết\s+|cuối\s+)?(?:ngày|tháng)\b")
_FRAME_YEAR = re.compile(r"(?<![\d,])(?:19|20)\d\d(?![\d,]|\.\d)")


def frame_year(texts: Sequence[str]) -> int | None:
    """The year of a text's dated frame (its title, lead paragraph — «… trong tháng 4-2023»,
    «ngày 14/3/2023», «năm 2024»), outside citations and quoted names: the first written."""
    for text in texts:
        text = _QUOTED.sub(" ", text)
        for c in find_all(text):
            text = text.replace(c.quote, " ")
        if m := _FRAME_YEAR.search(text):
            return int(m.group(0))
    return None


def _sure(figures: list[Figure]) -> tuple[list[Figure], list[Figure]]:
    """Precision first: the figures the reader can back (a period, a match at least ``SURE``), and
    those it is unsure of, each with why (a milestone's date from a cited decision is sure)."""
    sure, unsure = [], []
    for f in figures:
        doubt = "no_period" if not f.period else "weak" if f.confidence < SURE else ""
        if doubt:
            unsure.append(replace(f, doubt=doubt))
        else:
            sure.append(f)
    return sure, unsure


# a section's heading: numbered («II.», «2.1.», «e)») and short, one line without a full stop inside
_HEADING = re.compile(r"^\s*(?P<mark>(?:[IVXLC]+|\d+(?:\.\d+)*|[a-zđ])[.)])\s+[^.;\n]{3,160}[.:]?\s*$")
# a section of what is to be done («III. Phương hướng, nhiệm vụ năm 2023», «Nhiệm vụ, giải pháp …»)
_PLANS_HEADING = re.compile(
    r"(?i)\s*(?:phương\s+hướng|nhiệm\s+vụ|giải\s+pháp|kế\s+hoạch|mục\s+tiêu)\b(?![^.;]*\b(?:đã|kết\s+quả)\b)"
)


# a review table's row «chỉ tiêu | 30% | 75,3% | Vượt»: the goal set, the result, the verdict
_VERDICT_ROW = re.compile(
    r"(?i)\|\s*(?:đạt|vượt|không\s+đạt|chưa\s+đạt|hoàn\s+thành|chưa\s+hoàn\s+thành)\b[^|\d]*$"
)
_CELL_START = re.compile(r"\|\s*(?:[~≥>]\s*|trên\s+|tối\s+thiểu\s+)?$")
_NEXT_FIGURE_CELL = re.compile(r"[^|]*\|[^|\d]*\d[^|]*\|")


def _goal_cell(sentence: str, start: int, end: int) -> bool:
    """Whether a figure is the goal cell of a review row («… | 30% | 75,3% | Vượt»): the first of two
    figure cells in a row that ends with its verdict — the goal set, then the result (session 13: 103
    proposed the 30% goal as a result)."""
    return bool(
        _CELL_START.search(sentence[:start])
        and _NEXT_FIGURE_CELL.match(sentence[end:])
        and _VERDICT_ROW.search(sentence)
    )


def _goal_cell_blanked(sentence: str, start: int) -> str:
    """A review row's result cell («… | 30% | 75,3% | Vượt») read past the goal cell before it, which
    is blanked (same length: the offsets hold), so the row's subject is the result's."""
    cell = _GOAL_BEFORE.search(sentence[:start])
    if cell is None or not _VERDICT_ROW.search(sentence):
        return sentence
    return sentence[: cell.start(1)] + " " * len(cell[1]) + sentence[cell.end(1) :]


_GOAL_BEFORE = re.compile(r"\|([^|]*\d[^|]*)\|\s*$")


# «các chỉ tiêu được giao tại Kế hoạch số 281/KH-UBND … về chuyển đổi số năm 2023»: the plan's year
_PLAN_OF_YEAR = re.compile(r"(?i)\bkế\s+hoạch\b[^.;]*?\bnăm\s+(?P<y>20\d\d)\b")


def _plan_year(indicator: str, period: str, text: str) -> str:
    """A plan's targets met or not, counted «đến nay» in the last month of the plan's year, are that
    plan's year's review (108: «Kế hoạch … về chuyển đổi số năm 2023 …; đến nay, đã hoàn thành 30/34
    chỉ tiêu» in a text signed 20/12/2023): the year, not the month the text was signed in."""
    if not indicator.startswith("plans.targets_") or not re.fullmatch(r"20\d\d-12", period):
        return period
    plan = _PLAN_OF_YEAR.search(text)
    return plan["y"] if plan and plan["y"] == period[:4] else period


def _heading_level(mark: str) -> int:
    """«II.» 1, «2.» 2, «2.1.» 3, «a)» 4: a heading closes the sections of its level and below."""
    if re.fullmatch(r"[IVXLC]+[.)]", mark):
        return 1
    if mark[0].isdigit():
        return 1 + len(mark.rstrip(".)").split("."))
    return 4


def _once(figures: list[Figure]) -> list[Figure]:
    """A figure the text states twice (a news item's lead and its body) is one proposal: the
    statement whose sentence dates it (its own period) is kept."""
    out: list[Figure] = []
    for f in figures:
        key = (f.indicator, f.value, f.value_text)
        twin = next(
            (
                i
                for i, g in enumerate(out)
                if (g.indicator, g.value, g.value_text) == key
                and (g.period == f.period or not (g.dated and f.dated))
            ),
            None,
        )
        if twin is None:
            out.append(f)
        elif f.dated and not out[twin].dated:  # the undated twin said the same, less precisely
            out[twin] = f
    return out


def _one_value_each(figures: list[Figure]) -> list[Figure]:
    """A unit has one value of an indicator in a period: a sentence the reader reads as giving two
    different values of the same indicator for the same period («tỷ lệ giải quyết đúng hạn đạt 99,44%,
    tỷ lệ giải quyết trước hạn đạt 99,27%»; a league table «Bạc Liêu (7,4%), Sơn La (8,3%)»; «5 doanh
    nghiệp viễn thông, 06 doanh nghiệp bưu chính») speaks of parts, of others, or of kinds it cannot
    tell apart: none of them is backed, each is held «chưa hiểu» with its candidate named (session 14's
    taxonomy: a fifth of the first reads' wrong proposals, in 53–57, 65–82 and 83–99, were such sets).
    A whole and its parts («hơn 5.200 trạm …, trong đó gần 150 trạm 5G») keep the whole: the parts
    after «trong đó / gồm» are held. A figure held already (a part, another's) does not compete."""
    groups: dict[tuple[str, str, str], list[Figure]] = {}
    for f in figures:
        if f.indicator and f.period and f.confidence >= SURE:
            groups.setdefault((f.sentence, f.indicator, f.period), []).append(f)
    held: set[int] = set()
    for group in groups.values():
        if len({f.value for f in group}) < 2:
            continue
        first, *rest = sorted(group, key=lambda f: f.start)
        if all(_OF_WHICH_INSIDE.search(f.sentence[first.start : f.start]) for f in rest):
            held.update(id(f) for f in rest if f.value != first.value)
        else:
            held.update(id(f) for f in group)
    return [replace(f, confidence=min(f.confidence, 0.7)) if id(f) in held else f for f in figures]


_OF_WHICH_INSIDE = re.compile(r"(?i)\btrong\s+đó\b|\bbao\s+gồm\b|\bgồm(?:\s+có)?\b")


def _windows_in(text: str) -> list[tuple[Period, bool]]:
    """Every window ``text`` states, in order, and whether it is counted «đến …» (to a day or
    month: «tính đến hết tháng 3/2025» is where a stock stands, as in ``_period_in``)."""
    out = []
    for m in _WINDOW.finditer(text):
        try:
            found = parse_period(re.sub(r"(?i)^(?:trong|tính|vào)\s+", "", m.group(0)))
        except InputError:
            continue
        to_date = bool(re.search(r"(?i)\bđến\s+(?:ngày|tháng)", m.group(0))) and not re.search(
            r"(?i)\btừ\b", m.group(0)
        )
        out.append((found, to_date))
    return out


# «riêng từ đầu năm đến nay đã kích hoạt được hơn 30 nghìn tài khoản»: counted from a start, a
# figure of a stock is what the stock grew by, not where it stands
_FROM_START = re.compile(
    r"(?i)\btừ\s+đầu\s+(?:năm|tháng|quý)(?:\s+(?:nay|\d{4}))?"
    r"(?:\s+(?:đến|tới)\s+(?:nay|(?:hết\s+|cuối\s+)?(?:ngày|tháng)\s+[\d/]+))?"
)
_LATER_TIME = re.compile(r"(?i)\b(?:đến|tới)\s+(?:nay|hết|cuối|ngày|tháng)|\bnăm\s+\d{4}|\bquý\s")


def _stocks_only(period_of: Callable[..., str]) -> Callable[..., str]:
    """Under a lead's «tính đến hết tháng 3/2025» carried to a later paragraph, a stock stands at
    its end; a flow's span is not said (from the year's start? the programme's?): not understood."""

    def stocks(indicator: str, at: int | None = None) -> str:
        return period_of(indicator, at) if indicator in stock_indicators() else ""

    return stocks


def _growth_held(sentence: str, period_of: Callable[..., str]) -> Callable[..., str]:
    """``period_of``, except that a stock's figure counted from a start («riêng từ đầu năm đến nay
    đã kích hoạt được hơn 30 nghìn tài khoản») has no period: what the stock grew by is not where
    it stands, and is listed as not understood rather than proposed as the stock."""

    def held(indicator: str, at: int | None = None) -> str:
        if at is not None and indicator in latest_indicators() and _counted_from_start(sentence[:at]):
            return ""
        return period_of(indicator, at)

    return held


def _counted_from_start(lead: str) -> bool:
    """Whether the last time ``lead`` (a sentence up to a figure) states is a span from the
    start of a year, month or quarter («từ đầu năm đến nay»)."""
    spans = list(_FROM_START.finditer(lead))
    return bool(spans) and not _LATER_TIME.search(lead[spans[-1].end() :])


def _clause_rule(
    sentence: str,
    citations: Sequence[Citation],
    anchor: dt.date | None,
    year: int | None,
    report: Period | None,
    whole: Callable[..., str],
    now: dt.date | None = None,
    around: Callable[..., str] | None = None,
) -> Callable[..., str]:
    """In a sentence that states several windows, a figure's is the last one stated before it
    («Quý I, … đạt 0%; quý II, … đạt 19,25%»); a figure before them whose own clause (between
    «;») states none stands in the window around the sentence (``around``: its section's — «e)
    … (số liệu được cập nhật từ ngày 15/12/2023 đến 31/10/2024)» — or its paragraph's), not in
    a window another clause states after it; else the sentence's."""

    def period_of(indicator: str, at: int | None = None) -> str:
        if at is None:
            return whole(indicator)
        lead = plain_time(sentence[:at], anchor, year)
        for c in citations:
            lead = lead.replace(c.quote, " ")
        found = _windows_in(lead)
        if not found and around is not None:
            start = sentence.rfind(";", 0, at) + 1
            stop = sentence.find(";", at)
            clause = plain_time(sentence[start : stop if stop >= 0 else len(sentence)], anchor, year)
            if not _windows_in(clause):
                return around(indicator)
        if not found:
            return whole(indicator)
        return _period_rule(found[-1][0], found[-1][1], anchor, now)(indicator)

    return period_of


def _period_rule(
    window: Period | None, to_date: bool, anchor: dt.date | None = None, now: dt.date | None = None
) -> Callable[..., str]:
    """The period code of a figure of ``indicator`` in a sentence with this window; with no window
    at all, a stock stands in the anchor's month. A quarter the text speaks from inside (``now``:
    «quý III» in a report signed in 9/2023) is that quarter so far: a stock stands in the month the
    text speaks from, not at the quarter's end that has not come."""

    def period_of(indicator: str, at: int | None = None) -> str:
        if window is None:
            if anchor and indicator in stock_indicators():
                return Period.of("month", anchor.year, anchor.month).code
            return ""
        if (
            now
            and window.kind == "quarter"
            and window.start <= now < window.end  # dated on the quarter's last day: the quarter whole
            and indicator in stock_indicators()
        ):
            return Period.of("month", now.year, now.month).code
        if to_date and indicator in stock_indicators():
            return _stock_period(window).code
        return window.code

    return period_of


@lru_cache(maxsize=1)
def latest_indicators() -> frozenset[str]:
    """Indicators whose value is where a count stands (teams, accounts), its latest value."""

    spec = shipped_catalogs()[-1]
    return frozenset(i.code for i in spec.indicators if i.aggregate_periods == "latest")


@lru_cache(maxsize=1)
def stock_indicators() -> frozenset[str]:
    """Indicators that stand at a moment (teams, accounts, rates), not summed over a period."""

    spec = shipped_catalogs()[-1]
    return frozenset(
        i.code for i in spec.indicators if i.aggregate_periods in ("latest", "recompute", "none")
    )


def _target(sentence: str, end: int) -> str:
    """Whether the figure's clause says the target was met: «đạt 100%, vượt kế hoạch», «chưa đạt»."""
    rest = sentence[end:]
    stop = re.search(r"[;.]\s|[;.]$|\d", rest)
    clause = rest[: stop.start() if stop else len(rest)]
    if _TARGET_NOT_MET.search(clause):
        return "not_met"
    return "met" if _TARGET_MET.search(clause) else ""


def _ranks(findings: Findings, sentence: str, block: Block, period: str) -> None:
    """Ranks and rank changes («xếp thứ 5/63», «tăng 3 bậc»): listed, never a value (cds.dti holds ranks)."""
    for m in _RANK.finditer(sentence):
        if m["rank"]:
            text = m["rank"] + (f"/{m['of']}" if m["of"] else "")
            value, kind = Decimal(m["rank"]), "rank"
        else:
            text = f"{m['move']} {m['steps']}"
            value = Decimal(m["steps"]) * (1 if m["move"].lower() == "tăng" else -1)
            kind = "rank_change"
        findings.ranks.append(
            Figure(text, value, kind, denominator=Decimal(m["of"]) if m["of"] else None, period=period,
                   sentence=sentence, where_vi=block.where_vi, where_en=block.where_en, start=m.start())
        )  # fmt: skip


_AT_PLACES = re.compile(r"(?i)\b(?:tại|ở|của)\s+(?:các\s+|mỗi\s+)?$")  # «139 Tổ … của 139 thôn»


def _same_places(findings: Findings, sentence: str, start: int, value: Decimal) -> bool:
    """«thành lập 125 tổ công nghệ số cộng đồng ở 125 tổ dân phố», «104 Tổ … tại 104 thôn»: the
    places counted right after the teams, as many as the teams, restate the teams' count (one team
    per place) — not a second figure."""
    if not _AT_PLACES.search(sentence[:start]):
        return False
    earlier = [f for f in findings.figures if f.sentence == sentence and f.start < start]
    return bool(earlier) and earlier[-1].value == value and earlier[-1].indicator.startswith("teams.")


_HELD = re.compile(r"(?i)\b(?:đã\s+)?tổ\s+chức\s+")
_ONE_DAY = re.compile(r"^(\d{4}-\d\d-\d\d)\.\.\1$")


def _dated_event(findings: Findings, sentence: str, block: Block, period_of: Callable[..., str]) -> None:
    """An event held on a day the sentence names («chiều ngày 19/12/2022 xã đã tổ chức lễ ra mắt Tổ
    … gắn với ngày hội chuyển đổi số»): one event of that day, for the indicator whose phrasings
    the words after «tổ chức» match, when the catalog counts that indicator in events («sự kiện»)."""
    for held in _HELD.finditer(sentence):
        indicator, confidence = match_indicator(
            sentence, held.end(), held.end(), "count", _after_words(sentence, held.end())
        )
        if not indicator or _unit_of(indicator) != "sự kiện":
            continue
        period = period_of(indicator, held.end())
        if not _ONE_DAY.match(period) or any(
            f.indicator == indicator and f.period == period for f in findings.figures
        ):
            return
        findings.figures.append(
            Figure("1", Decimal(1), "count", indicator=indicator, confidence=min(confidence, 0.8), period=period,
                   sentence=sentence, where_vi=block.where_vi, where_en=block.where_en, start=held.start(),
                   dated=True)
        )  # fmt: skip
        return


_RECURRING = re.compile(r"(?i)\b(?P<d>\d{1,2})/(?P<m>\d{1,2})\s+(?:hàng|hằng)\s+năm")
_NAMED_AS = re.compile(r"(?i)\b(?:làm|là)\s+(?P<subject>[^,.;()]+)")


def _recurring_day(findings: Findings, sentence: str, block: Block, period_of: Callable[..., str]) -> None:
    """A day of every year named as something («chọn … (10/10 hàng năm) làm Ngày Chuyển đổi số
    tỉnh Hậu Giang», «ngày 26/3 hàng năm là Ngày chuyển đổi số tỉnh»): the day, as text «d/m», for
    the text indicator whose phrasings the words after «làm / là» match."""
    for m in _RECURRING.finditer(sentence):
        named = _NAMED_AS.search(sentence, m.end())
        if named is None:
            continue
        try:
            dt.date(2000, int(m["m"]), int(m["d"]))
        except ValueError:
            continue
        subject = set(_content(named["subject"]))
        scored = [(_score(p, subject, set(), set()), p.indicator) for p in phrasings()[0] if p.kind == "text"]
        score, indicator = max(scored, default=(0.0, ""))
        if score < THRESHOLD or any(f.indicator == indicator for f in findings.figures):
            continue
        text = f"{int(m['d'])}/{int(m['m'])}"
        findings.figures.append(
            Figure(text, text, "date", indicator=indicator, confidence=round(min(score, 0.9), 2),
                   period=period_of(indicator, m.start()), sentence=sentence, where_vi=block.where_vi,
                   where_en=block.where_en, start=m.start())
        )  # fmt: skip


@lru_cache(maxsize=1)
def _units() -> dict[str, str]:

    return {i.code: i.unit_vi for i in shipped_catalogs()[-1].indicators}


def _unit_of(indicator: str) -> str:
    return _units().get(indicator, "")


# «… 304.191 tài khoản được kích hoạt thành công, đạt tỉ lệ 20,3%», «… hơn 11 triệu người tham gia
# BHXH (đạt tỷ lệ 99,3%)»: a rate said of the count just before it, naming nothing of its own
_RATE_OF_COUNT = re.compile(
    r"(?i)^[\d.,/\s]+[^\d;:()]{0,80}?[,(]\s*(?:đạt|chiếm|bằng)?\s*t[ỷỉ]\s+lệ\s*(?:là\s*)?"
    r"(?:khoảng\s+|hơn\s+|trên\s+|gần\s+)?$"
)


# «…, đạt tỷ lệ 73,3% so với chỉ tiêu giao / kế hoạch / cùng kỳ»: a share of a quota or a plan, or a
# comparison — not the catalog's rate over the count before it
_AGAINST = re.compile(r"(?i)^\s*(?:so\s+với\b|(?:của\s+)?(?:chỉ\s+tiêu|kế\s+hoạch|mục\s+tiêu)\b)")


@lru_cache(maxsize=1)
def _rates_by_numerator() -> dict[str, tuple[tuple[str, str], ...]]:
    """For each count, the catalog's rates over it: (rate, its denominator)."""
    out: dict[str, list[tuple[str, str]]] = {}
    for i in shipped_catalogs()[-1].indicators:
        if i.numerator:
            out.setdefault(i.numerator, []).append((i.code, i.denominator or ""))
    return {k: tuple(v) for k, v in out.items()}


def _rate_of_count(
    findings: Findings, count: Figure, sentence: str, start: int, block: Block
) -> tuple[str, float]:
    """The rate a bare «đạt tỷ lệ N%» right after a count states: the catalog's rate over that count
    — the only one, or the one whose denominator the paragraph has stated before («đã cấp 1.497.360
    tài khoản …. Tuy nhiên, chỉ mới có 304.191 tài khoản được kích hoạt …, đạt tỉ lệ 20,3%»: over the
    accounts issued); more than one and none stated: not said which, nothing proposed."""
    if count.kind not in ("count", "fraction") or not _RATE_OF_COUNT.match(sentence[count.start : start]):
        return "", 0.0
    clause = max(sentence.rfind(";", 0, count.start), sentence.rfind(":", 0, count.start)) + 1
    masks = _masked(sentence)
    if any(
        not _inside(m.span(), masks) for m in _NUMBER.finditer(sentence, clause, count.start)
    ):  # «tích hợp 192.763 thẻ …, 131.398 Sổ …, đạt tỷ lệ 11,17%»: the rate of which count?
        return "", 0.0
    rates = _rates_by_numerator().get(count.indicator, ())
    if len(rates) > 1:
        stated = {f.indicator for f in findings.figures if f.where_vi == block.where_vi}
        rates = tuple(r for r in rates if r[1] in stated)
    if len(rates) != 1:
        return "", 0.0
    return rates[0][0], min(count.confidence, 0.9)


# --- whose figure it is (session 13, the sixth fresh set's wrong proposals by cause) -------------
# the country's, a league table's or another body's figure, told beside the unit's: «cả nước có 34/63
# tỉnh … 27.218 Tổ», «5 tỉnh … thấp nhất lần lượt gồm: Bạc Liêu (7,4%)», «Ở khối bộ, ngành, … dẫn
# đầu … với 100%», «xếp hạng … lần lượt là 15, 7, 4 so với cả nước»
_ANOTHERS = re.compile(
    r"(?i)\b(?:cả\s+nước|toàn\s+quốc|xếp\s+hạng|thấp\s+nhất|cao\s+nhất|các\s+bộ|khối\s+bộ|các\s+tỉnh)\b"
)
# the country as the field the unit is ranked in, the unit its subject: «Hà Nam là tỉnh đầu tiên cả
# nước …», «đứng đầu toàn quốc khi đã kích hoạt …» (who leads, «dẫn đầu», is named: not read here)
_COUNTRY_AS_FIELD = re.compile(
    r"(?i)\b(?:đầu\s+tiên|đứng\s+đầu|dẫn\s+đầu|thứ\s+\S+|trên|trong|so\s+với|của|nhất)\s+(?:cả\s+nước|toàn\s+quốc)\b"
)
_BESIDE_COUNTRY = re.compile(r"(?i)^[^;]*?\bso\s+với\s+cả\s+nước\b")
# a part of the unit's procedures: a level's («Trong đó cấp huyện …; cấp xã tiếp nhận …»), a body's
# («tại Bộ phận Một cửa UBND thành phố», «Tại khối UBND các phường, xã»), a field's («lĩnh vực đất
# đai»); «toàn huyện / toàn thành phố» after it speaks of the whole again
_PART = (
    r"(?P<part>cấp\s+(?:tỉnh|huyện|xã)|khối\s+(?:UBND|ủy\s+ban)[^,;.]{0,30}|bộ\s+phận\s+[“«\x22]?"
    r"(?:một\s+cửa|tiếp\s+nhận)|UBND\s+(?:các\s+)?(?:xã|phường)|lĩnh\s+vực)\b"
)
_WHOLE = r"\b(?P<whole>toàn\s+(?:tỉnh|huyện|thành\s+phố|quận|thị\s+xã))\b"
# a part as the frame its clause opens with («Trong đó, tại Bộ phận Một cửa …,», «; cấp xã tiếp nhận»):
# it holds for the clauses after it; a part named inside a figure's own clause («trong đó tỷ lệ giải
# quyết đúng hạn lĩnh vực đất đai đạt 99,27%») holds for that figure; a part that only qualifies a noun
# of another clause («100% hồ sơ … cấp xã được tiếp nhận …, tỷ lệ … trực tuyến chiếm hơn 25%») does not
_PART_FRAME = re.compile(
    r"(?i)(?:^|[;:,]\s*)(?:trong\s+đó\s*,?\s*)?(?:(?:tại|ở|đối\s+với|riêng)\s+)?\b" + _PART + "|" + _WHOLE
)
_PART_HERE = re.compile(r"(?i)\b" + _PART + "|" + _WHOLE)
_COMMUNE_PART = re.compile(r"(?i)\b(?:xã|phường)\b")
_COMMUNE_LEVEL = {
    "dvc.dossiers_total": "dvc.commune_level_dossiers",
    "dvc.online_dossier_rate": "dvc.commune_level_online_rate",
    "dvc.dossiers_online": "dvc.commune_level_dossiers_online",
    "dvc.dossiers_in_person": "dvc.commune_level_dossiers_in_person",
}
_QUALIFIED = r"(?:khoảng\s+|hơn\s+|trên\s+|gần\s+|tổng\s+cộng\s+|tổng\s+số\s+)*"
# «đã tiếp nhận 172.977 hồ sơ, giải quyết 172.024 hồ sơ»: received, not resolved
_RECEIVED = re.compile(r"(?i)\btiếp\s+nhận\s+(?:được\s+)?" + _QUALIFIED + "$")
# «giải quyết trước hạn, đúng hạn 87.253 hồ sơ»: resolved in time, not all resolved
_RESOLVED_IN_TIME = re.compile(
    r"(?i)\bgiải\s+quyết\s+(?:trước\s+hạn\s*(?:,|và)\s*)?đúng\s+hạn\s+" + _QUALIFIED + "$"
)
# a whole (all communes, the population, the households, the officials) is counted as itself, not as
# those of it that did something: «Toàn bộ 129 xã, phường đã vận hành …», «24 xã/phường thực hiện
# số hóa …», «Gần 100.000 người dân đã được trang bị …», «… tập huấn cho … cấp sở và 148 xã, phường»,
# «đối tượng tham gia bao gồm hơn 6.050 cán bộ»
_WHOLE_COUNTS = frozenset(
    {"admin.communes_total", "pop.population", "pop.population_adult", "pop.households", "hr.officials_total",
     "econ.firms_total"}
)  # fmt: skip
_COUNTED_NOUNS = re.compile(
    r"(?i)^\s*(?:(?:xã|phường|thị\s+trấn|đơn\s+vị(?:\s+hành\s+chính)?(?:\s+cấp\s+xã)?|người\s+dân|người"
    r"|công\s+dân|dân|nhân\s+khẩu|hộ(?:\s+gia\s+đình|\s+dân)?|cán\s+bộ|công\s+chức|viên\s+chức|doanh\s+nghiệp)"
    r"(?:\s*[,/]\s*|\s+và\s+|\s+|(?=[^\w\s])|$))+"
)
# A count of the unit's whole (its people, households, communes, officials, firms) is stated as a whole:
# «có 17 xã», «khoảng 3.600 nhân khẩu, trong đó …», «trên 47 nghìn dân.», «2.256 hộ tại …», or with
# how it is made up («6.236 nhân khẩu, chủ yếu dân tộc Kinh»). Whatever else follows the counted nouns
# says which of them are meant — those who did something («Gần 100.000 người dân đã được trang bị …»,
# «129 xã, phường đã vận hành …», «5 doanh nghiệp cung cấp dịch vụ viễn thông», «283.399 công dân dùng
# thẻ CCCD …») — a part, not the whole: held «chưa hiểu». Said as what may follow a whole, not as a list
# of verbs (session 14's taxonomy: the whole counts wrongly proposed at a first read each had a verb the
# list of the time lacked — 53–57 «đều có», 65–82 «đã vận hành», 83–99 «cung cấp», 100–108 «dùng»).
_STATED_WHOLE = re.compile(
    r"(?i)^\s*(?:$|[.;:,)(\[–-]|\d|(?:và|với|trong\s+đó|gồm|bao\s+gồm|là|trên\s+địa\s+bàn|tại|ở|của"
    r"|thuộc|toàn|chủ\s+yếu|phần\s+lớn|đa\s+số|sinh\s+sống|cư\s+trú|dân\s+tộc|đồng\s+bào|nhân\s+khẩu"
    r"|người|dân|khẩu|hộ|(?:đơn\s+vị\s+)?hành\s+chính|cấp\s+xã|trực\s+thuộc|hiện\s+có|hiện\s+nay"
    r"|năm\s+\d{4})\b)"
)
_FOR_THEM = re.compile(r"(?i)\b(?:cho|tham\s+gia|tập\s+huấn|đào\s+tạo|bồi\s+dưỡng)\b")
# a named village's own people: «Xóm Na Sàng (xã Phú Đô, Phú Lương) là nơi sinh sống của gần 30 hộ»
_NAMED_VILLAGE = re.compile(
    r"(?:^|[,;:(]\s*)(?i:xóm|thôn|bản|ấp|làng|buôn|tổ\s+dân\s+phố|khu\s+phố)\s+[A-ZĐÀ-Ỹ]"
)
# accounts worked on, not made: «Chuyển đổi, làm sạch hơn 40 nghìn tài khoản công dân …» (the verb that
# governs the count says what was done to accounts that already were)
_WORKED_ON = re.compile(
    r"(?i)\b(?:chuyển\s+đổi|làm\s+sạch|rà\s+soát|xác\s+thực|đồng\s+bộ|cập\s+nhật|chuẩn\s+hóa)\b[^;.\d]{0,40}$"
)
# those that did not: «199 địa phương còn lại chưa hoàn thành» is not a count of those that did
_NOT_DONE = re.compile(
    r"(?i)^\s*(?:[^\d,;.()]{0,30}?\s)?(?:chưa|không|còn\s+chưa)\s+(?:hoàn\s+thành|đạt|có|thực\s+hiện|triển\s+khai)\b"
)
# two kinds counted at once: «652 doanh nghiệp, hộ kinh doanh sử dụng hợp đồng điện tử»
_FIRMS_AND_SHOPS = re.compile(r"(?i)^\s*doanh\s+nghiệp\s*(?:,|và|hoặc)\s*hộ\s+kinh\s+doanh\b")


# the report's issuer is a commune («UBND XÃ AN»): its «UBND xã» is the unit itself, not the communes' part
_COMMUNE_ISSUER = re.compile(r"^ubnd (?:xa|phuong|thi tran) ")


def _owner(sentence: str, start: int, end: int, indicator: str, issuer: str = "") -> tuple[str, bool]:
    """The indicator a figure is the unit's own value of, and whether its owner is in doubt (another
    unit's, a part's, those of a whole that did something): a figure whose owner is not certain is
    held «chưa hiểu», never proposed. A level's part of the procedures whose level the catalog counts
    apart (the communes' dossiers) is that level's indicator."""
    if not indicator:
        return indicator, False
    clause_start = sentence.rfind(";", 0, start) + 1
    before = sentence[clause_start:start]
    after = sentence[end:]
    if _ANOTHERS.search(_COUNTRY_AS_FIELD.sub(" ", before)) or _BESIDE_COUNTRY.match(after):
        return indicator, True
    if indicator.startswith("dvc.dossiers_resolved") and _RECEIVED.search(sentence[:start]):
        indicator = "dvc.dossiers_total"
    elif indicator == "dvc.dossiers_resolved" and _RESOLVED_IN_TIME.search(sentence[:start]):
        indicator = "dvc.dossiers_resolved_on_time"
    if indicator.startswith("dvc.") and "commune" not in indicator:
        own = max(sentence.rfind(",", 0, start), sentence.rfind(";", 0, start)) + 1
        parts = [m for m in _PART_FRAME.finditer(sentence[:start]) if m.end() <= own]
        parts += list(_PART_HERE.finditer(sentence, own, start))
        if parts and parts[-1]["part"]:
            part = parts[-1]["part"]
            if _COMMUNE_PART.search(part) and _COMMUNE_ISSUER.match(issuer_key(issuer)):
                return indicator, False  # a commune's own committee: its own dossiers
            if _COMMUNE_PART.search(part) and indicator in _COMMUNE_LEVEL:
                return _COMMUNE_LEVEL[indicator], False
            return indicator, True
    if indicator in _WHOLE_COUNTS:
        rest = after[nouns.end() :] if (nouns := _COUNTED_NOUNS.match(after)) else None
        if rest is not None and not _STATED_WHOLE.match(rest):
            return indicator, True
        if _FOR_THEM.search(before) or _NAMED_VILLAGE.search(sentence[:start]):
            return indicator, True
    if indicator.endswith(("_accounts_created", "_accounts_activated")) and _WORKED_ON.search(
        sentence[:start]
    ):
        return indicator, True
    if "not_" not in indicator and _NOT_DONE.match(after):
        return indicator, True
    if indicator.startswith("econ.firms") and _FIRMS_AND_SHOPS.match(after):
        return indicator, True
    return indicator, False


def _sentence_facts(
    findings: Findings,
    sentence: str,
    block: Block,
    period_of: Callable[..., str],
    citations: list[Citation],
    goals: bool = False,  # the sentence stands under a heading of tasks ahead: its figures are goals
) -> None:
    _ranks(findings, sentence, block, period_of(""))
    _teams(findings, sentence, block, citations)
    masks = _masked(sentence) + [m.span() for m in _RANK.finditer(sentence)]
    for c in citations:
        findings.citations.append((c, sentence, block.where_vi, block.where_en))
        day = c.date
        indicator = _milestone(c, findings.issuer, findings.period) if day else ""
        if (
            day
            and indicator
            and not any(f.indicator == indicator and f.value == day for f in findings.figures)
        ):
            text = f"{day.day}/{day.month}/{day.year}"
            findings.figures.append(
                Figure(text, day, "date", indicator=indicator, confidence=0.9, period=period_of(indicator),
                       sentence=sentence, where_vi=block.where_vi, where_en=block.where_en, start=c.start)
            )  # fmt: skip
    _dated_event(findings, sentence, block, period_of)
    _recurring_day(findings, sentence, block, period_of)
    goal_end: int | None = None  # where the last goal figure of the sentence ended
    wholes: list[Figure] = []  # the sentence's figures proposed so far
    for match in _NUMBER.finditer(sentence):
        if _inside(match.span(), masks):
            continue
        read = _read_figure(sentence, match)
        if read is None:
            continue
        parsed, label, after = read
        if label == "count" and _same_places(findings, sentence, match.start(), parsed.value):
            continue  # «125 tổ … ở 125 tổ dân phố»: one team per place, the teams' count said it
        part = label == "fraction" and parsed.denominator is not None and parsed.value <= parsed.denominator
        indicator, confidence = match_indicator(
            _goal_cell_blanked(sentence, match.start()), match.start(), match.end(), label, after, part
        )
        if label in ("count", "fraction"):
            counted = _targets_counted(sentence, match.start(), match.end(), indicator, block.text)
            if counted != indicator:
                indicator, confidence = counted, 0.9 if counted else 0.0
        if label == "rate" and not indicator and wholes and not _AGAINST.match(sentence[match.end() :]):
            indicator, confidence = _rate_of_count(findings, wholes[-1], sentence, match.start(), block)
        if indicator and _borrowed_subject(sentence, match.start(), match.end(), label, after):
            confidence = min(confidence, 0.7)  # its subject is another figure's: «chưa hiểu», for a person
        if indicator == "dvc.procedures_total" and _ONLINE.search(after):
            indicator = "dvc.online_services"  # «48 thủ tục hành chính thực hiện dịch vụ công trực tuyến»
        if label == "count" and _GUIDED.search(sentence[: match.start()]) and _TEAM.search(sentence):
            if re.match(
                r"(?i)(?:lượt\s+)?người\b", after
            ):  # «… tổ công nghệ số … hướng dẫn cho tổng cộng 203 người»
                indicator, confidence = "teams.people_guided", 0.85  # those guided, never the team's members
        if indicator == "steering.members" and _WORKING_GROUP.search(_since_figure(sentence, match.start())):
            indicator = "steering.working_group_members"  # «…, Tổ giúp việc cho Ban Chỉ đạo 15 thành viên»
        if (
            label == "count"
            and _TEAMS_NOUN.match(after)
            and not indicator.startswith(("teams.", "steering."))
        ):
            indicator, confidence = (
                "",
                0.0,
            )  # «1 tổ hỗ trợ chuyển đổi số»: teams, never households («hỗ» ≠ «hộ»)
        own_before = _since_figure(sentence, match.start())
        if (
            "commune_" in indicator
            and _unit_own(indicator)
            and _UNIT_ITSELF.search(own_before)
            and not _COMMUNES.search(own_before + " " + after)
        ):
            indicator = _unit_own(indicator)  # «Cổng TTĐT quận đã đăng tải trên 100 tin …»: the unit's own
        if indicator.startswith("awareness.") and _DEPARTMENT_S.search(own_before):
            indicator, confidence = "", 0.0  # «trang Zalo OA của phòng chuyên môn … 50 tin»: another body's
        if _EACH.search(sentence[: match.start()]) and _AT_LEAST.search(sentence[: match.start()]):
            indicator, confidence = (
                "",
                0.0,
            )  # «mỗi thành viên … hướng dẫn tối thiểu cho 07 người dân»: a quota
        clause_start = max(sentence.rfind(",", 0, match.start()), sentence.rfind(";", 0, match.start())) + 1
        if indicator and _EACH.search(sentence[clause_start : match.start()]):
            # «…, mỗi tổ gồm 06 thành viên»: «mỗi» counts per item (each team's members), never a total
            # or a count of the unit's (session 14's taxonomy: 110's members_total = 06)
            indicator, confidence = "", 0.0
        if indicator in _MEETINGS_HELD and _TOOK_PART.search(sentence[: match.start()]):
            indicator = "steering.meetings_attended"  # «đã tham gia 05 cuộc họp»: others' meetings, attended
        if indicator.startswith("hr.") and _SENT_STAFF.search(sentence[: match.start()]):
            indicator, confidence = "", 0.0  # «các phòng chuyên môn cử 5 công chức phối hợp»: staff lent
        if indicator.startswith("hr.") and _AT_EVENT.search(sentence[: match.start()]):
            indicator, confidence = "", 0.0  # «Hội nghị tập huấn … cho 150 cán bộ, công chức»: those who came
        if indicator.endswith(("_collective", "_individual")) and _BOTH_KINDS.search(sentence):
            indicator, confidence = "", 0.0  # «giải … cho các tập thể, cá nhân»: both kinds at once
        if indicator in _LEVEL_PARTS and _ALL_LEVELS.search(sentence[: match.start()]):
            indicator = _LEVEL_PARTS[
                indicator
            ]  # «100% xã, thị trấn, khu phố, thôn, ấp … với 94 tổ»: all levels
        if (
            label == "count"
            and indicator.startswith("teams.")
            and _ONE_NAMED_TEAM.search(sentence[: match.start()])
        ):
            indicator, confidence = "", 0.0  # «Tổ … cộng đồng Lang Xá Cồn …, gồm 8 thành viên»: one team's
        if label == "count" and (level := _named_team_level(findings, sentence, match.start(), parsed.value)):
            indicator, confidence = f"teams.{level}_members", 0.9  # «Tổ … thành phố X với 9 thành viên»
        elif label == "count" and (level := _members_of_counted_teams(sentence, match.start(), after)):
            # «3 tổ … các thôn (19 thành viên)»; teams of two levels before: all their members
            indicator = "teams.members_total" if level == "total" else f"teams.{level}_members"
            confidence = 0.85
        indicator, doubted = _owner(sentence, match.start(), match.end(), indicator, findings.issuer)
        if doubted:
            confidence = min(confidence, 0.7)  # whose figure it is is not certain: «chưa hiểu»
        value_text = " ".join(parsed.raw.split())
        figure = Figure(
            value_text, parsed.value, label, parsed.qualifier, parsed.denominator, after[:80], indicator,
            confidence, _plan_year(indicator, period_of(indicator, match.start()), block.text), sentence,
            block.where_vi, block.where_en, match.start(),
            _target(sentence, match.end()),
        )  # fmt: skip
        item = sentence[sentence.rfind(";", 0, match.start()) + 1 : match.start()]
        counts_goals = re.match(r"(?i)(?:chỉ\s+tiêu|mục\s+tiêu|nhiệm\s+vụ)\b", after)  # "26 chỉ tiêu"
        goal = bool(goals or _GOAL.search(item) or _FLOOR.search(item))
        goal = goal or (
            goal_end is not None and _AND_NEXT.match(sentence[goal_end : match.start()]) is not None
        )
        goal = goal or (
            label == "rate"
            and _ITEM_OPENING.search(sentence[: match.start()]) is not None
            and _TARGETS_REVIEWED.search(block.text) is not None
        )
        goal = goal or _goal_cell(sentence, match.start(), match.end())
        if indicator and goal and not counts_goals:
            findings.targets.append(figure)  # a target proposal: reviewed apart, never imported as a value
            goal_end = match.end()
            continue
        whole = wholes[-1] if wholes else None
        if (
            indicator
            and whole
            and whole.indicator == indicator
            and _IN_BRACKET_AFTER.match(sentence[whole.start : match.start()])
        ):
            # «5.503 chứng thư số cá nhân (với 4.837 thiết bị Token, …, 176 chứng thư số tập trung)»: a part
            # inside the bracket after a count is never that count again
            figure = replace(figure, indicator="", confidence=0.0)
            indicator = ""
        (findings.figures if indicator else findings.unmatched).append(figure)
        if indicator:
            wholes.append(figure)
