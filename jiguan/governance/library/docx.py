"""The paragraphs of an uploaded Word (.docx) file and the checks of an uploaded PDF.

A .docx is a zip of XML parts: before python-docx opens it, core's upload guard
(core/excel/guard.py: part count, unpacked sizes, compression ratio, no DOCTYPE/ENTITY in
any part) refuses a bomb. python-docx parses with entity resolution off."""

from __future__ import annotations

from io import BytesIO

from jiguan.core.excel.errors import SpreadsheetError
from jiguan.core.excel.guard import ZIP_MAGIC, check_workbook, current_limits

PDF_MAGIC = b"%PDF-"
ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024


class UploadError(ValueError):
    """A refused upload, with its Chinese message."""


def docx_paragraphs(data: bytes) -> list[str]:
    if not data.startswith(ZIP_MAGIC):
        raise UploadError("上传的文件不是 Word（.docx）文件")
    try:
        check_workbook(data, current_limits())
    except SpreadsheetError as exc:
        raise UploadError(f"Word 文件被拒绝：{exc}") from exc
    import docx  # python-docx: imported here, the pages that do not upload need not load it

    try:
        document = docx.Document(BytesIO(data))
    except Exception as exc:
        raise UploadError("无法读取该 Word 文件，请另存为 .docx 后重试") from exc
    paragraphs = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            paragraphs.append(" ".join(cell.text for cell in row.cells))
    return paragraphs


def check_pdf(name: str, data: bytes) -> None:
    if not name.lower().endswith(".pdf") or not data.startswith(PDF_MAGIC):
        raise UploadError("附件只接受 PDF 文件（.pdf）")
    if len(data) > ATTACHMENT_MAX_BYTES:
        raise UploadError(f"附件过大（上限 {ATTACHMENT_MAX_BYTES // 1024 // 1024} MB）")
