/* `sqlx` entry point: dispatches to one command file per subcommand and prints usage. Holds no
 * logic of its own beyond choosing the command. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

#ifndef SQLX_VERSION
#define SQLX_VERSION "0.1.0"
#endif

static void usage(FILE *out)
{
    fputs("usage: sqlx <command> [options]\n"
          "\n"
          "commands:\n"
          "  serve    [--db URL] [--host H] [--port N]   REST API and OpenAPI for every table\n"
          "  schema   [--db URL] [--format text|json]    the database schema in the universal model\n"
          "  query    [--db URL] [--format table|json] SQL  run one statement, print its rows\n"
          "  packs    list | show NAME | validate FILE    wire packs\n"
          "  translate --from D --to D [FILE]          translate SQL between dialects\n"
          "  fingerprint [--dialect D] [FILE]          normalised text and hash per statement\n"
          "  version                                     print the version\n"
          "\n"
          "With no --db, the bundled demo SQLite database is used (created on first run).\n",
          out);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "serve") == 0)
        return sqlx_cli_serve(argc - 1, argv + 1);
    if (strcmp(cmd, "schema") == 0)
        return sqlx_cli_schema(argc - 1, argv + 1);
    if (strcmp(cmd, "query") == 0)
        return sqlx_cli_query(argc - 1, argv + 1);
    if (strcmp(cmd, "translate") == 0)
        return sqlx_cli_translate(argc - 1, argv + 1);
    if (strcmp(cmd, "fingerprint") == 0)
        return sqlx_cli_fingerprint(argc - 1, argv + 1);
    if (strcmp(cmd, "packs") == 0)
        return sqlx_cli_packs(argc - 1, argv + 1);
    if (strcmp(cmd, "version") == 0 || strcmp(cmd, "--version") == 0) {
        printf("sqlx %s\n", SQLX_VERSION);
        return 0;
    }
    if (strcmp(cmd, "help") == 0 || strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0) {
        usage(stdout);
        return 0;
    }
    fprintf(stderr, "sqlx: unknown command \"%s\"\n", cmd);
    usage(stderr);
    return 2;
}
