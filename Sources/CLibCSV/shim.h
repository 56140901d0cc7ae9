#ifndef CLIBCSV_SHIM_H
#define CLIBCSV_SHIM_H
// Debian's libcsv-dev ships no pkg-config file, so the header is named directly.
#include <csv.h>

/// The parser's row state: 0 (ROW_NOT_BEGUN) means the next byte fed starts a new record.
/// libcsv keeps its states private; the reader needs this to know on which line a record starts.
static inline int CLibCSV_parser_state(const struct csv_parser *parser) {
    return parser->pstate;
}

/// Whether the parser is inside a quoted field whose closing quote has not been seen
/// (libcsv's FIELD_BEGUN state with `quoted` set). At end of file this means an unterminated quote.
/// libcsv's own CSV_STRICT_FINI only reports it when CSV_STRICT is also set, and strict mode would
/// refuse the stray quotes inside unquoted fields that we accept, so the reader asks here instead.
static inline int CLibCSV_in_open_quote(const struct csv_parser *parser) {
    return parser->pstate == 2 && parser->quoted;
}
#endif
