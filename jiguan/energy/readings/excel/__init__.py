"""The readings importer (kinds energy.reading and energy.reading_wide): importer (the long
layout), wide (one column per energy type), check (a chunk of rows a column at a time),
store (the checked rows kept compactly), write (the bulk write, ADR 0006/0007) and export."""
