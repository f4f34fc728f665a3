SELECT count(*) FILTER (WHERE NOT (
      score_pct_lower - 1e-9 <= score_pct AND score_pct <= score_pct_upper + 1e-9
      AND score_pct_lower >= 25 - 1e-9 AND score_pct_upper <= 100 + 1e-9)), count(*)
FROM capability_curves
