"""The claim slip a station prints for a worker: readable text, a code to copy, a QR code that works."""

import asyncio
import datetime as dt
import io
import subprocess

import pytest
from pypdf import PdfReader

from portal.documents.claim_slip import claim_slip_pdf, claim_slip_pdf_async, claim_slip_png

SLIP = {
    "code": "K7QM4XPA",
    "name_masked": "李*华",
    "station_name": "蓬安县锦屏镇劳务工作站",
    "expires_on": dt.date(2027, 1, 5),
    "register_url": "https://jobs.pengan.gov.cn/register?claim=1",
}


def text_of(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    return reader.pages[0].extract_text()


def test_the_slip_says_whose_archive_the_code_and_until_when(artifacts):
    pdf = claim_slip_pdf(SLIP)
    (artifacts / "claim-slip.pdf").write_bytes(pdf)
    text = text_of(pdf).replace(" ", "").replace("\n", "")
    assert "认领你的务工档案" in text and "李*华" in text and "蓬安县锦屏镇劳务工作站" in text
    assert "K7QM4XPA" in text and "有效期至2027年1月5日" in text
    assert "扫码或打开网址" in text and "填手机号和密码" in text and "输入认领码" in text
    assert "李国华" not in text


def test_the_code_is_printed_in_two_groups_of_four():
    assert "K7QM 4XPA" in text_of(claim_slip_pdf({**SLIP, "code": "k7qm4xpa"}))


def test_the_slips_qr_code_opens_the_register_page(artifacts):
    png = artifacts / "claim-slip.png"
    png.write_bytes(claim_slip_png(SLIP))
    read = subprocess.run(["zbarimg", "-q", "--raw", str(png)], capture_output=True, text=True)
    assert read.stdout.strip() == SLIP["register_url"]


def test_an_expiry_date_as_text_is_printed_the_same():
    text = text_of(claim_slip_pdf({**SLIP, "expires_on": "2027-01-05"})).replace(" ", "")
    assert "有效期至2027年1月5日" in text


@pytest.mark.parametrize(
    "change", [{"code": "K7QM4XP"}, {"register_url": ""}, {"name_masked": None}]
)
def test_a_slip_without_a_whole_code_or_a_link_is_refused(change):
    with pytest.raises(ValueError):
        claim_slip_pdf({**SLIP, **change})


def test_the_async_slip_is_the_same_document():
    pdf = asyncio.run(claim_slip_pdf_async(SLIP))
    assert "K7QM" in text_of(pdf) and pdf.startswith(b"%PDF")
