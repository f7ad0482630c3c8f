-- quarantine_rate (raw tables): the range's rows of @this_quarantine, the payload rows the table
--   rejected, counted per field their reason names (the reason up to its first ':').
SELECT SPLIT(reason, ':')[OFFSET(0)] AS field, COUNT(*) AS n_rows
FROM @this_quarantine
WHERE game_date >= @start_date AND game_date < @end_date
GROUP BY field
ORDER BY n_rows DESC, field
