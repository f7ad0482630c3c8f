-- player_daily_cache: one row per player on D's slate: his scoring, minutes and usage form entering D.
-- key: (cache_date, player_lookup)   range: cache_date in [@start_date, @end_date), except the first
--   @bootstrap_days days of each season (opening = the season's first game in nba_raw.schedule)
-- players: nba_analytics.upcoming_player_game_context on D (everyone rostered for a game that day)
-- point-in-time: the row for D reads nba_analytics.player_game_summary and team_offense_game_summary games
--   strictly before D, same season (read from @start_date − 400 days)
-- a played game has minutes_played > 0: DNP / inactive rows never enter an average (they count only in
--   dnp_rate_last_10); the last N games are the last N played games
-- points_avg_last_3/_5/_10/_season, minutes_avg_last_10/_season: means;  points_std_last_10: sample std
--   = √((n·Σp² − (Σp)²) / (n·(n − 1))) over the last 10 (NULL with fewer than 2 games)
-- minutes_total_last_10 = Σ minutes of the last 10 played games (how much a last-10 rate rests on)
-- a rate over a window is a ratio of the window's sums, never a mean of per-game ratios (a 1-minute,
--   2-point game weighs 1 minute, not one game in ten); NULL when the window's denominator is 0:
--   ppm_avg_last_10 = Σ points / Σ minutes
--   usage_rate_last_7/_10/_season = 100·Σ (FGA + 0.44·FTA + TOV)·(team_min/5) / Σ min·(tFGA + 0.44·tFTA
--     + tTOV), over the window's games with a usage_rate (phase 3's per-game formula, pooled; team totals
--     from team_offense_game_summary, tTOV = the players' turnovers as in phase 3)
--   ts_pct_last_10 = Σ PTS / (2·Σ(FGA + 0.44·FTA));  ft_points_share_last_10 = Σ FTM / Σ points
-- pts_slope_last_10: least-squares slope of points per game over the last 10 played games, oldest to
--   newest (+ = rising) = (n·Σxp − Σx·Σp) / (n·Σx² − (Σx)²), x = −games ago;  NULL with fewer than 5 games
-- exact sums (README "Deterministic floats"): fractional values are summed as NUMERIC, std and slope from
--   integer sums, so no value depends on the order the rows arrive in
-- dnp_rate_last_10: share of the player's last 10 box-score rows (any status) that were DNP / inactive
-- team_pace_last_10 = 48·Σ possessions / Σ(team_minutes/5), team_off_rating_last_10 = 100·Σ points /
--   Σ possessions, over the player's D team's last 10 games (those with possessions);  team_win_pct: that
--   team's season wins / games before D
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
player_games AS (
  SELECT
    g.player_lookup, g.season_year, g.game_date, g.points, g.minutes_played, g.fg_attempts, g.ft_attempts,
    g.ft_makes, g.turnovers, g.team_minutes, t.fg_attempts + 0.44 * t.ft_attempts + t.turnovers AS team_plays,
    g.usage_rate IS NOT NULL AND t.game_id IS NOT NULL AS usage_known
  FROM nba_analytics.player_game_summary AS g
  LEFT JOIN nba_analytics.team_offense_game_summary AS t
    ON t.game_id = g.game_id AND t.team_abbr = g.team_abbr
    AND t.game_date >= DATE_SUB(@start_date, INTERVAL 400 DAY) AND t.game_date < @end_date
  WHERE g.game_date >= DATE_SUB(@start_date, INTERVAL 400 DAY) AND g.game_date < @end_date
),
history AS (
  SELECT
    p.cache_date, p.player_lookup, g.game_date, g.points, g.ft_makes,
    IFNULL(g.minutes_played > 0, FALSE) AS played,
    -- fractional values as NUMERIC, so that their sums are exact
    CAST(g.minutes_played AS NUMERIC) AS minutes_played,
    CAST(g.fg_attempts + 0.44 * g.ft_attempts AS NUMERIC) AS shooting_plays,
    IF(g.usage_known,
      CAST((g.fg_attempts + 0.44 * g.ft_attempts + g.turnovers) * g.team_minutes / 5 AS NUMERIC), NULL)
      AS usage_plays,
    IF(g.usage_known, CAST(g.minutes_played * g.team_plays AS NUMERIC), NULL) AS usage_team_plays
  FROM players AS p
  JOIN player_games AS g
    ON g.player_lookup = p.player_lookup AND g.season_year = p.season_year
    AND g.game_date < p.cache_date
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
    CAST(AVG(IF(games_ago <= 10, minutes_played, NULL)) AS FLOAT64) AS minutes_avg_last_10,
    CAST(AVG(IF(played, minutes_played, NULL)) AS FLOAT64) AS minutes_avg_season,
    100 * SAFE_DIVIDE(
      CAST(SUM(IF(games_ago <= 7, usage_plays, NULL)) AS FLOAT64),
      CAST(SUM(IF(games_ago <= 7, usage_team_plays, NULL)) AS FLOAT64)
    ) AS usage_rate_last_7,
    100 * SAFE_DIVIDE(
      CAST(SUM(IF(games_ago <= 10, usage_plays, NULL)) AS FLOAT64),
      CAST(SUM(IF(games_ago <= 10, usage_team_plays, NULL)) AS FLOAT64)
    ) AS usage_rate_last_10,
    100 * SAFE_DIVIDE(
      CAST(SUM(IF(played, usage_plays, NULL)) AS FLOAT64),
      CAST(SUM(IF(played, usage_team_plays, NULL)) AS FLOAT64)
    ) AS usage_rate_season,
    CAST(SUM(IF(games_ago <= 10, minutes_played, NULL)) AS FLOAT64) AS minutes_total_last_10,
    SAFE_DIVIDE(
      SUM(IF(games_ago <= 10, points, NULL)),
      CAST(SUM(IF(games_ago <= 10, minutes_played, NULL)) AS FLOAT64)
    ) AS ppm_avg_last_10,
    SAFE_DIVIDE(
      SUM(IF(games_ago <= 10, points, NULL)),
      2 * CAST(SUM(IF(games_ago <= 10, shooting_plays, NULL)) AS FLOAT64)
    ) AS ts_pct_last_10,
    SAFE_DIVIDE(SUM(IF(games_ago <= 10, ft_makes, NULL)), SUM(IF(games_ago <= 10, points, NULL)))
      AS ft_points_share_last_10,
    SAFE_DIVIDE(COUNT(IF(rows_ago <= 10 AND NOT played, 1, NULL)), COUNT(IF(rows_ago <= 10, 1, NULL)))
      AS dnp_rate_last_10
  FROM ranked
  GROUP BY cache_date, player_lookup
),
last_10 AS (
  SELECT cache_date, player_lookup, -games_ago AS x, points AS p
  FROM ranked
  WHERE games_ago <= 10
),
spread AS (
  -- from integer sums: STDDEV_SAMP / COVAR_POP update a running float, so their last bits follow row order
  SELECT
    cache_date,
    player_lookup,
    SQRT(SAFE_DIVIDE(COUNT(p) * SUM(p * p) - SUM(p) * SUM(p), COUNT(p) * (COUNT(p) - 1)))
      AS points_std_last_10,
    IF(COUNT(*) >= 5,
      SAFE_DIVIDE(COUNT(*) * SUM(x * p) - SUM(x) * SUM(p), COUNT(*) * SUM(x * x) - SUM(x) * SUM(x)),
      NULL) AS pts_slope_last_10
  FROM last_10
  GROUP BY cache_date, player_lookup
),
team_history AS (
  SELECT
    t.cache_date, t.team_abbr, g.win_flag,
    CAST(IF(g.possessions IS NULL, NULL, g.team_minutes) AS NUMERIC) AS team_minutes,
    CAST(g.possessions AS NUMERIC) AS possessions,
    IF(g.possessions IS NULL, NULL, g.points_scored) AS points_scored,
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
    SAFE_DIVIDE(
      48 * CAST(SUM(IF(games_ago <= 10, possessions, NULL)) AS FLOAT64),
      CAST(SUM(IF(games_ago <= 10, team_minutes, NULL)) AS FLOAT64) / 5
    ) AS team_pace_last_10,
    SAFE_DIVIDE(
      100 * SUM(IF(games_ago <= 10, points_scored, NULL)),
      CAST(SUM(IF(games_ago <= 10, possessions, NULL)) AS FLOAT64)
    ) AS team_off_rating_last_10,
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
  s.points_std_last_10,
  f.minutes_avg_last_10,
  f.minutes_avg_season,
  f.minutes_total_last_10,
  f.usage_rate_last_7,
  f.usage_rate_last_10,
  f.usage_rate_season,
  f.ppm_avg_last_10,
  f.ts_pct_last_10,
  f.ft_points_share_last_10,
  s.pts_slope_last_10,
  f.dnp_rate_last_10,
  t.team_pace_last_10,
  t.team_off_rating_last_10,
  IFNULL(t.team_games_season, 0) AS team_games_season,
  t.team_win_pct
FROM players AS p
LEFT JOIN form AS f ON f.cache_date = p.cache_date AND f.player_lookup = p.player_lookup
LEFT JOIN spread AS s ON s.cache_date = p.cache_date AND s.player_lookup = p.player_lookup
LEFT JOIN team_form AS t ON t.cache_date = p.cache_date AND t.team_abbr = p.team_abbr
