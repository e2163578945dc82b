"""What `tei-edition validate` prints is something an editor can act on.

Each problem is reported once, by the check that owns it; the findings of one rule in one
file that say the same thing are one line with their count (``--verbose`` prints each,
JSON and SARIF keep each); every finding is at the line and column where its element's
start tag (or its attribute, or the pointer in it) stands; a document that does not parse
takes no part in the edition's checks; a name pointing to a register entry of the wrong
kind is an error; ``--format sarif`` writes SARIF 2.1.0.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from site_support import make_edition
from tei_edition.edition import load_edition
from tei_edition.validate import jing, validate_paths
from tei_edition.validate.edition import check_edition

TEI_NS = "http://www.tei-c.org/ns/1.0"
RNG_NS = "http://relaxng.org/ns/structure/1.0"
SCH_NS = "http://purl.oclc.org/dsdl/schematron"
BUNDLED = Path(__file__).resolve().parents[1] / "edition"
LINE = re.compile(r"^(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): (?P<sev>error|warning|info): ")

ANYTHING = f"""<?xml version="1.0"?>
<grammar xmlns="{RNG_NS}">
  <start><ref name="any"/></start>
  <define name="any">
    <element><anyName/>
      <zeroOrMore><choice><attribute><anyName/></attribute><text/><ref name="any"/></choice>
      </zeroOrMore>
    </element>
  </define>
</grammar>
"""
"""A RELAX NG schema every document is valid against: only the TEI checks find things."""


def tei(body: str, head: str = "") -> str:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
{head}<TEI xmlns="{TEI_NS}">
  <teiHeader>
    <fileDesc>
      <titleStmt><title>Test</title></titleStmt>
      <publicationStmt><p>Test</p></publicationStmt>
      <sourceDesc><p>Made for the tests.</p></sourceDesc>
    </fileDesc>
  </teiHeader>
  <text><body>
{body}
  </body></text>
</TEI>
"""


def position(text: str, needle: str, nth: int = 1) -> tuple[int, int]:
    """1-based line and column of the ``nth`` occurrence of ``needle`` in ``text``."""
    index = -1
    for _ in range(nth):
        index = text.index(needle, index + 1)
    return text.count("\n", 0, index) + 1, index - (text.rfind("\n", 0, index) + 1) + 1


@pytest.fixture
def anything(tmp_path: Path) -> Path:
    schema = tmp_path / "anything.rng"
    schema.write_text(ANYTHING, encoding="utf-8")
    return schema


@pytest.fixture
def hands(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A document with 56 additions by an undeclared hand "#m2", five by five other
    undeclared hands, and one pointer into nothing."""
    monkeypatch.chdir(tmp_path)
    lines = [f'    <p n="{n}">word <add hand="#m2">more</add> text</p>' for n in range(56)]
    lines[3] += ' <add hand="#m3">a</add> <add hand="#m4">b</add>'
    lines[7] += ' <add hand="#m5">c</add> <add hand="#m6">d</add>'
    lines[9] += ' <add hand="#m7">e</add>'
    lines.append('    <p><ref target="#nowhere">x</ref></p>')
    doc = tmp_path / "hands.xml"
    doc.write_text(tei("\n".join(lines)), encoding="utf-8")
    return doc


# -- repeated findings: one line, with their count -----------------------------------------


def test_repeated_findings_are_one_line_with_their_count(
    hands: Path, anything: Path, invoke
) -> None:
    text = hands.read_text(encoding="utf-8")
    result = invoke("validate", "--schema", anything, hands)
    assert result.exit_code == 0, result.output
    out = result.stdout.splitlines()
    m2 = [line for line in out if '"#m2"' in line]
    assert len(m2) == 1, out
    first, second, third = (position(text, '"#m2"', n)[0] for n in (1, 2, 3))
    line, column = position(text, "#m2")
    assert m2[0] == (
        f'hands.xml:{line}:{column}: warning: @hand "#m2" points to no xml:id in this document '
        f"[pointer-resolves] (56 times: lines {first}, {second}, {third}, …; "
        "--verbose lists all)"
    )
    # five other hands: the same finding with other values, one line that says so
    others = [line for line in out if "@hand" in line and '"#m2"' not in line]
    assert len(others) == 1, out
    assert "(5 times, 5 different values: lines " in others[0], others
    assert others[0].endswith("; --verbose lists all)")
    # a finding made once is a line of its own, as it was
    assert sum('"#nowhere"' in line for line in out) == 1
    assert len(out) == 3, out
    assert "62 warnings" in result.stderr


def test_verbose_json_and_sarif_keep_every_finding(hands: Path, anything: Path, invoke) -> None:
    verbose = invoke("validate", "--verbose", "--schema", anything, hands)
    lines = verbose.stdout.splitlines()
    assert len(lines) == 62, lines
    assert sum('"#m2"' in line for line in lines) == 56
    assert all(LINE.match(line) and "times" not in line for line in lines), lines
    assert invoke("validate", "-v", "--schema", anything, hands).stdout == verbose.stdout
    report = json.loads(invoke("validate", "--format", "json", "--schema", anything, hands).stdout)
    assert len(report["files"][0]["issues"]) == 62
    log = json.loads(invoke("validate", "--format", "sarif", "--schema", anything, hands).stdout)
    assert len(log["runs"][0]["results"]) == 62


# -- each problem once ------------------------------------------------------------------------


def test_two_problems_on_one_line_are_both_reported(tmp_path: Path, anything: Path) -> None:
    doc = tmp_path / "doc.xml"
    doc.write_text(
        tei('    <p><ref target="#a">x</ref> <ref target="#b">y</ref> <seg ana="#c">z</seg></p>'),
        encoding="utf-8",
    )
    report = validate_paths([doc], schemas=[anything])
    found = sorted(i.message for i in report.issues)
    assert found == [
        '@ana "#c" points to no xml:id in this document',
        '@target "#a" points to no xml:id in this document',
        '@target "#b" points to no xml:id in this document',
    ]


def test_a_missing_target_in_an_edition_is_reported_once(
    tmp_path: Path, invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The edition check owns the pointers of its documents: the TEI checks' warning on
    the same pointer is not said as well."""
    monkeypatch.chdir(tmp_path)
    ed = make_edition(tmp_path / "ed")
    letter = ed / "documents" / "1844-letter.xml"
    text = letter.read_text(encoding="utf-8").replace(
        "the bernoulli", '<persName ref="#nobody">X</persName> the bernoulli'
    )
    letter.write_text(text, encoding="utf-8")
    result = invoke("validate", ed)
    assert result.exit_code == 1
    named = [line for line in result.stdout.splitlines() if "#nobody" in line]
    line, column = position(text, "#nobody")
    assert named == [
        f"ed/documents/1844-letter.xml:{line}:{column}: error: ref '#nobody' names no element "
        "of this document [edition-pointer]"
    ], result.stdout
    check = check_edition(load_edition(ed))
    assert [i.rule for i in check.issues if "#nobody" in i.message] == ["edition-pointer"]


def test_the_profile_and_the_edition_check_report_a_pointer_once(
    tmp_path: Path, invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A document held to the profile: its Schematron (ref-person) and the edition check
    judge the same pointer; the edition check says it, once, at the pointer."""
    monkeypatch.chdir(tmp_path)
    ed = tmp_path / "ed"
    shutil.copytree(BUNDLED, ed, ignore=shutil.ignore_patterns("source"))
    (doc, *_) = sorted((ed / "documents").glob("19*.xml"))
    text = doc.read_text(encoding="utf-8")
    old = re.search(r'<persName ref="registers\.xml#\w+">', text)
    assert old is not None
    text = text.replace(old.group(), '<persName\n   ref="#ghost">', 1)
    doc.write_text(text, encoding="utf-8")
    result = invoke("validate", *sorted((ed / "documents").glob("*.xml")), ed)
    named = [line for line in result.stdout.splitlines() if "#ghost" in line]
    line, column = position(text, "#ghost")
    assert len(named) == 1, result.stdout
    assert named[0].startswith(f"ed/documents/{doc.name}:{line}:{column}: error: "), named
    assert named[0].endswith("[edition-pointer]")


# -- columns -----------------------------------------------------------------------------


def test_the_tei_checks_point_at_the_attribute_and_the_pointer(
    tmp_path: Path, anything: Path
) -> None:
    text = tei(
        '    <p xml:id="p1">a</p><p xml:id="p1">b</p>\n'
        '    <p>Two <hi>x</hi> and <hi\n        rend="b"  corresp="#p1 #gone">y</hi></p>'
    )
    doc = tmp_path / "doc.xml"
    doc.write_text(text, encoding="utf-8")
    issues = validate_paths([doc], schemas=[anything]).issues
    places = {(i.rule, i.line, i.column) for i in issues}
    assert places == {
        ("id-unique", *position(text, 'xml:id="p1"', 1)),
        ("id-unique", *position(text, 'xml:id="p1"', 2)),
        ("pointer-resolves", *position(text, "#gone")),
    }, issues


def test_schematron_findings_are_where_the_tag_or_attribute_begins(tmp_path: Path) -> None:
    """Two tags of one name on a line, a start tag over two lines, an attribute."""
    rules = tmp_path / "rules.sch"
    rules.write_text(
        f'<sch:schema xmlns:sch="{SCH_NS}" queryBinding="xslt">\n'
        f'  <sch:ns prefix="tei" uri="{TEI_NS}"/>\n'
        "  <sch:pattern><sch:rule context=\"tei:hi[@rend = 'b']\">"
        '<sch:report test="true()" id="bold">bold</sch:report></sch:rule></sch:pattern>\n'
        "  <sch:pattern><sch:rule context=\"@n[. = '2']\">"
        '<sch:report test="true()" id="two" role="warning">two</sch:report>'
        "</sch:rule></sch:pattern>\n"
        "</sch:schema>\n",
        encoding="utf-8",
    )
    text = tei(
        '    <p><hi rend="i">a</hi> <hi rend="b">b</hi></p>\n'
        '    <p>c <hi\n      rend="b">d</hi></p>\n'
        '    <p rend="x" n="2">e</p>'
    )
    doc = tmp_path / "doc.xml"
    doc.write_text(text, encoding="utf-8")
    issues = validate_paths([doc], schemas=[rules]).issues
    places = sorted((i.rule, i.line, i.column) for i in issues)
    assert places == sorted(
        [
            ("bold", *position(text, '<hi rend="b"')),
            ("bold", *position(text, "<hi\n")),
            ("two", *position(text, 'n="2"')),
        ]
    ), issues


def test_relax_ng_findings_have_columns(tmp_path: Path) -> None:
    """libxml2 gives no column: the element's start tag stands in; Jing's are kept."""
    schema = tmp_path / "strict.rng"
    schema.write_text(
        f'<element xmlns="{RNG_NS}" name="TEI" ns="{TEI_NS}">'
        '<element name="teiHeader"><empty/></element></element>\n',
        encoding="utf-8",
    )
    text = f'<TEI xmlns="{TEI_NS}">  <teiHeader/>  <text/></TEI>\n'
    doc = tmp_path / "doc.xml"
    doc.write_text(text, encoding="utf-8")
    (found,) = validate_paths([doc], schemas=[schema], engine="libxml2").issues
    assert (found.line, found.column) == position(text, "<text/>"), found
    if jing.available():
        (by_jing,) = validate_paths([doc], schemas=[schema], engine="jing").issues
        assert by_jing.line == 1 and by_jing.column > 1, by_jing


def test_edition_pointers_are_at_the_pointer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    ed = make_edition(tmp_path / "ed")
    memo = ed / "documents" / "1845-memo.xml"
    text = memo.read_text(encoding="utf-8").replace("registers.xml#babbage", "registers.xml#babage")
    memo.write_text(text, encoding="utf-8")
    (issue,) = [i for i in check_edition(load_edition(ed)).issues if "babage" in i.message]
    assert (issue.line, issue.column) == position(text, "registers.xml#babage")


# -- a member that does not parse ---------------------------------------------------------


def test_a_malformed_document_takes_no_part_in_the_edition_check(
    tmp_path: Path, invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The sample letter alone mentions the Royal Society and the Sketch: malformed, it
    is reported as such, and nothing else is said because of it."""
    monkeypatch.chdir(tmp_path)
    ed = make_edition(tmp_path / "ed")
    sample = ed / "documents" / "sample-letter.xml"
    sample.write_text(
        sample.read_text(encoding="utf-8").replace("</body>", "</bdy>"), encoding="utf-8"
    )
    result = invoke("validate", ed)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 1, lines
    assert "sample-letter.xml:" in lines[0] and "[well-formed]" in lines[0]
    check = check_edition(load_edition(ed))
    assert [i.rule for i in check.issues] == ["well-formed"], check.issues


def test_a_malformed_register_takes_no_part_in_the_edition_check(
    tmp_path: Path, invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    ed = make_edition(tmp_path / "ed")
    register = ed / "registers.xml"
    register.write_text(
        register.read_text(encoding="utf-8").replace("</listOrg>", "</listorg>"),
        encoding="utf-8",
    )
    result = invoke("validate", ed)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 1 and "registers.xml:" in lines[0], lines
    assert "outside the edition" not in result.stdout
    check = check_edition(load_edition(ed))
    assert [i.rule for i in check.issues] == ["well-formed"], check.issues


# -- names pointing to entries of the wrong kind -----------------------------------------------


@pytest.mark.parametrize(
    ("element", "entry", "kind"),
    [
        ("persName", "london", "a place (London), not a person"),
        ("placeName", "babbage", "a person (Charles Babbage), not a place"),
        ("orgName", "lovelace", "a person (Ada Lovelace), not an organisation"),
        ("orgName", "london", "a place (London), not an organisation"),
    ],
)
def test_a_name_pointing_to_an_entry_of_another_kind_is_an_error(
    tmp_path: Path, invoke, monkeypatch: pytest.MonkeyPatch, element: str, entry: str, kind: str
) -> None:
    monkeypatch.chdir(tmp_path)
    ed = make_edition(tmp_path / "ed")
    note = ed / "documents" / "1842-note.xml"
    text = note.read_text(encoding="utf-8").replace(
        "the word quaternion",
        f'the word <{element} ref="registers.xml#{entry}">quaternion</{element}>',
    )
    note.write_text(text, encoding="utf-8")
    line, column = position(text, f"registers.xml#{entry}", text.count(f"#{entry}"))
    expected = (
        f"ed/documents/1842-note.xml:{line}:{column}: error: {element} ref "
        f"'registers.xml#{entry}' names {kind} [edition-kind]"
    )
    result = invoke("validate", ed)
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [expected], result.stdout
    check = check_edition(load_edition(ed))
    assert [i.format() for i in check.errors] == [expected]


def test_a_name_pointing_to_a_local_entry_of_another_kind_is_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An entry of the document's own standOff is judged the same way."""
    monkeypatch.chdir(tmp_path)
    ed = make_edition(tmp_path / "ed")
    note = ed / "documents" / "1842-note.xml"
    text = note.read_text(encoding="utf-8")
    text = text.replace(
        "the word quaternion", '<persName ref="#bath">the word</persName> quaternion'
    ).replace(
        "</text>",
        '</text>\n  <standOff><listPlace><place xml:id="bath"><placeName>Bath</placeName>'
        "</place></listPlace></standOff>",
    )
    note.write_text(text, encoding="utf-8")
    errors = [i for i in check_edition(load_edition(ed)).errors]
    assert [(i.rule, i.message) for i in errors] == [
        ("edition-kind", "persName ref '#bath' names a place (Bath), not a person")
    ]


# -- SARIF ---------------------------------------------------------------------------------------


def test_sarif_is_a_sarif_2_1_0_log_of_every_finding(
    tmp_path: Path, invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    ed = make_edition(tmp_path / "ed")
    letter = ed / "documents" / "1844-letter.xml"
    text = letter.read_text(encoding="utf-8").replace(
        "the bernoulli", '<ref target="#nowhere">the</ref> <add hand="#h">bernoulli</add>'
    )
    letter.write_text(text, encoding="utf-8")
    (ed / "documents" / "sample-letter.xml").write_text("<TEI>", encoding="utf-8")
    result = invoke("validate", "--format", "sarif", ed)
    assert result.exit_code == 1
    log = json.loads(result.stdout)
    assert log["version"] == "2.1.0"
    assert log["$schema"].endswith("sarif-2.1.0.json")
    (run,) = log["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "tei-edition"
    rules = [r["id"] for r in driver["rules"]]
    results = run["results"]
    by_rule = {r["ruleId"]: r for r in results}
    assert set(by_rule) == set(rules) == {"pointer-resolves", "well-formed"}
    for r in results:
        assert r["level"] in ("error", "warning", "note")
        assert r["message"]["text"]
        assert rules[r["ruleIndex"]] == r["ruleId"]
        (location,) = r["locations"]
        physical = location["physicalLocation"]
        assert not Path(physical["artifactLocation"]["uri"]).is_absolute()
        assert physical["region"]["startLine"] >= 1
        assert physical["region"]["startColumn"] >= 1
    pointers = [r for r in results if r["ruleId"] == "pointer-resolves"]
    assert len(pointers) == 2
    line, column = position(text, "#nowhere")
    assert pointers[0]["level"] == "warning"
    assert pointers[0]["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "ed/documents/1844-letter.xml"},
        "region": {"startLine": line, "startColumn": column},
    }
    assert by_rule["well-formed"]["level"] == "error"
    json_report = json.loads(invoke("validate", "--format", "json", ed).stdout)
    findings = [i for f in json_report["files"] for i in f["issues"]]
    assert len(results) == len(findings) == 3
