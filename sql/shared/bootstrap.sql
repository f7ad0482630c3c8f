-- bootstrap: the first date a table built from history is judged on (has rows from): the warehouse's
--   earliest game in nba_raw.schedule + @bootstrap_days; before it there is no history to carry yet.
-- one row: first_date.  Read by other files as shared.bootstrap (package_files.sql_text inlines it).
SELECT DATE_ADD(MIN(game_date), INTERVAL @bootstrap_days DAY) AS first_date
FROM nba_raw.schedule
