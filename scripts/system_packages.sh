#!/usr/bin/env bash
# The Debian packages the tests drive for real: a PostgreSQL server (scripts/with_postgres.py),
# LibreOffice and fonts (report PDFs), poppler (report pages), Chromium (browser tests), npm (axe-core
# for the accessibility test) and a headless Java runtime (17 or later) for Spark (make test-spark,
# the --engine spark of cds dvc).
# Fonts: fonts-liberation2, whose Liberation Serif (Times New Roman's metrics, which LibreOffice
# puts in its place) has every Vietnamese letter; fonts-liberation 1.07 lacks ơ, ư, ạ, ế … (92 of
# 146), so LibreOffice filled them from DejaVu Serif and a PDF mixed two fonts inside words.
# Installs only what is missing; `make test` runs it first, so a fresh machine needs nothing else.
set -euo pipefail
missing=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
command -v soffice >/dev/null 2>&1 || missing+=(libreoffice-writer-nogui)
[ -f /usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf ] || missing+=(fonts-liberation2)
command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)
command -v npm >/dev/null 2>&1 || missing+=(npm)  # installs axe-core for the accessibility test
[ ${#missing[@]} -eq 0 ] && exit 0
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "system_packages: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
  sudo=sudo
fi
echo "installing Debian packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
