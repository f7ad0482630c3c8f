-- upcoming_team_game_context: one row per team per game on date D (two per game), known before tip-off.
-- key: (game_id, team_abbr)   range: game_date in [@start_date, @end_date)
-- point-in-time: the row for D reads D's schedule, game_lines and injury_report (times before
--   tipoff_utc) and the team's games strictly before D in the same season from
--   nba_analytics.team_offense_game_summary (season to date: game_date >= @start_date − 366 days)
-- days_rest: D − the team's previous game date (1 = back-to-back); NULL before its first game of the season
-- games_in_last_N_days: games with D − N < game_date < D;  game_number_in_season: season games before D + 1
-- game_spread/game_total: median across books of each book's last quote before tip-off (no in-game
--   quote); the spread from the team's side (home_spread at home, −home_spread away; negative = favored);
--   opening_* = median of each book's first quote;  *_movement = current − opening
-- players_out_count: players whose latest pre-tip report is 'out';
--   questionable_players_count: 'questionable' or 'doubtful'
-- team_win_streak_entering / team_loss_streak_entering: the run of wins / losses ending with the team's
--   previous game this season (one of them is 0);  last_game_margin, last_game_result ('W'/'L'): that game
WITH games AS (
  SELECT *
  FROM nba_raw.schedule
  WHERE game_date >= @start_date AND game_date < @end_date
),
slate AS (SELECT * FROM shared.slate),
season_games AS (
  SELECT team_abbr, season_year, game_id, game_date, win_flag, margin_of_victory
  FROM nba_analytics.team_offense_game_summary
  WHERE game_date >= DATE_SUB(@start_date, INTERVAL 366 DAY) AND game_date < @end_date
),
numbered AS (
  SELECT *,
    ROW_NUMBER() OVER (PARTITION BY team_abbr, season_year ORDER BY game_date) AS game_number,
    ROW_NUMBER() OVER (PARTITION BY team_abbr, season_year ORDER BY game_date)
      - ROW_NUMBER() OVER (PARTITION BY team_abbr, season_year, win_flag ORDER BY game_date) AS streak_group
  FROM season_games
),
streaks AS (
  -- the length of the run of equal results that ends with each game (uses only games up to that one)
  SELECT *,
    ROW_NUMBER() OVER (
      PARTITION BY team_abbr, season_year, win_flag, streak_group ORDER BY game_date
    ) AS streak_length
  FROM numbered
),
previous_games AS (
  SELECT s.game_id, s.team_abbr, s.game_date AS target_date, h.game_date, h.game_number, h.win_flag,
    h.margin_of_victory, h.streak_length,
    ROW_NUMBER() OVER (PARTITION BY s.game_id, s.team_abbr ORDER BY h.game_date DESC) AS games_ago
  FROM slate AS s
  JOIN streaks AS h
    ON h.team_abbr = s.team_abbr
    AND h.season_year = s.season_year
    AND h.game_date < s.game_date
),
team_form AS (
  SELECT
    game_id,
    team_abbr,
    DATE_DIFF(target_date, MAX(game_date), DAY) AS days_rest,
    COUNT(IF(game_date > DATE_SUB(target_date, INTERVAL 7 DAY), 1, NULL)) AS games_in_last_7_days,
    COUNT(IF(game_date > DATE_SUB(target_date, INTERVAL 14 DAY), 1, NULL)) AS games_in_last_14_days,
    MAX(game_number) + 1 AS game_number_in_season,
    MAX(IF(games_ago = 1 AND win_flag, streak_length, NULL)) AS win_streak,
    MAX(IF(games_ago = 1 AND NOT win_flag, streak_length, NULL)) AS loss_streak,
    MAX(IF(games_ago = 1, margin_of_victory, NULL)) AS last_game_margin,
    LOGICAL_OR(IF(games_ago = 1, win_flag, NULL)) AS last_game_won
  FROM previous_games
  GROUP BY game_id, team_abbr, target_date
),
line_quotes AS (
  SELECT l.game_id, l.home_spread, l.total,
    ROW_NUMBER() OVER (PARTITION BY l.game_id, l.bookmaker ORDER BY l.snapshot_utc DESC) AS latest,
    ROW_NUMBER() OVER (PARTITION BY l.game_id, l.bookmaker ORDER BY l.snapshot_utc) AS earliest
  FROM nba_raw.game_lines AS l
  JOIN games AS g ON g.game_id = l.game_id
  WHERE l.game_date >= @start_date AND l.game_date < @end_date AND l.snapshot_utc < g.tipoff_utc
),
game_line_consensus AS (
  SELECT DISTINCT
    game_id,
    PERCENTILE_CONT(IF(latest = 1, home_spread, NULL), 0.5) OVER game AS home_spread,
    PERCENTILE_CONT(IF(latest = 1, total, NULL), 0.5) OVER game AS total,
    PERCENTILE_CONT(IF(earliest = 1, home_spread, NULL), 0.5) OVER game AS opening_home_spread,
    PERCENTILE_CONT(IF(earliest = 1, total, NULL), 0.5) OVER game AS opening_total,
    COUNT(IF(latest = 1, 1, NULL)) OVER game AS books_quoting
  FROM line_quotes
  WINDOW game AS (PARTITION BY game_id)
),
injury_latest AS (
  SELECT i.game_id, i.team_abbr, i.player_lookup, i.status,
    ROW_NUMBER() OVER (PARTITION BY i.game_id, i.player_lookup ORDER BY i.report_utc DESC) AS recency
  FROM nba_raw.injury_report AS i
  JOIN games AS g ON g.game_id = i.game_id
  WHERE i.game_date >= @start_date AND i.game_date < @end_date AND i.report_utc < g.tipoff_utc
),
injury_counts AS (
  SELECT
    game_id,
    team_abbr,
    COUNT(IF(status = 'out', 1, NULL)) AS players_out_count,
    COUNT(IF(status IN ('questionable', 'doubtful'), 1, NULL)) AS questionable_players_count
  FROM injury_latest
  WHERE recency = 1
  GROUP BY game_id, team_abbr
)
SELECT
  s.game_id,
  s.nba_game_id,
  s.game_date,
  s.season_year,
  s.season_type,
  s.team_abbr,
  s.opponent_team_abbr,
  s.home_game,
  s.tipoff_utc,
  f.days_rest,
  IFNULL(f.days_rest = 1, FALSE) AS back_to_back,
  IFNULL(f.games_in_last_7_days, 0) AS games_in_last_7_days,
  IFNULL(f.games_in_last_14_days, 0) AS games_in_last_14_days,
  IFNULL(f.game_number_in_season, 1) AS game_number_in_season,
  IF(s.home_game, gl.home_spread, -gl.home_spread) AS game_spread,
  IF(s.home_game, gl.opening_home_spread, -gl.opening_home_spread) AS opening_spread,
  IF(s.home_game, 1, -1) * (gl.home_spread - gl.opening_home_spread) AS spread_movement,
  gl.total AS game_total,
  gl.opening_total,
  gl.total - gl.opening_total AS total_movement,
  IFNULL(gl.books_quoting, 0) AS books_quoting,
  IFNULL(ic.players_out_count, 0) AS players_out_count,
  IFNULL(ic.questionable_players_count, 0) AS questionable_players_count,
  IFNULL(f.win_streak, 0) AS team_win_streak_entering,
  IFNULL(f.loss_streak, 0) AS team_loss_streak_entering,
  f.last_game_margin,
  CASE f.last_game_won WHEN TRUE THEN 'W' WHEN FALSE THEN 'L' END AS last_game_result
FROM slate AS s
LEFT JOIN team_form AS f ON f.game_id = s.game_id AND f.team_abbr = s.team_abbr
LEFT JOIN game_line_consensus AS gl ON gl.game_id = s.game_id
LEFT JOIN injury_counts AS ic ON ic.game_id = s.game_id AND ic.team_abbr = s.team_abbr
