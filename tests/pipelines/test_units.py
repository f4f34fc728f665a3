"""Unit parsing: what contributors write and what it means."""

import math

import pytest

from pipelines.lib.ingest.units import format_quantity, parse_quantity


@pytest.mark.parametrize(
    ("text", "expected", "why"),
    [
        ("70B", 70e9, "the common way to write parameter counts"),
        ("1.4T", 1.4e12, "Chinchilla's token count"),
        ("46.7B", 46.7e9, "decimal with suffix"),
        ("125M", 125e6, "small models"),
        ("32K", 32e3, "K suffix"),
        ("6.52e10", 6.52e10, "PyYAML reads 6.52e10 as a string: scientific text must parse"),
        ("8.1e+23", 8.1e23, "explicit exponent sign"),
        ("175_000_000_000", 175e9, "underscores as digit separators"),
        (" 7B ", 7e9, "surrounding whitespace"),
        (175000000000, 175e9, "plain integer"),
        (3.14e23, 3.14e23, "plain float"),
    ],
)
def test_parse_quantity_reads_what_contributors_write(text, expected, why):
    assert parse_quantity(text) == pytest.approx(expected, rel=1e-12), why


@pytest.mark.parametrize(
    ("value", "why"),
    [
        ("70 billion", "words are not units"),
        ("70b", "suffixes are upper-case (m would be ambiguous with milli)"),
        ("1e400", "overflows to infinity"),
        ("inf", "not finite"),
        ("NaN", "not a number"),
        (float("nan"), "not a number"),
        (float("inf"), "not finite"),
        (True, "YAML booleans are not counts"),
        ("-7B", "negative counts are rejected by the pattern"),
        ("", "empty"),
        ([7], "lists are not counts"),
        ("7B7", "trailing garbage"),
    ],
)
def test_parse_quantity_rejects_with_a_reason(value, why):
    with pytest.raises(ValueError) as excinfo:
        parse_quantity(value)
    assert str(excinfo.value), why


def test_parse_quantity_results_are_finite():
    assert math.isfinite(parse_quantity("999T"))


@pytest.mark.parametrize(
    ("value", "text"),
    [(70e9, "70B"), (1.4e12, "1.4T"), (2.7e9, "2.7B"), (125e6, "125M"), (None, "—"), (512, "512")],
)
def test_format_quantity(value, text):
    assert format_quantity(value) == text
