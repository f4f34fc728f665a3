"""Shared helpers of the chart tests: reading the Vega-Lite spec a builder produces."""

from __future__ import annotations

GOPHER = (60.0, "Gopher 280B", "2021-12-08", 280e9, 60.0)


CHINCHILLA = (60.0, "Chinchilla 70B", "2022-03-29", 70e9, 67.5)


MISTRAL = (60.0, "Mistral 7B", "2023-10-10", 7.3e9, 60.1)


FALCON = (70.0, "Falcon 180B", "2023-09-06", 180e9, 70.6)


def layers(chart) -> list[dict]:
    return chart.to_dict()["layer"]


def dataset_rows(chart, layer: dict) -> list[dict]:
    return chart.to_dict()["datasets"][layer["data"]["name"]]


def subtitle(chart) -> str:
    title = chart.to_dict()["title"]
    sub = title.get("subtitle", "")
    return " ".join(sub) if isinstance(sub, list) else sub
