-- player_game_summary: one row per player per game (DNPs and inactives kept, with status and reason).
-- key: (game_id, player_lookup)   range: game_date in [@start_date, @end_date)
-- inputs, range only: nba_raw.player_boxscores, team_boxscores, shots, schedule (season_year, final score)
-- is_dnp: player_status 'dnp' or 'inactive'; such rows have minutes_played, stats, zones and ratios NULL
-- usage_rate: 100·(FGA+0.44·FTA+TOV)·(team_min/5) / (min·(tFGA+0.44·tFTA+tTOV)), team_min from the team
--   box (240, 265 with one OT), tTOV = the players' turnovers (so the players' shares sum to 100);
--   NULL when minutes_played is 0/NULL or the team box row is missing
-- ts_pct: PTS/(2·(FGA+0.44·FTA)), NULL when that is 0;  efg_pct: (FGM+0.5·3PM)/FGA, NULL when FGA = 0
-- shot zones (nba_raw.shots): paint = 2PT with shot_distance ≤ 8 ft, mid_range = other 2PT,
--   three_pt_zone = 3PT; assisted_fg_makes / unassisted_fg_makes split made shots (no flag = unassisted);
--   0 when the game has shot rows but the player none, NULL when the game has none (shot_zones_available)
-- win_flag: team points > opponent points in the team box (the schedule's final score without a box)
WITH box AS (
  SELECT *, status <> 'active' AS is_dnp
  FROM nba_raw.player_boxscores
  WHERE game_date >= @start_date AND game_date < @end_date
),
team_box AS (
  SELECT game_id, team_abbr, minutes AS team_minutes, points, fga, fta, tov
  FROM nba_raw.team_boxscores
  WHERE game_date >= @start_date AND game_date < @end_date
),
games AS (
  SELECT game_id, season_year, game_status, home_score, away_score
  FROM nba_raw.schedule
  WHERE game_date >= @start_date AND game_date < @end_date
),
shot_zones AS (
  SELECT
    game_id,
    player_lookup,
    COUNT(IF(shot_type = '2pt' AND shot_distance <= 8, 1, NULL)) AS paint_attempts,
    COUNT(IF(shot_type = '2pt' AND shot_distance <= 8 AND made, 1, NULL)) AS paint_makes,
    COUNT(IF(shot_type = '2pt' AND shot_distance > 8, 1, NULL)) AS mid_range_attempts,
    COUNT(IF(shot_type = '2pt' AND shot_distance > 8 AND made, 1, NULL)) AS mid_range_makes,
    COUNT(IF(shot_type = '3pt', 1, NULL)) AS three_pt_zone_attempts,
    COUNT(IF(shot_type = '3pt' AND made, 1, NULL)) AS three_pt_zone_makes,
    COUNT(IF(made AND assisted, 1, NULL)) AS assisted_fg_makes,
    COUNT(IF(made AND NOT IFNULL(assisted, FALSE), 1, NULL)) AS unassisted_fg_makes
  FROM nba_raw.shots
  WHERE game_date >= @start_date AND game_date < @end_date
  GROUP BY game_id, player_lookup
),
shot_games AS (
  SELECT DISTINCT game_id FROM shot_zones
),
played AS (
  -- box stats with DNP/inactive rows blanked, so no average can ever see a DNP as zeros
  SELECT
    game_id, player_lookup, nba_game_id, game_date, player_id, player_name, team_abbr,
    opponent_team_abbr, is_home, status, dnp_reason, starter, is_dnp,
    IF(is_dnp, NULL, minutes) AS minutes_played,
    IF(is_dnp, NULL, points) AS points,
    IF(is_dnp, NULL, fgm) AS fg_makes,
    IF(is_dnp, NULL, fga) AS fg_attempts,
    IF(is_dnp, NULL, fg3m) AS three_pt_makes,
    IF(is_dnp, NULL, fg3a) AS three_pt_attempts,
    IF(is_dnp, NULL, ftm) AS ft_makes,
    IF(is_dnp, NULL, fta) AS ft_attempts,
    IF(is_dnp, NULL, oreb) AS offensive_rebounds,
    IF(is_dnp, NULL, dreb) AS defensive_rebounds,
    IF(is_dnp, NULL, oreb + dreb) AS rebounds,
    IF(is_dnp, NULL, ast) AS assists,
    IF(is_dnp, NULL, stl) AS steals,
    IF(is_dnp, NULL, blk) AS blocks,
    IF(is_dnp, NULL, tov) AS turnovers,
    IF(is_dnp, NULL, pf) AS personal_fouls,
    IF(is_dnp, NULL, plus_minus) AS plus_minus
  FROM box
),
with_context AS (
  SELECT
    p.*,
    g.season_year,
    t.team_minutes,
    t.fga AS team_fg_attempts,
    t.fta AS team_ft_attempts,
    t.tov AS team_tov,
    COALESCE(
      t.points > o.points,
      IF(g.game_status = 'final', IF(p.is_home, g.home_score > g.away_score, g.away_score > g.home_score), NULL)
    ) AS win_flag,
    s.game_id IS NOT NULL AS shot_zones_available,
    s.game_id IS NOT NULL AND NOT p.is_dnp AS zones_apply,
    z.paint_attempts, z.paint_makes, z.mid_range_attempts, z.mid_range_makes,
    z.three_pt_zone_attempts, z.three_pt_zone_makes, z.assisted_fg_makes, z.unassisted_fg_makes
  FROM played AS p
  LEFT JOIN games AS g ON g.game_id = p.game_id
  LEFT JOIN team_box AS t ON t.game_id = p.game_id AND t.team_abbr = p.team_abbr
  LEFT JOIN team_box AS o ON o.game_id = p.game_id AND o.team_abbr = p.opponent_team_abbr
  LEFT JOIN shot_games AS s ON s.game_id = p.game_id
  LEFT JOIN shot_zones AS z ON z.game_id = p.game_id AND z.player_lookup = p.player_lookup
)
SELECT
  game_id,
  player_lookup,
  nba_game_id,
  game_date,
  season_year,
  player_name AS player_full_name,
  player_id,
  team_abbr,
  opponent_team_abbr,
  is_home AS home_game,
  status AS player_status,
  NOT is_dnp AS is_active,
  is_dnp,
  dnp_reason,
  starter AS starter_flag,
  minutes_played,
  points,
  fg_makes,
  fg_attempts,
  three_pt_makes,
  three_pt_attempts,
  ft_makes,
  ft_attempts,
  offensive_rebounds,
  defensive_rebounds,
  rebounds,
  assists,
  steals,
  blocks,
  turnovers,
  personal_fouls,
  plus_minus,
  IF(zones_apply, IFNULL(paint_attempts, 0), NULL) AS paint_attempts,
  IF(zones_apply, IFNULL(paint_makes, 0), NULL) AS paint_makes,
  IF(zones_apply, IFNULL(mid_range_attempts, 0), NULL) AS mid_range_attempts,
  IF(zones_apply, IFNULL(mid_range_makes, 0), NULL) AS mid_range_makes,
  IF(zones_apply, IFNULL(three_pt_zone_attempts, 0), NULL) AS three_pt_zone_attempts,
  IF(zones_apply, IFNULL(three_pt_zone_makes, 0), NULL) AS three_pt_zone_makes,
  IF(zones_apply, IFNULL(assisted_fg_makes, 0), NULL) AS assisted_fg_makes,
  IF(zones_apply, IFNULL(unassisted_fg_makes, 0), NULL) AS unassisted_fg_makes,
  shot_zones_available,
  team_minutes,
  SAFE_DIVIDE(
    100 * (fg_attempts + 0.44 * ft_attempts + turnovers) * (team_minutes / 5),
    minutes_played * (team_fg_attempts + 0.44 * team_ft_attempts + team_tov)
  ) AS usage_rate,
  SAFE_DIVIDE(points, 2 * (fg_attempts + 0.44 * ft_attempts)) AS ts_pct,
  SAFE_DIVIDE(fg_makes + 0.5 * three_pt_makes, fg_attempts) AS efg_pct,
  win_flag
FROM with_context
