#!/bin/sh
# Installs the Debian packages tei-edition uses beyond Python: Apache FOP (PDF),
# poppler-utils (PDF text and pages in tests), Chromium (browser tests), a Java runtime
# (FOP, Jing, the Nu HTML Checker, EPUBCheck), epubcheck (the EPUB tests), and fonts for
# the PDF's characters beyond Times (fonts-freefont-ttf, fonts-dejavu-core, fonts-noto-core,
# fonts-droid-fallback and fonts-vlgothic for Chinese, Japanese and Korean;
# FreeFont also stands in for Times and Helvetica in PDF/A). Does nothing when they are all
# present.
set -e
missing=""
command -v fop >/dev/null 2>&1 || missing="$missing fop"
command -v pdftotext >/dev/null 2>&1 || missing="$missing poppler-utils"
command -v chromium >/dev/null 2>&1 || missing="$missing chromium"
command -v java >/dev/null 2>&1 || missing="$missing default-jre-headless"
[ -f /usr/share/java/epubcheck.jar ] || missing="$missing epubcheck"
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf ] || missing="$missing fonts-dejavu-core"
[ -f /usr/share/fonts/truetype/noto/NotoSerifEthiopic-Regular.ttf ] || missing="$missing fonts-noto-core"
[ -f /usr/share/fonts/truetype/freefont/FreeSerif.ttf ] || missing="$missing fonts-freefont-ttf"
[ -f /usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf ] || missing="$missing fonts-droid-fallback"
[ -f /usr/share/fonts/truetype/vlgothic/VL-PGothic-Regular.ttf ] || missing="$missing fonts-vlgothic"
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing:$missing"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
else
  echo "note: missing system packages:$missing (install them with apt-get as root);" \
       "the tests that need them will be skipped" >&2
fi
