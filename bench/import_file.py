#!/usr/bin/env python3
"""Writes an import file of N rows for bench/imports.sh: units (100 parents, then children
naming them) or exemplary models (of the seeded movements), as CSV or as .xlsx.

Usage: import_file.py units|exemplary_models N csv|xlsx OUT
The .xlsx is written by hand (inline strings in one sheet), so nothing needs installing."""
import csv
import io
import sys
import zipfile
from xml.sax.saxutils import escape

kind, n, fmt, out = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]

if kind == "units":
    header = ["Mã đơn vị", "Tên đơn vị", "Loại đơn vị", "Mã đơn vị cấp trên", "Hoạt động từ ngày", "Thư điện tử"]
    rows = []
    for i in range(n):
        parent = "" if i < 100 else f"TB-{i % 100:05d}"
        rows.append([f"TB-{i:05d}", f"Đơn vị thử nghiệm số {i} tỉnh Thái Bình", "Sở, ban, ngành" if i < 100 else "commune",
                     parent, "01/07/2025", f"donvi{i}@thaibinh.gov.vn"])
elif kind == "exemplary_models":
    header = ["Tập thể/Cá nhân", "Tên điển hình", "Mã đơn vị quản lý", "Mã phong trào", "Đối tượng", "Tóm tắt thành tích",
              "Ngày phát hiện", "Công khai"]
    movements = ["PT-NGUOI-NGHEO", "PT-PHU-NU", "PT-CHUYEN-DOI-SO"]
    rows = [["Tập thể", f"Tổ hợp tác sản xuất rau an toàn số {i}", "SNV", movements[i % 3], "Tập thể nhỏ",
             "Giúp các hộ nghèo thoát nghèo bền vững nhờ sản xuất theo chuỗi.", "10/05/2024", "Có"] for i in range(n)]
else:
    sys.exit("kind: units or exemplary_models")

if fmt == "csv":
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(header)
    w.writerows(rows)
    open(out, "w", encoding="utf-8").write(buf.getvalue())
    sys.exit(0)


def col(i):
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def row_xml(r, cells):
    cs = "".join(f'<c r="{col(c)}{r}" t="inlineStr"><is><t>{escape(v)}</t></is></c>' for c, v in enumerate(cells) if v != "")
    return f'<row r="{r}">{cs}</row>'


sheet = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
         '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
         + "".join(row_xml(i + 1, r) for i, r in enumerate([header] + rows)) + '</sheetData></worksheet>')
files = {
    "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
    "_rels/.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    "xl/workbook.xml": '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>',
    "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
    "xl/worksheets/sheet1.xml": sheet,
}
with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
    for name, content in files.items():
        z.writestr(name, content)
