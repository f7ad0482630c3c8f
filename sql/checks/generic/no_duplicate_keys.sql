-- no_duplicate_keys (any table): each key that more than one of the range's rows of @this_table
--   holds, with its copies and the first date it is on.  key_value: the key's columns as text, ' | '
--   between them.  @this_* name the judged table's identifiers (checks/check_input.generic_sql).
SELECT @this_key_text AS key_value, COUNT(*) AS copies, MIN(@this_date) AS day
FROM @this_table
WHERE @this_date >= @start_date AND @this_date < @end_date
GROUP BY @this_key
HAVING COUNT(*) > 1
ORDER BY day, key_value
