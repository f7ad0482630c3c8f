"""The warehouse: one small interface, a DuckDB (embedded default) and a BigQuery implementation."""

from nba_assets.warehouse.base import Target, Warehouse, WarehouseError, WriteResult, range_params

__all__ = ["Target", "Warehouse", "WarehouseError", "WriteResult", "range_params"]
