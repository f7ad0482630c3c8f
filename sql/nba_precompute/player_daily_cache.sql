-- player_daily_cache: one row per player on D's slate: his scoring, minutes and usage form entering D.
-- key: (cache_date, player_lookup)   range: cache_date in [@start_date, @end_date), except the first
--   @bootstrap_days days of each season (opening = the season's first game in nba_raw.schedule)
-- players: nba_analytics.upcoming_player_game_context on D (everyone rostered for a game that day)
-- point-in-time: the row for D reads nba_analytics.player_game_summary and team_offense_game_summary games
--   strictly before D, same season (read from @start_date − 400 days)
-- a played game has minutes_played > 0: DNP / inactive rows never enter an average (they count only in
--   dnp_rate_last_10); the last N games are the last N played games
-- points_avg_last_3/_5/_10/_season, minutes_avg_last_10/_season: means;  points_std_last_10: sample std
--   (NULL with fewer than 2 games);  usage_rate_last_7/_10/_season: mean usage_rate of those games
-- ppm_avg_last_10 = Σ points / Σ minutes;  ts_pct_last_10 = Σ PTS / (2·Σ(FGA + 0.44·FTA));
--   ft_points_share_last_10 = Σ FTM / Σ points (NULL when no points)
-- pts_slope_last_10: least-squares slope of points per game over the last 10 played games, oldest to
--   newest (+ = rising);  NULL with fewer than 5 games
-- dnp_rate_last_10: share of the player's last 10 box-score rows (any status) that were DNP / inactive
-- team_pace_last_10, team_off_rating_last_10: means over the player's D team's last 10 games;
--   team_win_pct: that team's season wins / games before D
WITH openings AS (
  SELECT season_year, MIN(game_date) AS opening_date
  FROM nba_raw.schedule
  WHERE game_date >= DATE_SUB(@start_date, INTERVAL 400 DAY) AND game_date < @end_date
  GROUP BY season_year
),
players AS (
  SELECT c.game_date AS cache_date, c.player_lookup, c.season_year, c.team_abbr, c.game_id
  FROM nba_analytics.upcoming_player_game_context AS c
  JOIN openings AS o ON o.season_year = c.season_year
  WHERE c.game_date >= @start_date AND c.game_date < @end_date
    AND c.game_date >= DATE_ADD(o.opening_date, INTERVAL @bootstrap_days DAY)
),
history AS (
  SELECT
    p.cache_date, p.player_lookup, g.game_date, g.points, g.minutes_played, g.usage_rate, g.fg_attempts,
    g.ft_attempts, g.ft_makes, IFNULL(g.minutes_played > 0, FALSE) AS played
  FROM players AS p
  JOIN nba_analytics.player_game_summary AS g
    ON g.player_lookup = p.player_lookup AND g.season_year = p.season_year
    AND g.game_date < p.cache_date
  WHERE g.game_date >= DATE_SUB(@start_date, INTERVAL 400 DAY) AND g.game_date < @end_date
),
ranked AS (
  SELECT
    *,
    ROW_NUMBER() OVER (PARTITION BY cache_date, player_lookup ORDER BY game_date DESC) AS rows_ago,
    IF(played, ROW_NUMBER() OVER (
      PARTITION BY cache_date, player_lookup, played ORDER BY game_date DESC
    ), NULL) AS games_ago
  FROM history
),
form AS (
  SELECT
    cache_date,
    player_lookup,
    COUNT(games_ago) AS games_played_season,
    AVG(IF(games_ago <= 3, points, NULL)) AS points_avg_last_3,
    AVG(IF(games_ago <= 5, points, NULL)) AS points_avg_last_5,
    AVG(IF(games_ago <= 10, points, NULL)) AS points_avg_last_10,
    AVG(IF(played, points, NULL)) AS points_avg_season,
    STDDEV_SAMP(IF(games_ago <= 10, points, NULL)) AS points_std_last_10,
    AVG(IF(games_ago <= 10, minutes_played, NULL)) AS minutes_avg_last_10,
    AVG(IF(played, minutes_played, NULL)) AS minutes_avg_season,
    AVG(IF(games_ago <= 7, usage_rate, NULL)) AS usage_rate_last_7,
    AVG(IF(games_ago <= 10, usage_rate, NULL)) AS usage_rate_last_10,
    AVG(IF(played, usage_rate, NULL)) AS usage_rate_season,
    SAFE_DIVIDE(SUM(IF(games_ago <= 10, points, NULL)), SUM(IF(games_ago <= 10, minutes_played, NULL)))
      AS ppm_avg_last_10,
    SAFE_DIVIDE(
      SUM(IF(games_ago <= 10, points, NULL)),
      2 * SUM(IF(games_ago <= 10, fg_attempts + 0.44 * ft_attempts, NULL))
    ) AS ts_pct_last_10,
    SAFE_DIVIDE(SUM(IF(games_ago <= 10, ft_makes, NULL)), SUM(IF(games_ago <= 10, points, NULL)))
      AS ft_points_share_last_10,
    IF(COUNT(IF(games_ago <= 10, 1, NULL)) >= 5,
      COVAR_POP(IF(games_ago <= 10, -games_ago, NULL), IF(games_ago <= 10, points, NULL))
        / VAR_POP(IF(games_ago <= 10, -games_ago, NULL)),
      NULL) AS pts_slope_last_10,
    SAFE_DIVIDE(COUNT(IF(rows_ago <= 10 AND NOT played, 1, NULL)), COUNT(IF(rows_ago <= 10, 1, NULL)))
      AS dnp_rate_last_10
  FROM ranked
  GROUP BY cache_date, player_lookup
),
team_history AS (
  SELECT
    t.cache_date, t.team_abbr, g.pace, g.offensive_rating, g.win_flag,
    ROW_NUMBER() OVER (PARTITION BY t.cache_date, t.team_abbr ORDER BY g.game_date DESC) AS games_ago
  FROM (SELECT DISTINCT cache_date, season_year, team_abbr FROM players) AS t
  JOIN nba_analytics.team_offense_game_summary AS g
    ON g.team_abbr = t.team_abbr AND g.season_year = t.season_year AND g.game_date < t.cache_date
  WHERE g.game_date >= DATE_SUB(@start_date, INTERVAL 400 DAY) AND g.game_date < @end_date
),
team_form AS (
  SELECT
    cache_date,
    team_abbr,
    AVG(IF(games_ago <= 10, pace, NULL)) AS team_pace_last_10,
    AVG(IF(games_ago <= 10, offensive_rating, NULL)) AS team_off_rating_last_10,
    COUNT(*) AS team_games_season,
    AVG(IF(win_flag, 1, 0)) AS team_win_pct
  FROM team_history
  GROUP BY cache_date, team_abbr
)
SELECT
  p.cache_date,
  p.player_lookup,
  p.game_id,
  p.season_year,
  p.team_abbr,
  IFNULL(f.games_played_season, 0) AS games_played_season,
  f.points_avg_last_3,
  f.points_avg_last_5,
  f.points_avg_last_10,
  f.points_avg_season,
  f.points_std_last_10,
  f.minutes_avg_last_10,
  f.minutes_avg_season,
  f.usage_rate_last_7,
  f.usage_rate_last_10,
  f.usage_rate_season,
  f.ppm_avg_last_10,
  f.ts_pct_last_10,
  f.ft_points_share_last_10,
  f.pts_slope_last_10,
  f.dnp_rate_last_10,
  t.team_pace_last_10,
  t.team_off_rating_last_10,
  IFNULL(t.team_games_season, 0) AS team_games_season,
  t.team_win_pct
FROM players AS p
LEFT JOIN form AS f ON f.cache_date = p.cache_date AND f.player_lookup = p.player_lookup
LEFT JOIN team_form AS t ON t.cache_date = p.cache_date AND t.team_abbr = p.team_abbr
