"""The dashboard's SQL lives in `dashboard/queries/sql/`: every file composes (each `{{ key }}`
names a fragment or a value the code passes), and the page modules hold no multi-line SQL."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from dashboard.queries.base import load_query

QUERIES = Path(__file__).resolve().parents[3] / "dashboard" / "queries"
SQL_FILES = sorted((QUERIES / "sql").rglob("*.sql"))


def test_there_are_sql_files_and_fragments():
    names = {p.relative_to(QUERIES / "sql").as_posix() for p in SQL_FILES}
    assert "fragments/filtered_models.sql" in names
    assert len(names) > 40


@pytest.mark.parametrize("path", SQL_FILES, ids=lambda p: p.stem)
def test_every_sql_file_composes(path):
    name = path.relative_to(QUERIES / "sql").with_suffix("").as_posix()
    query = load_query(name, scores_table="benchmark_scores")
    assert "{{" not in query and "}}" not in query
    assert query.strip()


def test_a_missing_value_or_fragment_names_the_file_it_looked_for():
    with pytest.raises(FileNotFoundError, match="scores_table.sql"):
        load_query("fragments/protocol")  # `scores_table` not passed and no such fragment
    with pytest.raises(FileNotFoundError, match="no_such_query.sql"):
        load_query("no_such_query")


_SQL_WORDS = re.compile(r"\b(SELECT|FROM|WHERE|JOIN)\b")


@pytest.mark.parametrize(
    "module",
    sorted(QUERIES.glob("*.py")),
    ids=lambda p: p.stem,
)
def test_page_modules_hold_no_multi_line_sql(module):
    tree = ast.parse(module.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.FunctionDef | ast.ClassDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
    }
    multi_line_sql = [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
        and "\n" in node.value.strip()
        and _SQL_WORDS.search(node.value)
    ]
    assert multi_line_sql == [], f"{module.name}: SQL strings at lines {multi_line_sql}"
