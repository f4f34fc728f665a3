"""Every asset is named for the table (or file) it writes; a multi-asset exists only where one
computation yields several tables, its specs named for them and its op for what it computes."""

from pipelines.lib.tables import table_names

# op name -> the tables its one computation writes.
MULTI_ASSETS = {
    # the record files read and validated: accepted rows and the rejects, in one pass
    "raw_model_records": {"raw_model_records", "raw_benchmark_scores", "raw_sources", "rejects"},
    # claims from every source resolved into one value per (model, field)
    "models": {
        "models",
        "claims",
        "conflicts",
        "sources",
        "benchmark_scores",
        "capability_index",
        "unmatched_names",
        "upstream_errata",
        "upstream_revisions",
    },
    # the Chinchilla loss refit, and the allocations under it and the published fits
    "scaling_law_fits": {"scaling_law_fits", "compute_optimal_allocation"},
    # the MMLU sigmoids and the curves drawn from their bootstrap
    "capability_fits": {"capability_fits", "capability_curves"},
    # GPQA Diamond and ECI against training compute: the fits and the curves with their bands
    "benchmark_compute_fits": {"benchmark_compute_fits", "benchmark_compute_curves"},
    # the cheapest-price record-holders and the trend fitted through them
    "cost_frontier": {"cost_frontier", "cost_trend"},
    # per benchmark: the cheapest-price record-holders and the fold decrease fitted through them
    "benchmark_cost_frontier": {"benchmark_cost_frontier", "benchmark_cost_trend"},
    # the ECI records, open and closed, and the gap in months between them
    "eci_frontier": {"eci_frontier", "eci_open_closed_gap"},
}

# Assets that are not tables of the registry: the raw copies of inputs, the pins' checks, the
# published file and its report.
NOT_TABLES = {"published_warehouse", "upstream_files", "headline_report"}


def _graph():
    from pipelines.definitions import defs

    return defs().resolve_asset_graph()


def test_every_asset_is_named_for_what_it_writes():
    tables = set(table_names())
    keys = {k.to_user_string() for k in _graph().get_all_asset_keys()}
    named_otherwise = {
        k for k in keys - tables - NOT_TABLES if not k.startswith(("raw_", "snapshot_"))
    }
    assert named_otherwise == set()


def test_multi_assets_are_the_listed_computations():
    found = {
        a.node_def.name: {k.to_user_string() for k in a.keys}
        for a in _graph().assets_defs
        if a.is_executable and len(a.keys) > 1
    }
    assert found == MULTI_ASSETS
    for op, written in found.items():
        # the op is named for its main table
        assert op in written
