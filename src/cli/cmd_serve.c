/* `sqlx serve`: parses flags, opens the API application, starts the HTTP server, prints the
 * start-up banner, and shuts down gracefully on SIGINT / SIGTERM (requests in flight finish,
 * connections close). */
#include "cli/cli.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/server.h"
#include "core/arena.h"
#include "core/log.h"
#include "core/url.h"
#include "wire/pool.h"

static void serve_usage(FILE *out)
{
    fputs("usage: sqlx serve [--db URL] [--host ADDR] [--port N] [--threads N] [--pool N]\n"
          "                  [--max-body BYTES] [--log-level debug|info|warn|error]\n",
          out);
}

static bool parse_num(const char *s, long long min, long long max, long long *out)
{
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno || end == s || *end || v < min || v > max)
        return false;
    *out = v;
    return true;
}

int sqlx_cli_serve(int argc, char **argv)
{
    struct sqlx_api_config cfg = { 0 };
    for (int i = 1; i < argc; i++) {
        const char *f = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        long long n;
        if (strcmp(f, "--help") == 0 || strcmp(f, "-h") == 0) {
            serve_usage(stdout);
            return 0;
        }
        if (!v) {
            fprintf(stderr, "sqlx serve: option \"%s\" needs a value (or is unknown)\n", f);
            serve_usage(stderr);
            return 2;
        }
        i++;
        if (strcmp(f, "--db") == 0) {
            cfg.db_url = v;
        } else if (strcmp(f, "--host") == 0) {
            cfg.host = v;
        } else if (strcmp(f, "--port") == 0) {
            if (!parse_num(v, 1, 65535, &n))
                goto bad_value;
            cfg.port = (int)n;
        } else if (strcmp(f, "--threads") == 0) {
            if (!parse_num(v, 1, 1024, &n))
                goto bad_value;
            cfg.threads = (int)n;
        } else if (strcmp(f, "--pool") == 0) {
            if (!parse_num(v, 1, 1024, &n))
                goto bad_value;
            cfg.pool_size = (size_t)n;
        } else if (strcmp(f, "--max-body") == 0) {
            if (!parse_num(v, 1, 1LL << 32, &n))
                goto bad_value;
            cfg.max_body = (size_t)n;
        } else if (strcmp(f, "--log-level") == 0) {
            int lvl = sqlx_log_level_parse(v);
            if (lvl < 0)
                goto bad_value;
            sqlx_log_default()->level = (enum sqlx_log_level)lvl;
        } else {
            fprintf(stderr, "sqlx serve: unknown option \"%s\"\n", f);
            serve_usage(stderr);
            return 2;
        }
        continue;
    bad_value:
        fprintf(stderr, "sqlx serve: invalid value \"%s\" for option \"%s\"\n", v, f);
        return 2;
    }
    if (!cfg.db_url) {
        cfg.db_url = sqlx_cli_demo_url();
        if (!cfg.db_url)
            return 1;
    }

    /* Block the stop signals before any thread starts, so only sigwait below sees them. */
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);
    signal(SIGPIPE, SIG_IGN);

    struct sqlx_api api;
    struct sqlx_err err;
    sqlx_err_clear(&err);
    if (sqlx_api_open(&api, &cfg, &err) < 0) {
        fprintf(stderr, "sqlx serve: %s\n", err.message);
        if (err.detail[0])
            fprintf(stderr, "DETAIL: %s\n", err.detail);
        if (err.hint[0])
            fprintf(stderr, "HINT: %s\n", err.hint);
        return 1;
    }
    struct sqlx_server *srv;
    if (sqlx_server_start(&api, &srv, &err) < 0) {
        fprintf(stderr, "sqlx serve: %s\n", err.message);
        sqlx_api_close(&api);
        return 1;
    }

    struct sqlx_arena a;
    sqlx_arena_init(&a, 0);
    const char *host = api.cfg.host;
    bool v6 = strchr(host, ':') != NULL;
    char base[300];
    snprintf(base, sizeof(base), "http://%s%s%s:%d", v6 ? "[" : "", host, v6 ? "]" : "", api.cfg.port);
    printf("sqlx serve: %s (%zu tables and views)\n", sqlx_url_redact(api.cfg.db_url, &a),
           api.schema->tables.len);
    printf("  REST     %s/{table}\n", base);
    printf("  OpenAPI  %s/openapi.json\n", base);
    printf("  Health   %s/healthz\n", base);
    const struct sqlx_table *t;
    size_t shown = 0;
    sqlx_vec_foreach(&api.schema->tables, const struct sqlx_table *, t) {
        if (shown++ < 12)
            printf("  %-8s %s/%s\n", t->kind == SQLX_REL_VIEW ? "view" : "table", base, t->route);
    }
    if (shown > 12)
        printf("  ... and %zu more (GET %s/ lists them)\n", shown - 12, base);
    printf("listening on %s with %d threads; Ctrl-C stops\n", base, api.cfg.threads);
    fflush(stdout);
    sqlx_arena_free(&a);

    int sig = 0;
    while (sigwait(&stop, &sig) != 0)
        ;
    printf("sqlx serve: %s received, shutting down\n", sig == SIGINT ? "SIGINT" : "SIGTERM");
    fflush(stdout);
    sqlx_server_stop(srv);
    sqlx_api_close(&api);
    printf("sqlx serve: stopped\n");
    return 0;
}
