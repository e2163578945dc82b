"""tei-edition: encode, validate, publish and deposit TEI P5 editions."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("tei-edition")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0"

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
NS = {"tei": TEI_NS}

__all__ = ["NS", "TEI_NS", "XML_NS", "__version__"]
