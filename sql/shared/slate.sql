-- slate: every game of nba_raw.schedule in [@start_date, @end_date), once per team: the team, its
--   opponent and whether it plays at home.  Read by other files as shared.slate (package_files.sql_text
--   inlines it).
SELECT game_id, nba_game_id, game_date, season_year, season_type, tipoff_utc,
  home_team_abbr AS team_abbr, away_team_abbr AS opponent_team_abbr, TRUE AS home_game
FROM nba_raw.schedule
WHERE game_date >= @start_date AND game_date < @end_date
UNION ALL
SELECT game_id, nba_game_id, game_date, season_year, season_type, tipoff_utc,
  away_team_abbr AS team_abbr, home_team_abbr AS opponent_team_abbr, FALSE AS home_game
FROM nba_raw.schedule
WHERE game_date >= @start_date AND game_date < @end_date
