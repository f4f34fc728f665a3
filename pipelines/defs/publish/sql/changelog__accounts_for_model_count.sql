SELECT
    (SELECT count(*) FROM models),
    (SELECT count(*) FROM changelog WHERE change = 'added'),
    (SELECT count(*) FROM changelog WHERE change = 'removed')
