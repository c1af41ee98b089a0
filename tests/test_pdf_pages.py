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


GARBLING_WORKER = '''
import os
import pickle

if os.environ.get("ATTT_TEST_GARBLED_ANSWER"):
    def _garbled(obj, file, *args, **kwargs):
        # a pickle that names a module that does not exist: pickle.load raises
        # ModuleNotFoundError, which is neither an OSError, an EOFError nor an UnpicklingError
        file.write(b"cattt_no_such_module\\nanswer\\n.")

    pickle.dump = _garbled
'''


def test_a_worker_whose_answer_is_garbled_fails_its_documents_and_none_hangs(
    tmp_path, monkeypatch
):
    """Finding (issue 14): a worker's answer that could not be read for any other reason than a
    broken pipe, an early end or a bad pickle (here a pickle naming a module that does not
    exist) killed the thread that feeds that worker, and the report waited for ever on its
    documents. The workers are the real ones; each answers garbled bytes, through a
    `sitecustomize` that Python loads at their start from the PYTHONPATH they inherit."""
    inject = tmp_path / "inject"
    inject.mkdir()
    (inject / "sitecustomize.py").write_text(GARBLING_WORKER, encoding="utf-8")
    monkeypatch.setenv("PYTHONPATH", str(inject))
    monkeypatch.setenv("ATTT_TEST_GARBLED_ANSWER", "1")
    with pytest.raises(LayoutFailed), layout_pool(4, workers=2) as pool:
        futures = [pool.lay_out("<p>x</p>", str(tmp_path)) for _ in range(4)]
        errors = [future.exception(timeout=WAIT_S) for future in futures]
        assert all(isinstance(error, LayoutFailed) for error in errors), errors
        assert "ModuleNotFoundError" in str(errors[0])
        futures[0].result()
