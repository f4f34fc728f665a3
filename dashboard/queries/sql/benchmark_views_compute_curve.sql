-- A `benchmark_compute_curves` curve with its grid's compute in FLOP for the charts' log axis.
SELECT *, power(10, log10_compute) AS training_compute_flop
FROM benchmark_compute_curves WHERE measure = ? ORDER BY log10_compute
