"""Every address of the site, in one place: where each page and file of ``OUT`` is, as
a path relative to the site's root. The builder, the deposit, the search index and the
sitemap take their addresses from here (the stylesheets get them as parameters or in
their page models).
"""

from __future__ import annotations

from tei_edition.edition.conventions import KIND_PAGES

HOME = "index.html"
CHRONOLOGY = "chronology.html"
SEARCH = "search.html"
ACCESSIBILITY = "accessibility.html"
REGISTERS = "register/index.html"
REGISTER_FOLDER = "register/"
LISTING = "site.json"
SITEMAP = "sitemap.xml"


def sitemap(n: int) -> str:
    """Part ``n`` (from 1) of the sitemap, where it is cut into parts (sitemap.xml is
    then their index)."""
    return f"sitemap-{n}.xml"


DOCUMENT_PAGES = "documents/*.html"
"""The pages the search index is made from (a glob, as Pagefind takes it)."""


def document(slug: str, extension: str = ".html") -> str:
    """A document's page (``.html``) or one of its files (``.xml``, ``.txt``, ``.pdf``)."""
    return f"documents/{slug}{extension}"


def diplomatic(slug: str) -> str:
    """A document's page in the diplomatic reading."""
    return f"documents/diplomatic/{slug}.html"


def kind(name: str) -> str:
    """The page of one kind of register entry (``person`` → ``register/persons.html``)."""
    return f"register/{KIND_PAGES[name]}.html"


def entry(ident: str) -> str:
    """A register entry's page."""
    return f"register/{ident}.html"


def entry_page(ident: str, n: int) -> str:
    """Page ``n`` of an entry's mentions: the first is the entry's page, the others in a
    folder of the entry's own (``register/babbage/page-2.html``), which no entry's page can
    be named as (an id has no ``/``)."""
    return entry(ident) if n <= 1 else f"register/{ident}/page-{n}.html"


def paged(rel: str, n: int) -> str:
    """Page ``n`` of a list that goes on over several pages (the home page, the chronology,
    a kind of entry): the first is ``rel`` itself, the others beside it (``index.html`` →
    ``page-2.html``, ``chronology.html`` → ``chronology-2.html``, ``register/persons.html``
    → ``register/persons-2.html``)."""
    if n <= 1:
        return rel
    folder, _, name = rel.rpartition("/")
    stem = "page" if name == "index.html" else name.removesuffix(".html")
    return f"{folder}/{stem}-{n}.html" if folder else f"{stem}-{n}.html"


def page(name: str) -> str:
    """One of the editor's pages (edition.pages: ``about.md`` → ``pages/about.html``)."""
    return f"pages/{name}.html"


def depth(rel: str) -> str:
    """The way back to the site's root from the page at ``rel`` (``""``, ``"../"`` …)."""
    return "../" * rel.count("/")


OPEN_DATA = "open-data.html"
"""The page that lists what the site offers harvesters (site/harvest.py)."""
OAI_REPOSITORY = "oai/static-repository.xml"
CMIF = "cmif.xml"


def oai(name: str) -> str:
    """One of the OAI-PMH responses beside the static repository (``Identify`` →
    ``oai/Identify.xml``)."""
    return f"oai/{name}.xml"


def beacon(authority: str) -> str:
    """The BEACON file of an authority (``gnd`` → ``beacon-gnd.txt``)."""
    return f"beacon-{authority}.txt"


IIIF_COLLECTION = "iiif/collection.json"
"""The IIIF collection of the documents' manifests."""
IIIF_FOLDER = "iiif/"
IIIF_IMAGES = "iiif/images"
"""The folder of the page images' IIIF services."""


def iiif_image(key: str) -> str:
    """A page image's IIIF level-0 image service (its info.json and tiles are inside)."""
    return f"{IIIF_IMAGES}/{key}"


def iiif_manifest(slug: str) -> str:
    """A document's IIIF Presentation manifest."""
    return f"iiif/manifests/{slug}.json"
