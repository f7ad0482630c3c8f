-- player_shot_zone_analysis: one row per player on D's slate: where his last 10 / 20 games' shots came from.
-- key: (analysis_date, player_lookup)   range: analysis_date in [@start_date, @end_date), except the
--   warehouse's first @bootstrap_days days (from the earliest game in nba_raw.schedule)
-- players: nba_analytics.upcoming_player_game_context on D (everyone rostered for a game that day)
-- point-in-time: the row for D reads nba_analytics.player_game_summary games strictly before D and at most
--   @carry_days days before it, any season or team (opening night carries the previous season's); only played games with shot rows count (minutes_played > 0 and
--   shot_zones_available): a DNP is never a game in the sample
-- windows: the player's last 10 and last 20 such games;  games_in_sample_10/_20 = their count
-- <zone>_rate_last_N: percent (0–100) of the window's field-goal attempts from the zone;
--   <zone>_pct_last_N: FG% there (NULL without attempts);  <zone>_attempts_per_game_last_10
--   zones: paint = 2PT ≤ 8 ft, mid_range = other 2PT, three_pt = 3PT (as in phase 3)
-- assisted_rate_last_10 / unassisted_rate_last_10: percent of made field goals
-- sample_quality_10: 'excellent' 10 games, 'good' 7–9, 'limited' 1–6, 'none' 0;
--   sample_quality_20: 'excellent' 20, 'good' 15–19, 'limited' 1–14, 'none' 0
-- primary_scoring_zone (last 10): 'paint' if paint rate ≥ 40, else 'perimeter' if three-point rate ≥ 40,
--   else 'mid_range' if mid-range rate ≥ 30, else 'balanced';  NULL without attempts
WITH players AS (
  SELECT c.game_date AS analysis_date, c.player_lookup, c.season_year, c.team_abbr
  FROM nba_analytics.upcoming_player_game_context AS c
  WHERE c.game_date >= @start_date AND c.game_date < @end_date
    AND c.game_date >= (SELECT first_date FROM shared.bootstrap)
),
history AS (
  SELECT
    p.analysis_date, p.player_lookup, g.paint_attempts, g.paint_makes, g.mid_range_attempts,
    g.mid_range_makes, g.three_pt_zone_attempts AS three_pt_attempts,
    g.three_pt_zone_makes AS three_pt_makes, g.assisted_fg_makes, g.unassisted_fg_makes,
    ROW_NUMBER() OVER (
      PARTITION BY p.analysis_date, p.player_lookup ORDER BY g.game_date DESC, g.game_id DESC
    ) AS games_ago
  FROM players AS p
  JOIN nba_analytics.player_game_summary AS g
    ON g.player_lookup = p.player_lookup
    AND g.game_date < p.analysis_date
    AND g.game_date >= DATE_SUB(p.analysis_date, INTERVAL @carry_days DAY)
  WHERE g.game_date >= DATE_SUB(@start_date, INTERVAL @carry_days DAY) AND g.game_date < @end_date
    AND g.minutes_played > 0 AND g.shot_zones_available
),
windows AS (
  SELECT
    analysis_date,
    player_lookup,
    COUNT(IF(games_ago <= 10, 1, NULL)) AS games_in_sample_10,
    COUNT(*) AS games_in_sample_20,
    SUM(IF(games_ago <= 10, paint_attempts, 0)) AS paint_attempts_10,
    SUM(IF(games_ago <= 10, paint_makes, 0)) AS paint_makes_10,
    SUM(IF(games_ago <= 10, mid_range_attempts, 0)) AS mid_range_attempts_10,
    SUM(IF(games_ago <= 10, mid_range_makes, 0)) AS mid_range_makes_10,
    SUM(IF(games_ago <= 10, three_pt_attempts, 0)) AS three_pt_attempts_10,
    SUM(IF(games_ago <= 10, three_pt_makes, 0)) AS three_pt_makes_10,
    SUM(IF(games_ago <= 10, assisted_fg_makes, 0)) AS assisted_makes_10,
    SUM(IF(games_ago <= 10, unassisted_fg_makes, 0)) AS unassisted_makes_10,
    SUM(paint_attempts) AS paint_attempts_20,
    SUM(paint_makes) AS paint_makes_20,
    SUM(mid_range_attempts) AS mid_range_attempts_20,
    SUM(three_pt_attempts) AS three_pt_attempts_20,
    SUM(three_pt_makes) AS three_pt_makes_20
  FROM history
  WHERE games_ago <= 20
  GROUP BY analysis_date, player_lookup
),
rates AS (
  SELECT
    *,
    paint_attempts_10 + mid_range_attempts_10 + three_pt_attempts_10 AS total_shots_last_10,
    100 * SAFE_DIVIDE(paint_attempts_10, paint_attempts_10 + mid_range_attempts_10 + three_pt_attempts_10)
      AS paint_rate_last_10,
    100 * SAFE_DIVIDE(mid_range_attempts_10, paint_attempts_10 + mid_range_attempts_10 + three_pt_attempts_10)
      AS mid_range_rate_last_10,
    100 * SAFE_DIVIDE(three_pt_attempts_10, paint_attempts_10 + mid_range_attempts_10 + three_pt_attempts_10)
      AS three_pt_rate_last_10,
    100 * SAFE_DIVIDE(paint_attempts_20, paint_attempts_20 + mid_range_attempts_20 + three_pt_attempts_20)
      AS paint_rate_last_20,
    100 * SAFE_DIVIDE(mid_range_attempts_20, paint_attempts_20 + mid_range_attempts_20 + three_pt_attempts_20)
      AS mid_range_rate_last_20,
    100 * SAFE_DIVIDE(three_pt_attempts_20, paint_attempts_20 + mid_range_attempts_20 + three_pt_attempts_20)
      AS three_pt_rate_last_20
  FROM windows
)
SELECT
  p.analysis_date,
  p.player_lookup,
  p.season_year,
  p.team_abbr,
  IFNULL(r.games_in_sample_10, 0) AS games_in_sample_10,
  CASE WHEN r.games_in_sample_10 >= 10 THEN 'excellent' WHEN r.games_in_sample_10 >= 7 THEN 'good'
    WHEN r.games_in_sample_10 >= 1 THEN 'limited' ELSE 'none' END AS sample_quality_10,
  r.total_shots_last_10,
  r.paint_rate_last_10,
  r.mid_range_rate_last_10,
  r.three_pt_rate_last_10,
  SAFE_DIVIDE(r.paint_makes_10, r.paint_attempts_10) AS paint_pct_last_10,
  SAFE_DIVIDE(r.mid_range_makes_10, r.mid_range_attempts_10) AS mid_range_pct_last_10,
  SAFE_DIVIDE(r.three_pt_makes_10, r.three_pt_attempts_10) AS three_pt_pct_last_10,
  SAFE_DIVIDE(r.paint_attempts_10, r.games_in_sample_10) AS paint_attempts_per_game_last_10,
  SAFE_DIVIDE(r.mid_range_attempts_10, r.games_in_sample_10) AS mid_range_attempts_per_game_last_10,
  SAFE_DIVIDE(r.three_pt_attempts_10, r.games_in_sample_10) AS three_pt_attempts_per_game_last_10,
  100 * SAFE_DIVIDE(r.assisted_makes_10, r.assisted_makes_10 + r.unassisted_makes_10) AS assisted_rate_last_10,
  100 * SAFE_DIVIDE(r.unassisted_makes_10, r.assisted_makes_10 + r.unassisted_makes_10)
    AS unassisted_rate_last_10,
  IFNULL(r.games_in_sample_20, 0) AS games_in_sample_20,
  CASE WHEN r.games_in_sample_20 >= 20 THEN 'excellent' WHEN r.games_in_sample_20 >= 15 THEN 'good'
    WHEN r.games_in_sample_20 >= 1 THEN 'limited' ELSE 'none' END AS sample_quality_20,
  r.paint_rate_last_20,
  r.mid_range_rate_last_20,
  r.three_pt_rate_last_20,
  SAFE_DIVIDE(r.paint_makes_20, r.paint_attempts_20) AS paint_pct_last_20,
  SAFE_DIVIDE(r.three_pt_makes_20, r.three_pt_attempts_20) AS three_pt_pct_last_20,
  CASE
    WHEN r.paint_rate_last_10 IS NULL THEN NULL
    WHEN r.paint_rate_last_10 >= 40 THEN 'paint'
    WHEN r.three_pt_rate_last_10 >= 40 THEN 'perimeter'
    WHEN r.mid_range_rate_last_10 >= 30 THEN 'mid_range'
    ELSE 'balanced'
  END AS primary_scoring_zone
FROM players AS p
LEFT JOIN rates AS r ON r.analysis_date = p.analysis_date AND r.player_lookup = p.player_lookup
