"""What every layer shares and nothing else: where things are (`locations`), the methodology
(`methodology`, read from dbt_project/methodology.yml), the clock (`clock`) and plain text
tables (`text_table`). It imports no other package of the project."""
