"""jiguan.core.files: the one file store. Each accepted format is read from its bytes, not
only its name; what is refused says which file and why, and writes nothing."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from jiguan.core.files import (
    FileKind,
    StoredFile,
    StoredFileData,
    file_bytes,
    file_response,
    store_bytes,
    store_upload,
)
from jiguan.core.files.checks import size_text
from jiguan.core.files.forms import UploadField
from jiguan.core.tests import hostile_files

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32
PDF = b"%PDF-1.4\n%%EOF\n"


def docx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "data", "kind", "content_type"), [
    ("会议纪要.pdf", PDF, FileKind.DOCUMENT, "application/pdf"),
    ("意见.docx", docx(), FileKind.DOCUMENT,
     "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ("说明.txt", "第一条 总则".encode("gb18030"), FileKind.DOCUMENT, "text/plain; charset=utf-8"),
    ("现场.png", PNG, FileKind.IMAGE, "image/png"),
    ("现场.JPG", JPEG, FileKind.IMAGE, "image/jpeg"),
])
def test_accepted_files_are_kept_with_their_metadata(name, data, kind, content_type) -> None:
    stored = store_bytes(name, data, kinds=(FileKind.DOCUMENT, FileKind.IMAGE))
    stored.refresh_from_db()
    assert (stored.name, stored.size, stored.kind, stored.content_type) == (
        name, len(data), kind, content_type)
    assert len(stored.sha256) == 64
    assert file_bytes(stored) == data


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "data", "kinds", "message"), [
    ("照片.exe", b"MZ\x90\x00", (FileKind.IMAGE,), "文件“照片.exe”的类型不被接受"),
    ("合同.pdf", PDF, (FileKind.IMAGE,), "只接受 .jpg、.jpeg、.png、.gif、.webp 文件"),
    ("现场.jpg", b"<html><script>alert(1)</script>", (FileKind.IMAGE,),
     "文件“现场.jpg”的内容不是 JPEG 文件（扩展名与内容不符）"),
    ("合同.pdf", b"PK\x03\x04 not a pdf", (FileKind.DOCUMENT,), "的内容不是 PDF 文件"),
    ("合同.docx", PDF, (FileKind.DOCUMENT,), "的内容不是 Word 文件"),
    ("空.pdf", b"", (FileKind.DOCUMENT,), "文件“空.pdf”是空文件"),
    ("说明.txt", b"abc\x00def", (FileKind.DOCUMENT,), "的内容不是 文本 文件"),
    ("炸弹.xlsx", hostile_files.lying_sizes(), (FileKind.DOCUMENT,), "文件“炸弹.xlsx”被拒绝"),
    ("无扩展名", PDF, (FileKind.DOCUMENT,), "的类型不被接受"),
])
def test_refused_files_say_which_and_why_and_write_nothing(name, data, kinds, message) -> None:
    with pytest.raises(ValidationError) as caught:
        store_bytes(name, data, kinds=kinds)
    assert message in caught.value.messages[0]
    assert not StoredFile.objects.exists() and not StoredFileData.objects.exists()


@pytest.mark.django_db
def test_the_size_limit_comes_from_settings_and_is_checked_before_reading(settings) -> None:
    settings.JIGUAN_UPLOAD_MAX_BYTES = 1024
    big = SimpleUploadedFile("大图.png", PNG + b"\x00" * 2000, content_type="image/png")
    with pytest.raises(ValidationError) as caught:
        store_upload(big, kinds=(FileKind.IMAGE,))
    assert caught.value.messages[0] == "文件“大图.png”过大（2 KB），上限 1 KB"
    small = SimpleUploadedFile("小图.png", PNG, content_type="image/png")
    assert store_upload(small, kinds=(FileKind.IMAGE,)).size == len(PNG)
    assert store_upload(big, kinds=(FileKind.IMAGE,), max_bytes=4096).size == len(PNG) + 2000


@pytest.mark.django_db
def test_sizes_read_as_a_clerk_reads_them() -> None:
    assert (size_text(850 * 1024), size_text(10 * 1024 * 1024), size_text(3_355_443)) == (
        "850 KB", "10 MB", "3.2 MB")


@pytest.mark.django_db
def test_a_path_in_the_name_is_dropped() -> None:
    stored = store_bytes("..\\..\\etc/现场.png", PNG, kinds=(FileKind.IMAGE,))
    assert stored.name == "现场.png"


@pytest.mark.django_db
def test_downloads_are_attachments_and_run_nothing() -> None:
    document = store_bytes("决策 纪要.pdf", PDF)
    response = file_response(document, inline=True)
    assert response["Content-Disposition"] == (
        "attachment; filename*=UTF-8''%E5%86%B3%E7%AD%96%20%E7%BA%AA%E8%A6%81.pdf")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"].startswith("sandbox")
    assert response.content == PDF and response["Content-Type"] == "application/pdf"
    photo = store_bytes("现场.png", PNG, kinds=(FileKind.IMAGE,))
    assert file_response(photo, inline=True)["Content-Disposition"].startswith("inline;")
    assert file_response(photo)["Content-Disposition"].startswith("attachment;")


def test_the_form_field_refuses_what_the_store_refuses() -> None:
    field = UploadField(kinds=(FileKind.IMAGE,))
    assert ".png" in field.widget.attrs["accept"] and ".pdf" not in field.widget.attrs["accept"]
    with pytest.raises(ValidationError) as caught:
        field.clean(SimpleUploadedFile("现场.png", b"GIF89a"))
    assert "的内容不是 PNG 文件" in caught.value.messages[0]
    upload = field.clean(SimpleUploadedFile("现场.png", PNG))
    assert upload.read() == PNG
