SELECT * FROM capability_fits WHERE x_variable = ? AND "group" = ? AND confidence_filter = ?
