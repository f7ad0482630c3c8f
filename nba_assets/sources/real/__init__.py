"""Loaders of the real data in ``../shared/data/real`` (outside the repository) into the landing
format: used by the real-data tests, their vendored fixtures and ``bench/``."""
