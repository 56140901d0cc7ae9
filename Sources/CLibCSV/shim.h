#ifndef CLIBCSV_SHIM_H
#define CLIBCSV_SHIM_H
// Debian's libcsv-dev ships no pkg-config file, so the header is named directly.
#include <csv.h>

/// The parser's row state: 0 (ROW_NOT_BEGUN) means the next byte fed starts a new record.
/// libcsv keeps its states private; the reader needs this to know on which line a record starts.
static inline int CLibCSV_parser_state(const struct csv_parser *parser) {
    return parser->pstate;
}
#endif
