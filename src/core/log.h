/* Leveled logging to stderr (or a chosen FILE). The logger is a small struct passed down; a
 * process default exists for code with no runtime at hand (see tools/globals.allow). */
#ifndef SQLX_CORE_LOG_H
#define SQLX_CORE_LOG_H

#include <stdio.h>

#include "core/err.h"

enum sqlx_log_level { SQLX_LOG_DEBUG, SQLX_LOG_INFO, SQLX_LOG_WARN, SQLX_LOG_ERROR, SQLX_LOG_OFF };

struct sqlx_logger {
    enum sqlx_log_level level;
    FILE *out; /* NULL means stderr */
};

/* The process logger; set once at start-up by the CLI before threads start. */
struct sqlx_logger *sqlx_log_default(void);
/* Parses "debug", "info", "warn", "error", "off"; returns -1 when unknown. */
int sqlx_log_level_parse(const char *s);
void sqlx_log(enum sqlx_log_level level, const char *fmt, ...) SQLX_PRINTF(2, 3);

#define sqlx_debug(...) sqlx_log(SQLX_LOG_DEBUG, __VA_ARGS__)
#define sqlx_info(...)  sqlx_log(SQLX_LOG_INFO, __VA_ARGS__)
#define sqlx_warn(...)  sqlx_log(SQLX_LOG_WARN, __VA_ARGS__)
#define sqlx_error(...) sqlx_log(SQLX_LOG_ERROR, __VA_ARGS__)

#endif
