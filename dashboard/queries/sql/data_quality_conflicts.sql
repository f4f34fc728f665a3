SELECT k.model_id, m.name, k.field, k.value_chosen, k.source_chosen, k.citation_chosen,
       k.value_other, k.source_other, k.citation_other, k.difference, k.difference_kind,
       './model?model=' || url_encode(k.model_id) AS model_page
FROM conflicts AS k
LEFT JOIN models AS m USING (model_id)
WHERE len(CAST(? AS VARCHAR[])) = 0 OR list_contains(CAST(? AS VARCHAR[]), k.field)
ORDER BY k.field, k.difference DESC, k.model_id
