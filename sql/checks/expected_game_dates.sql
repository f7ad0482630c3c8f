-- expected_game_dates: the game dates in [@start_date, @end_date) a daily table should have rows for.
-- A date is expected when nba_raw.schedule has games on it (with @final_only, games already final: a
-- table of results has nothing for a slate still to be played), unless it falls in the warehouse's first
-- @bootstrap_days days (from its earliest scheduled game), where tables built from history have nothing
-- to carry yet, or is one of the first @lag_game_dates game dates after those days (a table built from
-- earlier game dates' results starts one game date later: counted in game dates, so an off day at the
-- boundary cannot move it). Later seasons carry the previous one's history: no window of their own.
WITH judged AS (
  SELECT game_date, LOGICAL_OR(game_status = 'final') AS has_final
  FROM nba_raw.schedule
  WHERE game_date >= (SELECT first_date FROM shared.bootstrap)
  GROUP BY game_date
),
numbered AS (
  SELECT game_date, has_final, ROW_NUMBER() OVER (ORDER BY game_date) AS nth
  FROM judged
)
SELECT game_date
FROM numbered
WHERE game_date >= @start_date AND game_date < @end_date AND nth > @lag_game_dates
  AND (has_final OR NOT @final_only)
