"""What a person reads on a page, and what must never be in it.

``problems(html, language)`` lists the visible texts of a page (text nodes, and the titles,
placeholders, labels and button captions a person reads) that are

- English-only on a Vietnamese page (a text without any Vietnamese letter that has an English
  word: «Not Found», «Full name», «create», «done»),
- a raw code: an indicator code (``dvc.dossiers_total``), a snake_case identifier
  (``nhan_luc_so``), a period code (``2025Q4``), or
- a database message (``Constraint “…” is violated``, ``UNIQUE constraint failed``), or
- Vietnamese on an English page (a text with a Vietnamese letter that the page does not mark
  ``lang="vi"`` and that is not the reader's own data: names of units and people, typed notes).

A Vietnamese page has no English beside its Vietnamese either: «Lưu / Save», «Kỳ / Period»,
«… <small lang="en">/ Online public services</small>» are English on a Vietnamese page. The one
English word a Vietnamese page may show is the language switch's «English»; an element marked
``translate="no"`` (a brand, a request id) is not read.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

VIETNAMESE_LETTERS = re.compile(
    "[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]", re.IGNORECASE
)
# English words that are not also Vietnamese words written without their marks («an», «to»,
# «in», «no», «the», «con», «ban», «hai» are Vietnamese too, so they prove nothing alone).
ENGLISH = frozenset(
    """
    about add added all and approve approved are back by cancel change changed changes choose
    close code constraint create created date day days delete deleted done download draft edit
    email enter error field file files find for found from full guided has have history home
    invalid is joined late list login logout member name new next none not number of or page
    password people period please previous recomputed reason report reports required return
    returned save saved search select server sign status submit submitted target that this
    total unit units update updated upload user username valid value values violated was were
    with year years forbidden denied permission task tasks result results database backend queue
    """.split()
)
RAW_CODE = re.compile(
    # an API token's prefix («cds_…», cds.accounts.tokens.PREFIX) is how its owner and the admin tell
    # tokens apart: shown on purpose, like a document number, whatever random letters follow it
    r"(?<![\w/.-])(?!cds_)(?:"
    r"[a-z][a-z0-9]*(?:_[a-z0-9]+)*\.[a-z][a-z0-9]*(?:_[a-z0-9]+)+"  # dvc.dossiers_total
    r"|[a-z][a-z0-9]*\.[a-z][a-z0-9]*_[a-z0-9_]+"
    r"|[a-z]+(?:_[a-z0-9]+)+"  # nhan_luc_so, not_started
    r"|(?:19|20)\d\d(?:Q[1-4]|H[12]|M\d\d)"  # 2025Q4
    r")(?![\w/-])"
)
DATABASE = re.compile(
    r"constraint|violated|IntegrityError|NOT NULL|UNIQUE|FOREIGN KEY|Traceback", re.IGNORECASE
)
READ_ATTRIBUTES = ("title", "placeholder", "aria-label", "alt")
SKIPPED = {"script", "style", "head", "noscript"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _Texts(HTMLParser):
    def __init__(self, language: str) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str, bool]] = []  # tag, language, skipped
        self.language = language
        self.texts: list[tuple[str, str]] = []  # (language the page marks the text as, text)

    def _here(self) -> tuple[str, bool]:
        return (self.stack[-1][1], self.stack[-1][2]) if self.stack else (self.language, False)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        language, skipped = self._here()
        if tag != "html":
            language = values.get("lang", language)[:2] or language
        skipped = skipped or tag in SKIPPED or values.get("translate") == "no" or "hidden" in values
        if not skipped:
            for name in READ_ATTRIBUTES:
                if values.get(name):
                    self.texts.append((language, values[name]))
            if tag == "input" and values.get("type") in {"submit", "button"} and values.get("value"):
                self.texts.append((language, values["value"]))
        if tag not in VOID:
            self.stack.append((tag, language, skipped))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                return

    def handle_data(self, data: str) -> None:
        language, skipped = self._here()
        text = " ".join(data.split())
        if text and not skipped:
            self.texts.append((language, text))


def visible_texts(html: str, language: str = "vi") -> list[tuple[str, str]]:
    parser = _Texts(language)
    parser.feed(html)
    parser.close()
    return parser.texts


def is_english_only(text: str) -> bool:
    if VIETNAMESE_LETTERS.search(text):
        return False
    words = re.findall(r"[A-Za-z]+", text)
    return any(word.lower() in ENGLISH for word in words)


# An English page may quote a Vietnamese word in «…» (the «Giá trị» column of a file) and name a
# place (an app called «G-Quảng Ngãi»).
QUOTED = re.compile(r"«[^»]*»|Quảng Ngãi")
SWITCH = {"English", "Tiếng Việt"}  # the language switch's caption, in its own language


def problems(html: str, language: str = "vi", data: frozenset[str] = frozenset()) -> list[str]:
    """What is wrong with a page for a reader of ``language`` («vi»/«en»); ``data`` are texts that
    are the reader's own data (names of units and people, typed notes), read as they are."""
    found = []
    for marked, whole in visible_texts(html, language):
        if whole in data or whole in SWITCH:
            continue
        if language == "en":  # a name of the reader's data inside an English sentence: read as it is
            for name in sorted(data, key=len, reverse=True):
                if len(name) > 3 and name in whole:
                    whole = whole.replace(name, " ")
        if language == "vi" and marked == "en" and re.search("[A-Za-z]{2}", whole):
            found.append(f"English on a Vietnamese page: {whole!r}")
            continue
        if language == "en" and marked == "vi":  # the Vietnamese name beside an English one, marked
            continue
        # «Lưu / Save»: each side of a slash is read on its own; an ASCII-only side of a text whose
        # other side is Vietnamese is its English translation
        sides = [s.strip(" /") for s in whole.split(" / ")]
        bilingual = len(sides) > 1 and any(VIETNAMESE_LETTERS.search(s) for s in sides)
        for text in sides:
            if (
                language == "vi"
                and bilingual
                and not VIETNAMESE_LETTERS.search(text)
                and re.search("[A-Za-z]{3}", text)
            ):
                found.append(f"English on a Vietnamese page: {text!r} in {whole!r}")
            else:
                found += _wrong(language, text)
    return found


def _wrong(expected: str, text: str) -> list[str]:
    found = []
    if expected == "vi" and is_english_only(text):
        found.append(f"English on a Vietnamese page: {text!r}")
    if expected == "en" and VIETNAMESE_LETTERS.search(QUOTED.sub("", text)):
        found.append(f"Vietnamese on an English page: {text!r}")
    found += [f"raw code {code!r} in {text!r}" for code in RAW_CODE.findall(text)]
    if DATABASE.search(text):
        found.append(f"database message: {text!r}")
    return found
