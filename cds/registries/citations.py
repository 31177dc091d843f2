"""Find document citations in Vietnamese administrative text, and write them back.

Reports cite documents in a fixed notation — "Kế hoạch số 38/KH-UBND ngày 14/3/2023",
"Chỉ thị số 9-CT/TU ngày 18/5/2022", "Nghị định 33/2023/NĐ-CP", "Công văn số 198/UBND" —
often several in one clause ("các quyết định số 922/QĐ-UBND, 923/QĐ-UBND ngày 30/9/2022") and
with typing slips ("Kế hoạchsố 125/KH-UBND", "33/2023NĐ-CP"). Pure Python, no Django: the
register, the CLI and the web confirmation page all call ``extract``.

A citation needs a document type word and a number with a symbol ("38/KH-UBND"); numbers
alone ("08/09 máy", "94/105") and programme names ("Đề án 06") are never citations.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from cds.lib.output import fields_of

# Document types: the words reports use and the codes their symbols carry — the 29 forms of
# Nghị định 30/2020/NĐ-CP Phụ lục III in its order (công văn and thư công have no code; we use CV
# and ThC), then the Party's kết luận and the legal documents of Luật 80/2015/QH13.
TYPES: dict[str, tuple[str, str]] = {
    "nghị quyết": ("NQ", "Nghị quyết"),
    "quyết định": ("QĐ", "Quyết định"),
    "chỉ thị": ("CT", "Chỉ thị"),
    "quy chế": ("QC", "Quy chế"),
    "quy định": ("QyĐ", "Quy định"),
    "thông cáo": ("TC", "Thông cáo"),
    "thông báo": ("TB", "Thông báo"),
    "hướng dẫn": ("HD", "Hướng dẫn"),
    "chương trình": ("CTr", "Chương trình"),
    "kế hoạch": ("KH", "Kế hoạch"),
    "phương án": ("PA", "Phương án"),
    "đề án": ("ĐA", "Đề án"),
    "dự án": ("DA", "Dự án"),
    "báo cáo": ("BC", "Báo cáo"),
    "biên bản": ("BB", "Biên bản"),
    "tờ trình": ("TTr", "Tờ trình"),
    "hợp đồng": ("HĐ", "Hợp đồng"),
    "công văn": ("CV", "Công văn"),
    "công điện": ("CĐ", "Công điện"),
    "bản ghi nhớ": ("GN", "Bản ghi nhớ"),
    "bản thỏa thuận": ("TTh", "Bản thỏa thuận"),
    "giấy ủy quyền": ("GUQ", "Giấy ủy quyền"),
    "giấy mời": ("GM", "Giấy mời"),
    "giấy giới thiệu": ("GGT", "Giấy giới thiệu"),
    "giấy nghỉ phép": ("NP", "Giấy nghỉ phép"),
    "phiếu gửi": ("PG", "Phiếu gửi"),
    "phiếu chuyển": ("PC", "Phiếu chuyển"),
    "phiếu báo": ("PB", "Phiếu báo"),
    "thư công": ("ThC", "Thư công"),
    "kết luận": ("KL", "Kết luận"),
    "luật": ("Luật", "Luật"),
    "nghị định": ("NĐ", "Nghị định"),
    "thông tư": ("TT", "Thông tư"),
    "thông tư liên tịch": ("TTLT", "Thông tư liên tịch"),
    "văn bản hợp nhất": ("VBHN", "Văn bản hợp nhất"),
    # The Party's "Thông báo kết luận số 2927-TB/TU" is a thông báo (its symbol says so).
    "thông báo kết luận": ("TB", "Thông báo"),
    "chương trình hành động": ("CTr", "Chương trình"),
    "kế hoạch hành động": ("KH", "Kế hoạch"),
}
TYPE_NAMES: dict[str, str] = {code: name for code, name in TYPES.values()}
# "Văn bản số …" names no type: the symbol's code decides ("văn bản số 12/KH-UBND" is a plan),
# and a symbol without one ("1502/UBND-KT", "77/VHTT") is a dispatch.
GENERIC_WORD = "văn bản"
# Two placements of the tone mark on an open syllable are both in use ("ủy"/"uỷ", "thỏa"/"thoả");
# TYPES spells the first.
_TONE_PLACEMENTS = {"uỷ": "ủy", "oả": "ỏa"}


def _spelling_pattern(word: str) -> str:
    pattern = re.escape(word).replace(r"\ ", " ").replace(" ", r"\s+")
    for other, ours in _TONE_PLACEMENTS.items():
        pattern = re.sub(rf"{ours}(?!\w)", f"(?:{ours}|{other})", pattern)
    return pattern


def _canonical_word(written: str) -> str:
    word = " ".join(written.lower().split())
    for other, ours in _TONE_PLACEMENTS.items():
        word = re.sub(rf"{other}(?!\w)", ours, word)
    return word


_TYPE_WORD = re.compile(
    r"(?<![^\W\d_])(?P<type>"
    + "|".join(_spelling_pattern(w) for w in sorted([*TYPES, GENERIC_WORD], key=len, reverse=True))
    + r")(?P<glued>số)?(?!\w)",
    re.IGNORECASE,
)
# A law is cited by its name: "Luật Viễn thông số 24/2023/QH15" (a name has no digits, no
# punctuation and no other "Luật": "… của Luật Đất đai số …" is the inner law's citation).
_LAW_TITLE = re.compile(r"\s+(?P<title>(?:(?!luật\b|số\b)[^\W\d_]+\s+){1,12}?)số\s*:?\s*", re.IGNORECASE)
_UPPER = "A-ZĐÂĂÊÔƠƯÁÀẢÃẠẤẦẨẪẬẮẰẲẴẶÉÈẺẼẸẾỀỂỄỆÍÌỈĨỊÓÒỎÕỌỐỒỔỖỘỚỜỞỠỢÚÙỦŨỤỨỪỬỮỰÝỲỶỸỴ"  # Vietnamese capitals
_SEG = r"[A-ZĐ][A-Za-zĐđ0-9&]*"
_JOIN = r"(?:-[ ]?|\.)"  # "KH-UBND", "QĐ.UB"; a space typed after "-" ("TTr- SKHCN") is a slip
# "36a/NQ-CP"; the Government's "19-2018/NQ-CP" keeps its year in the number, as printed; a space
# typed before "/" ("519 /QĐ-UBND") is a slip
_NUM = r"(?P<num>\d{1,6}(?:-(?:19|20)\d\d(?=/))?[a-z]?)[ ]?"
_AFTER_TYPE = re.compile(r"\s*(?:số\s*:?\s*)?|\s*", re.IGNORECASE)
_LEGAL = re.compile(
    rf"{_NUM}/(?P<year>(?:19|20)\d\d)(?P<slash>/?)[ ]?(?P<sym>{_SEG}(?:{_JOIN}{_SEG})*)(?=ngày|[^\w/]|$)"
)
# "84 QĐ/TWĐTN": a space typed for the "-" (the "/" inside the symbol still marks a Party document)
_PARTY = re.compile(rf"{_NUM}(?:-[ ]?|(?<= ))(?P<sym>{_SEG}/{_SEG}(?:{_JOIN}{_SEG})*)(?=ngày|[^\w/]|$)")
_ADMIN = re.compile(rf"{_NUM}/[ ]?(?P<sym>{_SEG}(?:{_JOIN}{_SEG})*)(?=ngày|[^\w/]|$)")
_LIST_SEP = re.compile(r"(?:\s*,\s*|\s+và\s+)(?:số\s*)?", re.IGNORECASE)
# "ngày 14/3/2023", "ngày 27.9.2019", "ngày 30-9-2022", "ngày 16 tháng 3 năm 2017", "(ngày 9.5.2019)".
_DAY_MONTH_YEAR = (
    r"(?:(?P<d>\d{1,2})(?P<sep>[/.-])(?P<m>\d{1,2})(?P=sep)(?P<y>\d{4})"
    r"|(?P<ld>\d{1,2})\s+tháng\s+(?P<lm>\d{1,2})\s*,?\s+năm\s+(?P<ly>\d{4}))(?!\d)"
)
_DATE = re.compile(
    r"\s*,?\s*(?P<open>\(\s*)?(?P<same>cùng\s+)?ngày\s*" + _DAY_MONTH_YEAR + r"(?(open)\s*\))",
    re.IGNORECASE,
)
# "Ngày 29/7/2022, UBND tỉnh đã ban hành Kế hoạch số 176/KH-UBND": the date and the issuer are
# written before the citation. The issuer is a short capitalised phrase after the clause's start.
_ISSUED_BEFORE = re.compile(
    r"(?:(?:^|(?<=[.;:\n]))\s*|,\s+)(?:(?:[^\W\d_]+\s+){0,3}?(?:[Nn]gày|(?:[Cc]hiều|[Ss]áng|[Tt]ối)(?:\s+hôm\s+nay)?)\s+"
    + _DAY_MONTH_YEAR
    + r"(?:\s+vừa\s+qua)?\s*,?\s*)?"
    r"(?!(?i:đã|vừa|sẽ|đang|cũng|và|theo|thực\s+hiện|triển\s+khai|đồng\s+thời)\s)"  # "Đã ban hành …": no issuer
    rf"(?P<issuer>[{_UPPER}][^\W\d_]*(?:,?\s+&?[^\W\d_]+){{0,11}}?)\s+(?:đã\s+|vừa\s+)?"
    r"(?:ký(?:\s+ban\s+hành)?|ban\s+hành|có|thông\s+qua)\s+$"
    # "Theo đề nghị của Sở Nội vụ tại Tờ trình số …", "theo chỉ đạo của UBND tỉnh tại Công văn số …"
    r"|(?:đề\s+nghị|chỉ\s+đạo|ý\s+kiến)\s+của\s+(?P<proposer>[^,;.\n]{2,80}?)(?:\s*\([^()]{0,60}\))?\s+tại\s+$"
    # "… được Chính phủ ban hành ngày 17/9/2001 tại Quyết định số 136/QĐ-TTg"
    r"|ban\s+hành\s+ngày\s+"
    + _DAY_MONTH_YEAR.replace("?P<", "?P<at_").replace("(?P=sep)", "(?P=at_sep)")
    + r"\s+tại\s+$",
    re.IGNORECASE,
)
# "Quyết định số 923/QĐ-UBND cùng ngày": the date of the citation written before it.
_SAME_DAY = re.compile(r"\s*,?\s*cùng\s+ngày(?!\s+\d)", re.IGNORECASE)
# Citations joined so that a "cùng ngày 30/9/2022 của …" after the last one is all of theirs.
_CHAIN = re.compile(r"\s*(?:,|và)\s*", re.IGNORECASE)
_ISSUER = re.compile(r"\s+(?:của|ban\s+hành\s+bởi)\s+", re.IGNORECASE)
_ISSUER_END = re.compile(
    r"\s+(?=về\s|ban\s+hành\s|thành\s+lập\s|phê\s+duyệt\s|quy\s+định\s|hướng\s+dẫn\s|sửa\s+đổi|"
    r"thực\s+hiện\s|yêu\s+cầu\s|trong\s|V/v\s)|[,;.()\n…:]|\s+-\s",
    re.IGNORECASE,
)
_CLAUSE_END = re.compile(r";|\.(?:\s|$)|\n|\)|…|\.\.\.|[•|]|,(?=\s+\w)")
# After a comma, a clause of its own — a predicate within the next few words: ", Trưởng BCĐ là …",
# ", UBND tỉnh ban hành Kế hoạch …", ", huyện Quảng Điền đã triển khai …", ", có hiệu lực …". A
# comma inside the subject is followed by none: ", định hướng đến năm 2030", ", An ninh mạng …".
_CLAUSE_AFTER_COMMA = re.compile(
    r"\s*(?:(?i:có\s+hiệu\s+lực|được|trong\s+đó|đồng\s+thời)(?!\w)"
    rf"|(?=[{_UPPER}])[^,;.\n]{{0,60}}?(?<!\w)(?i:là|đã|sẽ|đang|vừa|ban\s+hành|có\s+ý\s+kiến|báo\s+cáo\s+như\s+sau)(?!\w)"
    r"|(?:tỉnh|huyện|xã|thành\s+phố|thị\s+xã|phường|thị\s+trấn|quận)\s[^,;.\n]{0,60}?(?<!\w)(?:đã|sẽ|đang|vừa)(?!\w))",
)
# A predicate after the subject's words with no comma: "… bổ sung thủ tục hành chính đã được thay
# thế bởi …", "… năm 2023 và các Chương trình, kế hoạch khác …" (a list the citation is part of).
_PREDICATE_AFTER = re.compile(
    r"\s+(?:đã|sẽ|đang)\s|\s+cho\s+thấy(?!\w)|\s+và\s+các\s+(?:"
    + "|".join(w.replace(" ", r"\s+") for w in TYPES)
    + r")(?!\w)",
    re.IGNORECASE,
)
# Words after a nested citation's subject that belong to the citation enclosing it: "Kế hoạch …
# triển khai thực hiện Nghị quyết số 13-NQ/TU … về … trên địa bàn xã Sơn Nham" (the plan's scope).
_ENCLOSING_TAIL = re.compile(
    r"\s+(?:trên\s+địa\s+bàn|của\s+(?:UBND|HĐND|Ủy\s+ban|Uỷ\s+ban|Chủ\s+tịch)(?!\w))", re.IGNORECASE
)
# A new predicate after the citation's clause: "… về thành lập Tổ công nghệ số cộng đồng và giao
# công chức … theo dõi", "…, đồng thời chỉ đạo các thôn …".
_NEW_PREDICATE = re.compile(
    r"\s*,?\s+(?:và\s+|đồng\s+thời\s+)+(?:giao|chỉ\s+đạo|yêu\s+cầu|đề\s+nghị|phân\s+công|đôn\s+đốc|"
    r"tổ\s+chức\s+triển\s+khai|triển\s+khai\s+đến)(?!\w)",
    re.IGNORECASE,
)
_NOT_A_SUBJECT = re.compile(
    r"(?:và|để|đồng\s+thời|với|trong|tại|theo|ngày|của|được|xem|gửi|đã|sẽ|đang)\b", re.IGNORECASE
)
# Words before a citation inside a subject that make it part of the subject: the document the
# cited one implements, amends, details or replaces.
_NESTING = re.compile(
    r"(?:thực\s+hiện|triển\s+khai|sửa\s+đổi,?\s+bổ\s+sung(?:\s+một\s+số\s+điều)?(?:\s+của)?"
    r"|hướng\s+dẫn(?:\s+thi\s+hành)?|quy\s+định\s+chi\s+tiết(?:\s+thi\s+hành)?|thay\s+thế|bãi\s+bỏ)"
    r"(?:(?:\s+[^\s,;.]+){0,6}\s+của)?\s*$",
    re.IGNORECASE,
)
_TAIL_CONNECTIVES = re.compile(r"[\s,]+(?:theo|và|tại|căn\s+cứ|của)$", re.IGNORECASE)
_TAIL_CLAUSE = re.compile(
    r",[^,]*(?:xây\s+dựng|ban\s+hành)$|\s+theo\s+(?:chỉ\s+đạo|đề\s+nghị|yêu\s+cầu|ý\s+kiến)\b.*$",
    re.IGNORECASE,
)
MAX_ISSUER_WORDS = 20
_YEAR_ONLY = re.compile(r"\s+năm\s+(?:19|20)\d\d(?!\d)", re.IGNORECASE)
# "… về thể thức văn bản của Đảng do Văn phòng Ban Chấp hành Trung ương ban hành" (legal databases' lists)
_ISSUED_BY_AFTER = re.compile(r"\s+do\s+(?P<issuer>[^,;.]{2,100}?)\s+ban\s+hành$", re.IGNORECASE)
# Names of issuers with a comma or a dash inside: the issuer does not end there.
_NAMES_WITH_PUNCTUATION = re.compile(
    r"Văn\s+(?:hóa|hoá),\s+Thể\s+thao\s+và\s+Du\s+lịch|Lao\s+động\s+-\s+Thương\s+binh\s+và\s+Xã\s+hội"
    r"|[Pp]hòng,\s+chống",
    re.IGNORECASE,
)
_SLASHES = str.maketrans({"\u2044": "/", "\u2215": "/", "\uff0f": "/"})


@dataclass(frozen=True)
class Citation:
    """One cited document. Equality is about the document, not where or how it was written."""

    type_code: str  # "KH", "QĐ", "CV" (công văn has no code in its symbol) …
    number: str  # as written, leading zeros kept: "01"
    symbol: str  # "KH-UBND", "NĐ-CP", "CT/TU", "UBND-NC"
    year: int | None = None  # legal documents carry their year: 33/2023/NĐ-CP
    date: dt.date | None = None
    issuer: str = ""  # "UBND huyện Sơn Hà" from "… của UBND huyện Sơn Hà"
    subject: str = ""  # "về chuyển đổi số xã Sơn Nham năm 2024"
    title: str = ""  # a law's name: "Viễn thông" from "Luật Viễn thông số 24/2023/QH15"
    quote: str = field(default="", compare=False)  # the text it was found in
    start: int = field(default=-1, compare=False)
    mentions: int = field(default=1, compare=False)
    warnings: tuple[tuple[str, str], ...] = field(default=(), compare=False)  # (vi, en)

    @property
    def type_name(self) -> str:
        return TYPE_NAMES.get(self.type_code, self.type_code)

    @property
    def reference(self) -> str:
        """Number and symbol the way the document itself prints them after "Số:"."""
        if self.year is not None:
            return f"{self.number}/{self.year}/{self.symbol}"
        if "/" in self.symbol:
            return f"{self.number}-{self.symbol}"
        return f"{self.number}/{self.symbol}"

    @property
    def key(self) -> tuple[str, str, dt.date | None]:
        return (self.type_code, self.reference, self.date)

    def short(self) -> str:
        """Type and number only — how a document is cited after its first, full mention."""
        name = f"{self.type_name} {self.title}" if self.title else self.type_name
        return f"{name} số {self.reference}"

    def as_dict(self) -> dict[str, object]:
        return {
            "type": self.type_code,
            **fields_of(self, "type_name", "number", "symbol", "year", "reference", "title"),
            "date": self.date.isoformat() if self.date else None,
            "issuer": self.issuer,
            "subject": self.subject,
            "text": format_citation(self),
            "mentions": self.mentions,
            "warnings": [{"vi": vi, "en": en} for vi, en in self.warnings],
        }


def format_citation(c: Citation) -> str:
    """Full first-mention form: "Kế hoạch số 37/KH-UBND ngày 18/3/2024 của UBND xã Sơn Nham về …"."""
    text = c.short()
    if c.date:
        text += f" ngày {c.date.day}/{c.date.month}/{c.date.year}"
    if c.issuer:
        text += f" của {c.issuer}"
    subject = c.subject
    if subject[: len(c.type_name) + 1].lower() == c.type_name.lower() + " ":
        # "Kế hoạch số 109/KH-UBND ngày 19/9/2024 triển khai …", not "… 19/9/2024 Kế hoạch triển khai …"
        subject = subject[len(c.type_name) + 1 :]
    if subject:
        text += f" {subject}"
    return text


@dataclass
class _Item:
    number: str
    symbol: str
    year: int | None
    date: dt.date | None
    start: int
    end: int
    warnings: list[tuple[str, str]]
    same_day: bool = False  # "cùng ngày": dated like the citation before


def _read_reference(text: str, pos: int) -> tuple[re.Match[str], str] | None:
    for form, pattern in (("legal", _LEGAL), ("party", _PARTY), ("admin", _ADMIN)):
        match = pattern.match(text, pos)
        if match:
            return match, form
    return None


def _date_of(match: re.Match[str], prefix: str = "") -> dt.date | None:
    """The date a ``_DAY_MONTH_YEAR`` match wrote, None if it wrote none or no real one."""
    if not (match[prefix + "d"] or match[prefix + "ld"]):
        return None
    day, month, year = (int(match[prefix + g] or match[prefix + "l" + g]) for g in ("d", "m", "y"))
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _read_date(text: str, pos: int) -> tuple[dt.date | None, int, list[tuple[str, str]], bool]:
    """The date after a reference, where it ends, warnings, and whether it was "cùng ngày"."""
    match = _DATE.match(text, pos)
    if not match:
        same = _SAME_DAY.match(text, pos)
        return None, same.end() if same else pos, [], same is not None
    date = _date_of(match)
    if date is not None:
        return date, match.end(), [], match["same"] is not None
    written = match.group(0).strip(" ,")
    return (
        None,
        match.end(),
        [(f"«{written}» không phải là ngày có thật", f"'{written}' is not a real date")],
        False,
    )


def _read_items(text: str, pos: int) -> tuple[list[_Item], int]:
    """References after one type word: "922/QĐ-UBND, 923/QĐ-UBND, 924/QĐ-UBND ngày 30/9/2022"."""
    items: list[_Item] = []
    while True:
        found = _read_reference(text, pos)
        if found is None:
            break
        match, form = found
        warnings: list[tuple[str, str]] = []
        if form == "legal" and not match["slash"]:
            warnings.append(
                (
                    f"«{match.group(0)}» thiếu dấu «/» trước ký hiệu",
                    f"'{match.group(0)}' lacks '/' before the symbol",
                )
            )
        if " " in match.group(0):
            warnings.append(
                (
                    f"«{match.group(0)}» có dấu cách thừa trong số, ký hiệu",
                    f"'{match.group(0)}' has a stray space in its number and symbol",
                )
            )
        date, end, date_warnings, same_day = _read_date(text, match.end())
        items.append(
            _Item(
                match["num"],
                match["sym"].replace(" ", ""),
                int(match["year"]) if form == "legal" else None,
                date,
                match.start(),
                end,
                warnings + date_warnings,
                same_day,
            )
        )
        pos = end
        if date is None and (year := _YEAR_ONLY.match(text, pos)):  # "Quyết định 749/QĐ-TTg năm 2020 …"
            pos = items[-1].end = year.end()
        sep = _LIST_SEP.match(text, pos)
        if not sep or _read_reference(text, sep.end()) is None:
            break
        pos = sep.end()
    # "các quyết định số 922/…, 923/…, 924/… ngày 30/9/2022": the date after the list is everyone's.
    shared = None
    for item in reversed(items):
        if item.date is not None:
            shared = item.date
        elif shared is not None:
            item.date = shared
    return items, pos


def _read_issuer(text: str, pos: int, stop: int) -> tuple[str, int]:
    match = _ISSUER.match(text, pos)
    if not match:
        return "", pos
    end_match = _ISSUER_END.search(text, match.end(), stop)
    for name in _NAMES_WITH_PUNCTUATION.finditer(text, match.end(), min(stop, match.end() + 120)):
        if end_match and name.start() < end_match.start() < name.end():  # "Bộ Văn hóa, Thể thao và Du lịch"
            end_match = _ISSUER_END.search(text, name.end(), stop)
    end = end_match.start() if end_match else stop
    close = text.find(")", end, end + 40) if text.startswith("(", end) else -1
    if close > 0 and len(text[end:close].split()) <= 3:  # "Ban Thường vụ Tỉnh ủy (khóa XX)"
        end_match = _ISSUER_END.search(text, close + 1, stop)
        end = end_match.start() if end_match else stop
    issuer = " ".join(text[match.end() : end].split())
    if not issuer or len(issuer.split()) > MAX_ISSUER_WORDS:
        return "", pos
    return issuer, end


def _read_subject(text: str, pos: int, stop: int, starts: list[int], nested: bool = False) -> tuple[str, int]:
    """The clause after a citation: up to ";", a sentence end, a comma that opens a new clause
    (", Trưởng BCĐ là …") or the next citation.

    A citation the subject implements ("về việc triển khai thực hiện Quyết định số 319/…") stays
    inside it; one that merely follows ("…, UBND xã đã xây dựng Kế hoạch số 37/…") ends it. The
    subject of such a ``nested`` citation stops where the enclosing one's own words resume
    ("trên địa bàn xã …", "của UBND …").
    """
    rest = text[pos:stop]
    lead = len(rest) - len(rest.lstrip(" \t"))
    if lead == 0 or not rest[lead : lead + 1].isalpha() or _NOT_A_SUBJECT.match(rest, lead):
        return "", pos
    begin = pos + lead
    end = _clause_end(text, begin, stop)
    for predicate in (_NEW_PREDICATE, _PREDICATE_AFTER):
        if found := predicate.search(text, begin, end):
            end = found.start()
    if nested and (tail := _ENCLOSING_TAIL.search(text, begin, end)):
        end = tail.start()
    cut = False
    for start in starts:
        if begin < start < end and not _NESTING.search(text[begin:start]):
            end, cut = start, True
            break
    subject = " ".join(text[begin:end].split()).rstrip(" ,:")
    if cut:  # drop the words that lead into the next citation
        subject = _TAIL_CLAUSE.sub("", subject)
        subject = _TAIL_CONNECTIVES.sub("", subject).rstrip(" ,:")
    return subject, end


def _clause_end(text: str, begin: int, stop: int) -> int:
    """Where the clause from ``begin`` ends; a ")" closing a "(" inside the clause does not end it,
    nor does a comma inside “…” or one that no new clause follows (see ``_CLAUSE_AFTER_COMMA``)."""
    pos = begin
    while True:
        match = _CLAUSE_END.search(text, pos, stop)
        if match is None:
            return stop
        if match.group(0) == ")" and text.count("(", begin, match.start()) > text.count(
            ")", begin, match.start()
        ):
            pos = match.end()
            continue
        inside_quotes = text.count("“", begin, match.start()) > text.count("”", begin, match.start())
        if match.group(0) == "," and (inside_quotes or not _CLAUSE_AFTER_COMMA.match(text, match.end())):
            pos = match.end()  # "…, định hướng đến năm 2030", "…, UBND 23 xã": the subject goes on
            continue
        return match.start()


def _type_of(word: str, symbol: str) -> str:
    canonical = _canonical_word(word)
    if canonical != GENERIC_WORD:
        return TYPES[canonical][0]
    code = _code_in(symbol)
    return code if code in TYPE_NAMES else "CV"


def _code_in(symbol: str) -> str:
    """The type code a symbol starts with: "KH" of "KH-UBND", "NĐ" of "NĐ-CP", "CT" of "CT/TU"."""
    return re.split(r"[-/]", symbol, maxsplit=1)[0]


def _symbol_warning(type_code: str, symbol: str) -> list[tuple[str, str]]:
    first = _code_in(symbol)
    if type_code != "CV" and first in TYPE_NAMES and first != type_code and first != "UBND":
        name = TYPE_NAMES[type_code]
        return [
            (
                f"loại «{name}» nhưng ký hiệu «{symbol}» là của «{TYPE_NAMES[first]}»",
                f"type '{name}' but symbol '{symbol}' belongs to '{TYPE_NAMES[first]}'",
            )
        ]
    return []


@dataclass
class _Head:
    """A type word and the references written after it."""

    match: re.Match[str]
    title: str
    items: list[_Item]
    end: int


def _read_heads(text: str) -> list[_Head]:
    heads = []
    for match in _TYPE_WORD.finditer(text):
        title = ""
        law = _canonical_word(match["type"]) == "luật" and not match["glued"]
        named = _LAW_TITLE.match(text, match.end()) if law else None
        if named and _read_reference(text, named.end()):
            title, pos = " ".join(named["title"].split()), named.end()
        else:
            after = _AFTER_TYPE.match(text, match.end())
            pos = after.end() if after else match.end()
        items, end = _read_items(text, pos)
        if items:
            heads.append(_Head(match, title, items, end))
    return heads


def _issuer_before(written: str | None) -> str:
    """ "Mới đây, Chính phủ" → "Chính phủ": after a comma a capitalised phrase starts the issuer,
    unless the comma is inside a name ("Bộ Văn hoá, Thể thao và Du lịch", "khóa X")."""
    if not written:
        return ""
    head, sep, tail = written.rpartition(", ")
    inside_a_name = any(n.start() < len(head) < n.end() for n in _NAMES_WITH_PUNCTUATION.finditer(written))
    return tail if sep and tail[:1].isupper() and not inside_a_name else written


def _strip_issuer(subject: str, issuer: str) -> str:
    """ "về chuyển đổi số năm 2024 của UBND huyện Sơn Tịnh" after "của UBND huyện Sơn Tịnh": the
    issuer written twice is not part of the subject."""
    again = re.search(rf"\s+của\s+{re.escape(issuer)}(?:$|[,;.])", subject) if issuer else None
    return subject[: again.start()].rstrip(" ,") if again else subject


def find_all(text: str) -> list[Citation]:
    """Every citation in reading order, one per mention (see ``extract`` for merged results)."""
    # NFC, and the look-alike slashes some editors type ("1478⁄CĐ-TTg"); each is one character,
    # so positions in the result are positions in the text as given (after NFC).
    text = unicodedata.normalize("NFC", text).translate(_SLASHES)
    heads = _read_heads(text)
    starts = [head.match.start() for head in heads]
    out: list[Citation] = []
    spans: list[tuple[int, int]] = []  # where each subject lies, to tell nested citations
    chain: list[int] = []  # indexes in ``out`` of undated, bare citations joined by "," / "và"
    same_type_chain: list[int] = []  # citations without issuer joined by "và" to the next one
    for index, head in enumerate(heads):
        match, items, end = head.match, head.items, head.end
        issuer, pos = _read_issuer(text, end, len(text))
        before = _ISSUED_BEFORE.search(text, max(0, match.start() - 200), match.start())
        if before and len(items) == 1:
            issuer = issuer or _issuer_before(before["issuer"]) or before["proposer"] or ""
            if items[0].date is None and (written := _date_of(before) or _date_of(before, "at_")):
                items[0].date = written
        nested = any(begin < match.start() < stop for begin, stop in spans)
        subject, subject_end = _read_subject(text, pos, len(text), starts[index + 1 :], nested)
        subject = _strip_issuer(subject, issuer)
        if by := _ISSUED_BY_AFTER.search(subject):
            issuer, subject = issuer or by["issuer"], subject[: by.start()]
        spans.append((pos, subject_end))
        warnings: list[tuple[str, str]] = []
        if match["glued"]:
            warnings.append(
                (
                    f"«{match.group(0)}» thiếu dấu cách trước «số»",
                    f"'{match.group(0)}' lacks a space before 'số'",
                )
            )
        quote = " ".join(text[match.start() : max(subject_end, pos)].split()).rstrip(" ,;")
        if items[0].same_day:
            if items[0].date is None:  # "… và Quyết định số 923/QĐ-UBND cùng ngày"
                items[0].date = next((c.date for c in reversed(out) if c.date), None)
            else:  # "Quyết định số 922/… và Quyết định số 923/… cùng ngày 30/9/2022 của UBND huyện"
                for i in chain:
                    out[i] = replace(out[i], date=items[0].date, issuer=out[i].issuer or issuer)
        if issuer:  # "Nghị định số 106/… ngày … và Nghị định số 170/… ngày … của Chính phủ"
            for i in same_type_chain:
                if out[i].type_code == _type_of(match["type"], items[0].symbol):
                    out[i] = replace(out[i], issuer=issuer)
        for item in items:
            type_code = _type_of(match["type"], item.symbol)
            out.append(
                Citation(
                    type_code=type_code,
                    number=item.number,
                    symbol=item.symbol,
                    year=item.year,
                    date=item.date,
                    issuer=issuer,
                    subject=subject,
                    title=head.title,
                    quote=quote,
                    start=item.start if len(items) > 1 else match.start(),
                    warnings=tuple(warnings + item.warnings + _symbol_warning(type_code, item.symbol)),
                )
            )
        joined = index + 1 < len(heads) and _CHAIN.fullmatch(text, end, starts[index + 1]) is not None
        new = range(len(out) - len(items), len(out))
        bare = all(item.date is None for item in items) and not issuer and not subject
        chain = [*chain, *new] if bare and joined else []
        # "Thông tư số 05/…, Thông tư số 06/… và Thông tư số 02/… của Bộ trưởng …": one issuer for all
        same_type_chain = [*same_type_chain, *new] if joined and not issuer and not subject else []
    return out


def merge(citations: Iterable[Citation]) -> list[Citation]:
    """One entry per document, first mention first.

    Mentions of the same type and number are one document unless both carry different dates
    (numbering restarts every year). Gaps are filled from later mentions; of two subjects the
    shorter wins, because long ones ran on into the sentence around the citation.
    """
    merged: list[Citation] = []
    for c in citations:
        for i, seen in enumerate(merged):
            same = (seen.type_code, seen.reference) == (c.type_code, c.reference)
            if same and (seen.date is None or c.date is None or seen.date == c.date):
                subjects = [s for s in (seen.subject, c.subject) if s]
                merged[i] = replace(
                    seen,
                    date=seen.date or c.date,
                    issuer=seen.issuer or c.issuer,
                    subject=min(subjects, key=len) if subjects else "",
                    mentions=seen.mentions + 1,
                    warnings=tuple(dict.fromkeys(seen.warnings + c.warnings)),
                )
                break
        else:
            merged.append(c)
    return merged


def extract(text: str) -> list[Citation]:
    """Every document cited in ``text``, duplicates merged, in order of first mention."""
    return merge(find_all(text))
