-- predictions_within_bounds (player_prop_predictions): the rows out of bounds, per system: a points
-- prediction missing, negative or above @max_points; a line without a call (or NO_LINE with a line);
-- confidence, edge or probabilities inconsistent; a call placed at a loss (no positive expected value
-- at a named book's price).
SELECT system_id, COUNT(*) AS n_rows
FROM nba_predictions.player_prop_predictions
WHERE game_date >= @start_date AND game_date < @end_date
  AND (
    predicted_points IS NULL OR predicted_points < 0 OR predicted_points > @max_points
    OR (line IS NULL) <> (recommendation = 'NO_LINE')
    OR (line IS NOT NULL AND (confidence < 0 OR confidence > 100
      OR ABS(edge - (predicted_points - line)) > 0.001
      OR p_over < 0 OR p_under < 0 OR p_over + p_under > 1.000001))
    OR (recommendation IN ('OVER', 'UNDER') AND (expected_value IS NULL
      OR expected_value <= 0 OR best_book IS NULL))
  )
GROUP BY system_id
