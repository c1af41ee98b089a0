"""The source registry (issue 13, item 2): each landing source is one module of `sources/` that
holds all its knowledge, and no other package branches on a source's name."""

from __future__ import annotations

import ast
import gc
import importlib
import re
import subprocess
import sys
from pathlib import Path

from readside import vocabulary
from sources import CHECKS, SOURCES

ROOT = Path(__file__).resolve().parents[1]
# The packages that must read a source's knowledge from the registry, never spell it out.
READERS_OF_THE_REGISTRY = ("ingest", "quality", "orchestration", "readside", "reports", "app")
NAMES = {s.name for s in SOURCES}
# A SQL test of a ledger's `source` column against a source's name: `source = 'botnet'`,
# `source IN ('systems', ...)`.
SQL_NAME_TEST = re.compile(
    r"\bsource\s*(=|<>|!=|IN\s*\(|NOT\s+IN\s*\()\s*'(" + "|".join(sorted(NAMES)) + r")'",
    re.IGNORECASE,
)


def parse_without_collecting(text: str) -> ast.AST:
    """`ast.parse` with the garbage collector held off. On CPython 3.11.7 an error while the
    tree's objects are built leaves the builder's depth count wrong, and `ast.parse` raises
    "SystemError: AST constructor recursion depth mismatch" instead (python/cpython#106905,
    fixed in later releases; seen rarely, in threaded programs). Seen once in CI on
    5 December 2026, late in the suite, with a Dagster instance's database pool being
    collected; the test passed alone. With nothing collected during the parse, no finalizer
    can run inside it."""
    enabled = gc.isenabled()
    gc.collect()
    gc.disable()
    try:
        return ast.parse(text)
    finally:
        if enabled:
            gc.enable()


def branches_on_source_names(root: Path) -> list[str]:
    """Every place under the registry's readers that compares something with a source's name
    (`x == "botnet"`, `x in ("systems", ...)`) or tests a SQL `source` column against one."""
    found = []
    for package in READERS_OF_THE_REGISTRY:
        for path in sorted((root / package).rglob("*.py")):
            tree = parse_without_collecting(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if isinstance(node, ast.Compare):
                    operands = [node.left, *node.comparators]
                    for operand in operands:
                        items = (
                            operand.elts if isinstance(operand, ast.Tuple | ast.Set) else [operand]
                        )
                        names = [
                            i.value
                            for i in items
                            if isinstance(i, ast.Constant) and i.value in NAMES
                        ]
                        if names:
                            found.append(f"{path.relative_to(root)}:{node.lineno} {names}")
                elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                    for match in SQL_NAME_TEST.finditer(node.value):
                        found.append(f"{path.relative_to(root)}:{node.lineno} {match[0]}")
    return found


def test_no_package_branches_on_a_source_name():
    assert branches_on_source_names(ROOT) == []


def test_every_source_is_one_module_of_the_registry_holding_its_words_and_checks():
    modules = {
        p.stem
        for p in (ROOT / "sources").glob("*.py")
        if p.stem not in ("__init__", "contract", "rules", "checks")
    }
    registered = {}
    for stem in modules:
        module = importlib.import_module(f"sources.{stem}")
        registered[module.SOURCE.name] = module.SOURCE
    # every module is registered, and every registered source is a module
    assert set(registered) == NAMES
    assert all(registered[s.name] is s for s in SOURCES)
    for source in SOURCES:
        vi, en = source.words
        assert vi and en and vi != en, source.name
        for check in source.checks:
            assert check.suite == source.name
            assert check.asset == ("raw", source.table)
            assert all(check.words) and check.words[0] != check.words[1], check.key
    # the readers' words are the registry's
    assert {s.name: s.words for s in SOURCES} == vocabulary.SOURCES
    assert all(vocabulary.CHECKS[c.key] == c.words for c in CHECKS)
    for source in SOURCES:
        for rule, words in source.rule_words.items():
            assert vocabulary.RULES[rule] == words


def test_reading_the_registry_loads_no_great_expectations():
    # the app reads the registry's words: it must not pay for Great Expectations to do so
    code = "import sys, sources, readside.vocabulary; sys.exit('great_expectations' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True)
    assert result.returncode == 0, result.stderr.decode()


def test_loading_the_pipeline_definitions_loads_no_great_expectations():
    # Finding (issue 14): `attt run` with nothing new spent 10 of its 48 s at national scale
    # importing GX through the definitions; GX loads only when a batch is validated.
    code = (
        "import sys, orchestration.definitions, quality.validate, quality.suites; "
        "sys.exit('great_expectations' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True)
    assert result.returncode == 0, result.stderr.decode()
