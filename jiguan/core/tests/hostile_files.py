"""Hostile workbooks, built in memory by the tests (issue 9): each is a few KB on disk and
would cost the parser gigabytes, or worse, if it were read as it stands."""

from __future__ import annotations

import io
import struct
import zipfile

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'
)
_ROOT_RELS = (
    f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{RELS}">'
    f'<Relationship Id="rId1" Type="{DOC}/officeDocument" Target="xl/workbook.xml"/>'
    '</Relationships>'
)
_WORKBOOK = (
    f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="{DOC}">'
    '<sheets><sheet name="单位名录" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{RELS}">'
    f'<Relationship Id="rId1" Type="{DOC}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{DOC}/sharedStrings" Target="sharedStrings.xml"/>'
    '</Relationships>'
)
HEADER = ('<row r="1"><c r="A1" t="inlineStr"><is><t>单位名称</t></is></c>'
          '<c r="B1" t="inlineStr"><is><t>统一社会信用代码</t></is></c></row>')


def sheet(rows: str, *, dimension: str | None = None, prolog: str = "") -> bytes:
    """A worksheet part: ``rows`` is the XML inside <sheetData>."""
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return (f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<worksheet xmlns="{MAIN}">'
            f'{dim}<sheetData>{rows}</sheetData></worksheet>').encode()


def shared_strings(*texts: str) -> bytes:
    items = "".join(f"<si><t>{text}</t></si>" for text in texts)
    return (f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}" '
            f'count="{len(texts)}" uniqueCount="{len(texts)}">{items}</sst>').encode()


def xlsx(sheet_xml: bytes, strings: bytes | None = None,
         extra: dict[str, bytes] | None = None, level: int = 9) -> bytes:
    """A minimal .xlsx calamine reads: one sheet, shared strings if given."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as book:
        book.writestr("[Content_Types].xml", _TYPES)
        book.writestr("_rels/.rels", _ROOT_RELS)
        book.writestr("xl/workbook.xml", _WORKBOOK)
        book.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        book.writestr("xl/worksheets/sheet1.xml", sheet_xml)
        book.writestr("xl/sharedStrings.xml", strings or shared_strings())
        for name, content in (extra or {}).items():
            book.writestr(name, content)
    return buffer.getvalue()


def far_cell(*, dimension: bool = True) -> bytes:
    """A1 and XFD1048576 only: 1.7 KB that made calamine allocate 512 GiB."""
    rows = HEADER + '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
    return xlsx(sheet(rows, dimension="A1:XFD1048576" if dimension else None))


def string_bomb(megabytes: int = 50) -> bytes:
    """One shared string of ``megabytes`` MB of a repeated character (zips to ~50 KB)."""
    return xlsx(sheet(HEADER + '<row r="2"><c r="A2" t="s"><v>0</v></c></row>'),
                shared_strings("炸" * (megabytes * 1024 * 1024 // 3)))


def long_string(chars: int = 200_000) -> bytes:
    """One shared string longer than an Excel cell may hold (under 1 MB: no ratio check)."""
    return xlsx(sheet(HEADER + '<row r="2"><c r="A2" t="s"><v>0</v></c></row>'),
                shared_strings("长" * chars))


def dense_text(rows: int = 1_000_000, chars: int = 20_000) -> bytes:
    """A million rows, each a cell with the same ``chars``-character shared string: the
    parser copies the string into every cell (60 GB of text for 5 MB on disk)."""
    body = "".join(f'<row r="{n}"><c r="A{n}" t="s"><v>0</v></c></row>'
                   for n in range(2, rows + 2))
    text = "".join(chr(0x4E00 + (i * 7919) % 20000) for i in range(chars))
    return xlsx(sheet(HEADER + body), shared_strings(text), level=1)


def billion_laughs(part: str = "xl/worksheets/sheet1.xml", encoding: str = "utf-8") -> bytes:
    """Entities of entities: ten levels of ten make 10^9 "lol"s from a few hundred bytes."""
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10 if i > 1 else "&lol;" * 10}">'
        for i in range(1, 10))
    prolog = f"<!DOCTYPE lolz [{entities}]>"
    cell = '<row r="2"><c r="A2" t="inlineStr"><is><t>&lol9;</t></is></c></row>'
    if part == "xl/worksheets/sheet1.xml":
        return xlsx(sheet(HEADER + cell, prolog=prolog))
    core = (f'<?xml version="1.0" encoding="{encoding}"?>{prolog}'
            '<coreProperties>&lol9;</coreProperties>').encode(encoding)
    return xlsx(sheet(HEADER), extra={part: core})


def too_many_parts(count: int = 1001) -> bytes:
    return xlsx(sheet(HEADER), extra={f"xl/media/part{i}.xml": b"<a/>" for i in range(count)})


def lying_sizes(factor: float = 0.01) -> bytes:
    """The sheet part declares ``factor`` times its real unpacked size, in the central
    directory and the local header alike (a zip that lies about its sizes)."""
    rows = HEADER + "".join(f'<row r="{n}"><c r="A{n}"><v>{n}</v></c></row>'
                            for n in range(2, 2000))
    data = bytearray(xlsx(sheet(rows)))
    name = b"xl/worksheets/sheet1.xml"
    at = data.find(b"PK\x01\x02")
    while at >= 0:
        length = struct.unpack_from("<H", data, at + 28)[0]
        if bytes(data[at + 46:at + 46 + length]) == name:
            size = struct.unpack_from("<I", data, at + 24)[0]
            struct.pack_into("<I", data, at + 24, int(size * factor))
            local = struct.unpack_from("<I", data, at + 42)[0]
            struct.pack_into("<I", data, local + 22, int(size * factor))
            return bytes(data)
        at = data.find(b"PK\x01\x02", at + 4)
    raise AssertionError("no sheet part")  # pragma: no cover


def ods_repeated(rows: int = 1_048_576, cols: int = 16384) -> bytes:
    """An .ods whose one filled cell is repeated over the whole grid: LibreOffice writes
    repeats for runs of equal cells, and the parser expands them (no cell reference or
    declared range to check before)."""
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        '<office:body><office:spreadsheet><table:table table:name="单位名录">'
        '<table:table-row><table:table-cell office:value-type="string"><text:p>单位名称'
        '</text:p></table:table-cell></table:table-row>'
        f'<table:table-row table:number-rows-repeated="{rows}">'
        f'<table:table-cell table:number-columns-repeated="{cols}" office:value-type="float"'
        ' office:value="1"><text:p>1</text:p></table:table-cell></table:table-row>'
        '</table:table></office:spreadsheet></office:body></office:document-content>')
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
        'manifest:version="1.2"><manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" '
        'manifest:media-type="text/xml"/></manifest:manifest>')
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as book:
        book.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        book.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
        book.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
    return buffer.getvalue()
