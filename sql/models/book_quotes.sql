-- book_quotes: each book's last pre-tip points quote per player-game in [@start_date, @end_date), with its
--   prices: what a call can be placed at (nba_assets/models/pricing.py prices every side at every book)
-- one row per (game_date, player_lookup, bookmaker) from nba_raw.player_props: the book's latest quote
--   taken before the game's tip-off (never an in-game quote), as upcoming_player_game_context's line
-- over_price / under_price: American odds; NULL where the source gives none
WITH quotes AS (
  SELECT
    p.game_date, p.player_lookup, p.bookmaker, p.line, p.over_price, p.under_price,
    ROW_NUMBER() OVER (
      PARTITION BY p.game_id, p.player_lookup, p.bookmaker ORDER BY p.snapshot_utc DESC
    ) AS latest
  FROM nba_raw.player_props AS p
  JOIN nba_raw.schedule AS g ON g.game_id = p.game_id
  WHERE p.game_date >= @start_date AND p.game_date < @end_date
    AND g.game_date >= @start_date AND g.game_date < @end_date
    AND p.snapshot_utc < g.tipoff_utc
)
SELECT game_date, player_lookup, bookmaker, line, over_price, under_price
FROM quotes
WHERE latest = 1
