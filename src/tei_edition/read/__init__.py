"""Read: the one safe XML reader, the schemas a document declares, and the XML catalogs
that map them to local files."""
