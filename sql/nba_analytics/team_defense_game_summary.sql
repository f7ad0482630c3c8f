-- team_defense_game_summary: one row per defending team per game: the opponent's offense as "allowed".
-- key: (game_id, defending_team_abbr)   range: game_date in [@start_date, @end_date)
-- team_abbr = defending_team_abbr (for joins uniform with the other team tables)
-- inputs, range only: nba_analytics.team_offense_game_summary (the defending team's row and the opponent's)
-- points_allowed, opp_*: the opponent's box;  turnovers_forced: opponent turnovers + team_turnovers
-- possessions: the game's (two-team average, as in team_offense_game_summary)
-- defensive_rating: 100·points_allowed/possessions;  opponent_pace/_ts_pct/_efg_pct: the opponent's
-- opp zones: paint = 2PT ≤ 8 ft, mid_range = other 2PT, three_pt_zone = 3PT (NULL without shot rows);
--   points_in_paint_allowed = 2·paint makes, mid_range_points_allowed = 2·mid-range makes,
--   three_pt_points_allowed = 3·three_pt_zone makes
-- steals, blocks, defensive_rebounds, fouls_committed: the defending team's own box
-- a game whose opponent row is missing keeps its row, with the opponent's columns NULL
WITH offense AS (
  SELECT *
  FROM nba_analytics.team_offense_game_summary
  WHERE game_date >= @start_date AND game_date < @end_date
)
SELECT
  d.game_id,
  d.nba_game_id,
  d.game_date,
  d.season_year,
  d.team_abbr AS defending_team_abbr,
  d.team_abbr,
  d.opponent_team_abbr,
  d.home_game,
  o.points_scored AS points_allowed,
  o.fg_makes AS opp_fg_makes,
  o.fg_attempts AS opp_fg_attempts,
  o.three_pt_makes AS opp_three_pt_makes,
  o.three_pt_attempts AS opp_three_pt_attempts,
  o.ft_makes AS opp_ft_makes,
  o.ft_attempts AS opp_ft_attempts,
  o.offensive_rebounds AS opp_offensive_rebounds,
  o.rebounds AS opp_rebounds,
  o.assists AS opp_assists,
  o.turnovers + IFNULL(o.team_turnovers, 0) AS turnovers_forced,
  d.personal_fouls AS fouls_committed,
  o.team_paint_attempts AS opp_paint_attempts,
  o.team_paint_makes AS opp_paint_makes,
  o.team_mid_range_attempts AS opp_mid_range_attempts,
  o.team_mid_range_makes AS opp_mid_range_makes,
  o.team_three_pt_zone_attempts AS opp_three_pt_zone_attempts,
  o.team_three_pt_zone_makes AS opp_three_pt_zone_makes,
  2 * o.team_paint_makes AS points_in_paint_allowed,
  2 * o.team_mid_range_makes AS mid_range_points_allowed,
  3 * o.team_three_pt_zone_makes AS three_pt_points_allowed,
  d.shot_zones_available,
  d.steals,
  d.blocks,
  d.defensive_rebounds,
  d.possessions,
  SAFE_DIVIDE(100 * o.points_scored, d.possessions) AS defensive_rating,
  o.pace AS opponent_pace,
  o.ts_pct AS opponent_ts_pct,
  o.efg_pct AS opponent_efg_pct,
  d.win_flag,
  d.margin_of_victory,
  d.overtime_periods
FROM offense AS d
LEFT JOIN offense AS o ON o.game_id = d.game_id AND o.team_abbr = d.opponent_team_abbr
