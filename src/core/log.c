/* Leveled logging: one line per call, "2024-05-01T12:00:00.123Z INFO  message", written with a
 * single stdio call so lines from many threads never interleave (stdio locks the FILE per call).
 * Owns the process default logger; must not allocate on the common path (messages up to 1 KiB). */
#include "core/log.h"

#include <stdarg.h>
#include <stdbool.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "core/alloc.h"

/* The one mutable global of the logger (listed in tools/globals.allow): the process default, set
 * by the CLI at start-up before any thread runs and only read afterwards. */
static struct sqlx_logger default_logger = { SQLX_LOG_INFO, NULL };

static const char *const level_names[] = { "DEBUG", "INFO", "WARN", "ERROR" };

struct sqlx_logger *sqlx_log_default(void)
{
    return &default_logger;
}

int sqlx_log_level_parse(const char *s)
{
    static const struct {
        const char *name;
        enum sqlx_log_level level;
    } names[] = {
        { "debug", SQLX_LOG_DEBUG }, { "info", SQLX_LOG_INFO },   { "warn", SQLX_LOG_WARN },
        { "warning", SQLX_LOG_WARN }, { "error", SQLX_LOG_ERROR }, { "off", SQLX_LOG_OFF },
        { "none", SQLX_LOG_OFF },
    };
    if (!s)
        return -1;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcasecmp(s, names[i].name) == 0)
            return (int)names[i].level;
    return -1;
}

/* Writes the UTC timestamp and level; returns the number of bytes used in buf. */
static size_t put_prefix(char *buf, size_t size, enum sqlx_log_level level)
{
    struct timespec ts;
    struct tm tm;
    clock_gettime(CLOCK_REALTIME, &ts);
    gmtime_r(&ts.tv_sec, &tm);
    size_t n = strftime(buf, size, "%Y-%m-%dT%H:%M:%S", &tm);
    int m = snprintf(buf + n, size - n, ".%03dZ %-5s ", (int)(ts.tv_nsec / 1000000),
                     level_names[level]);
    return m > 0 ? n + (size_t)m : n;
}

void sqlx_log(enum sqlx_log_level level, const char *fmt, ...)
{
    const struct sqlx_logger *lg = &default_logger;
    if (level < lg->level || level >= SQLX_LOG_OFF || (int)level < 0)
        return;
    FILE *out = lg->out ? lg->out : stderr;

    char stack[1024];
    char *line = stack;
    size_t pre = put_prefix(stack, sizeof stack, level);
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(stack + pre, sizeof stack - pre - 1, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    size_t len = pre + (size_t)n;
    if (len + 2 > sizeof stack) {
        line = sqlx_malloc(len + 2);
        memcpy(line, stack, pre);
        va_start(ap, fmt);
        vsnprintf(line + pre, (size_t)n + 1, fmt, ap);
        va_end(ap);
    }
    line[len] = '\n';
    line[len + 1] = '\0';
    fwrite(line, 1, len + 1, out);
    if (line != stack)
        sqlx_free(line);
}
