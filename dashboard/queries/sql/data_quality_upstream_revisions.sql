SELECT r.model_id, m.name, r.field, r.value_before, r.source_before, r.as_of_before,
       r.value_after, r.source_after, r.as_of_after, r.relative_change
FROM upstream_revisions AS r JOIN models AS m USING (model_id)
ORDER BY r.as_of_after DESC, abs(r.relative_change) DESC, r.model_id, r.field
