SELECT * FROM frontier_trend
WHERE benchmark = ? AND threshold = CAST(? AS DOUBLE) AND basis = ? AND target_params = ?
