"""IIIF Presentation API 3.0 manifests (made and checked with iiif-prezi3).

One manifest a document with page images: a canvas a page, painted with its image (the
site's level-0 image service, or the remote service or image the TEI names, as given),
the transcription of each page as a ``supplementing`` annotation on its canvas, and each
zone's words as one on the zone (``#xywh=`` on the canvas). Its label is the document's
title, ``rights`` the edition's licence where it is a Creative Commons or
RightsStatements.org address, ``requiredStatement`` the source the document transcribes,
``homepage`` the document's page. A collection lists the edition's manifests.

Every ``id`` is an address under the edition's ``base_url``: a manifest is for viewers
elsewhere, which need to know where the site is.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from tei_edition.edition.facsimile import Facsimile, Page
from tei_edition.site.iiif.tiles import Plan

PRESENTATION = "http://iiif.io/api/presentation/3/context.json"
RIGHTS_HOSTS = ("creativecommons.org", "rightsstatements.org")


@dataclass(frozen=True)
class Context:
    """What a document's manifest says besides its pages."""

    base: str  # the site's address, ending in /
    title: str
    homepage: str  # the document page's address
    language: str
    licence_url: str
    source_label: str
    edition_title: str


def _lang(language: str) -> str:
    return language or "none"


def _text(language: str, value: str) -> dict[str, list[str]]:
    return {_lang(language): [value]}


def rights(licence_url: str) -> str:
    """The licence as IIIF ``rights`` takes it (Creative Commons, RightsStatements.org),
    or ''."""
    host = (urlsplit(licence_url).hostname or "").lower()
    if host.startswith("www."):
        host = host[4:]
    return licence_url if host in RIGHTS_HOSTS else ""


def _body(page: Page, service: str, plan: Plan | None) -> dict[str, Any] | None:
    """A page's painting body: its image and image service."""
    if page.kind == "local" and plan is not None:
        w, h = plan.sizes[-1]
        return {
            "id": f"{service}/{plan.size_path((w, h))}",
            "type": "Image",
            "format": "image/jpeg",
            "width": w,
            "height": h,
            "service": [{"id": service, "type": "ImageService3", "profile": "level0"}],
        }
    if page.kind == "iiif":
        ident = page.remote.rsplit("/info.json", 1)[0]
        return {
            "id": f"{ident}/full/max/0/default.jpg",
            "type": "Image",
            "format": "image/jpeg",
            "service": [{"id": ident, "type": "ImageService3"}],
        }
    if page.kind == "image":
        return {"id": page.remote, "type": "Image"}
    return None


def document_manifest(
    ident: str,
    facs: Facsimile,
    context: Context,
    services: dict[int, tuple[str, Plan]],
) -> bytes | None:
    """The manifest at ``ident`` of a document's facsimile (``services``: the local pages'
    image services and plans, by page); None where no page can be shown on a canvas (its
    size unknown)."""
    lang = context.language
    canvases = []
    for page in facs.pages:
        service, plan = services.get(page.n, ("", None))
        body = _body(page, service, plan)
        if body is None or not (page.width and page.height):
            continue
        canvas_id = f"{ident.removesuffix('.json')}/canvas/{page.n}"
        label = page.label or str(page.n)
        canvas: dict[str, Any] = {
            "id": canvas_id,
            "type": "Canvas",
            "label": _text("none", label),
            "width": page.width,
            "height": page.height,
            "items": [
                {
                    "id": f"{canvas_id}/page",
                    "type": "AnnotationPage",
                    "items": [
                        {
                            "id": f"{canvas_id}/image",
                            "type": "Annotation",
                            "motivation": "painting",
                            "body": body,
                            "target": canvas_id,
                        }
                    ],
                }
            ],
        }
        if plan is not None:
            tw, th = plan.thumbnail
            canvas["thumbnail"] = [
                {
                    "id": f"{service}/{plan.size_path((tw, th))}",
                    "type": "Image",
                    "format": "image/jpeg",
                    "width": tw,
                    "height": th,
                }
            ]
        notes = []
        if page.text:
            notes.append(("text", canvas_id, page.text))
        for zone in facs.zones:
            if zone.page == page.n and zone.text and zone.w > 0 and zone.h > 0:
                where = f"{canvas_id}#xywh={zone.x},{zone.y},{zone.w},{zone.h}"
                notes.append((f"zone/{zone.key}", where, zone.text))
        if notes:
            canvas["annotations"] = [
                {
                    "id": f"{canvas_id}/transcription",
                    "type": "AnnotationPage",
                    "items": [
                        {
                            "id": f"{canvas_id}/transcription/{name}",
                            "type": "Annotation",
                            "motivation": "supplementing",
                            "body": {
                                "type": "TextualBody",
                                "value": words,
                                "format": "text/plain",
                                "language": _lang(lang),
                            },
                            "target": target,
                        }
                        for name, target, words in notes
                    ],
                }
            ]
        canvases.append(canvas)
    if not canvases:
        return None
    data: dict[str, Any] = {
        "@context": PRESENTATION,
        "id": ident,
        "type": "Manifest",
        "label": _text(lang, context.title),
        "items": canvases,
        "homepage": [
            {
                "id": context.homepage,
                "type": "Text",
                "label": _text(lang, context.title),
                "format": "text/html",
            }
        ],
        "partOf": [{"id": f"{context.base}iiif/collection.json", "type": "Collection"}],
    }
    if rights(context.licence_url):
        data["rights"] = rights(context.licence_url)
    if facs.source:
        data["requiredStatement"] = {
            "label": _text(lang, context.source_label),
            "value": _text(lang, facs.source),
        }
    return _checked("Manifest", data)


def collection(ident: str, label: str, language: str, manifests: list[tuple[str, str]]) -> bytes:
    """The collection at ``ident`` of the edition's manifests: (address, label)."""
    data = {
        "@context": PRESENTATION,
        "id": ident,
        "type": "Collection",
        "label": _text(language, label),
        "items": [{"id": m, "type": "Manifest", "label": _text(language, t)} for m, t in manifests],
    }
    return _checked("Collection", data)


def _checked(model: str, data: dict[str, Any]) -> bytes:
    """``data`` once iiif-prezi3's ``model`` (Manifest, Collection) has read it (raising on
    what Presentation 3 does not allow), written as it writes it: one file's bytes, the
    same every time. (iiif-prezi3 is imported here, when an edition has page images: its
    models take a third of a second to load, on every build.)"""
    import iiif_prezi3

    made = getattr(iiif_prezi3, model)(**data)
    text = made.jsonld(indent=1)
    return (json.dumps(json.loads(text), indent=1, ensure_ascii=False) + "\n").encode("utf-8")
