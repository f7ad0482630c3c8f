-- team_offense_game_summary: one row per team per game (two per game): box totals, zones, pace.
-- key: (game_id, team_abbr)   range: game_date in [@start_date, @end_date)
-- inputs, range only: nba_raw.team_boxscores, shots, schedule (season_year)
-- possessions: mean of both teams' FGA + 0.44·FTA − OREB + TOV + team_turnovers (Oliver estimate);
--   NULL when the opponent's box row is missing
-- pace: possessions·48/(team_minutes/5), team_minutes = team player-minutes (240, 265 with one OT)
-- offensive_rating: 100·points_scored/possessions;  ts_pct: PTS/(2·(FGA+0.44·FTA));
--   efg_pct: (FGM+0.5·3PM)/FGA;  overtime_periods: (team_minutes − 240)/25
-- win_flag: points_scored > the opponent's;  margin_of_victory: points_scored − the opponent's
-- turnovers: the players' turnovers; team_turnovers (team-only, e.g. shot clock) is its own column
-- zones (nba_raw.shots): paint = 2PT with shot_distance ≤ 8 ft, mid_range = other 2PT, three_pt_zone = 3PT;
--   points_in_paint_scored = 2·paint makes; NULL when the game has no shot rows (shot_zones_available)
WITH team_box AS (
  SELECT
    *,
    fga + 0.44 * fta - oreb + tov + IFNULL(team_turnovers, 0) AS possessions_estimate
  FROM nba_raw.team_boxscores
  WHERE game_date >= @start_date AND game_date < @end_date
),
games AS (
  SELECT game_id, season_year
  FROM nba_raw.schedule
  WHERE game_date >= @start_date AND game_date < @end_date
),
shot_zones AS (
  SELECT
    game_id,
    team_abbr,
    COUNT(IF(shot_type = '2pt' AND shot_distance <= 8, 1, NULL)) AS paint_attempts,
    COUNT(IF(shot_type = '2pt' AND shot_distance <= 8 AND made, 1, NULL)) AS paint_makes,
    COUNT(IF(shot_type = '2pt' AND shot_distance > 8, 1, NULL)) AS mid_range_attempts,
    COUNT(IF(shot_type = '2pt' AND shot_distance > 8 AND made, 1, NULL)) AS mid_range_makes,
    COUNT(IF(shot_type = '3pt', 1, NULL)) AS three_pt_zone_attempts,
    COUNT(IF(shot_type = '3pt' AND made, 1, NULL)) AS three_pt_zone_makes
  FROM nba_raw.shots
  WHERE game_date >= @start_date AND game_date < @end_date
  GROUP BY game_id, team_abbr
),
shot_games AS (
  SELECT DISTINCT game_id FROM shot_zones
),
paired AS (
  SELECT
    t.*,
    o.points AS opponent_points,
    (t.possessions_estimate + o.possessions_estimate) / 2 AS possessions,
    s.game_id IS NOT NULL AS shot_zones_available
  FROM team_box AS t
  LEFT JOIN team_box AS o ON o.game_id = t.game_id AND o.team_abbr = t.opponent_team_abbr
  LEFT JOIN shot_games AS s ON s.game_id = t.game_id
)
SELECT
  p.game_id,
  p.nba_game_id,
  p.game_date,
  g.season_year,
  p.team_abbr,
  p.opponent_team_abbr,
  p.is_home AS home_game,
  p.points AS points_scored,
  p.fgm AS fg_makes,
  p.fga AS fg_attempts,
  p.fg3m AS three_pt_makes,
  p.fg3a AS three_pt_attempts,
  p.ftm AS ft_makes,
  p.fta AS ft_attempts,
  p.oreb AS offensive_rebounds,
  p.dreb AS defensive_rebounds,
  p.oreb + p.dreb AS rebounds,
  p.team_rebounds,
  p.ast AS assists,
  p.stl AS steals,
  p.blk AS blocks,
  p.tov AS turnovers,
  p.team_turnovers,
  p.pf AS personal_fouls,
  p.minutes AS team_minutes,
  IF(p.shot_zones_available, IFNULL(z.paint_attempts, 0), NULL) AS team_paint_attempts,
  IF(p.shot_zones_available, IFNULL(z.paint_makes, 0), NULL) AS team_paint_makes,
  IF(p.shot_zones_available, IFNULL(z.mid_range_attempts, 0), NULL) AS team_mid_range_attempts,
  IF(p.shot_zones_available, IFNULL(z.mid_range_makes, 0), NULL) AS team_mid_range_makes,
  IF(p.shot_zones_available, IFNULL(z.three_pt_zone_attempts, 0), NULL) AS team_three_pt_zone_attempts,
  IF(p.shot_zones_available, IFNULL(z.three_pt_zone_makes, 0), NULL) AS team_three_pt_zone_makes,
  IF(p.shot_zones_available, 2 * IFNULL(z.paint_makes, 0), NULL) AS points_in_paint_scored,
  p.shot_zones_available,
  p.possessions,
  SAFE_DIVIDE(p.possessions * 48, p.minutes / 5) AS pace,
  SAFE_DIVIDE(100 * p.points, p.possessions) AS offensive_rating,
  SAFE_DIVIDE(p.points, 2 * (p.fga + 0.44 * p.fta)) AS ts_pct,
  SAFE_DIVIDE(p.fgm + 0.5 * p.fg3m, p.fga) AS efg_pct,
  p.points > p.opponent_points AS win_flag,
  p.points - p.opponent_points AS margin_of_victory,
  CAST(GREATEST(ROUND((p.minutes - 240) / 25), 0) AS INT64) AS overtime_periods
FROM paired AS p
LEFT JOIN games AS g ON g.game_id = p.game_id
LEFT JOIN shot_zones AS z ON z.game_id = p.game_id AND z.team_abbr = p.team_abbr
