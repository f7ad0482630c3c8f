-- player_daily_cache: one row per player on D's slate: his scoring, minutes and usage form entering D.
-- key: (cache_date, player_lookup)   range: cache_date in [@start_date, @end_date), except the warehouse's
--   first @bootstrap_days days (from the earliest game in nba_raw.schedule: nothing before them to carry)
-- players: nba_analytics.upcoming_player_game_context on D (everyone rostered for a game that day)
-- point-in-time: the row for D reads nba_analytics.player_game_summary and team_offense_game_summary games
--   strictly before D and at most @carry_days days before it, any season (read from @start_date −
--   @carry_days): a season's opening night carries the player's and the team's previous games
-- a played game has minutes_played > 0: DNP / inactive rows never enter an average (they count only in
--   dnp_rate_last_10); the last N games are the last N played games, across seasons and teams
-- points_avg_last_3/_5/_10, minutes_avg_last_10: means;  points_std_last_10: sample std
--   = √((n·Σp² − (Σp)²) / (n·(n − 1))) over the last 10 (NULL with fewer than 2 games)
-- season values, shrunk toward the carried ones: X_season = (n·season + @prior_games·prior) / (n +
--   @prior_games), n = this season's played games, prior = the same value over the window's games of
--   earlier seasons; the season's own value when there is no prior, the prior when n = 0 (opening
--   night), NULL with neither. Applies to points_avg_season, minutes_avg_season, usage_rate_season and
--   team_win_pct (n = the team's games); games_played_season and team_games_season are this season's
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
--   Σ possessions, over the player's D team's last 10 games (those with possessions), across seasons
WITH players AS (
  SELECT c.game_date AS cache_date, c.player_lookup, c.season_year, c.team_abbr, c.game_id
  FROM nba_analytics.upcoming_player_game_context AS c
  WHERE c.game_date >= @start_date AND c.game_date < @end_date
    AND c.game_date >= (SELECT first_date FROM shared.bootstrap)
),
player_games AS (
  SELECT
    g.player_lookup, g.season_year, g.game_date, g.points, g.minutes_played, g.fg_attempts, g.ft_attempts,
    g.ft_makes, g.turnovers, g.team_minutes, t.fg_attempts + 0.44 * t.ft_attempts + t.turnovers AS team_plays,
    g.usage_rate IS NOT NULL AND t.game_id IS NOT NULL AS usage_known
  FROM nba_analytics.player_game_summary AS g
  LEFT JOIN nba_analytics.team_offense_game_summary AS t
    ON t.game_id = g.game_id AND t.team_abbr = g.team_abbr
    AND t.game_date >= DATE_SUB(@start_date, INTERVAL @carry_days DAY) AND t.game_date < @end_date
  WHERE g.game_date >= DATE_SUB(@start_date, INTERVAL @carry_days DAY) AND g.game_date < @end_date
),
history AS (
  SELECT
    p.cache_date, p.player_lookup, g.game_date, g.points, g.ft_makes,
    g.season_year = p.season_year AS this_season,
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
    ON g.player_lookup = p.player_lookup
    AND g.game_date < p.cache_date
    AND g.game_date >= DATE_SUB(p.cache_date, INTERVAL @carry_days DAY)
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
    COUNT(IF(played AND this_season, 1, NULL)) AS games_played_season,
    COUNT(IF(played AND NOT this_season, 1, NULL)) AS games_played_prior,
    AVG(IF(games_ago <= 3, points, NULL)) AS points_avg_last_3,
    AVG(IF(games_ago <= 5, points, NULL)) AS points_avg_last_5,
    AVG(IF(games_ago <= 10, points, NULL)) AS points_avg_last_10,
    AVG(IF(played AND this_season, points, NULL)) AS points_avg_this_season,
    AVG(IF(played AND NOT this_season, points, NULL)) AS points_avg_prior,
    CAST(AVG(IF(games_ago <= 10, minutes_played, NULL)) AS FLOAT64) AS minutes_avg_last_10,
    CAST(AVG(IF(played AND this_season, minutes_played, NULL)) AS FLOAT64) AS minutes_avg_this_season,
    CAST(AVG(IF(played AND NOT this_season, minutes_played, NULL)) AS FLOAT64) AS minutes_avg_prior,
    100 * SAFE_DIVIDE(
      CAST(SUM(IF(games_ago <= 7, usage_plays, NULL)) AS FLOAT64),
      CAST(SUM(IF(games_ago <= 7, usage_team_plays, NULL)) AS FLOAT64)
    ) AS usage_rate_last_7,
    100 * SAFE_DIVIDE(
      CAST(SUM(IF(games_ago <= 10, usage_plays, NULL)) AS FLOAT64),
      CAST(SUM(IF(games_ago <= 10, usage_team_plays, NULL)) AS FLOAT64)
    ) AS usage_rate_last_10,
    COUNT(IF(played AND this_season, usage_plays, NULL)) AS usage_games_season,
    100 * SAFE_DIVIDE(
      CAST(SUM(IF(played AND this_season, usage_plays, NULL)) AS FLOAT64),
      CAST(SUM(IF(played AND this_season, usage_team_plays, NULL)) AS FLOAT64)
    ) AS usage_rate_this_season,
    100 * SAFE_DIVIDE(
      CAST(SUM(IF(played AND NOT this_season, usage_plays, NULL)) AS FLOAT64),
      CAST(SUM(IF(played AND NOT this_season, usage_team_plays, NULL)) AS FLOAT64)
    ) AS usage_rate_prior,
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
    t.cache_date, t.team_abbr, g.win_flag, g.season_year = t.season_year AS this_season,
    CAST(IF(g.possessions IS NULL, NULL, g.team_minutes) AS NUMERIC) AS team_minutes,
    CAST(g.possessions AS NUMERIC) AS possessions,
    IF(g.possessions IS NULL, NULL, g.points_scored) AS points_scored,
    ROW_NUMBER() OVER (PARTITION BY t.cache_date, t.team_abbr ORDER BY g.game_date DESC) AS games_ago
  FROM (SELECT DISTINCT cache_date, season_year, team_abbr FROM players) AS t
  JOIN nba_analytics.team_offense_game_summary AS g
    ON g.team_abbr = t.team_abbr
    AND g.game_date < t.cache_date
    AND g.game_date >= DATE_SUB(t.cache_date, INTERVAL @carry_days DAY)
  WHERE g.game_date >= DATE_SUB(@start_date, INTERVAL @carry_days DAY) AND g.game_date < @end_date
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
    COUNT(IF(this_season, 1, NULL)) AS team_games_season,
    AVG(IF(this_season, IF(win_flag, 1, 0), NULL)) AS team_win_pct_this_season,
    AVG(IF(this_season, NULL, IF(win_flag, 1, 0))) AS team_win_pct_prior
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
  -- shrunk toward the prior (header): (n·season + k·prior) / (n + k), either alone when the other is NULL
  CASE
    WHEN f.points_avg_prior IS NULL THEN f.points_avg_this_season
    ELSE (IFNULL(f.games_played_season * f.points_avg_this_season, 0) + @prior_games * f.points_avg_prior)
      / (f.games_played_season + @prior_games)
  END AS points_avg_season,
  s.points_std_last_10,
  f.minutes_avg_last_10,
  CASE
    WHEN f.minutes_avg_prior IS NULL THEN f.minutes_avg_this_season
    ELSE (IFNULL(f.games_played_season * f.minutes_avg_this_season, 0) + @prior_games * f.minutes_avg_prior)
      / (f.games_played_season + @prior_games)
  END AS minutes_avg_season,
  f.minutes_total_last_10,
  f.usage_rate_last_7,
  f.usage_rate_last_10,
  CASE
    WHEN f.usage_rate_prior IS NULL THEN f.usage_rate_this_season
    ELSE (IFNULL(f.usage_games_season * f.usage_rate_this_season, 0) + @prior_games * f.usage_rate_prior)
      / (f.usage_games_season + @prior_games)
  END AS usage_rate_season,
  f.ppm_avg_last_10,
  f.ts_pct_last_10,
  f.ft_points_share_last_10,
  s.pts_slope_last_10,
  f.dnp_rate_last_10,
  t.team_pace_last_10,
  t.team_off_rating_last_10,
  IFNULL(t.team_games_season, 0) AS team_games_season,
  CASE
    WHEN t.team_win_pct_prior IS NULL THEN t.team_win_pct_this_season
    ELSE (IFNULL(t.team_games_season * t.team_win_pct_this_season, 0) + @prior_games * t.team_win_pct_prior)
      / (t.team_games_season + @prior_games)
  END AS team_win_pct
FROM players AS p
LEFT JOIN form AS f ON f.cache_date = p.cache_date AND f.player_lookup = p.player_lookup
LEFT JOIN spread AS s ON s.cache_date = p.cache_date AND s.player_lookup = p.player_lookup
LEFT JOIN team_form AS t ON t.cache_date = p.cache_date AND t.team_abbr = p.team_abbr
