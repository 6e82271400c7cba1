/* Command entry points. Each command parses its own flags, prints text or JSON (--format), and
 * returns the process exit status: 0 success, 1 failure, 2 usage error. */
#ifndef SQLX_CLI_CLI_H
#define SQLX_CLI_CLI_H

int sqlx_cli_schema(int argc, char **argv);
int sqlx_cli_packs(int argc, char **argv);
int sqlx_cli_serve(int argc, char **argv);
int sqlx_cli_query(int argc, char **argv);
int sqlx_cli_translate(int argc, char **argv);
int sqlx_cli_fingerprint(int argc, char **argv);

/* The default demo database: examples/demo/demo.db beside the source tree or the binary, created
 * from examples/demo/schema.sql and data.sql on first use. Returns a "sqlite:PATH" URL (static storage). */
const char *sqlx_cli_demo_url(void);

#endif
