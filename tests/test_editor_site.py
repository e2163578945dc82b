"""The editor's own site: Markdown pages and introduction, stylesheet, logo and colour."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from site_support import make_edition
from tei_edition.edition.config import load_edition, read_config
from tei_edition.issues import UsageError
from tei_edition.site.build import build_site
from tei_edition.site.pages import render


def _set(folder: Path, old: str, new: str) -> None:
    config = folder / "edition.toml"
    text = config.read_text(encoding="utf-8")
    assert old in text, old
    config.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    ed = make_edition(tmp_path_factory.mktemp("ed") / "ed")
    (ed / "logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>\n')
    (ed / "mine.css").write_text("h1 { letter-spacing: .02em; }\n")
    (ed / "about.md").write_text(
        "# About\n\nMade by *us*.\n\n<script>alert(1)</script>\n\n"
        "[bad](javascript:alert(1)) [ftp](ftp://host/x) [good](https://example.net/)\n"
    )
    _set(ed, 'stylesheet = ""', 'stylesheet = "mine.css"')
    _set(ed, 'logo = ""', 'logo = "logo.svg"')
    _set(ed, 'accent = ""', 'accent = "#8a1c1c"')
    config = ed / "edition.toml"
    text = config.read_text(encoding="utf-8")
    start = text.index('introduction = """')
    end = text.index('"""', start + 20) + 3
    intro = 'introduction = """\nLetters *of note*, see [the list](https://example.net/list).\n"""'
    config.write_text(text[:start] + intro + text[end:], encoding="utf-8")
    out = ed.parent / "out"
    build_site(ed, out, pdf=False, search=False)
    return out


def test_the_page_is_in_the_site_and_its_navigation(site: Path) -> None:
    page = (site / "pages" / "about.html").read_text()
    assert "<em>us</em>" in page
    assert 'href="../pages/about.html" aria-current="page">About</a>' in page
    assert 'href="pages/about.html">About</a>' in (site / "index.html").read_text()


def test_raw_html_and_unsafe_links_are_neutralised(site: Path) -> None:
    page = (site / "pages" / "about.html").read_text()
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "javascript:" not in page.split("<main", 1)[1].replace("[bad](javascript:", "")
    assert 'href="ftp://' not in page
    assert '<a href="https://example.net/">good</a>' in page


def test_stylesheet_logo_and_accent(site: Path) -> None:
    home = (site / "index.html").read_text()
    links = [line for line in home.split("<link") if 'rel="stylesheet"' in line]
    assert [x.split('href="')[1].split('"')[0] for x in links] == [
        "theme/edition.css",
        "theme/site.css",
        "theme/edition-colours.css",
        "theme/edition-theme.css",
    ]
    assert "letter-spacing" in (site / "theme" / "edition-theme.css").read_text()
    assert "--accent: #8a1c1c;" in (site / "theme" / "edition-colours.css").read_text()
    assert (site / "theme" / "edition-logo.svg").is_file()
    assert 'src="theme/edition-logo.svg" alt="Test"' in home or (
        'src="theme/edition-logo.svg" alt="' in home
    )
    assert ' style="' not in home


def test_the_introduction_is_markdown(site: Path) -> None:
    home = (site / "index.html").read_text()
    assert "<em>of note</em>" in home
    assert '<a href="https://example.net/list">the list</a>' in home
    assert "*of note*" not in home


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('accent = ""', 'accent = "red; } body { x"', "theme.accent"),
        ('logo = ""', 'logo = "../logo.png"', "leaves the edition folder"),
        ('logo = ""', 'logo = "logo.exe"', "must be an image"),
        ('stylesheet = ""', 'stylesheet = "/etc/x.css"', "absolute"),
        ('{file = "about.md", title = "About"}', '{file = "a b.md", title = "A"}', "Markdown"),
    ],
)
def test_bad_keys_are_reported_at_their_line(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    ed = make_edition(tmp_path / "ed")
    _set(ed, old, new)
    with pytest.raises(UsageError) as caught:
        read_config(ed / "edition.toml")
    issue = caught.value.issues[0]
    key = "pages" if new.startswith("{") else new.split(" ", 1)[0]
    line = next(
        n for n, t in enumerate((ed / "edition.toml").read_text().splitlines(), 1)
        if t.startswith(key)
    )  # fmt: skip
    assert message in issue.message and (issue.line, issue.column) == (line, 1)


def test_a_missing_page_is_reported_at_its_line(tmp_path: Path) -> None:
    ed = make_edition(tmp_path / "ed")
    (ed / "about.md").unlink()
    with pytest.raises(UsageError) as caught:
        load_edition(ed)
    issue = caught.value.issues[0]
    assert "about.md does not exist" in issue.message and issue.line > 0


def test_tables_and_headings_of_a_markdown_page() -> None:
    """GitHub's tables are rendered, without the inline style of a column's alignment
    (the pages' policy refuses inline styles)."""
    html = "".join(
        etree.tostring(e, encoding="unicode") for e in render("| a | b |\n|:--|--:|\n| 1 | 2 |\n")
    )
    assert "<th>a</th>" in html and "<td>2</td>" in html
    assert "style" not in html


def test_the_page_does_not_repeat_its_title_and_its_headings_go_down(tmp_path: Path) -> None:
    ed = make_edition(tmp_path / "ed")
    (ed / "about.md").write_text("# About\n\nWords.\n\n# Team\n\n## People\n", encoding="utf-8")
    out = tmp_path / "out"
    build_site(ed, out, pdf=False, search=False)
    main = (out / "pages" / "about.html").read_text(encoding="utf-8").split("<main", 1)[1]
    assert "<h1>" not in main and ">About<" not in main  # the page's own h1 says it
    assert "<h2>Team</h2>" in main and "<h3>People</h3>" in main
