-- The columns of one table as the extracting role sees them. Without an explicit schema the
-- first schema of the search path that holds the table wins, as it would in a query.
SELECT c.table_schema AS schema, c.column_name AS column
FROM information_schema.columns c
WHERE c.table_name = $1
  AND (c.table_schema = $2 OR ($2::text IS NULL AND c.table_schema = ANY (current_schemas(false))))
ORDER BY array_position(current_schemas(false), c.table_schema::name), c.ordinal_position
