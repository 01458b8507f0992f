"""jiguan.core.exports.responses.xlsx_response: every workbook download is named the same way."""

from __future__ import annotations

import io
import re

from django.http import FileResponse, HttpResponse

from jiguan.core.exports.responses import XLSX, xlsx_response


def test_bytes_and_files_download_with_an_encoded_chinese_name() -> None:
    from_bytes = xlsx_response(b"PK", "年度报表.xlsx")
    assert isinstance(from_bytes, HttpResponse) and from_bytes["Content-Type"] == XLSX
    assert from_bytes["Content-Disposition"] == (
        "attachment; filename*=UTF-8''%E5%B9%B4%E5%BA%A6%E6%8A%A5%E8%A1%A8.xlsx")
    from_file = xlsx_response(io.BytesIO(b"PK"), "报表")
    assert isinstance(from_file, FileResponse)
    assert from_file["Content-Disposition"].endswith("%E6%8A%A5%E8%A1%A8.xlsx")


def test_a_stamped_name_carries_the_local_time() -> None:
    disposition = xlsx_response(b"PK", "list", stamped=True)["Content-Disposition"]
    assert re.fullmatch(r"attachment; filename\*=UTF-8''list-\d{8}-\d{4}\.xlsx", disposition)
