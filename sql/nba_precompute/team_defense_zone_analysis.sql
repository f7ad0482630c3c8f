-- team_defense_zone_analysis: one row per team per game date D: how its last 15 games' opponents shot by zone.
-- key: (analysis_date, team_abbr)   range: analysis_date in [@start_date, @end_date), game dates only, except
--   the warehouse's first @bootstrap_days days (from the earliest game in nba_raw.schedule)
-- point-in-time: the row for D reads nba_analytics.team_defense_game_summary games strictly before D and at
--   most @carry_days days before it, any season (opening night carries the previous season's); every team
--   with at least one such game gets a row
-- window: the team's last 15 games before D;  games_in_sample = their count;
--   sample_tier: 'high' 15 games, 'medium' 10–14, 'low' fewer
-- <zone>_pct_allowed_last_15 = Σ opponent makes / Σ opponent attempts in the zone over the window (games
--   with shot rows);  <zone>_attempts_allowed_per_game, <zone>_points_allowed_per_game: per such game
--   zones: paint = 2PT ≤ 8 ft, mid_range = other 2PT, three_pt = 3PT (as in phase 3)
-- league_<zone>_pct_last_15: the same ratio pooled over every team's window on D;
--   <zone>_defense_vs_league_avg = 100·(team − league), percentage points: + = softer defense there
-- strongest_zone / weakest_zone: the zone with the lowest / highest vs-league value (ties: paint, mid_range,
--   three_pt order);  NULL without shot rows in the window
-- defensive_rating_last_15 = 100·Σ points_allowed / Σ possessions;  opponent_pace = 48·Σ possessions /
--   Σ game minutes (48 + 5 per overtime): ratios of the window's sums over its games with possessions, not
--   means of per-game ratings;  opponent_points_per_game, blocks_per_game: window means (per game)
-- exact sums (README "Deterministic floats"): possessions are summed as NUMERIC, every other sum is of
--   integers, so no value depends on the order the rows arrive in
WITH analysis_dates AS (
  SELECT DISTINCT s.game_date AS analysis_date
  FROM nba_raw.schedule AS s
  WHERE s.game_date >= @start_date AND s.game_date < @end_date
    AND s.game_date >= (SELECT first_date FROM shared.bootstrap)
),
history AS (
  SELECT
    d.analysis_date, g.team_abbr, g.points_allowed, g.blocks,
    CAST(IF(g.points_allowed IS NULL, NULL, g.possessions) AS NUMERIC) AS possessions,
    IF(g.possessions IS NULL, NULL, g.points_allowed) AS rated_points_allowed,
    IF(g.possessions IS NULL OR g.points_allowed IS NULL, NULL, 48 + 5 * g.overtime_periods) AS game_minutes,
    IF(g.shot_zones_available, g.opp_paint_attempts, NULL) AS paint_attempts,
    IF(g.shot_zones_available, g.opp_paint_makes, NULL) AS paint_makes,
    IF(g.shot_zones_available, g.opp_mid_range_attempts, NULL) AS mid_range_attempts,
    IF(g.shot_zones_available, g.opp_mid_range_makes, NULL) AS mid_range_makes,
    IF(g.shot_zones_available, g.opp_three_pt_zone_attempts, NULL) AS three_pt_attempts,
    IF(g.shot_zones_available, g.opp_three_pt_zone_makes, NULL) AS three_pt_makes,
    IF(g.shot_zones_available, 1, NULL) AS zone_game,
    ROW_NUMBER() OVER (PARTITION BY d.analysis_date, g.team_abbr ORDER BY g.game_date DESC) AS games_ago
  FROM analysis_dates AS d
  JOIN nba_analytics.team_defense_game_summary AS g
    ON g.game_date < d.analysis_date
    AND g.game_date >= DATE_SUB(d.analysis_date, INTERVAL @carry_days DAY)
  WHERE g.game_date >= DATE_SUB(@start_date, INTERVAL @carry_days DAY) AND g.game_date < @end_date
),
windows AS (
  SELECT
    analysis_date,
    team_abbr,
    COUNT(*) AS games_in_sample,
    COUNT(zone_game) AS zone_games_in_sample,
    SUM(paint_attempts) AS paint_attempts,
    SUM(paint_makes) AS paint_makes,
    SUM(mid_range_attempts) AS mid_range_attempts,
    SUM(mid_range_makes) AS mid_range_makes,
    SUM(three_pt_attempts) AS three_pt_attempts,
    SUM(three_pt_makes) AS three_pt_makes,
    AVG(points_allowed) AS opponent_points_per_game,
    100 * SAFE_DIVIDE(SUM(rated_points_allowed), CAST(SUM(possessions) AS FLOAT64))
      AS defensive_rating_last_15,
    48 * SAFE_DIVIDE(CAST(SUM(possessions) AS FLOAT64), SUM(game_minutes)) AS opponent_pace,
    AVG(blocks) AS blocks_per_game
  FROM history
  WHERE games_ago <= 15
  GROUP BY analysis_date, team_abbr
),
league AS (
  SELECT
    analysis_date,
    SAFE_DIVIDE(SUM(paint_makes), SUM(paint_attempts)) AS league_paint_pct_last_15,
    SAFE_DIVIDE(SUM(mid_range_makes), SUM(mid_range_attempts)) AS league_mid_range_pct_last_15,
    SAFE_DIVIDE(SUM(three_pt_makes), SUM(three_pt_attempts)) AS league_three_pt_pct_last_15
  FROM windows
  GROUP BY analysis_date
),
rated AS (
  SELECT
    w.*,
    l.league_paint_pct_last_15,
    l.league_mid_range_pct_last_15,
    l.league_three_pt_pct_last_15,
    SAFE_DIVIDE(w.paint_makes, w.paint_attempts) AS paint_pct_allowed_last_15,
    SAFE_DIVIDE(w.mid_range_makes, w.mid_range_attempts) AS mid_range_pct_allowed_last_15,
    SAFE_DIVIDE(w.three_pt_makes, w.three_pt_attempts) AS three_pt_pct_allowed_last_15
  FROM windows AS w
  JOIN league AS l ON l.analysis_date = w.analysis_date
),
versus AS (
  SELECT
    *,
    100 * (paint_pct_allowed_last_15 - league_paint_pct_last_15) AS paint_defense_vs_league_avg,
    100 * (mid_range_pct_allowed_last_15 - league_mid_range_pct_last_15) AS mid_range_defense_vs_league_avg,
    100 * (three_pt_pct_allowed_last_15 - league_three_pt_pct_last_15) AS three_pt_defense_vs_league_avg
  FROM rated
)
SELECT
  analysis_date,
  team_abbr,
  games_in_sample,
  zone_games_in_sample,
  CASE WHEN games_in_sample >= 15 THEN 'high' WHEN games_in_sample >= 10 THEN 'medium' ELSE 'low' END
    AS sample_tier,
  paint_pct_allowed_last_15,
  SAFE_DIVIDE(paint_attempts, zone_games_in_sample) AS paint_attempts_allowed_per_game,
  SAFE_DIVIDE(2 * paint_makes, zone_games_in_sample) AS paint_points_allowed_per_game,
  league_paint_pct_last_15,
  paint_defense_vs_league_avg,
  mid_range_pct_allowed_last_15,
  SAFE_DIVIDE(mid_range_attempts, zone_games_in_sample) AS mid_range_attempts_allowed_per_game,
  SAFE_DIVIDE(2 * mid_range_makes, zone_games_in_sample) AS mid_range_points_allowed_per_game,
  league_mid_range_pct_last_15,
  mid_range_defense_vs_league_avg,
  three_pt_pct_allowed_last_15,
  SAFE_DIVIDE(three_pt_attempts, zone_games_in_sample) AS three_pt_attempts_allowed_per_game,
  SAFE_DIVIDE(3 * three_pt_makes, zone_games_in_sample) AS three_pt_points_allowed_per_game,
  league_three_pt_pct_last_15,
  three_pt_defense_vs_league_avg,
  CASE
    WHEN paint_defense_vs_league_avg IS NULL OR mid_range_defense_vs_league_avg IS NULL
      OR three_pt_defense_vs_league_avg IS NULL THEN NULL
    WHEN paint_defense_vs_league_avg <= LEAST(mid_range_defense_vs_league_avg, three_pt_defense_vs_league_avg)
      THEN 'paint'
    WHEN mid_range_defense_vs_league_avg <= three_pt_defense_vs_league_avg THEN 'mid_range'
    ELSE 'three_pt'
  END AS strongest_zone,
  CASE
    WHEN paint_defense_vs_league_avg IS NULL OR mid_range_defense_vs_league_avg IS NULL
      OR three_pt_defense_vs_league_avg IS NULL THEN NULL
    WHEN paint_defense_vs_league_avg >= GREATEST(mid_range_defense_vs_league_avg, three_pt_defense_vs_league_avg)
      THEN 'paint'
    WHEN mid_range_defense_vs_league_avg >= three_pt_defense_vs_league_avg THEN 'mid_range'
    ELSE 'three_pt'
  END AS weakest_zone,
  defensive_rating_last_15,
  opponent_points_per_game,
  opponent_pace,
  blocks_per_game
FROM versus
