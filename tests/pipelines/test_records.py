"""Every record-level validation rule, each with a bad fixture and the exact field it must name.

The base record is the real Llama 2 70B fixture; each case changes one thing and states why the
change must be rejected. A case passes only if the reported field and reason match and the line
points at the offending key.
"""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import pytest

from pipelines.lib.ingest.records import MAX_FILE_BYTES, read_record

from ..conftest import FIXTURES, RAW_DIR

GOOD = (FIXTURES / "records" / "good" / "meta" / "llama-2-70b.yaml").read_text()
TODAY = dt.date(2026, 11, 25)


def _write(tmp_path: Path, content: str | bytes, name: str = "llama-2-70b.yaml") -> Path:
    path = tmp_path / name
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    return path


def _replace(old: str, new: str) -> str:
    assert old in GOOD, f"fixture lacks {old!r}"
    return GOOD.replace(old, new, 1)


def _line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def test_good_record_is_accepted_with_parsed_units(tmp_path):
    rec, problems, _ = read_record(_write(tmp_path, GOOD), today=TODAY)
    assert problems == []
    assert rec is not None
    assert rec.parameters == 70e9 and rec.training_tokens == 2e12
    assert rec.training_compute_flop == pytest.approx(8.1e23)
    assert rec.benchmarks["mmlu"].score == 68.9 and rec.benchmarks["mmlu"].shots == 5
    assert rec.release_date == dt.date(2023, 7, 18)
    assert rec.benchmarks["mmlu"].measured_by == "maker"  # the default


def test_a_score_can_name_who_measured_it(tmp_path):
    text = _replace("shots: 5}", "shots: 5, measured_by: 'leaderboard:helm'}")
    rec, problems, _ = read_record(_write(tmp_path, text), today=TODAY)
    assert problems == [] and rec.benchmarks["mmlu"].measured_by == "leaderboard:helm"


# (case id, new text, expected field, reason fragment, line needle or None)
CASES = [
    # types and units
    (
        "unit-typo",
        _replace("parameters: 70B", "parameters: 70 billion"),
        "parameters",
        "cannot read '70 billion'",
        "parameters: 70 billion",
    ),
    (
        "lowercase-suffix",
        _replace("training_tokens: 2T", "training_tokens: 2t"),
        "training_tokens",
        "cannot read '2t'",
        "training_tokens: 2t",
    ),
    (
        "bool-as-count",
        _replace("parameters: 70B", "parameters: true"),
        "parameters",
        "expected a number",
        "parameters: true",
    ),
    (
        "overflow-1e400",
        _replace("training_compute_flop: 8.1e23", "training_compute_flop: 1e400"),
        "training_compute_flop",
        "not a finite number",
        "1e400",
    ),
    (
        "nan",
        _replace("training_compute_flop: 8.1e23", "training_compute_flop: .nan"),
        "training_compute_flop",
        "not a finite number",
        ".nan",
    ),
    (
        "nan-string",
        _replace("parameters: 70B", "parameters: NaN"),
        "parameters",
        "cannot read 'NaN'",
        "parameters: NaN",
    ),
    (
        "inf-score",
        _replace("score: 68.9", "score: .inf"),
        "benchmarks.mmlu.score",
        "not a finite number",
        "score: .inf",
    ),
    (
        "string-score",
        _replace("score: 68.9", "score: '68.9%'"),
        "benchmarks.mmlu.score",
        "",
        "score: '68.9%'",
    ),
    (
        "open-weights-not-bool",
        _replace("open_weights: true", "open_weights: 1"),
        "open_weights",
        "boolean",
        "open_weights: 1",
    ),
    (
        "context-window-float",
        _replace("context_window: 4096", "context_window: 4096.5"),
        "context_window",
        "integer",
        "context_window: 4096.5",
    ),
    (
        "bad-architecture",
        _replace("architecture: dense", "architecture: sparse"),
        "architecture",
        "'dense', 'moe' or 'unknown'",
        "architecture: sparse",
    ),
    (
        "bad-compute-method",
        _replace("compute_method: 6ND", "compute_method: guess"),
        "compute_method",
        "reported",
        "compute_method: guess",
    ),
    ("bad-id-slug", _replace("id: llama-2-70b", "id: Llama 2 70B"), "id", "pattern", "id: Llama"),
    # ranges
    (
        "mmlu-above-100",
        _replace("score: 68.9", "score: 168.9"),
        "benchmarks.mmlu.score",
        "less than or equal to 100",
        "score: 168.9",
    ),
    (
        "mmlu-negative",
        _replace("score: 68.9", "score: -1"),
        "benchmarks.mmlu.score",
        "greater than or equal to 0",
        "score: -1",
    ),
    (
        "zero-params",
        _replace("parameters: 70B", "parameters: 0"),
        "parameters",
        "greater than 0",
        "parameters: 0",
    ),
    (
        "negative-params",
        _replace("parameters: 70B", "parameters: -70B"),
        "parameters",
        "cannot read '-70B'",
        "parameters: -70B",
    ),
    (
        "absurd-params",
        _replace("parameters: 70B", "parameters: 7e20"),
        "parameters",
        "less than or equal to",
        "parameters: 7e20",
    ),
    (
        "absurd-context",
        _replace("context_window: 4096", "context_window: 99999999999"),
        "context_window",
        "less than or equal to",
        "context_window: 9999",
    ),
    (
        "negative-price",
        _replace("input_usd_per_1m: 0.70", "input_usd_per_1m: -0.70"),
        "price.input_usd_per_1m",
        "greater than or equal to 0",
        "price:",
    ),
    # dates
    (
        "impossible-date",
        _replace("release_date: 2023-07-18", "release_date: 2023-02-30"),
        "release_date",
        "not a real calendar date",
        "release_date: 2023-02-30",
    ),
    (
        "future-date",
        _replace("release_date: 2023-07-18", "release_date: 2027-01-01"),
        "release_date",
        "in the future",
        "release_date: 2027",
    ),
    (
        "ancient-date",
        _replace("release_date: 2023-07-18", "release_date: 1900-01-01"),
        "release_date",
        "before 1950",
        "release_date: 1900",
    ),
    (
        "date-as-text",
        _replace("release_date: 2023-07-18", "release_date: July 2023"),
        "release_date",
        "expected a date YYYY-MM-DD",
        "release_date: July",
    ),
    (
        "timestamp",
        _replace("release_date: 2023-07-18", "release_date: 2023-07-18T10:00:00"),
        "release_date",
        "expected a date YYYY-MM-DD",
        "release_date: 2023",
    ),
    (
        "future-price-date",
        _replace("as_of: 2023-12-01", "as_of: 2030-12-01"),
        "price.as_of",
        "in the future",
        "price:",
    ),
    # cross-field rules
    (
        "moe-without-active",
        _replace("architecture: dense", "architecture: moe"),
        "active_parameters",
        "required for a moe",
        "architecture: moe",
    ),
    (
        "active-above-total",
        _replace("architecture: dense", "architecture: moe\nactive_parameters: 80B"),
        "active_parameters",
        "more than parameters",
        "active_parameters: 80B",
    ),
    (
        "dense-with-active",
        _replace("parameters: 70B", "parameters: 70B\nactive_parameters: 13B"),
        "active_parameters",
        "only moe models",
        "active_parameters: 13B",
    ),
    (
        "active-method-without-active",
        _replace("compute_method: 6ND", "compute_method: 6ND\nactive_parameters_method: estimate"),
        "active_parameters_method",
        "given without active_parameters",
        "active_parameters_method: estimate",
    ),
    (
        "bad-active-method",
        _replace(
            "architecture: dense",
            "architecture: moe\nactive_parameters: 13B\nactive_parameters_method: guess",
        ),
        "active_parameters_method",
        "'reported' or 'estimate'",
        "active_parameters_method: guess",
    ),
    (
        "compute-without-method",
        _replace("compute_method: 6ND\n", ""),
        "compute_method",
        "required when training_compute_flop",
        None,
    ),
    (
        "missing-required",
        _replace("organization: Meta\n", ""),
        "organization",
        "required field is missing",
        None,
    ),
    ("wrong-file-name", GOOD, "id", "does not match the file name", "id: llama-2-70b"),
    # sources
    (
        "number-without-source",
        _replace("  training_tokens: https://arxiv.org/abs/2307.09288\n", ""),
        "training_tokens",
        "no source",
        "training_tokens: 2T",
    ),
    (
        "benchmark-without-source",
        _replace("  benchmarks.mmlu: https://arxiv.org/abs/2307.09288\n", ""),
        "benchmarks.mmlu",
        "no source",
        "mmlu:",
    ),
    (
        "source-not-url",
        _replace("price: https://epoch.ai/data/ai-models", "price: Epoch AI"),
        "sources.price",
        "pattern",
        "price: Epoch AI",
    ),
    (
        "source-for-absent-field",
        _replace("sources:\n", "sources:\n  training_cost_usd: https://epoch.ai/x\n"),
        "sources.training_cost_usd",
        "which has no value",
        "training_cost_usd: https",
    ),
    (
        "source-key-typo",
        _replace("sources:\n", "sources:\n  paramters: https://epoch.ai/x\n"),
        "sources.paramters",
        "did you mean 'parameters'",
        "paramters:",
    ),
    # unknown fields, with a hint
    (
        "unknown-field",
        _replace("organization: Meta", "organisation: Meta"),
        "organisation",
        "did you mean 'organization'",
        "organisation: Meta",
    ),
    (
        "unknown-nested-field",
        _replace("shots: 5", "shot: 5"),
        "benchmarks.mmlu.shot",
        "did you mean 'shots'",
        "shot: 5",
    ),
    ("duplicate-key", GOOD + "parameters: 65B\n", "parameters", "duplicate key", "parameters: 65B"),
    (
        "measured-by-unknown-party",
        _replace("shots: 5}", "shots: 5, measured_by: someone}"),
        "benchmarks.mmlu.measured_by",
        "pattern",
        "measured_by: someone",
    ),
]


@pytest.mark.parametrize(
    ("case", "text", "field", "reason", "needle"), CASES, ids=[c[0] for c in CASES]
)
def test_bad_record_is_rejected_with_field_line_and_reason(
    tmp_path, case, text, field, reason, needle
):
    name = "llama-2-7b.yaml" if case == "wrong-file-name" else "llama-2-70b.yaml"
    rec, problems, _ = read_record(_write(tmp_path, text, name), today=TODAY)
    assert rec is None, f"{case}: record must be rejected"
    matching = [p for p in problems if p.field == field]
    assert matching, f"{case}: expected a problem on {field!r}, got {[str(p) for p in problems]}"
    assert any(reason in p.reason for p in matching), [p.reason for p in matching]
    if needle is not None:
        assert matching[0].source_line == _line_of(text, needle), str(matching[0])


HOSTILE = [
    ("malformed-yaml", b"id: x\n  bad: [\n", 2, "invalid YAML"),
    ("unclosed-flow", b"id: x\nbenchmarks: {mmlu: {score: 1\n", None, "invalid YAML"),
    (
        "alias-bomb",
        (
            b'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
            + b"".join(
                f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)},*{chr(97 + i)},"
                f"*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},"
                f"*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)}]\n".encode()
                for i in range(8)
            )
        ),
        2,
        "anchors and aliases",
    ),
    ("non-utf8", b"id: llama-2-70b\nname: Llama \xff\xfe 2\n", 2, "not valid UTF-8"),
    ("utf16", "id: x\n".encode("utf-16"), 1, "not valid UTF-8"),
    ("empty", b"", None, "empty file"),
    ("only-comments", b"# nothing here\n\n", None, "empty file"),
    (
        "top-level-list",
        b"- id: x\n- id: y\n",
        1,
        "expected a mapping of fields at the top, got a list",
    ),
    ("top-level-scalar", b"just a string\n", 1, "got str"),
    ("deep-nesting", b"a: " + b"[" * 5000 + b"]" * 5000 + b"\n", None, "invalid YAML"),
    ("python-tag", b"id: !!python/object/apply:os.system ['echo hi']\n", 1, "invalid YAML"),
    ("huge-file", b"notes: '" + b"x" * (MAX_FILE_BYTES + 10) + b"'\n", None, "file too large"),
    ("multi-document", b"id: a\n---\nid: b\n", 2, "invalid YAML"),
]


@pytest.mark.parametrize(("case", "data", "line", "reason"), HOSTILE, ids=[c[0] for c in HOSTILE])
def test_hostile_input_gets_a_clear_error_fast(tmp_path, case, data, line, reason):
    started = time.perf_counter()
    rec, problems, _ = read_record(_write(tmp_path, data), today=TODAY)
    elapsed = time.perf_counter() - started
    assert rec is None
    assert len(problems) == 1, [str(p) for p in problems]
    problem = problems[0]
    assert problem.field == "(file)"
    assert reason in problem.reason, problem.reason
    if line is not None:
        assert problem.source_line == line, str(problem)
    # A bound, not a benchmark: hostile input must never hang the validator.
    assert elapsed < 60, f"{case} took {elapsed:.1f} s"


def test_problem_renders_as_file_line_field_reason(tmp_path):
    path = _write(tmp_path, _replace("score: 68.9", "score: 168.9"))
    _, problems, _ = read_record(path, display="data/raw/models/meta/llama-2-70b.yaml", today=TODAY)
    assert str(problems[0]) == (
        "data/raw/models/meta/llama-2-70b.yaml:14: benchmarks.mmlu.score: "
        "Input should be less than or equal to 100 (got 168.9)"
    )


def test_architecture_may_be_left_out(tmp_path):
    """A record whose sources do not state the architecture leaves it out (not `unknown`,
    which means the maker has not disclosed it)."""
    rec, problems, _ = read_record(
        _write(tmp_path, _replace("architecture: dense\n", "")), today=TODAY
    )
    assert problems == [] and rec is not None and rec.architecture is None


# `load_yaml` builds plain documents in one walk of libyaml's tree (`safe_yaml._plain`) and
# leaves everything else to PyYAML's constructor: both paths must give what the pure-Python
# loader gives, value and key lines, or the same located error.
PLAIN_OR_NOT = {
    "scalars": "a: 1e400\nb: .nan\nc: -.inf\nd: 0x1F\ne: 0o17\nf: 1_000\ng: 1:30\nh: ~\ni: yes\n",
    "dates stay text": "released: 2024-01-01\nat: 2024-01-01T10:00:00Z\n",
    "nested": "a:\n  b:\n    c: [1, {d: 2, d: 3}]\n  e: []\nf: {}\n",
    "keys of other types": "1: x\n~: y\ntrue: z\n1.5: w\n",
    "explicit tags": "a: !!str 123\nb: !!int '12'\nc: !!binary aGVsbG8=\nd: !!set {x, y}\n",
    "merge key": "base: {x: 1}\nc:\n  <<: {x: 2}\n  y: 2\n",
    "value key": "=: 1\n",
    "a dotted key, then its nested twin": "a.b: 1\na:\n  b: 2\n",
    "the same one level down": "x:\n  a.b: 1\n  a:\n    b: 2\n",
    "block text": "a: |\n  line1\n  line2\nb: caf\u00e9\n",
    # `&` with no anchor: the walk skips the alias check (no anchor, no shared node)
    "an ampersand, not an anchor": "u: https://x.org/?a=1&b=2\nq: 'a & b'\nr: [x&y]\n",
    "an anchor used once": "a: &x [1]\nb: 2\n",
    # the second list meets each text again, answered from `safe_yaml._PLAIN_TAGS`
    "plain scalars twice": "a: [yes, 'no', on, Off, null, Null, ~, 12, -3, 1.5, .inf, 1e3, none]\n"
    "b: [yes, 'no', on, Off, null, Null, ~, 12, -3, 1.5, .inf, 1e3, none]\n",
    "more distinct scalars than the memo keeps": "".join(f"k{i}: {i}\n" for i in range(5000)),
}
BROKEN = {
    "duplicate key": ("a:\n  b: 1\n  b: 2\n", 3, "a.b", "duplicate key"),
    "a nested key, then its dotted twin": ("a:\n  b: 2\na.b: 1\n", 3, "a.b", "duplicate key"),
    "same path, other type": ("1: x\n'1': y\n", 2, "1", "duplicate key"),
    "alias before a duplicate": ("a: &x 1\na: *x\n", 2, "(file)", "anchors and aliases"),
    "duplicate before an alias": ("a: 1\na: 2\nb: &q 3\nc: *q\n", 4, "(file)", "anchors and"),
    "an alias to no anchor": ("a: *x\n", 1, "(file)", "invalid YAML: anchors and aliases"),
    "a mapping as a key": ("? {a: 1}\n: 2\n", 1, "(file)", "invalid YAML"),
    "unsafe tag": ("a: !!python/name:os.system\n", 1, "(file)", "invalid YAML"),
}


def _pure(text: str):

    from pipelines.lib.ingest import safe_yaml

    loader = safe_yaml._RecordLoader(text)
    try:
        node = loader.get_single_node()
        return safe_yaml._line_map(node), loader.construct_document(node)
    finally:
        loader.dispose()


@pytest.mark.parametrize("text", PLAIN_OR_NOT.values(), ids=list(PLAIN_OR_NOT))
def test_load_yaml_gives_what_the_pure_loader_gives(text):
    from pipelines.lib.ingest.safe_yaml import load_yaml

    lines, value = _pure(text)
    got, got_lines = load_yaml(text.encode())
    assert repr(got) == repr(value)  # repr: NaN equals itself, and key order counts
    assert got_lines == lines


def test_the_resolver_shortcuts_are_installed():
    """The equivalence tests above test `safe_yaml._resolve` only while PyYAML's resolvers
    allow it to be installed (no wildcard resolver, no path resolver)."""
    from pipelines.lib.ingest import safe_yaml

    assert safe_yaml._SHORTCUTS
    assert safe_yaml._FastRecordLoader.resolve is safe_yaml._resolve


def test_every_record_loads_as_the_pure_loader_loads_it():
    from pipelines.lib.ingest.safe_yaml import load_yaml

    files = sorted((RAW_DIR / "models").rglob("*.yaml"))
    assert len(files) >= 300
    for path in files:
        lines, value = _pure(path.read_text(encoding="utf-8"))
        assert load_yaml(path.read_bytes()) == (value, lines), path


@pytest.mark.parametrize(("text", "line", "field", "reason"), BROKEN.values(), ids=list(BROKEN))
def test_load_yaml_locates_what_it_refuses(text, line, field, reason):
    from pipelines.lib.ingest.safe_yaml import RecordFileError, load_yaml

    with pytest.raises(RecordFileError) as caught:
        load_yaml(text.encode())
    assert (caught.value.line, caught.value.field) == (line, field)
    assert caught.value.reason.startswith(reason) or reason in caught.value.reason


def test_the_collector_is_paused_while_yaml_is_read_and_restored_after():
    """`collector_paused` (docs/benchmarks.md, issue 15's seventh pass): off inside, on again
    after, also after an error; a nested use and a caller's own choice are left alone."""
    import gc

    from pipelines.lib.ingest.safe_yaml import RecordFileError, collector_paused, load_yaml

    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the inner use left it to the outer
    assert gc.isenabled()
    with pytest.raises(RecordFileError):
        load_yaml(b"a: [")
    assert gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()  # the caller turned it off: it stays off
    finally:
        gc.enable()
