"""Transform: XSLT 3.0 through Saxon, the exports it drives, and PDF through Apache FOP."""
