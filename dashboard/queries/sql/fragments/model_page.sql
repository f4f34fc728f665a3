'./model?model=' || url_encode(model_id)
