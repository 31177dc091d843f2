#!/usr/bin/env bash
# Renders every demo report type to PDF and PNG pages in docs/report-pages/ (50 dpi, small enough
# for the repository) and checks each PDF's fonts: one serif family, nothing substituted.
#
#   cds demo --no-serve          # once: the demo database under $CDS_VAR_DIR (default var/)
#   scripts/report_pages.sh      # rebuilds docs/report-pages/*.png
#
# The reports: every type for each level — a commune's periodic report before and after 1/7/2025,
# its DTI report, a commune's periodic report over two windows (năm 2023 và 6 tháng đầu năm 2024),
# a commune's training report; a pre-2025 district's periodic, training and DTI reports and its
# consolidated report over two years, a pre-2025 city's consolidated report; the province's
# periodic report 2024, consolidated report (96 communes) and DTI report. Needs LibreOffice, poppler-utils and fonts-liberation2
# (scripts/system_packages.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${PYTHON:-}" ]; then
  if [ -x .venv/bin/python ]; then PYTHON=.venv/bin/python; else PYTHON=python3; fi
fi
OUT=${OUT:-docs/report-pages}  # OUT=/tmp/pages DPI=100 to read the pages without touching the repository
DPI=${DPI:-50}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

reports=(
  "son-nham-periodic-2024|periodic|xã Sơn Nham, huyện Sơn Hà|2024"
  "son-nham-dti-2024|dti|xã Sơn Nham, huyện Sơn Hà|2024"
  "son-ha-periodic-2025|periodic|xã Sơn Hạ, tỉnh Quảng Ngãi|2025"
  "tinh-chau-training-2023Q3|training|xã Tịnh Châu, thành phố Quảng Ngãi|2023Q3"
  "tinh-chau-periodic-2023+2024S1|periodic|xã Tịnh Châu, thành phố Quảng Ngãi|2023+2024S1"
  "huyen-son-ha-periodic-2024|periodic|huyện Sơn Hà, tỉnh Quảng Ngãi|2024"
  "huyen-son-ha-training-2024|training|huyện Sơn Hà, tỉnh Quảng Ngãi|2024"
  "huyen-son-ha-dti-2024|dti|huyện Sơn Hà, tỉnh Quảng Ngãi|2024"
  "huyen-son-ha-consolidated-2023+2024|consolidated|huyện Sơn Hà, tỉnh Quảng Ngãi|2023+2024"
  "tp-quang-ngai-consolidated-2022|consolidated|thành phố Quảng Ngãi, tỉnh Quảng Ngãi|2022"
  "quang-ngai-periodic-2024|periodic|tỉnh Quảng Ngãi|2024"
  "quang-ngai-consolidated-2025|consolidated|tỉnh Quảng Ngãi|2025"
  "quang-ngai-dti-2024|dti|tỉnh Quảng Ngãi|2024"
)

for spec in "${reports[@]}"; do
  IFS='|' read -r name kind unit period <<<"$spec"
  echo "== $name"
  "$PYTHON" -m cds.cli report build --type "$kind" --unit "$unit" --period "$period" \
    -o "$work/$name.docx" --pdf >/dev/null
done

rm -f "$OUT"/*.png
mkdir -p "$OUT"
status=0
for pdf in "$work"/*.pdf; do
  name=$(basename "$pdf" .pdf)
  pdftoppm -r "$DPI" -png "$pdf" "$OUT/$name"
  # one serif family (regular, bold, italic, bold italic of it), every font embedded
  families=$(pdffonts "$pdf" | tail -n +3 | awk '{print $1}' | sed -E 's/^[A-Z]{6}\+//; s/-(Bold|Italic|BoldItalic)$//' | sort -u)
  if [ "$(echo "$families" | wc -l)" -ne 1 ] || pdffonts "$pdf" | tail -n +3 | awk '$(NF-4) != "yes"' | grep -q .; then
    echo "$name.pdf: more than one font family or a font not embedded:" >&2
    pdffonts "$pdf" >&2
    status=1
  fi
  echo "$name: $(pdfinfo "$pdf" | awk '/^Pages:/ {print $2}') pages, font $families"
done
exit $status
