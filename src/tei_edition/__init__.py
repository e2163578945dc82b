"""tei-edition: encode, validate, publish and deposit TEI P5 editions."""

from __future__ import annotations

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
NS = {"tei": TEI_NS}

__all__ = ["NS", "TEI_NS", "XML_NS", "__version__"]


def __getattr__(name: str) -> str:
    # The version is read from the installed metadata when first asked for: reading
    # package metadata costs more than the rest of a command's start.
    if name != "__version__":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        found = version("tei-edition")
    except PackageNotFoundError:  # running from a source tree that is not installed
        found = "0.0.0"
    globals()["__version__"] = found
    return found
