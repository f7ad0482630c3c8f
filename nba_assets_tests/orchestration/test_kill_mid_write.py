"""A real process killed in the middle of a range write leaves the previous rows intact."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
import time
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from nba_assets.warehouse import Target
from nba_assets.warehouse.duckdb import DuckDBWarehouse

TARGET = Target("nba_analytics", "kill_test", "game_date", ("n",))
START, END = date(2021, 10, 19), date(2021, 10, 22)
# Same shape either way; the slow version grinds through a big cross join first.
REWRITE = """
SELECT n, game_date, 'new' AS version
FROM UNNEST(GENERATE_ARRAY(1, 1000)) AS n
CROSS JOIN UNNEST(GENERATE_DATE_ARRAY(@start_date, DATE_SUB(@end_date, INTERVAL 1 DAY))) AS game_date
WHERE (SELECT COUNT(*) FROM UNNEST(GENERATE_ARRAY(1, @work)) AS a
       CROSS JOIN UNNEST(GENERATE_ARRAY(1, 3000)) AS b WHERE MOD(a * b, 7) = 3) >= 0
"""

CHILD = textwrap.dedent(
    """
    import sys
    from datetime import date
    from nba_assets.warehouse import Target
    from nba_assets.warehouse.duckdb import DuckDBWarehouse
    warehouse = DuckDBWarehouse(path=sys.argv[1])
    target = Target("nba_analytics", "kill_test", "game_date", ("n",))
    print("writing", flush=True)
    warehouse.replace_range_from_sql(
        target, sys.argv[2], date(2021, 10, 19), date(2021, 10, 22), {"work": 200000}
    )
    print("done", flush=True)
    """
)


@pytest.mark.slow
def test_sigkill_mid_write_keeps_previous_rows_then_rerun_completes(tmp_path: Path) -> None:
    path = str(tmp_path / "warehouse.duckdb")
    warehouse = DuckDBWarehouse(path=path)
    previous = pd.DataFrame(
        {"n": [1, 2, 3], "game_date": [START, START, date(2021, 10, 20)], "version": "old"}
    )
    warehouse.replace_range_from_frame(TARGET, previous, START, END)

    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, path, REWRITE], stdout=subprocess.PIPE, text=True
    )
    assert child.stdout is not None and child.stdout.readline().strip() == "writing"
    time.sleep(2.0)  # inside the transaction: the staging query runs for much longer than this
    assert child.poll() is None, "the write finished before it could be killed; raise @work"
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)

    after_kill = warehouse.query("SELECT * FROM nba_analytics.kill_test ORDER BY n")
    assert after_kill["version"].tolist() == ["old", "old", "old"]
    assert after_kill["n"].tolist() == [1, 2, 3]

    rerun = warehouse.replace_range_from_sql(TARGET, REWRITE, START, END, {"work": 1})
    assert rerun.rows == 3000
    final = warehouse.query(
        "SELECT version, COUNT(*) AS n_rows, COUNT(DISTINCT n) AS keys "
        "FROM nba_analytics.kill_test GROUP BY version"
    )
    assert final.to_dict("records") == [{"version": "new", "n_rows": 3000, "keys": 1000}]
