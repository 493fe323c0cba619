-- A lower bound for one table, moved back by a margin, as a transaction-local setting that the
-- COPY queries read with current_setting().
SELECT set_config($1, ($2::timestamptz - make_interval(mins => $3::int))::text, true)
