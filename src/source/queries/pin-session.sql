-- Pins what the CSV text depends on, whatever the role's or database's defaults: instants in UTC
-- with an explicit offset, ISO dates, and a ceiling on every statement. Read-only as a second
-- guard: extract never writes to the source.
SELECT set_config('TimeZone', 'UTC', false),
       set_config('DateStyle', 'ISO, YMD', false),
       set_config('IntervalStyle', 'postgres', false),
       set_config('statement_timeout', $1::text, false),
       set_config('default_transaction_read_only', 'on', false),
       set_config('application_name', 'resrecon extract', false)
