"""Importing the archive's transcriptions: never refused for a bracket, a folder at once, and
each construct of the archive's vocabulary (brackets, heading and ending lines, lists,
footnotes, dates)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from lxml import etree

from tei_edition import NS, TEI_NS
from tei_edition.importer import build_draft, import_source, parse_archive
from tei_edition.importer.names import load_register
from tei_edition.importer.worklist import Worklist
from tei_edition.validate import validate_file

ARCHIVE = Path(__file__).parent / "fixtures" / "archive"
REGISTERS = ARCHIVE / "reference" / "registers.xml"
SOURCES = sorted(ARCHIVE.glob("*.txt"))

HEAD = """## **May 3, 1950**

### **A Cable**

#### **Citation:**

"A Cable", May 3, 1950, Wilson Center Digital Archive. Translated by A. Person. <https://x.example/d/1>

#### **Original Language:**

Russian

#### **Contents:**

Translation - English

"""
FIRST_LINE = HEAD.count("\n") + 1
"""The source line of the first line of the body."""


def draft(body: str, registers: Path | None = None) -> tuple[etree._Element, Worklist]:
    doc = parse_archive(HEAD + body, "t.txt")
    built = build_draft(doc, load_register(registers) if registers else None)
    return built.tree.getroot(), built.worklist


def body_xml(root: etree._Element) -> str:
    """The body's div as XML without namespace declarations or indentation."""
    div = root.find(f"{{{TEI_NS}}}text/{{{TEI_NS}}}body/{{{TEI_NS}}}div")
    assert div is not None
    text = etree.tostring(div, encoding="unicode").replace(f' xmlns="{TEI_NS}"', "")
    return re.sub(r">\n\s*<", "><", text.strip())


def xp(root: etree._Element, path: str) -> list[str]:
    return [str(v) for v in root.xpath(path, namespaces=NS)]


def written(tmp_path: Path, body: str) -> Path:
    source = tmp_path / "t.txt"
    source.write_text(HEAD + body, encoding="utf-8")
    out = tmp_path / "t.xml"
    import_source(source, out)
    return out


# ------------------------------------------------------------------ never refused


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.stem)
def test_every_archive_transcription_imports_to_a_valid_draft(source: Path, tmp_path: Path) -> None:
    out = tmp_path / "draft.xml"
    result = import_source(source, out, registers=REGISTERS)  # checks words and validity
    report = validate_file(out)
    assert [i for i in report.issues if i.severity == "error"] == []
    assert xp(result.draft.tree.getroot(), "//tei:revisionDesc/@status") == ["draft"]


def test_the_test_set_spans_years_languages_and_translators() -> None:
    assert len(SOURCES) >= 15
    texts = [p.read_text(encoding="utf-8") for p in SOURCES]
    years = {re.search(r"^## \*\*.*?(\d{4})\*\*", t, re.M).group(1) for t in texts}
    assert len(years) >= 6 and min(years) < "1950" and max(years) > "1975"
    languages = {re.search(r"Original Language:\*\*\n\n(\w+)", t).group(1) for t in texts}
    assert languages >= {"Russian", "Chinese", "Romanian"}
    translators = {m.group(1) for t in texts if (m := re.search(r"[Tt]ranslated .*?by (\w+)", t))}
    assert len(translators) >= 4
    manifest = (ARCHIVE / "MANIFEST.md").read_text(encoding="utf-8")
    for source, text in zip(SOURCES, texts, strict=True):
        address = re.search(r"<(https?://[^>]+)>", text).group(1)
        assert f"`{source.name}`" in manifest and address in manifest


def test_a_bracket_over_three_paragraphs_with_a_nested_bracket(tmp_path: Path) -> None:
    body = (
        "He wrote back.\n\n"
        "[handwritten: Agree with the proposal\n\n"
        "of comrade Mao Zedong, it is desirable [zhelatelno]\n\n"
        "to answer soon. Molotov]\n\n"
        "The end of the cable.\n"
    )
    root, worklist = draft(body)
    assert body_xml(root) == (
        '<div type="telegram"><p>He wrote back.</p>'
        '<note type="translator" resp="#translator" place="inline">'
        '<p>handwritten: <add type="handwritten" resp="#translator">'
        "Agree with the proposal</add></p>"
        '<p><add type="handwritten" resp="#translator">of comrade Mao Zedong, it is '
        '<term xml:id="gloss-zhelatelno">desirable</term> <foreign xml:lang="ru-Latn" '
        'resp="#translator" corresp="#gloss-zhelatelno">zhelatelno</foreign></add></p>'
        '<p><add type="handwritten" resp="#translator">to answer soon. Molotov</add></p></note>'
        "<p>The end of the cable.</p></div>"
    )
    [span] = [i for i in worklist.items if "runs over" in i.message]
    assert (span.line, span.column) == (FIRST_LINE + 2, 2)
    assert "3 paragraphs" in span.message
    written(tmp_path, body)  # valid, and every word kept


def test_a_stamp_over_two_paragraphs_after_text() -> None:
    root, _ = draft("FILIPPOV\n\n[stamp: Incoming Nº 1397/shs\n\n4 May 1950]\n")
    assert xp(root, "//tei:body//tei:note/tei:p/tei:add/@type") == ["stamp", "stamp"]
    assert xp(root, "//tei:note//tei:date/@when") == ["1950-05-04"]


@pytest.mark.parametrize(
    ("body", "kept", "column"),
    [
        ("The plan was agreed] by all.\n", "]", 20),
        ("The plan [was agreed by all.\n", "[", 10),
        ("Empty [] here.\n", "[]", 7),
    ],
)
def test_an_unpaired_bracket_is_kept_in_a_draft_only_element(
    tmp_path: Path, body: str, kept: str, column: int
) -> None:
    root, worklist = draft(body)
    assert xp(root, "//tei:seg[@type='unresolved']/text()") == [kept]
    [item] = [i for i in worklist.items if i.kind == "unresolved"]
    assert (item.line, item.column, item.text) == (FIRST_LINE, column, kept)
    out = written(tmp_path, body)
    issues = validate_file(out).issues
    assert [(i.severity, i.rule) for i in issues if "unresolved" in i.rule] == [
        ("warning", "unresolved-in-draft")
    ]
    assert [i for i in issues if i.severity == "error"] == []
    # the same text outside a draft is an error
    tree = etree.parse(str(out))
    for desc in tree.iter(f"{{{TEI_NS}}}revisionDesc"):
        del desc.attrib["status"]
    edition = tmp_path / "edition.xml"
    tree.write(str(edition), xml_declaration=True, encoding="UTF-8")
    errors = [i.rule for i in validate_file(edition).issues if i.severity == "error"]
    assert errors == ["unresolved-outside-draft"]


def test_the_cli_writes_a_draft_for_an_unpaired_closing_bracket(
    tmp_path: Path, invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "c.txt").write_text(HEAD + "Agreed] by all.\n", encoding="utf-8")
    result = invoke("import", "c.txt", "-o", "c.xml", "--worklist", "c.json")
    assert result.exit_code == 0, result.output
    items = json.loads((tmp_path / "c.json").read_text())["items"]
    assert [(i["kind"], i["line"], i["column"]) for i in items if i["kind"] == "unresolved"] == [
        ("unresolved", FIRST_LINE, 7)
    ]


# ------------------------------------------------------------------ the archive's vocabulary

T = 'resp="#translator"'
NOTE = f'<note type="translator" {T} place="inline">'


@pytest.mark.parametrize(
    ("text", "encoded"),
    [
        # omissions
        ("It began [...] then.", f'It began <gap reason="omitted" {T}/>{NOTE}...</note> then.'),
        ("It began […] then.", f'It began <gap reason="omitted" {T}/>{NOTE}…</note> then.'),
        # doubt about the word before
        (
            "He said Taibi [?] then.",
            f'He said <unclear {T} reason="doubtful">Taibi</unclear> {NOTE}?</note> then.',
        ),
        ("He said Taibi /?/ then.", f'He said <unclear {T} cert="low">Taibi</unclear> then.'),
        # sic forms
        ("He wrote Pekin [sic].", f"He wrote <sic {T}>Pekin</sic>."),
        (
            "In Beijing [sic, Nanjing] then.",
            f"In <choice><sic {T}>Beijing</sic><corr {T}>Nanjing</corr></choice> "
            f"{NOTE}sic, Nanjing</note> then.",
        ),
        (
            "to observe [ponablyusti – SIC] that",
            'to <term xml:id="gloss-ponablyusti">observe</term> '
            f'{NOTE}<foreign xml:lang="ru-Latn" corresp="#gloss-ponablyusti">ponablyusti</foreign>'
            " – SIC</note> that",
        ),
        # what the translator could not give
        (
            "It was [illegible] done.",
            f'It was <gap reason="illegible" {T}/>{NOTE}illegible</note> done.',
        ),
        ("On [blank in the original] May.", f"On {NOTE}blank in the original</note> May."),
        # additions and notes
        (
            "[added by hand: Agreed]",
            f'{NOTE}added by hand: <add type="handwritten" {T}>Agreed</add></note>',
        ),
        (
            "[stamp: Secret]",
            f'{NOTE}stamp: <add type="stamp" {T}>Secret</add></note>',
        ),
        (
            "[Translator’s note: a word is missing] Yes.",
            f"{NOTE}Translator’s note: a word is missing</note> Yes.",
        ),
        # supplied words and letters
        (
            "with com[rade] Ivan[ov]",
            f"with <choice><abbr>com</abbr><expan {T}>com<ex {T}>rade</ex></expan></choice> "
            f"<choice><abbr>Ivan</abbr><expan {T}>Ivan<ex {T}>ov</ex></expan></choice>",
        ),
        (
            "and M.[olotov] said",
            f"and <choice><abbr>M.</abbr><expan {T}>M.<ex {T}>olotov</ex></expan></choice> said",
        ),
        ("and [Zhou] Enlai said", f"and <supplied {T}>Zhou</supplied> Enlai said"),
        # glosses of an identity
        ("the minister [i.e., Molotov] said", f"the minister {NOTE}i.e., Molotov</note> said"),
        ("from Filippov [Stalin].", f"from Filippov {NOTE}Stalin</note>."),
        ("FENG XI [STALIN] wrote", f"FENG XI {NOTE}STALIN</note> wrote"),
        # transliteration
        (
            "the need had disappeared [otpala].",
            'the need <term xml:id="gloss-otpala">had disappeared</term> <foreign '
            f'xml:lang="ru-Latn" {T} corresp="#gloss-otpala">otpala</foreign>.',
        ),
    ],
)
def test_the_archives_brackets(text: str, encoded: str) -> None:
    root, worklist = draft(text + "\n")
    xml = body_xml(root)
    inner = re.sub(r'^<div type="\w+"><p>|</p></div>$', "", xml)
    assert inner == encoded
    assert [i for i in worklist.items if i.kind in ("bracket", "unresolved")] == []


def test_a_codename_is_tagged_as_the_person_its_gloss_names(tmp_path: Path) -> None:
    registers = tmp_path / "registers.xml"
    text = REGISTERS.read_text(encoding="utf-8")
    registers.write_text(text.replace('<persName type="variant">Filippov</persName>', ""))
    root, _ = draft("Convey to Mao Zedong: Filippov [Stalin] agrees.\n", registers)
    assert body_xml(root).count('<persName ref="#stalin">') == 2
    assert 'Convey to <persName ref="#mao-zedong">Mao Zedong</persName>: ' in body_xml(root)
    assert (
        '<persName ref="#stalin">Filippov</persName> '
        f'{NOTE}<persName ref="#stalin">Stalin</persName></note> agrees.'
    ) in body_xml(root)


CABLE = """Top Secret

Making copies is prohibited

CIPHERED TELEGRAM No. 709

To: the Ministry of Foreign Affairs (First and Second Directorates)

From: the Embassy in Pyongyang

Date: April 14th, 1978

For Mao Zedong.

Your telegram has been received and we agree with the plan outlined by you.

(1) The first point of the plan is accepted.

(2) The second point needs more work.

Signed: D. Popa

5 copies

Copies:

1. Comr. Stalin

2. Comr. Molotov
"""


def test_a_cables_heading_lines_signature_and_copies() -> None:
    root, _ = draft(CABLE)
    opener = [
        (etree.QName(e).localname, e.get("type") or "", "".join(e.itertext()))
        for e in root.iterfind(".//tei:opener/*", NS)
    ]
    assert opener == [
        ("seg", "classification", "Top Secret"),
        ("seg", "classification", "Making copies is prohibited"),
        ("seg", "number", "CIPHERED TELEGRAM No. 709"),
        ("seg", "addressee", "To: the Ministry of Foreign Affairs (First and Second Directorates)"),
        ("seg", "sender", "From: the Embassy in Pyongyang"),
        ("dateline", "", "Date: April 14th, 1978"),
        ("seg", "addressee", "For Mao Zedong."),
    ]
    assert xp(root, ".//tei:opener/tei:dateline/tei:date/@when") == ["1978-04-14"]
    assert xp(root, ".//tei:list/tei:label/text()") == ["(1)", "(2)"]
    assert xp(root, ".//tei:list/tei:item/text()") == [
        "The first point of the plan is accepted.",
        "The second point needs more work.",
    ]
    closer = [
        (etree.QName(e).localname, e.get("type") or "")
        for e in root.iterfind(".//tei:closer/*", NS)
    ]
    assert closer == [("signed", ""), *[("seg", "distribution")] * 4]
    assert xp(root, ".//tei:closer/tei:signed/text()") == ["Signed: D. Popa"]


@pytest.mark.parametrize("marks", [("1.", "2.", "3."), ("1)", "2)", "3)"), ("(1)", "(2)", "(3)")])
def test_numbered_paragraphs_are_a_list(marks: tuple[str, ...]) -> None:
    body = "\n\n".join(f"{m} Point number {i} of the plan." for i, m in enumerate(marks, 1))
    root, _ = draft("The plan follows.\n\n" + body + "\n\nThat is all.\n")
    assert xp(root, ".//tei:list/tei:label/text()") == list(marks)
    assert len(xp(root, ".//tei:list/tei:item")) == 3
    assert xp(root, ".//tei:div/tei:p/text()") == ["The plan follows.", "That is all."]


def test_numbers_out_of_order_are_not_a_list() -> None:
    root, _ = draft("1. First point.\n\n3. Third point.\n")
    assert xp(root, ".//tei:list") == []


def test_a_footnote_is_attached_at_its_mark(tmp_path: Path) -> None:
    body = (
        "For comrade Filippov [Stalin].x/\n\n"
        "The text of the cable follows here in full.\n\n"
        "Roshchin\n\n"
        "——————\n\n"
        "x/ Pseudonym of Stalin. [Ed. note: In the photocopy.]\n"
    )
    root, worklist = draft(body)
    [note] = root.xpath("//tei:note[@place='foot']", namespaces=NS)
    assert note.get("n") == "x/"
    assert "".join(note.itertext()) == "Pseudonym of Stalin. Ed. note: In the photocopy."
    assert note.getparent().text.startswith("For comrade Filippov")
    assert xp(root, "//tei:milestone/@rend")[-1] == "——————"
    assert any("footnote 'x/'" in i.message for i in worklist.items)
    written(tmp_path, body)  # every word kept, in the source's order


@pytest.mark.parametrize(
    ("text", "attrs"),
    [
        ("on October 14, 1949 we", {"when": "1949-10-14"}),
        ("on 14 October 1949 we", {"when": "1949-10-14"}),
        ("on 14.10.1949 we", {"when": "1949-10-14"}),
        ("on 3. IV. 1951 we", {"when": "1951-04-03"}),
        ("on 12.III.51 we", {"when": "1951-03-12"}),
        ("on 10/14/50 we", {"when": "1950-10-14"}),
        ("on Friday, October 14, 1949 we", {"when": "1949-10-14"}),
        ("at the end of 1948 we", {"notBefore": "1948-11-01", "notAfter": "1948-12-31"}),
        ("in 1948–1949 we", {"from": "1948", "to": "1949"}),
        ("on 5 June [1953] we", {"when": "1953-06-05"}),
        ("on May 3 we", {"when": "1950-05-03"}),
        ("on March 30 of this year we", {"when": "1950-03-30"}),
    ],
)
def test_the_archives_dates(text: str, attrs: dict[str, str]) -> None:
    root, worklist = draft(text + "\n")
    [date] = root.iterfind(".//tei:body//tei:date", NS)
    assert dict(date.attrib) == attrs
    assert [i for i in worklist.items if i.kind == "date"] == []


def test_an_ambiguous_numeric_date_goes_to_the_worklist_not_guessed() -> None:
    root, worklist = draft("It was signed on 5.6.1950 in Moscow.\n")
    assert xp(root, ".//tei:body//tei:date") == []
    [item] = [i for i in worklist.items if i.kind == "date"]
    assert (item.line, item.column, item.text) == (FIRST_LINE, 18, "5.6.1950")
    assert "day.month or month.day" in item.message


# ------------------------------------------------------------------ a folder at once


def test_import_a_folder(tmp_path: Path, invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "in"
    folder.mkdir()
    for source in SOURCES[:4]:
        (folder / source.name).write_bytes(source.read_bytes())
    (folder / "bad.txt").write_bytes(HEAD.encode() + b"Caf\xe9.\n")
    (folder / "notes.md").write_text("not a transcription")
    result = invoke("import", "in", "-o", "out", "--registers", REGISTERS)
    assert result.exit_code == 1, result.output
    assert result.stderr.splitlines() == [
        f"in/bad.txt:{FIRST_LINE}:4: error: not UTF-8: invalid byte 0xe9 [encoding]"
    ]
    lines = result.stdout.splitlines()
    assert lines[0].startswith("in/1947-12-16-stalin-kuznetsov-to-mao.txt: draft written to out/")
    assert f"in/bad.txt: refused: in/bad.txt:{FIRST_LINE}:4: error" in result.stdout
    assert "4 draft(s) written, 1 file(s) refused" in lines
    written_files = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert written_files == sorted(
        [f"{s.stem}.xml" for s in SOURCES[:4]] + [f"{s.stem}.worklist.json" for s in SOURCES[:4]]
    )
    assert lines[-1].startswith("Names in several documents and in no register")
    # nothing is overwritten without --force; nothing was written by the refused run
    again = invoke("import", "in", "-o", "out")
    assert again.exit_code == 2
    assert "already exists (use --force to overwrite it) [overwrite]" in again.stderr


def test_import_a_folder_takes_no_single_worklist(tmp_path: Path, invoke) -> None:
    result = invoke("import", ARCHIVE, "-o", tmp_path / "out", "--worklist", tmp_path / "w.json")
    assert result.exit_code == 2
    assert "--worklist is for one SOURCE file" in result.stderr
    assert not (tmp_path / "out").exists()


def test_import_the_whole_test_set(tmp_path: Path, invoke) -> None:
    result = invoke("import", ARCHIVE, "-o", tmp_path, "--registers", REGISTERS)
    assert result.exit_code == 0, result.output
    assert f"{len(SOURCES)} draft(s) written, 0 file(s) refused" in result.stdout
    assert len(list(tmp_path.glob("*.xml"))) == len(SOURCES)
    assert len(list(tmp_path.glob("*.worklist.json"))) == len(SOURCES)
    report = result.stdout[result.stdout.index("Names in several documents") :]
    assert (
        "  Heo Dam: 1977-09-24-romanian-telegram-066738.txt, "
        "1978-04-14-romanian-telegram-066621.txt" in report.splitlines()
    )
    registered = load_register(REGISTERS).known_words()
    assert not any(line.split(":")[0].strip() in registered for line in report.splitlines()[1:])


@pytest.mark.parametrize(
    "body",
    [
        "The word/?/ was unclear and conte/?/nts too.\n",
        "Spaces inside [ Mao ] and after [sic] ] here.\n",
        "An [unclosed one and [a nested] pair.\n",
        "A [bracket [inside ] another.\n",
        "It ended cotton. ]It went on.\n",
        "[stamp: a stamp that never closes\n\nand a second paragraph.\n",
        "Text [handwritten: over\n\ntwo paragraphs] and more.\n\nThen a stray ] alone.\n",
    ],
)
def test_no_bracket_refuses_a_transcription(tmp_path: Path, body: str) -> None:
    out = written(tmp_path, body)  # every word kept, valid
    root = etree.parse(str(out)).getroot()
    for text in root.xpath(
        "//tei:text//text()[contains(., '[') or contains(., ']')]", namespaces=NS
    ):
        assert text.getparent().get("type") == "unresolved"
