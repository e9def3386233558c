"""Import services and contracts from a CSV file: the columns (``columns``), one line's checks
and matching (``rows``), and the import of the whole file (``importer``)."""
