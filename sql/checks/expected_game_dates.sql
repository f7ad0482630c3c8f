-- expected_game_dates: the game dates in [@start_date, @end_date) a daily table should have rows for.
-- A date is expected when nba_raw.schedule has games on it, unless it falls in the first
-- @bootstrap_days days of its season (season opening = the season's first scheduled game), where
-- tables built from history have nothing to say yet, or is one of the first @lag_game_dates game
-- dates after those days (a table built from earlier game dates' results starts one game date
-- later: counted in game dates, so an off day at the boundary cannot move it).
WITH range_seasons AS (
  SELECT DISTINCT season_year
  FROM nba_raw.schedule
  WHERE game_date >= @start_date AND game_date < @end_date
),
openings AS (
  SELECT season_year, MIN(game_date) AS opening_date
  FROM nba_raw.schedule
  WHERE season_year IN (SELECT season_year FROM range_seasons)
  GROUP BY season_year
),
judged AS (
  SELECT DISTINCT s.season_year, s.game_date
  FROM nba_raw.schedule AS s
  JOIN openings AS o ON o.season_year = s.season_year
  WHERE s.game_date >= DATE_ADD(o.opening_date, INTERVAL @bootstrap_days DAY)
),
numbered AS (
  SELECT game_date, ROW_NUMBER() OVER (PARTITION BY season_year ORDER BY game_date) AS nth
  FROM judged
)
SELECT game_date
FROM numbered
WHERE game_date >= @start_date AND game_date < @end_date AND nth > @lag_game_dates
