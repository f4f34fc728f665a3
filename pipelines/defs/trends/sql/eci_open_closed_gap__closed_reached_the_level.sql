-- The closed model a gap is measured to reached the open record's level.
SELECT count(*) FROM eci_open_closed_gap
WHERE closed_model_id IS NOT NULL AND closed_eci < open_eci
