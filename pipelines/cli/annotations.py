"""GitHub Actions annotations for `file:line: field: reason` problems.

On GitHub (`GITHUB_ACTIONS=true`, or `make validate GITHUB=1`) each problem is also printed as an
`::error file=…,line=…,title=…::field: reason` workflow command, so it shows on its line in the
pull request's diff. The plain line is printed too: the log stays readable.
"""

from __future__ import annotations

import os
import re

# `path:12: field: reason` or `path: field: reason` (no line known). The path has no ": ".
_PROBLEM = re.compile(r"^(?P<file>.+?)(?::(?P<line>\d+))?: (?P<rest>.*)$", re.S)


def wanted(flag: bool = False) -> bool:
    return flag or os.environ.get("GITHUB_ACTIONS") == "true"


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(problem: str, title: str = "make validate") -> str:
    """The `::error` workflow command for one problem line."""
    m = _PROBLEM.match(problem)
    if not m:
        return f"::error title={_property(title)}::{_data(problem)}"
    props = [f"file={_property(m['file'])}"]
    if m["line"]:
        props.append(f"line={m['line']}")
    props.append(f"title={_property(title)}")
    return f"::error {','.join(props)}::{_data(m['rest'])}"
