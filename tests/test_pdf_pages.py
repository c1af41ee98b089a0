"""The layout workers: documents laid out side by side come back as their own PDFs, and a
worker that dies fails its documents instead of leaving the report waiting."""

from __future__ import annotations

import pytest
from pypdf import PdfReader

from reports.pdf_pages import LayoutFailed, layout_pool

WAIT_S = 120  # a bound on a hang, not a timing: each document lays out in well under a second


def _text(pdf: bytes, tmp_path, name: str) -> str:
    path = tmp_path / name
    path.write_bytes(pdf)
    return PdfReader(path).pages[0].extract_text()


def test_each_document_comes_back_as_its_own_pdf(tmp_path):
    with layout_pool(6, workers=2) as pool:
        futures = [pool.lay_out(f"<p>Phiếu số {n}</p>", str(tmp_path)) for n in range(6)]
        pdfs = [future.result(timeout=WAIT_S) for future in futures]
    assert [_text(pdf, tmp_path, f"{n}.pdf") for n, pdf in enumerate(pdfs)] == [
        f"Phiếu số {n}" for n in range(6)
    ]


def test_a_worker_that_dies_fails_its_documents_and_none_hangs(tmp_path):
    with pytest.raises(LayoutFailed), layout_pool(4, workers=2) as pool:
        for process in pool._processes:  # both workers gone, as after the OOM killer
            process.kill()
            process.wait()
        futures = [pool.lay_out("<p>x</p>", str(tmp_path)) for _ in range(4)]
        errors = [future.exception(timeout=WAIT_S) for future in futures]
        assert all(isinstance(error, LayoutFailed) for error in errors), errors
        futures[0].result()
