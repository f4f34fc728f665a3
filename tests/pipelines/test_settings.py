"""Credentials in a warehouse target never reach logs or run metadata."""

from pathlib import Path

import pytest

from pipelines.defs.publish.assets import published_metadata
from pipelines.lib.settings import redact

TOKEN = "eyJhbGciOi.secret-123_x"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # MotherDuck's documented form: the token as a query parameter.
        (f"md:atlas?motherduck_token={TOKEN}", "md:atlas?motherduck_token=***"),
        # Other parameters survive; only the secret one is hidden; any case.
        (
            f"md:atlas?saas_mode=true&MOTHERDUCK_TOKEN={TOKEN}&attach_mode=single",
            "md:atlas?saas_mode=true&MOTHERDUCK_TOKEN=***&attach_mode=single",
        ),
        (f"md:?token={TOKEN}", "md:?token=***"),
        (f"motherduck:atlas?token={TOKEN};password=pw", "motherduck:atlas?token=***;password=***"),
        # Credentials as user-info of an md: or URL-style target.
        (f"md:user:{TOKEN}@atlas", "md:***@atlas"),
        (
            f"motherduck://{TOKEN}@api.motherduck.com/atlas",
            "motherduck://***@api.motherduck.com/atlas",
        ),
        (f"s3://key:{TOKEN}@bucket/atlas.duckdb", "s3://***@bucket/atlas.duckdb"),
        # Nothing secret: unchanged.
        ("md:atlas", "md:atlas"),
        ("/srv/atlas/warehouse/atlas.duckdb", "/srv/atlas/warehouse/atlas.duckdb"),
        ("/home/me@corp/atlas.duckdb", "/home/me@corp/atlas.duckdb"),
        ("tokens_per_param=20", "tokens_per_param=20"),
    ],
)
def test_redact_hides_credentials_and_keeps_the_rest(text, expected):
    assert redact(text) == expected
    assert TOKEN not in redact(text)


def test_published_metadata_of_a_motherduck_target_holds_no_token():
    target = f"md:atlas?motherduck_token={TOKEN}"
    metadata = published_metadata(
        target, Path("/repo/.dagster/motherduck/CHANGELOG.md"), {"models": 3, "sources": 9}
    )
    assert metadata == {
        "target": "md:atlas?motherduck_token=***",
        "changelog": "/repo/.dagster/motherduck/CHANGELOG.md",
        "rows/models": 3,
        "rows/sources": 9,
    }
    assert TOKEN not in repr(metadata)
