"""The test suite. Importing it points the deployment's data dir at a fresh temp dir.

Set before any ``nba_assets`` import (settings are read once), so no test writes
models or warehouses into the project's ``data/``; subprocesses inherit it. A check
policy from the shell is dropped too: the tests judge with the packaged rules unless
one hands its own policy file to the assets.
"""

import os
import tempfile

os.environ["NBA_ASSETS_DATA_DIR"] = tempfile.mkdtemp(prefix="nba-assets-tests-")
os.environ.pop("NBA_ASSETS_CHECKS_FILE", None)
