#!/usr/bin/env bash
# Debian packages the browser tests and the image export need: Chromium (driven by Playwright
# and by kaleido) and fonts with Cyrillic glyphs; LibreOffice Calc and poppler for the tests that
# open and print every workbook the product writes (tests/office.py). Installs only what is missing.
set -euo pipefail
needed=()
command -v chromium >/dev/null 2>&1 || needed+=(chromium)
command -v chromedriver >/dev/null 2>&1 || needed+=(chromium-driver)
command -v soffice >/dev/null 2>&1 || needed+=(libreoffice-calc-nogui)
command -v pdftotext >/dev/null 2>&1 || needed+=(poppler-utils)
for font in fonts-dejavu-core fonts-liberation; do
  dpkg -s "$font" >/dev/null 2>&1 || needed+=("$font")
done
if [ "${#needed[@]}" -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "Need root to install: ${needed[*]} (apt-get install -y ${needed[*]})" >&2
    exit 1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${needed[@]}"
fi
