"""`tei-edition import`: drafts that are valid, keep every word, and name what to check."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from lxml import etree

from tei_edition import NS, TEI_NS
from tei_edition.fidelity import compare, diplomatic_words, source_words
from tei_edition.importer import draft_from_source, import_source
from tei_edition.issues import TeiEditionError, UsageError
from tei_edition.read.xmlparse import parse_tei
from tei_edition.validate import validate_paths

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "import"
EDITION = ROOT / "edition" / "mikoyan-recollections-1958.xml"
REGISTER = ROOT / "edition" / "registers.xml"
SOURCE = ROOT / "edition" / "source" / "mikoyan-recollections-1958.txt"
REGISTERS = FIXTURES / "registers.xml"
INPUTS = ["telegram.txt", "memorandum.txt", "brackets.txt", "letter-crlf.txt"]


def errors_of(path: Path) -> list[str]:
    report = validate_paths([path])
    return [i.format() for i in report.issues if i.severity == "error"]


@pytest.fixture(scope="module")
def memoir_draft(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("memoir") / "draft.xml"
    import_source(SOURCE, out, registers=REGISTER, worklist=out.with_suffix(".json"))
    return out


# ------------------------------------------------------------------ the memoir


def test_memoir_draft_is_valid(memoir_draft: Path) -> None:
    assert errors_of(memoir_draft) == []


def test_memoir_draft_keeps_every_word(memoir_draft: Path, source_txt: Path) -> None:
    tree = parse_tei(memoir_draft)
    assert compare(tree, source_txt) == []
    assert diplomatic_words(tree) == source_words(source_txt)


def test_memoir_header_from_the_front_matter(memoir_draft: Path) -> None:
    root = parse_tei(memoir_draft).getroot()

    def text(path: str) -> str:
        return " ".join("".join(root.xpath(path, namespaces=NS)[0].itertext()).split())

    header = "tei:teiHeader/tei:fileDesc"
    assert text(f"{header}/tei:titleStmt/tei:title") == (
        "Anastas Mikoyan's Recollections of his Trip to China"
    )
    assert text(f"{header}/tei:titleStmt/tei:author[@xml:id='author']") == "Anastas Mikoyan"
    assert text(f"{header}/tei:titleStmt/tei:respStmt[@xml:id='translator']/tei:persName") == (
        "Sergey Radchenko"
    )
    assert root.xpath(f"{header}/tei:titleStmt/tei:respStmt/@xml:id", namespaces=NS) == [
        "translator",
        "edition",
    ]
    assert text(f"{header}/tei:titleStmt/tei:funder") == "MacArthur Foundation"
    bibl = f"{header}/tei:sourceDesc/tei:bibl"
    assert text(f"{bibl}/tei:idno") == "121774"
    assert root.xpath(f"{bibl}/tei:ref/@target", namespaces=NS) == [
        "https://wilson-center.drivingcreative.com/document/121774"
    ]
    assert text(f"{bibl}/tei:publisher") == "Wilson Center Digital Archive"
    assert root.xpath(f"{bibl}/tei:date/@when", namespaces=NS) == ["1958-09-04"]
    assert root.xpath(
        "tei:teiHeader/tei:profileDesc/tei:creation/tei:date/@when", namespaces=NS
    ) == ["1958-09-04"]
    assert root.xpath(
        "tei:teiHeader/tei:profileDesc/tei:langUsage/tei:language/@ident", namespaces=NS
    ) == ["en", "ru", "ru-Latn"]
    assert text("tei:teiHeader/tei:profileDesc/tei:abstract").startswith(
        "Anastas Mikoyan gives a very detailed summary"
    )


def test_memoir_body_structure(memoir_draft: Path) -> None:
    root = parse_tei(memoir_draft).getroot()
    body = root.find("tei:text/tei:body", NS)
    assert body is not None

    def xp(path: str) -> list[str]:
        return [str(v) for v in body.xpath(path, namespaces=NS)]

    assert [etree.QName(e).localname for e in body.findall(".//tei:opener/*", NS)] == [
        "seg",
        "seg",
        "dateline",
    ]
    assert ["".join(h.itertext()) for h in body.findall(".//tei:div/tei:head", NS)] == [
        "About Port Arthur",
        "About Xinjiang",
    ]
    assert len(xp(".//tei:pb")) == 5
    assert xp(".//tei:milestone/@rend") == ["***"]
    assert len(xp(".//tei:p")) == 73  # the edition: 72 and a head ("Perhaps add:")
    assert xp(".//tei:gap/@reason") == ["missing"]
    assert sorted(set(xp(".//tei:date/@when"))) == [
        "1949-01-14",
        "1949-01-26",
        "1949-02-05",
        "1958-09-04",
    ]


def test_memoir_standoff_holds_the_entries_used(memoir_draft: Path) -> None:
    root = parse_tei(memoir_draft).getroot()
    refs = {
        r.lstrip("#")
        for value in root.xpath(
            "tei:text//@ref | tei:teiHeader//tei:persName/@ref | tei:teiHeader//tei:orgName/@ref",
            namespaces=NS,
        )
        for r in str(value).split()
    }
    ids = set(root.xpath("tei:standOff//@xml:id", namespaces=NS))
    assert refs == ids
    assert {"stalin", "mao", "kovalev-e", "kovalev-i", "xibaipo", "vkpb-cc"} <= ids
    assert root.xpath("tei:teiHeader//tei:author/tei:persName/@ref", namespaces=NS) == [
        "#mikoyan",
        "#mikoyan",
    ]


def test_memoir_worklist_json(memoir_draft: Path) -> None:
    data = json.loads(memoir_draft.with_suffix(".json").read_text(encoding="utf-8"))
    assert data["source"].endswith("mikoyan-recollections-1958.txt")
    kinds = {item["kind"] for item in data["items"]}
    assert {"name", "ambiguous-name", "structure"} <= kinds
    assert all({"line", "column", "kind", "text", "message"} == set(i) for i in data["items"])
    willys = [i for i in data["items"] if i["kind"] == "name" and i["text"] == "Willys"]
    assert [(i["line"], i["column"]) for i in willys] == [(75, 25)]
    pbs = [i["line"] for i in data["items"] if "page break" in i["message"]]
    assert pbs == [51, 117, 135, 153, 173]


def test_import_is_deterministic(tmp_path: Path, source_txt: Path, register: Path) -> None:
    first = draft_from_source(source_txt, register).to_bytes()
    second = draft_from_source(source_txt, register).to_bytes()
    assert first == second


def test_without_registers_no_names_are_tagged(source_txt: Path) -> None:
    draft = draft_from_source(source_txt)
    root = draft.tree.getroot()
    names = "tei:text//*[self::tei:persName or self::tei:placeName or self::tei:orgName]"
    assert root.xpath(names, namespaces=NS) == []
    assert root.xpath("//@ref", namespaces=NS) == []
    assert root.find("tei:standOff", NS) is None
    unknown = {i.text for i in draft.worklist.items if i.kind == "name"}
    assert {"Stalin", "Mao Zedong", "Xinxibo", "Port Arthur"} <= unknown


def test_without_registers_titles_and_places_are_not_glued_to_names(source_txt: Path) -> None:
    """ "the Communist Terebin", "the Oblast Committee Golubov", "the Politburo Zhou Enlai",
    "from Moscow Stalin told me": each name listed on its own, where it stands."""
    items = {i.text: i for i in draft_from_source(source_txt).worklist.items if i.kind == "name"}
    for glued in ("Communist Terebin", "Oblast Committee Golubov", "Politburo Zhou Enlai"):
        assert glued not in items
    assert not [name for name in items if "Stalin" in name and name != "Stalin"]
    expected = {
        "Terebin": (57, 279, "'Terebin' is not in the registers (line 57)"),
        "Golubov": (61, 117, "'Golubov' is not in the registers (line 61)"),
        "Oblast Committee": (61, 100, "'Oblast Committee' is not in the registers (line 61)"),
        "Zhou Enlai": (95, 607, "'Zhou Enlai' is not in the registers (lines 95, 99, 101)"),
    }
    for name, place in expected.items():
        assert (items[name].line, items[name].column, items[name].message) == place
    assert "101" in items["Politburo"].message.split("(")[1]
    assert ", 103, 111, " in items["Moscow"].message
    assert (items["Stalin"].line, items["Stalin"].column) == (35, 434)


# ------------------------------------------------------------------ other inputs


@pytest.mark.parametrize("name", INPUTS)
def test_fixture_imports_to_a_valid_faithful_draft(name: str, tmp_path: Path) -> None:
    out = tmp_path / "draft.xml"
    import_source(FIXTURES / name, out, registers=REGISTERS)
    assert errors_of(out) == []
    text = (FIXTURES / name).read_text(encoding="utf-8")
    marker = "Translation - English" if "Translation - English" in text else "#### **Contents:**"
    words = [w for line in text.split(marker)[1].splitlines() for w in unescape(line).split()]
    assert diplomatic_words(parse_tei(out)) == words


def unescape(line: str) -> str:
    return line.replace("\\*", "*").replace("\\[", "[").replace("\\]", "]")


def test_letter_in_english_with_crlf_and_escapes() -> None:
    draft = draft_from_source(FIXTURES / "letter-crlf.txt")
    root = draft.tree.getroot()
    div = root.find("tei:text/tei:body/tei:div", NS)
    assert div is not None and div.get("type") == "letter"
    assert [etree.QName(e).localname for e in div] == ["opener", "p", "closer"]
    assert [etree.QName(e).localname for e in div[2]] == ["salute", "signed"]
    assert [s.text for s in div.iter(f"{{{TEI_NS}}}supplied")] == ["ferry", "was"]
    assert "\r" not in etree.tostring(root, encoding="unicode")
    resp = root.xpath(".//tei:respStmt[@xml:id='translator']/tei:resp/text()", namespaces=NS)
    assert resp == ["interventions in square brackets by"]
    # a signature opening its line keeps its first name
    assert [i.text for i in draft.worklist.sorted() if i.kind == "name"] == [
        "Olga",
        "Riga",
        "Karl Mann",
    ]


def test_telegram_signature_salute_two_languages(tmp_path: Path) -> None:
    draft = draft_from_source(FIXTURES / "telegram.txt", REGISTERS)
    root = draft.tree.getroot()

    def xp(path: str) -> list[str]:
        return [str(v) for v in root.xpath(path, namespaces=NS)]

    assert xp("tei:text/tei:body/tei:div/@type") == ["telegram"]
    assert xp(".//tei:closer/tei:signed/tei:persName/@ref") == ["#petrov"]
    assert xp(".//tei:opener/tei:salute/tei:orgName/@ref") == ["#harbor-office"]
    assert xp(".//tei:sourceDesc/tei:bibl/tei:textLang/@mainLang") == ["ru"]
    assert xp(".//tei:sourceDesc/tei:bibl/tei:textLang/@otherLangs") == ["zh"]
    assert xp(".//tei:msContents/tei:textLang/@*") == ["ru", "zh"]
    assert xp(".//tei:msContents/tei:textLang/text()") == ["Russian, Chinese"]
    assert xp(".//tei:langUsage/tei:language/@ident") == ["en", "ru", "zh"]
    assert xp(".//tei:text//tei:date/@when") == ["1950-03-12", "1950-03-09"]
    assert xp(".//tei:titleStmt/tei:author/tei:persName[@ref='#petrov']/text()") == ["Ivan Petrov"]


def test_memorandum_without_credits(tmp_path: Path) -> None:
    draft = draft_from_source(FIXTURES / "memorandum.txt", REGISTERS)
    root = draft.tree.getroot()

    def xp(path: str) -> list[str]:
        return [str(v) for v in root.xpath(path, namespaces=NS)]

    assert xp(".//tei:titleStmt/tei:funder") == []
    assert xp(".//tei:titleStmt/tei:author/text()") == ["Unknown author"]
    assert xp(".//tei:opener/tei:dateline/tei:date/@when") == ["1961-06-01"]
    assert xp(".//tei:text//tei:date/@notBefore") == ["1960-03-01", "1960-11-01"]
    assert len(xp(".//tei:text//tei:pb")) == 1
    open_items = {(i.kind, i.line) for i in draft.worklist.items}
    assert ("date", 35) in open_items  # February 30, 1961
    assert ("header", 5) in open_items  # no author in the title
    messages = [i.message for i in draft.worklist.items]
    assert "date 'February 30, 1961' not normalized: February has no day 30 in 1961" in messages


def test_every_bracket_kind(tmp_path: Path) -> None:
    draft = draft_from_source(FIXTURES / "brackets.txt", REGISTERS)
    text = draft.tree.getroot().find("tei:text", NS)
    assert text is not None
    found = {etree.QName(e).localname for e in text.iter(etree.Element)}
    assert {
        "supplied", "choice", "abbr", "expan", "ex", "sic", "corr", "note", "term", "foreign",
        "unclear", "gap",
    } <= found  # fmt: skip
    resps = {
        (etree.QName(e).localname, e.get("resp")) for e in text.iter(etree.Element) if e.get("resp")
    }
    assert ("expan", "#edition") in resps  # c., Com.
    assert ("supplied", "#translator") in resps
    assert ("note", "#author") in resps
    assert {v for (_, v) in resps} == {"#translator", "#edition", "#author"}
    assert [i.text for i in draft.worklist.items if i.kind == "date"] == ["February 2"]


# ------------------------------------------------------------------ the command line


def write(path: Path, data: bytes | str) -> Path:
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


MINIMAL = (
    "## **May 1, 1950**\n\n### **A Note**\n\n#### **Contents:**\n\n"
    "Translation - English\n\nShort [and] plain.\n"
)


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_cli_writes_draft_and_worklist(here: Path, invoke) -> None:
    write(here / "note.txt", MINIMAL)
    result = invoke("import", "note.txt", "-o", "note.xml", "--worklist", "note.json")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[:2] == [
        "note.xml: draft written",
        "note.json: worklist written",
    ]
    assert "Worklist:" in result.stdout
    assert errors_of(here / "note.xml") == []
    data = json.loads((here / "note.json").read_text(encoding="utf-8"))
    assert data["source"] == "note.txt"


def test_cli_refuses_to_overwrite(here: Path, invoke) -> None:
    write(here / "note.txt", MINIMAL)
    write(here / "note.xml", "keep me")
    result = invoke("import", "note.txt", "-o", "note.xml")
    assert result.exit_code == 2
    assert result.stderr == (
        "note.xml: error: already exists (use --force to overwrite it) [overwrite]\n"
    )
    assert (here / "note.xml").read_text() == "keep me"
    result = invoke("import", "note.txt", "-o", "note.xml", "--force")
    assert result.exit_code == 0
    assert (here / "note.xml").read_bytes().startswith(b"<?xml")


@pytest.mark.parametrize(
    ("content", "message", "code"),
    [
        (b"", "empty.txt:1:1: error: file is empty [well-formed]", 1),
        (b"\n  \n", "empty.txt:1:1: error: file is empty [well-formed]", 1),
        (
            b"## **May 1, 1950**\n\x00\x01\x02",
            "empty.txt:2:1: error: binary data (NUL byte): the source must be UTF-8 text "
            "[encoding]",
            1,
        ),
        (
            b"## **May 1, 1950**\n\n### **Caf\xe9**\n",
            "empty.txt:3:10: error: not UTF-8: invalid byte 0xe9 [encoding]",
            1,
        ),
        (
            b"## **May 1, 1950**\n\n### **A Note**\n\n#### **Summary:**\n\nText.\n",
            "empty.txt:7:1: error: no Contents section ('#### **Contents:**'): the text of the "
            "document was not found [layout]",
            1,
        ),
        (
            b"Dear reader,\n",
            "empty.txt:1:1: error: not in the archive's layout: expected a date heading "
            "('## **Month D, YYYY**') or a title ('### **Title**'), found 'Dear reader,' "
            "[layout]",
            1,
        ),
    ],
)
def test_cli_malformed_input(here: Path, invoke, content: bytes, message: str, code: int) -> None:
    write(here / "empty.txt", content)
    result = invoke("import", "empty.txt", "-o", "out.xml")
    assert result.exit_code == code
    assert result.stderr == message + "\n"
    assert result.stdout == ""
    assert not (here / "out.xml").exists()
    assert [p.name for p in here.iterdir()] == ["empty.txt"]


def test_cli_missing_source_and_bad_registers(here: Path, invoke) -> None:
    result = invoke("import", "nowhere.txt", "-o", "out.xml")
    assert (result.exit_code, result.stderr) == (2, "nowhere.txt: error: no such file [io]\n")
    write(here / "note.txt", MINIMAL)
    write(here / "regs.xml", "<notxml")
    result = invoke("import", "note.txt", "-o", "out.xml", "--registers", "regs.xml")
    assert result.exit_code == 1
    assert result.stderr.startswith("regs.xml:1:")
    assert not (here / "out.xml").exists()


def test_cli_never_overwrites_the_source(here: Path, invoke) -> None:
    write(here / "note.txt", MINIMAL)
    result = invoke("import", "note.txt", "-o", "note.txt", "--force")
    assert (result.exit_code, result.stderr) == (
        2,
        "note.txt: error: would overwrite the source [io]\n",
    )
    assert (here / "note.txt").read_text(encoding="utf-8") == MINIMAL
    result = invoke("import", "note.txt", "-o", "a.xml", "--worklist", "a.xml")
    assert (result.exit_code, result.stderr) == (
        2,
        "a.xml: error: the worklist and the draft must be different files [io]\n",
    )


def test_cli_output_required(here: Path, invoke) -> None:
    write(here / "note.txt", MINIMAL)
    result = invoke("import", "note.txt")
    assert result.exit_code == 2
    assert "Missing option '-o' / '--output'" in result.stderr


def test_library_errors_leave_no_file(tmp_path: Path) -> None:
    src = write(tmp_path / "bad.txt", MINIMAL.replace("Short", "Sh\x00ort"))
    with pytest.raises(TeiEditionError) as caught:
        import_source(src, tmp_path / "out.xml")
    assert caught.value.issues[0].rule == "encoding"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.txt"]
    with pytest.raises(UsageError):
        import_source(src, tmp_path, force=True)


# ------------------------------------------------------------------ import, then export


def test_import_then_export_html(here: Path, invoke) -> None:
    result = invoke(
        "import", str(FIXTURES / "telegram.txt"), "-o", "telegram.xml", "--registers",
        str(REGISTERS),
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    result = invoke("export", "telegram.xml", "--to", "html", "-o", "out")
    assert result.exit_code == 0, result.stderr
    html = (here / "out" / "telegram.html").read_text(encoding="utf-8")
    assert "Polar Star" in html
    assert "PETROV" in html
    assert os.path.getsize(here / "out" / "telegram.html") > 500


@pytest.mark.slow
def test_drafts_are_valid_tei_all(tmp_path: Path, tei_all: Path) -> None:
    """Every draft valid against the project's schema is valid TEI (tei_all) too."""
    drafts = []
    for name in INPUTS:
        out = tmp_path / name.replace(".txt", ".xml")
        import_source(FIXTURES / name, out, registers=REGISTERS)
        drafts.append(out)
    out = tmp_path / "memoir.xml"
    import_source(SOURCE, out, registers=REGISTER)
    drafts.append(out)
    report = validate_paths(drafts, schema=tei_all, schematron=False)
    assert [i.format() for i in report.issues if i.severity == "error"] == []
    assert len(report.files) == len(drafts)
