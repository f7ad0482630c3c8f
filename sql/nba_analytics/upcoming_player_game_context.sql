-- upcoming_player_game_context: one row per rostered player per game on date D, known before tip-off.
-- key: (game_date, player_lookup)   range: game_date in [@start_date, @end_date)
-- point-in-time: the row for D reads games strictly before D (nba_analytics player_game_summary,
--   team_offense/defense_game_summary; same season, game_date >= D − @lookback_days: caller default 30,
--   at least 14; rosters and team form look back @carry_days, any season) and D's schedule, rosters,
--   player_props, game_lines, injury_report (times before tipoff_utc)
-- roster, first source that places a player wins: (1) D's injury report, for a team playing on D;
--   (2) D's pre-game rosters (nba_raw.rosters), for a team playing on D; (3) for a team playing on D,
--   players whose latest box-score row (any status) in the @carry_days before D is with that team: a
--   player back from a long absence, or opening a season, keeps his place. Where the team has a rosters
--   listing for the game, only rows of the last @lookback_days count (the listing names who is back; an
--   older row and no listing is a player who left). Without a rosters feed, a player who changed teams
--   since his last game is placed with his old team until his first box score with the new one
-- a played game has minutes_played > 0: DNP/inactive rows are never counted or averaged
-- days_rest: D − the previous played game's date (1 = back-to-back); NULL when none in the lookback
-- games_/minutes_in_last_N_days: played games with D − N < game_date < D;
--   avg_minutes_per_game_last_7: their mean minutes over the 7 days
-- back_to_backs_last_14_days: played games in the 14 days whose previous played game was the day before
-- points_avg_last_5/_10, avg_usage_rate_last_7_games: the last N played games before D (in the lookback)
-- current_points_line: median across books of each book's last quote before tip-off (no in-game quote);
--   opening_points_line: median of each book's first quote;  line_movement = current − opening
-- game_spread/game_total (+ opening_*, *_movement): the same rule on game_lines; the spread from the
--   team's side (home_spread for the home team, −home_spread for the away team; negative = favored)
-- player_status/injury_reason: the player's latest report for the game before tip-off (NULL if none)
-- team_pace_last_10, opponent_pace_last_10: mean pace of each team's last 10 games before D (any season,
--   within @carry_days: opening night carries the previous season's);
--   pace_differential = team − opponent;  opponent_def_rating_last_10: the opponent's mean defensive_rating
-- star_teammates_out: rostered teammates with points_avg_last_10 ≥ 18 whose status is out or doubtful
-- projected_usage_rate: avg_usage_rate_last_7_games / (1 − S), teammates_usage_share_out S =
--   min(0.5, Σ over teammates out/doubtful of their play share), play share = avg_usage_rate_last_7_games
--   /100 · avg_minutes_per_game_last_7/48 (the share of team plays a player uses); a teammate without a
--   game in the last 7 days adds 0 (his absence is already in the player's recent usage)
-- season_phase: 'playoffs' for play-in/playoff games; else by days since the season's first regular-season
--   game (read from up to 366 days before the range): 'early' < 20, 'late' ≥ @late_season_from_day (about
--   the last 30 days of a 173-day regular season), 'mid' between. Never from the season's last scheduled
--   date: that moves as the schedule table fills, so a date's phase would depend on what ran after it
-- exact sums (README "Deterministic floats"): minutes, usage rates, paces, ratings and play shares are
--   summed and averaged as NUMERIC, so no value depends on the order the rows arrive in
WITH games AS (
  SELECT *
  FROM nba_raw.schedule
  WHERE game_date >= @start_date AND game_date < @end_date
),
slate AS (SELECT * FROM shared.slate),
slate_dates AS (
  SELECT DISTINCT game_date, season_year FROM slate
),
season_bounds AS (
  SELECT season_year, MIN(game_date) AS season_start
  FROM nba_raw.schedule
  WHERE season_type = 'regular'
    AND game_date >= DATE_SUB(@start_date, INTERVAL 366 DAY) AND game_date < @end_date
  GROUP BY season_year
),
player_history AS (
  SELECT game_id, game_date, season_year, player_lookup, player_full_name, team_abbr, points,
    CAST(minutes_played AS NUMERIC) AS minutes_played, CAST(usage_rate AS NUMERIC) AS usage_rate,
    IFNULL(minutes_played > 0, FALSE) AS played
  FROM nba_analytics.player_game_summary
  WHERE game_date >= DATE_SUB(@start_date, INTERVAL @lookback_days DAY) AND game_date < @end_date
),
windowed AS (
  -- each date D with every player row of its lookback window (same season, strictly before D)
  SELECT d.game_date AS target_date, h.*
  FROM slate_dates AS d
  JOIN player_history AS h
    ON h.season_year = d.season_year
    AND h.game_date < d.game_date
    AND h.game_date >= DATE_SUB(d.game_date, INTERVAL @lookback_days DAY)
),
listed_history AS (
  SELECT game_id, game_date, player_lookup, player_full_name, team_abbr
  FROM nba_analytics.player_game_summary
  WHERE game_date >= DATE_SUB(@start_date, INTERVAL @carry_days DAY) AND game_date < @end_date
),
latest_rows AS (
  -- each date D with each player's latest box-score row of the @carry_days before it, any season
  SELECT d.game_date AS target_date, h.game_date, h.player_lookup, h.player_full_name, h.team_abbr,
    ROW_NUMBER() OVER (
      PARTITION BY d.game_date, h.player_lookup ORDER BY h.game_date DESC, h.game_id DESC
    ) AS recency
  FROM (SELECT DISTINCT game_date FROM slate) AS d
  JOIN listed_history AS h
    ON h.game_date < d.game_date AND h.game_date >= DATE_SUB(d.game_date, INTERVAL @carry_days DAY)
),
listed AS (
  SELECT r.game_id, r.team_abbr, r.player_lookup, r.player_name
  FROM nba_raw.rosters AS r
  WHERE r.game_date >= @start_date AND r.game_date < @end_date
),
injury_latest AS (
  -- each player's latest report before tip-off for a game on D
  SELECT i.game_id, i.player_lookup, i.team_abbr, i.player_name, i.status, i.reason,
    ROW_NUMBER() OVER (PARTITION BY i.game_id, i.player_lookup ORDER BY i.report_utc DESC) AS recency
  FROM nba_raw.injury_report AS i
  JOIN games AS g ON g.game_id = i.game_id
  WHERE i.game_date >= @start_date AND i.game_date < @end_date AND i.report_utc < g.tipoff_utc
),
roster_candidates AS (
  SELECT s.*, i.player_lookup, i.player_name AS player_full_name,
    'injury_report' AS roster_source, 0 AS preference
  FROM injury_latest AS i
  JOIN slate AS s ON s.game_id = i.game_id AND s.team_abbr = i.team_abbr
  WHERE i.recency = 1
  UNION ALL
  SELECT s.*, l.player_lookup, l.player_name AS player_full_name,
    'rosters' AS roster_source, 1 AS preference
  FROM listed AS l
  JOIN slate AS s ON s.game_id = l.game_id AND s.team_abbr = l.team_abbr
  UNION ALL
  SELECT s.*, l.player_lookup, l.player_full_name,
    'box_score' AS roster_source, 2 AS preference
  FROM latest_rows AS l
  JOIN slate AS s ON s.game_date = l.target_date AND s.team_abbr = l.team_abbr
  LEFT JOIN (SELECT DISTINCT game_id, team_abbr FROM listed) AS t
    ON t.game_id = s.game_id AND t.team_abbr = s.team_abbr
  WHERE l.recency = 1
    AND (t.game_id IS NULL OR l.game_date >= DATE_SUB(s.game_date, INTERVAL @lookback_days DAY))
),
roster AS (
  SELECT *
  FROM (
    SELECT *,
      ROW_NUMBER() OVER (PARTITION BY game_date, player_lookup ORDER BY preference, game_id) AS pick
    FROM roster_candidates
  )
  WHERE pick = 1
),
played_games AS (
  SELECT *,
    game_date > DATE_SUB(target_date, INTERVAL 7 DAY) AS in_last_7_days,
    game_date > DATE_SUB(target_date, INTERVAL 14 DAY) AS in_last_14_days,
    ROW_NUMBER() OVER (PARTITION BY target_date, player_lookup ORDER BY game_date DESC) AS games_ago,
    LAG(game_date) OVER (PARTITION BY target_date, player_lookup ORDER BY game_date) AS previous_game_date
  FROM windowed
  WHERE played
),
player_form AS (
  SELECT
    target_date,
    player_lookup,
    DATE_DIFF(target_date, MAX(game_date), DAY) AS days_rest,
    COUNT(IF(in_last_7_days, 1, NULL)) AS games_in_last_7_days,
    COUNT(IF(in_last_14_days, 1, NULL)) AS games_in_last_14_days,
    CAST(SUM(IF(in_last_7_days, minutes_played, 0)) AS FLOAT64) AS minutes_in_last_7_days,
    CAST(SUM(IF(in_last_14_days, minutes_played, 0)) AS FLOAT64) AS minutes_in_last_14_days,
    CAST(AVG(IF(in_last_7_days, minutes_played, NULL)) AS FLOAT64) AS avg_minutes_per_game_last_7,
    COUNT(IF(
      DATE_DIFF(game_date, previous_game_date, DAY) = 1
        AND previous_game_date > DATE_SUB(target_date, INTERVAL 14 DAY),
      1, NULL
    )) AS back_to_backs_last_14_days,
    AVG(IF(games_ago <= 5, points, NULL)) AS points_avg_last_5,
    AVG(IF(games_ago <= 10, points, NULL)) AS points_avg_last_10,
    CAST(AVG(IF(games_ago <= 7, usage_rate, NULL)) AS FLOAT64) AS avg_usage_rate_last_7_games
  FROM played_games
  GROUP BY target_date, player_lookup
),
prop_quotes AS (
  SELECT p.game_id, p.player_lookup, p.bookmaker, p.line,
    ROW_NUMBER() OVER (book ORDER BY p.snapshot_utc DESC) AS latest,
    ROW_NUMBER() OVER (book ORDER BY p.snapshot_utc) AS earliest
  FROM nba_raw.player_props AS p
  JOIN games AS g ON g.game_id = p.game_id
  WHERE p.game_date >= @start_date AND p.game_date < @end_date AND p.snapshot_utc < g.tipoff_utc
  WINDOW book AS (PARTITION BY p.game_id, p.player_lookup, p.bookmaker)
),
prop_consensus AS (
  SELECT DISTINCT
    game_id,
    player_lookup,
    PERCENTILE_CONT(line, 0.5) OVER (PARTITION BY game_id, player_lookup) AS current_points_line,
    COUNT(*) OVER (PARTITION BY game_id, player_lookup) AS books_quoting
  FROM prop_quotes
  WHERE latest = 1
),
prop_openings AS (
  SELECT DISTINCT
    game_id,
    player_lookup,
    PERCENTILE_CONT(line, 0.5) OVER (PARTITION BY game_id, player_lookup) AS opening_points_line
  FROM prop_quotes
  WHERE earliest = 1
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
    PERCENTILE_CONT(IF(earliest = 1, total, NULL), 0.5) OVER game AS opening_total
  FROM line_quotes
  WINDOW game AS (PARTITION BY game_id)
),
team_history AS (
  SELECT o.game_id, o.game_date, o.team_abbr,
    CAST(o.pace AS NUMERIC) AS pace, CAST(d.defensive_rating AS NUMERIC) AS defensive_rating
  FROM nba_analytics.team_offense_game_summary AS o
  LEFT JOIN nba_analytics.team_defense_game_summary AS d
    ON d.game_id = o.game_id
    AND d.team_abbr = o.team_abbr
    AND d.game_date >= DATE_SUB(@start_date, INTERVAL @carry_days DAY)
    AND d.game_date < @end_date
  WHERE o.game_date >= DATE_SUB(@start_date, INTERVAL @carry_days DAY) AND o.game_date < @end_date
),
team_recent_games AS (
  SELECT s.game_id, s.team_abbr, h.pace, h.defensive_rating,
    ROW_NUMBER() OVER (PARTITION BY s.game_id, s.team_abbr ORDER BY h.game_date DESC) AS games_ago
  FROM slate AS s
  JOIN team_history AS h
    ON h.team_abbr = s.team_abbr
    AND h.game_date < s.game_date
    AND h.game_date >= DATE_SUB(s.game_date, INTERVAL @carry_days DAY)
),
team_form AS (
  SELECT game_id, team_abbr,
    CAST(AVG(pace) AS FLOAT64) AS pace_last_10,
    CAST(AVG(defensive_rating) AS FLOAT64) AS def_rating_last_10
  FROM team_recent_games
  WHERE games_ago <= 10
  GROUP BY game_id, team_abbr
),
players AS (
  SELECT
    r.*,
    f.* EXCEPT (target_date, player_lookup),
    i.status AS player_status,
    i.reason AS injury_reason,
    IFNULL(i.status IN ('out', 'doubtful'), FALSE) AS is_out,
    CAST(IFNULL(f.avg_usage_rate_last_7_games / 100 * f.avg_minutes_per_game_last_7 / 48, 0) AS NUMERIC)
      AS play_share
  FROM roster AS r
  LEFT JOIN player_form AS f ON f.target_date = r.game_date AND f.player_lookup = r.player_lookup
  LEFT JOIN injury_latest AS i ON i.game_id = r.game_id AND i.player_lookup = r.player_lookup AND i.recency = 1
),
team_absences AS (
  SELECT
    game_id,
    team_abbr,
    COUNT(IF(is_out AND points_avg_last_10 >= 18, 1, NULL)) AS stars_out,
    SUM(IF(is_out, play_share, 0)) AS share_out
  FROM players
  GROUP BY game_id, team_abbr
),
with_absences AS (
  SELECT
    p.*,
    a.stars_out - IF(p.is_out AND IFNULL(p.points_avg_last_10 >= 18, FALSE), 1, 0) AS star_teammates_out,
    CAST(LEAST(a.share_out - IF(p.is_out, p.play_share, 0), 0.5) AS FLOAT64) AS teammates_usage_share_out
  FROM players AS p
  JOIN team_absences AS a ON a.game_id = p.game_id AND a.team_abbr = p.team_abbr
)
SELECT
  p.game_date,
  p.player_lookup,
  p.player_full_name,
  p.game_id,
  p.nba_game_id,
  p.season_year,
  p.team_abbr,
  p.opponent_team_abbr,
  p.home_game,
  p.roster_source,
  p.days_rest,
  IFNULL(p.days_rest = 1, FALSE) AS back_to_back,
  IFNULL(p.games_in_last_7_days, 0) AS games_in_last_7_days,
  IFNULL(p.games_in_last_14_days, 0) AS games_in_last_14_days,
  IFNULL(p.minutes_in_last_7_days, 0) AS minutes_in_last_7_days,
  IFNULL(p.minutes_in_last_14_days, 0) AS minutes_in_last_14_days,
  p.avg_minutes_per_game_last_7,
  IFNULL(p.back_to_backs_last_14_days, 0) AS back_to_backs_last_14_days,
  p.points_avg_last_5,
  p.points_avg_last_10,
  p.avg_usage_rate_last_7_games,
  pc.current_points_line,
  po.opening_points_line,
  pc.current_points_line - po.opening_points_line AS line_movement,
  IFNULL(pc.books_quoting, 0) AS books_quoting,
  IF(p.home_game, gl.home_spread, -gl.home_spread) AS game_spread,
  IF(p.home_game, gl.opening_home_spread, -gl.opening_home_spread) AS opening_spread,
  IF(p.home_game, 1, -1) * (gl.home_spread - gl.opening_home_spread) AS spread_movement,
  gl.total AS game_total,
  gl.opening_total,
  gl.total - gl.opening_total AS total_movement,
  p.player_status,
  p.injury_reason,
  tf.pace_last_10 AS team_pace_last_10,
  opp.pace_last_10 AS opponent_pace_last_10,
  tf.pace_last_10 - opp.pace_last_10 AS pace_differential,
  opp.def_rating_last_10 AS opponent_def_rating_last_10,
  p.star_teammates_out,
  p.teammates_usage_share_out,
  p.avg_usage_rate_last_7_games / (1 - p.teammates_usage_share_out) AS projected_usage_rate,
  CASE
    WHEN p.season_type != 'regular' THEN 'playoffs'
    WHEN DATE_DIFF(p.game_date, sb.season_start, DAY) < 20 THEN 'early'
    WHEN DATE_DIFF(p.game_date, sb.season_start, DAY) >= @late_season_from_day THEN 'late'
    ELSE 'mid'
  END AS season_phase
FROM with_absences AS p
LEFT JOIN prop_consensus AS pc ON pc.game_id = p.game_id AND pc.player_lookup = p.player_lookup
LEFT JOIN prop_openings AS po ON po.game_id = p.game_id AND po.player_lookup = p.player_lookup
LEFT JOIN game_line_consensus AS gl ON gl.game_id = p.game_id
LEFT JOIN team_form AS tf ON tf.game_id = p.game_id AND tf.team_abbr = p.team_abbr
LEFT JOIN team_form AS opp ON opp.game_id = p.game_id AND opp.team_abbr = p.opponent_team_abbr
LEFT JOIN season_bounds AS sb ON sb.season_year = p.season_year
