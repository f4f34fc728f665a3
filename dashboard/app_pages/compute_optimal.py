"""Compute-optimal: how models split compute between parameters and data, against the fitted
scaling laws, with a calculator for any budget."""

from __future__ import annotations

import streamlit as st

from dashboard import charts, formats, queries
from dashboard.page import (
    metric_row,
    open_page,
    section,
    sections,
    show_chart,
    show_table,
    url_note,
)

# The calculator's budgets: 1, 2, 5 x 10^k FLOP from 1e18 to 1e27, plus Chinchilla's 5.76e23.
CHINCHILLA_BUDGET = queries.CHINCHILLA_BUDGET_FLOP
BUDGETS = sorted(
    {m * 10.0**k for k in range(18, 27) for m in (1, 2, 5)} | {1e27, CHINCHILLA_BUDGET}
)
OPTIMA_BUDGETS = (1e21, 1e25)  # the band of fitted optima: budgets most models trained with
FIT_PICKER = "fit"  # widget keys, also URL query parameters
BUDGET = "budget"
TOP = 10

allocation = queries.load_allocation()
model_filters, filtered = open_page(
    "Compute-optimal training",
    "A training budget of C FLOP buys N parameters trained on D tokens, with C ≈ 6·N·D. "
    "Chinchilla (Hoffmann et al. 2022) found the loss-minimising split near **20 tokens per "
    "parameter**; Besiroglu et al. (2024) refitted the same data and confirm it. Models "
    "meant to be served cheaply are deliberately trained far past it. Every fit below is "
    "computed from the published constants, and our own refit is shown with its intervals.",
    empty=allocation.is_empty,
    empty_message=(
        "No compute-optimal tables yet: the warehouse has no `compute_optimal_allocation` "
        "rows. Run `make build`."
    ),
    filters_for="compute_optimal",
)

if filtered:
    st.caption(
        ":material/filter_alt: Sidebar filters on: the model points and tables show only the "
        "models the filters keep. The fitted laws, optima and allocations are fitted on all "
        "models."
    )


# ----------------------------------------------------------------------------- tokens per param
def tokens_section() -> None:
    """Training tokens per active parameter over time, against the fitted laws' optima."""
    tokens = queries.load_tokens_per_param(model_filters)
    optima = queries.load_optimum_ranges(*OPTIMA_BUDGETS)
    show_chart(
        charts.tokens_per_param_vs_date_chart(
            tokens, since=charts.TRENDS_SINCE, height=400, optima=optima
        ),
        coverage=tokens["release_date"],
        measure="tokens and parameters",
        median_of=("tokens_per_param", "tokens per parameter"),
    )
    st.caption(
        "Training tokens per active parameter, one point per pre-trained model (fine-tunes left "
        "out). Red: the 20:1 rule of thumb. Shaded: the compute-optimal ratio each fitted law "
        "gives for budgets from 1e21 to 1e25 FLOP, where most of these models lie (Hoffmann's "
        "printed, rounded fit drifts upwards with budget; Besiroglu et al. and our refit stay "
        "near 20; fitted on all models, whatever the filters). Models released before 2017 are "
        "left out. Hover a point for its source."
    )


# ----------------------------------------------------------------------------- calculator
@section
def calculator() -> None:
    """The budget control with everything it drives: a budget change reruns only this."""
    st.subheader("Calculator: the optimal model for a budget")
    left, right = st.columns([1, 1], gap="large")
    with left:
        budget = st.select_slider(
            "Training budget (FLOP, log scale)",
            options=BUDGETS,
            value=CHINCHILLA_BUDGET,
            format_func=formats.budget_label,  # also the URL form: ?budget=1e24
            key=BUDGET,
            bind="query-params",
            help="1, 2, 5 × 10^k FLOP, plus Chinchilla's 5.76e23. C = 6·N·D: a dense transformer "
            "spends about 6 FLOP per parameter per training token.",
        )
        url_note(
            BUDGET,
            budget,
            f"not a budget on the scale ({formats.budget_label(BUDGETS[0])} to "
            f"{formats.budget_label(BUDGETS[-1])})",
            formats.budget_label(budget),
        )
    # The chart is drawn before the table beside it: a page's elements reach the browser in
    # the order the script makes them, and the browser lays out each before the next, so
    # the table (a data grid) made first held the chart back on a tab switch.
    result = queries.allocation_for_budget(budget)
    shown = formats.allocation_table(result)
    with right:
        show_chart(
            charts.params_vs_budget_chart(
                allocation,
                budget=budget,
                models=queries.load_budget_points(model_filters),
                height=430,
            ),
            trend=formats.budget_trend(shown, formats.budget_label(budget)),
        )

    with left:
        cards = metric_row()
        preferred = shown.filter(shown["fit"] == "besiroglu_2024")
        if preferred.height:
            cards.metric(
                "Optimal parameters",
                preferred["params_text"][0],
                help="Besiroglu et al. 2024's fit (the corrected Chinchilla Approach 3).",
            )
            cards.metric(
                "Optimal tokens",
                preferred["tokens_text"][0],
                help="Besiroglu et al. 2024's fit: D = C / (6·N).",
            )
        show_table(
            shown,
            f"Compute-optimal split of {formats.budget_label(budget)} FLOP under each fit",
            key_columns=["fit_short", "params_opt", "tokens_opt"],
            columns=[
                "fit_short",
                "params_opt",
                "tokens_opt",
                "tokens_per_param",
                "loss_opt",
                "citation_url",
            ],
            column_config={
                "fit_short": st.column_config.TextColumn("Fit"),
                "params_opt": st.column_config.NumberColumn("Parameters N", format="compact"),
                "tokens_opt": st.column_config.NumberColumn("Tokens D", format="compact"),
                "tokens_per_param": st.column_config.NumberColumn("D / N", format="%.1f"),
                "loss_opt": st.column_config.NumberColumn(
                    "Loss", format="%.3f", help="Predicted loss at the optimum, nats per token."
                ),
                "citation_url": formats.source_column("Source"),
            },
        )
        st.caption(
            "Computed with `scaling.optimal_allocation` from each paper's constants (the "
            "closed-form minimum of L(N, D) = E + A/N^α + B/D^β on C = 6·N·D). At Chinchilla's "
            "5.76e23 FLOP Besiroglu et al.'s fit gives ≈ 72B parameters; Chinchilla itself is "
            "70B on 1.4T tokens. Hoffmann et al.'s printed constants are rounded, which is why "
            "that row differs (Besiroglu et al. 2024, §3). The fits are the same whatever the "
            "sidebar filters (fitted on all data); the filters narrow the model points."
        )

    near = queries.load_models_near_budget(budget, filters=model_filters)
    if near.is_empty():
        st.caption(
            "No pre-trained model "
            f"{'among the filtered ones' if filtered else 'in the warehouse'} "
            f"used about {formats.budget_label(budget)} FLOP."
        )
    else:
        st.markdown(
            f"**What was actually trained with about {formats.budget_label(budget)} FLOP** "
            "(6·N·D within a factor of 1.8 either way, closest first):"
        )
        show_table(
            formats.with_flop_text(near, "compute_6nd_flop"),
            f"Models trained with about {formats.budget_label(budget)} FLOP",
            key_columns=["name", "params_active", "training_tokens"],
            columns=[
                "name",
                "model_page",
                "organization",
                "release_date",
                "params_active",
                "training_tokens",
                "tokens_per_param",
                "compute_6nd_flop_text",
                "tokens_source",
            ],
            column_config={
                **formats.MODEL_COLUMN_CONFIG,
                "params_active": st.column_config.NumberColumn("Parameters N", format="compact"),
                "training_tokens": st.column_config.NumberColumn("Tokens D", format="compact"),
                "tokens_per_param": st.column_config.NumberColumn("D / N", format="%.0f"),
                "compute_6nd_flop_text": st.column_config.TextColumn("6·N·D (FLOP)"),
                "tokens_source": formats.source_column("Tokens source"),
            },
        )


# ----------------------------------------------------------------------------- over / under
def training_factor_section() -> None:
    """The models furthest above and below a fit's optimal tokens per parameter."""
    st.subheader("Most over- and under-trained models")
    fits_available = [f for f in formats.FIT_LABELS if f in queries.load_training_fits()]
    if not fits_available:
        st.info(
            "No model has both a parameter count and a token count yet.", icon=":material/info:"
        )
    else:
        fit = st.segmented_control(
            "Against",
            fits_available,
            default="besiroglu_2024" if "besiroglu_2024" in fits_available else fits_available[0],
            required=True,
            format_func=formats.fit_short_label,  # also the URL form: ?fit=Hoffmann+2022
            key=FIT_PICKER,
            bind="query-params",
        )
        st.caption(
            f"Over-training factor = (D/N) ÷ (D_opt/N_opt) for the same budget 6·N·D: 1 is "
            f"compute-optimal, 10 means ten times the optimal tokens per parameter. Pre-trained "
            f"models only ({queries.count_training_factors(fit, model_filters):,} with N and D"
            f"{' after the sidebar filters' if filtered else ''}). Extreme factors "
            "are worth a look on the model page: they often trace back to a token count given in "
            "words or a parameter count that includes every expert."
        )
        factor_config = {
            **formats.MODEL_COLUMN_CONFIG,
            "params_active": st.column_config.NumberColumn("Parameters N", format="compact"),
            "training_tokens": st.column_config.NumberColumn("Tokens D", format="compact"),
            "tokens_per_param": st.column_config.NumberColumn("D / N", format="%.3g"),
            "tokens_per_param_opt": st.column_config.NumberColumn(
                "Optimal D / N", format="%.1f", help="At the model's own budget, under this fit."
            ),
            "over_training_factor": st.column_config.NumberColumn("Factor", format="%.3g ×"),
            "tokens_source": formats.source_column("Tokens source"),
        }
        order = list(factor_config)
        over_tab, under_tab = st.tabs(["Most over-trained", "Most under-trained"])
        with over_tab:
            st.caption("Far more tokens per parameter than the fit's optimum for the same compute.")
            show_table(
                queries.load_training_factors(fit, over=True, limit=TOP, filters=model_filters),
                f"The {TOP} most over-trained models under {formats.fit_short_label(fit)}",
                key_columns=["name", "tokens_per_param", "over_training_factor"],
                columns=order,
                column_config=factor_config,
            )
        with under_tab:
            st.caption(
                "Far fewer tokens per parameter than the fit's optimum for the same compute."
            )
            show_table(
                queries.load_training_factors(fit, over=False, limit=TOP, filters=model_filters),
                f"The {TOP} most under-trained models under {formats.fit_short_label(fit)}",
                key_columns=["name", "tokens_per_param", "over_training_factor"],
                columns=order,
                column_config=factor_config,
            )


# ----------------------------------------------------------------------------- fitted laws
def fitted_law_section() -> None:
    """Our refit of the Chinchilla law against the published one, parameter by parameter."""
    st.subheader("The fitted law: our refit against the published one")
    fitted = queries.load_scaling_law_fits()
    if fitted.is_empty():
        st.info("No refit in this warehouse.", icon=":material/info:")
    else:
        runs = fitted.row(0, named=True)
        st.caption(
            f"L(N, D) = E + A/N^α + B/D^β refitted on the {runs['n_points']} training runs Epoch "
            f"AI extracted from Chinchilla's figures ({runs['n_excluded']} highest-loss runs left "
            "out, as Besiroglu et al. do): Huber loss on log-loss, L-BFGS-B from a grid, "
            f"{runs['n_bootstrap']} bootstrap resamples for the 95 % intervals. Published: "
            "Besiroglu et al. 2024, [arXiv:2404.10102](https://arxiv.org/abs/2404.10102) "
            "(intervals as published, for α and β). Fitted on these runs, not on the models the "
            "sidebar filters select."
        )
        show_table(
            formats.scaling_fits_table(fitted),
            "Scaling-law parameters: our refit and the published fit",
            key_columns=["parameter_label", "estimate_text", "published_text"],
            columns=[
                "parameter_label",
                "estimate_text",
                "interval_text",
                "published_text",
                "published_interval_text",
            ],
            column_config={
                "parameter_label": st.column_config.TextColumn("Parameter", width="medium"),
                "estimate_text": st.column_config.TextColumn("Our refit"),
                "interval_text": st.column_config.TextColumn("95 % interval"),
                "published_text": st.column_config.TextColumn("Besiroglu et al. 2024"),
                "published_interval_text": st.column_config.TextColumn("Published 95 % interval"),
            },
        )


sections(
    {
        "Tokens per parameter": (tokens_section, ()),
        "Calculator": (calculator, ("budget",)),
        "Over- and under-trained": (training_factor_section, ("fit",)),
        "The fitted law": (fitted_law_section, ()),
    }
)

st.caption(
    "Data: Scaling Atlas records, [Epoch AI](https://epoch.ai/data) (CC-BY 4.0) and "
    f"{formats.LLM_STATS_CREDIT} (CC-BY 4.0); Hoffmann "
    "et al. 2022, [arXiv:2203.15556](https://arxiv.org/abs/2203.15556); Besiroglu et al. 2024, "
    "[arXiv:2404.10102](https://arxiv.org/abs/2404.10102). Tables: `compute_optimal`, "
    "`compute_optimal_by_fit`, `compute_optimal_allocation`, `scaling_law_fits`."
)
