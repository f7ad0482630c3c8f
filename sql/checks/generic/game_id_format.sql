-- game_id_format (any table with a game_id): the range's rows of @this_table whose game_id is
--   missing or does not match @pattern (the policy's, checks/thresholds.yaml).
SELECT game_id, @this_date AS day
FROM @this_table
WHERE @this_date >= @start_date AND @this_date < @end_date
  AND (game_id IS NULL OR NOT REGEXP_CONTAINS(game_id, @pattern))
