"""The SQL files, one per table (``<dataset>/<table>.sql``), installed as ``nba_assets.sql``.

This file only makes the directory a package: an editable install then finds it through
pyproject's ``package-dir`` mapping as a wheel does, so ``nba_assets.package_files`` reads
both the same way.
"""
