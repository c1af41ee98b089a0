"""Quality: the checks run on the warehouse's new batches and marts (Great Expectations on
dataframes read from DuckDB), the publishable rule of a month, freshness of feeds and units.
Write side: it reads and writes the warehouse, never the serving copy."""
