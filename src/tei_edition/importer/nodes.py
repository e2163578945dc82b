"""A small in-memory model of TEI inline content, built before it becomes XML.

Inline content is a list of strings and :class:`Node` objects. Each node keeps a
``key``: the text it contributes when names and dates are matched across it
(``None`` makes it opaque: no name or date may cross it).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from tei_edition import TEI_NS, XML_NS

Inline = list["Node | str"]


@dataclass
class Node:
    tag: str
    attrib: dict[str, str] = field(default_factory=dict)
    children: Inline = field(default_factory=list)
    key: str | None = None
    recurse: bool = False
    """Tag names and dates inside this node's children (authorial remarks)."""
    gloss: bool = False
    """The translator's identification of the name just before it (``Filippov [Stalin]``)."""

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)


def el(
    tag: str, *children: Node | str, key: str | None = None, recurse: bool = False, **attrib: str
) -> Node:
    """``el("supplied", "and", resp="#translator")``; ``xml_lang`` becomes ``xml:lang``."""
    attrs = {k.replace("xml_", "xml:").rstrip("_"): v for k, v in attrib.items()}
    return Node(tag, attrs, [c for c in children if c != ""], key=key, recurse=recurse)


def append_text(out: Inline, text: str) -> None:
    """Append ``text``, merging it with a string already at the end of ``out``."""
    if not text:
        return
    if out and isinstance(out[-1], str):
        out[-1] += text
    else:
        out.append(text)


def extend(out: Inline, items: Inline) -> None:
    for item in items:
        if isinstance(item, str):
            append_text(out, item)
        else:
            out.append(item)


def _qname(tag: str) -> str:
    if tag.startswith("xml:"):
        return f"{{{XML_NS}}}{tag[4:]}"
    return f"{{{TEI_NS}}}{tag}"


def to_xml(parent: etree._Element, content: Inline) -> None:
    """Append ``content`` to ``parent`` as text, tails and child elements."""
    last: etree._Element | None = None
    texts: list[str] = []  # the strings since the last child, set at once

    def put_text() -> None:
        if not texts:
            return
        if last is None:
            parent.text = (parent.text or "") + "".join(texts)
        else:
            last.tail = (last.tail or "") + "".join(texts)
        texts.clear()

    for item in content:
        if isinstance(item, str):
            texts.append(item)
            continue
        put_text()
        child = etree.SubElement(parent, _qname(item.tag))
        for name, value in item.attrib.items():
            child.set(_qname(name) if name.startswith("xml:") else name, value)
        to_xml(child, item.children)
        last = child
    put_text()


def wordset(text: str) -> frozenset[str]:
    """The whitespace-separated words of ``text`` as a set (for word lists in source)."""
    return frozenset(text.split())
