#!/bin/sh
# Renders the pictures of docs/使用说明.md (`make guide-pictures`): the blank template's 填报说明 and
# 指标 sheet, and the output of samples/county-2024.xlsx (汇总, 计算过程, 检查结果), with LibreOffice
# (soffice) and poppler (pdftoppm), each page cropped to its top so the text stays legible.
set -eu
EVALXL=${EVALXL:-.venv/bin/evalxl}
WORK=out/guide-pictures
rm -rf "$WORK" && mkdir -p "$WORK"
"$EVALXL" template "$WORK/template.xlsx" >/dev/null
"$EVALXL" run samples/county-2024.xlsx -o "$WORK/result.xlsx" >/dev/null
cp samples/county-2024.xlsx "$WORK/input.xlsx"
(cd "$WORK" && soffice --headless --convert-to pdf template.xlsx input.xlsx result.xlsx >/dev/null)
# crop PDF PAGE DPI X Y W H NAME: a region of one page (pixels at DPI) as docs/NAME.png
crop() {
    pdftoppm -png -r "$3" -f "$2" -l "$2" -x "$4" -y "$5" -W "$6" -H "$7" -singlefile "$WORK/$1.pdf" "docs/$8"
}
crop template 1 70 25 40 540 560 guide-template
crop input 6 110 50 60 1160 330 guide-input
crop result 1 100 60 70 1060 160 guide-summary
# the page where a sheet starts: the first page of PDF whose text begins with TEXT (the sheets' page counts
# change with their content and the fonts installed)
page_of() {
    n=$(pdfinfo "$WORK/$1.pdf" | sed -n 's/^Pages: *//p')
    for p in $(seq 1 "$n"); do
        if pdftotext -f "$p" -l "$p" "$WORK/$1.pdf" - | head -1 | grep -q "^$2"; then echo "$p"; return; fi
    done
    echo "no page of $1.pdf begins with $2" >&2
    exit 1
}
crop result "$(page_of result 项目名称)" 110 20 58 1250 205 guide-trail
crop result "$(page_of result 级别)" 110 60 60 1180 110 guide-findings
