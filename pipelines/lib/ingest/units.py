"""Strict parsing of counts written by contributors: `70B`, `1.4T`, `6.52e10`, `175000000000`."""

from __future__ import annotations

import math
import re

SUFFIXES = {"K": 1e3, "M": 1e6, "B": 1e9, "T": 1e12}
_QUANTITY = re.compile(r"^([0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE]([+-]?[0-9]{1,4}))?\s*([KMBT])?$")


def parse_quantity(value: object) -> float:
    """Return the value as a finite float, or raise ValueError with an actionable reason.

    Accepts plain numbers and strings with an optional K/M/B/T suffix (case-sensitive: `m` is not
    a unit). Rejects booleans, negative numbers, NaN and infinities, and anything else.
    """
    if isinstance(value, bool):
        raise ValueError(f"expected a number or a string like '70B', got {value!r}")
    if isinstance(value, (int, float)):
        number = float(value)
    elif isinstance(value, str):
        text = value.strip().replace("_", "")
        match = _QUANTITY.match(text)
        if not match:
            raise ValueError(
                f"cannot read {value!r} as a count: write a number or a number with a "
                "K/M/B/T suffix, e.g. 70B or 1.4T"
            )
        mantissa, exponent, suffix = match.groups()
        try:
            number = float(mantissa + (f"e{exponent}" if exponent else ""))
        except OverflowError:  # pragma: no cover - float() returns inf instead
            number = math.inf
        number *= SUFFIXES.get(suffix or "", 1.0)
    else:
        raise ValueError(f"expected a number or a string like '70B', got {type(value).__name__}")
    if not math.isfinite(number):
        raise ValueError(f"{value!r} is not a finite number")
    return number


def format_quantity(value: float | None) -> str:
    """Human form used in messages and tooltips: 7.0e10 -> '70B'."""
    if value is None or not math.isfinite(value):
        return "—"
    for suffix, scale in (("T", 1e12), ("B", 1e9), ("M", 1e6), ("K", 1e3)):
        if abs(value) >= scale:
            return f"{value / scale:.3g}{suffix}"
    return f"{value:.3g}"
