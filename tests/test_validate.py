"""`tei-edition validate` and the validation library.

Invalid documents are small edits of a valid base (tests/fixtures/validate/cases.json):
each case names the rule it must trigger, its severity and a marker string on the line
the report must point at, so every Schematron rule and every closed value list is
checked for its exact rule id and line.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from lxml import etree

from tei_edition import validate as validation
from tei_edition.read.xmlparse import parse, parse_bytes
from tei_edition.validate import Report, validate_paths
from tei_edition.validate.schematron import SVRL_NS

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "validate"
VALID = sorted((FIXTURES / "valid").glob("*.xml"))
CASES = json.loads((FIXTURES / "cases.json").read_text(encoding="utf-8"))
SCH = Path(__file__).resolve().parents[1] / "schemas" / "tei_edition.sch"
LINE = re.compile(
    r"^(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): "
    r"(?P<sev>error|warning|info): .+ \[(?P<rule>[\w-]+)\]$"
)


def build_case(case: dict, folder: Path) -> tuple[Path, str]:
    """Write the case's document into ``folder``; return its path and text."""
    text = (FIXTURES / "valid" / case["base"]).read_text(encoding="utf-8")
    for old, new in case["replace"]:
        assert text.count(old) == 1, f"{case['name']}: {old!r} is not unique in the base"
        text = text.replace(old, new)
    path = folder / f"{case['name']}.xml"
    path.write_text(text, encoding="utf-8")
    return path, text


def marker_line(text: str, marker: str) -> int:
    lines = [n for n, line in enumerate(text.splitlines(), 1) if marker in line]
    assert len(lines) == 1, f"marker {marker!r} is on lines {lines}"
    return lines[0]


def expected(case: dict, text: str) -> set[tuple[str, str, int]]:
    return {(rule, sev, marker_line(text, marker)) for rule, sev, marker in case["expect"]}


# -- every case: exact rule, severity and line; exit codes ------------------------------


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_case_reports_rule_and_line(case: dict, tmp_path: Path) -> None:
    path, text = build_case(case, tmp_path)
    report = validate_paths([path])
    want = expected(case, text)
    # exactly the expected findings of the case's rules: none missing, none on another line
    rules = {rule for rule, _, _ in case["expect"]}
    got = {(i.rule, i.severity, i.line) for i in report.issues if i.rule in rules}
    assert got == want, f"missing {want - got}; unexpected {got - want}"
    allowed = {rule for rule, _, _ in case["expect"]} | set(case["also"])
    assert {i.rule for i in report.issues} <= allowed
    if not case["expect"]:
        assert report.issues == []
    assert report.exit_code() == case["exit"]
    assert report.exit_code(strict=True) == case.get("strict_exit", case["exit"])


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_case_through_the_cli(case: dict, tmp_path: Path, invoke) -> None:
    path, text = build_case(case, tmp_path)
    result = invoke("validate", path)
    assert result.exit_code == case["exit"], result.output
    lines = result.stdout.splitlines()
    parsed = [LINE.match(line) for line in lines]
    assert all(parsed), lines
    rules = {rule for rule, _, _ in case["expect"]}
    got = {(m["rule"], m["sev"], int(m["line"])) for m in parsed if m and m["rule"] in rules}
    assert got == expected(case, text)
    assert {m["path"] for m in parsed if m} <= {str(path)}
    assert "Traceback" not in result.output
    strict = invoke("validate", "--strict", path)
    assert strict.exit_code == case.get("strict_exit", case["exit"])


def test_every_schematron_rule_has_a_failing_case() -> None:
    rules = {
        a.get("id")
        for a in parse(SCH).iter(
            "{http://purl.oclc.org/dsdl/schematron}assert",
            "{http://purl.oclc.org/dsdl/schematron}report",
        )
    }
    covered = {rule for case in CASES for rule, _, _ in case["expect"]}
    assert rules - covered == set()


@pytest.mark.parametrize(
    ("attribute", "values"),
    [
        (
            "div type",
            "document section part letter telegram memorandum annex appendix addendum editorial",
        ),
        ("note type", "authorial translator editorial"),
        ("gap reason", "missing illegible damaged omitted redacted"),
        ("milestone unit", "section page column line"),
        ("cert", "high medium low unknown"),
    ],
)
def test_every_closed_list_value_has_a_valid_case_and_a_bad_value_fails(
    attribute: str, values: str
) -> None:
    key = attribute.split()[0]
    names = {c["name"] for c in CASES}
    for value in values.split():
        assert f"valid-{key}-{value}" in names
    bad = {
        "div": "div-type",
        "note": "note-type",
        "gap": "gap-reason",
        "milestone": "milestone-unit",
    }
    assert bad.get(key, "cert") in names


# -- the bundled edition and the valid fixtures -------------------------------------------


def test_bundled_edition_is_valid_by_default(invoke, edition: Path) -> None:
    assert edition.is_file(), f"the bundled edition is missing ({edition})"
    result = invoke("validate", edition)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert result.stderr.startswith("valid: 1 file checked, 1 valid, 0 invalid; 0 errors")
    strict = invoke("validate", "--strict", edition)
    assert strict.exit_code == 0, strict.output


@pytest.mark.parametrize("path", VALID, ids=[p.name for p in VALID])
def test_valid_fixtures_have_no_findings(path: Path) -> None:
    report = validate_paths([path])
    assert report.issues == []
    assert report.exit_code(strict=True) == 0


# -- Schematron: ids and roles reach the SVRL; lines come from the source -------------------


def test_rule_ids_and_roles_reach_the_svrl(tmp_path: Path) -> None:
    case = next(c for c in CASES if c["name"] == "register-unused")
    path, _ = build_case(case, tmp_path)
    tree = parse_bytes(path.read_bytes(), str(path), allow_duplicate_ids=True)
    svrl = validation.compiled_schematron().svrl(tree)
    fired = [(n.get("id"), n.get("role")) for n in svrl.iter(f"{{{SVRL_NS}}}failed-assert")]
    assert fired == [("register-unused", "warning")]
    location = next(svrl.iter(f"{{{SVRL_NS}}}failed-assert")).get("location")
    node = tree.xpath(location)[0]
    assert node.get("{http://www.w3.org/XML/1998/namespace}id") == "unused"


def test_attribute_findings_point_at_their_element(tmp_path: Path) -> None:
    case = next(c for c in CASES if c["name"] == "pointer-resolves")
    path, text = build_case(case, tmp_path)
    tree = parse_bytes(path.read_bytes(), str(path), allow_duplicate_ids=True)
    finding = validation.compiled_schematron().findings(tree)[0]
    assert finding.location.endswith("/@corresp")
    assert finding.location.startswith("/*[local-name()='TEI'")
    assert finding.line == marker_line(text, 'corresp="#gloss-missing"')


# -- options ----------------------------------------------------------------------------


def test_no_schematron_skips_the_rules(tmp_path: Path, invoke) -> None:
    case = next(c for c in CASES if c["name"] == "choice-mixed-pair")
    path, _ = build_case(case, tmp_path)
    assert invoke("validate", path).exit_code == 1
    result = invoke("validate", "--no-schematron", path)
    assert result.exit_code == 0, result.output
    report = validate_paths([path], schematron=False)
    assert report.files[0].stages == ["well-formed", "relaxng"]


@pytest.mark.slow  # libxml2 needs about 20 s to compile tei_all.rng
def test_schema_option_uses_another_relaxng(tmp_path: Path, invoke, tei_all: Path) -> None:
    case = next(c for c in CASES if c["name"] == "div-type")
    path, text = build_case(case, tmp_path)
    assert invoke("validate", "--no-schematron", path).exit_code == 1
    # tei_all has no closed list for div/@type
    result = invoke("validate", "--no-schematron", "--schema", tei_all, path)
    assert result.exit_code == 0, result.output
    # ... but it still rejects what TEI rejects, naming the schema in the message
    bad = tmp_path / "bad.xml"
    bad.write_text(text.replace("<head>Draft.</head>", "<head>Draft.</head><chapter/>"))
    result = invoke("validate", "--no-schematron", "--schema", tei_all, bad)
    assert result.exit_code == 1
    assert "(tei_all.rng) [relaxng]" in result.stdout


def test_unusable_schema_is_a_usage_error(tmp_path: Path, invoke) -> None:
    bogus = tmp_path / "bogus.rng"
    bogus.write_text('<grammar xmlns="http://relaxng.org/ns/structure/1.0"><start/></grammar>')
    result = invoke("validate", "--schema", bogus, VALID[0])
    assert result.exit_code == 2
    # libxml2 names no position; Jing (where Java is present) the schema's line and column
    assert re.match(
        rf"{re.escape(str(bogus))}(:\d+:\d+)?: error: not a usable RELAX NG schema", result.stderr
    )
    garbage = tmp_path / "garbage.rng"
    garbage.write_text("not xml at all")
    result = invoke("validate", "--schema", garbage, VALID[0])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{garbage}:1:2: error: Start tag expected")
    missing = invoke("validate", "--schema", tmp_path / "missing.rng", VALID[0])
    assert missing.exit_code == 2
    assert "schema file not found [io]" in missing.stderr


def test_json_report(tmp_path: Path, invoke) -> None:
    case = next(c for c in CASES if c["name"] == "ref-person-missing")
    path, text = build_case(case, tmp_path)
    result = invoke("validate", "--format", "json", VALID[0], path)
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["valid"] is False and data["exit_code"] == 1
    assert data["summary"] == {
        "files": 2,
        "valid": 1,
        "unreadable": 0,
        "errors": 1,
        "warnings": 1,
        "info": 0,
    }
    first, second = data["files"]
    assert first["valid"] is True and first["issues"] == []
    assert second["path"] == str(path)
    assert {(i["rule"], i["severity"], i["line"]) for i in second["issues"]} == {
        ("ref-person", "error", marker_line(text, 'ref="#nobody"')),
        ("register-unused", "warning", marker_line(text, '<person xml:id="mao">')),
    }
    assert result.stderr == ""


def test_strict_makes_warnings_fatal(tmp_path: Path, invoke) -> None:
    case = next(c for c in CASES if c["name"] == "register-unused")
    path, _ = build_case(case, tmp_path)
    plain = invoke("validate", path)
    assert plain.exit_code == 0
    assert plain.stderr.strip().endswith("0 errors, 1 warning, 0 info")
    strict = invoke("validate", "--strict", path)
    assert strict.exit_code == 1
    assert strict.stderr.startswith("INVALID: 1 file checked, 0 valid, 1 invalid")


# -- many files ---------------------------------------------------------------------------


def test_directories_recurse_sorted_and_continue_after_failures(tmp_path: Path, invoke) -> None:
    base = (FIXTURES / "valid" / "memoir.xml").read_text(encoding="utf-8")
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2.xml").write_text(base.replace('<div type="document">', '<div type="x">'))
    (tmp_path / "b" / "1.xml").write_text(base)
    (tmp_path / "a.xml").write_text("<broken")
    (tmp_path / "notes.txt").write_text("not xml")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "skip.xml").write_text("<broken")
    seen: list[list[str]] = []

    def progress(files):
        seen.append([f.name for f in files])
        yield from files

    report = validate_paths([tmp_path], progress=progress)
    assert seen == [["a.xml", "1.xml", "2.xml"]]
    assert [Path(f.path).name for f in report.files] == ["a.xml", "1.xml", "2.xml"]
    assert [f.ok() for f in report.files] == [False, True, False]
    assert report.exit_code() == 1
    result = invoke("validate", tmp_path)
    assert result.exit_code == 1
    rules = [LINE.match(line)["rule"] for line in result.stdout.splitlines()]
    assert rules[0] == "well-formed" and set(rules[1:]) == {"relaxng"}
    assert result.stderr.startswith("INVALID: 3 files checked, 1 valid, 2 invalid")


def test_a_missing_file_among_many_is_reported_and_the_rest_validated(
    tmp_path: Path, invoke
) -> None:
    result = invoke("validate", VALID[0], tmp_path / "missing.xml", VALID[-1])
    assert result.exit_code == 2
    assert result.stdout == f"{tmp_path / 'missing.xml'}: error: no such file [io]\n"
    assert result.stderr == (
        "INVALID: 2 files checked, 2 valid, 0 invalid, 1 path could not be read; "
        "1 error, 0 warnings, 0 info\n"
    )
    data = json.loads(
        invoke("validate", "--format", "json", VALID[0], tmp_path / "missing.xml").stdout
    )
    assert data["summary"]["files"] == 1 and data["summary"]["unreadable"] == 1
    assert [(f["readable"], f["valid"], f["stages"]) for f in data["files"]] == [
        (True, True, ["well-formed", "relaxng", "schematron"]),
        (False, False, []),
    ]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        (
            "div-type",
            'div/@type: "chapter" is not one of document, section, part, letter, telegram, '
            "memorandum, annex, appendix, addendum, editorial (tei_edition.rng)",
        ),
        (
            "cert",
            'supplied/@cert: "maybe" is not one of high, medium, low, unknown (tei_edition.rng)',
        ),
        ("when-pattern", 'date/@when: "4 Sept 1958" is not a valid value (tei_edition.rng)'),
        ("id-unique", 'head/@xml:id: "mao" is used more than once (tei_edition.rng)'),
        ("choice-single", "a required child element is missing (tei_edition.rng)"),
    ],
)
def test_relaxng_messages_are_readable(tmp_path: Path, name: str, message: str) -> None:
    case = next(c for c in CASES if c["name"] == name)
    path, _ = build_case(case, tmp_path)
    messages = [i.message for i in validate_paths([path]).issues if i.rule == "relaxng"]
    assert message in messages


@pytest.mark.parametrize(
    ("name", "message"),
    [
        (
            "ref-pointer-bare-word",
            'persName/@ref "mao" is neither a pointer to a register entry (#id) nor an absolute '
            "URI (did you mean #mao?)",
        ),
        (
            "ref-pointer-relative-file",
            'orgName/@ref "registers.xml#cc" is neither a pointer to a register entry (#id) nor '
            "an absolute URI",
        ),
        (
            "date-when-alone",
            '@when "1958-09-04" cannot be used with @notBefore, @notAfter, @from or @to '
            "(found @notBefore)",
        ),
        (
            "date-start-twice",
            '@from "1948-11-01" and @notBefore "1948-11-01" cannot be used together: the start '
            "is either exact (@from) or a limit (@notBefore)",
        ),
        ("date-notbefore-to", '@notBefore "1958-10" is later than @to "1958-09-04"'),
        ("date-from-notafter", '@from "1958-09-05" is later than @notAfter "1958-09-04"'),
        ("choice-empty-abbr", "abbr in choice is empty: each reading needs its text (or a gap)"),
        ("empty-p-empty-note", "p is empty (no text, gap, ptr or graphic)"),
    ],
)
def test_schematron_messages_are_readable(tmp_path: Path, name: str, message: str) -> None:
    case = next(c for c in CASES if c["name"] == name)
    path, _ = build_case(case, tmp_path)
    rule = case["expect"][0][0]
    assert [i.message for i in validate_paths([path]).issues if i.rule == rule] == [message]


def test_schemas_are_compiled_once_per_process(tmp_path: Path, monkeypatch) -> None:
    calls: list[object] = []
    real = etree.RelaxNG

    def counting(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)

    validation._relaxng.cache_clear()
    validation._schematron.cache_clear()
    monkeypatch.setattr(validation.etree, "RelaxNG", counting)
    validate_paths(VALID)
    validate_paths(VALID)
    assert len(calls) == 1
    assert validation._schematron.cache_info().misses == 1


def test_report_as_data() -> None:
    report = validate_paths(VALID)
    assert isinstance(report, Report)
    assert report.ok() and report.ok(strict=True)
    assert [Path(f.path).name for f in report.files] == [p.name for p in VALID]
    assert all(f.stages == ["well-formed", "relaxng", "schematron"] for f in report.files)
    assert report.summary() == (
        f"valid: {len(VALID)} files checked, {len(VALID)} valid, 0 invalid; "
        "0 errors, 0 warnings, 0 info"
    )
