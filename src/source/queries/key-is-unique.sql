-- Whether a single-column unique index without a predicate guarantees the table's key column,
-- in which case the warehouse need not check the loaded rows for a repeated key.
SELECT EXISTS (
  SELECT 1
  FROM pg_index i
  JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
  WHERE i.indrelid = to_regclass($1)
    AND i.indisunique AND i.indnatts = 1 AND i.indpred IS NULL
    AND a.attname = $2
) AS unique
