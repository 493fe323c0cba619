-- A lower bound moved back by a margin, rendered by PostgreSQL itself in its canonical UTC form
-- (the session is pinned to UTC and ISO), so that the text that goes into a COPY query is
-- PostgreSQL's own output for a bound value.
SELECT ($1::timestamptz - make_interval(mins => $2::int))::text AS bound
