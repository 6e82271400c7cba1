/* `sqlx packs`: list the wire packs found in the pack directory, show one as JSON, or validate
 * pack files. Owns only its flag parsing and printing; loading and validation are wire/pack.c's.
 * Exit status: 0 success, 1 failure (an invalid pack, an unknown name), 2 usage error. */
#include "cli/cli.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "core/err.h"
#include "core/json.h"
#include "wire/pack.h"

static const char usage[] =
    "usage: sqlx packs list [--format text|json] [--dir DIR]\n"
    "       sqlx packs show NAME [--dir DIR]\n"
    "       sqlx packs validate FILE...\n"
    "\n"
    "Packs are read from --dir, else $SQLX_PACKS, else the packs/ folder beside the sqlx binary\n"
    "or in the source tree. NAME is a pack name (\"sqlite-3\") or a URL scheme (\"sqlite\").\n";

/* Flags shared by the subcommands. */
struct packs_opts {
    const char *dir;     /* --dir, or NULL for sqlx_pack_dir() */
    bool json;           /* --format json */
    const char *args[64]; /* positional arguments after the subcommand */
    int nargs;
};

static int usage_error(const char *fmt, ...) SQLX_PRINTF(1, 2);

static int usage_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "sqlx packs: ");
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\n%s", usage);
    va_end(ap);
    return 2;
}

/* Parses argv[2..]: --format text|json, --format=..., --dir DIR, --dir=DIR, positionals. */
static int parse_opts(int argc, char **argv, struct packs_opts *o)
{
    memset(o, 0, sizeof *o);
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i];
        const char *val = NULL;
        if (strcmp(a, "--format") == 0 || strcmp(a, "--dir") == 0) {
            if (i + 1 >= argc)
                return usage_error("option %s needs a value", a);
            val = argv[++i];
        } else if (strncmp(a, "--format=", 9) == 0 || strncmp(a, "--dir=", 6) == 0) {
            val = strchr(a, '=') + 1;
        } else if (a[0] == '-' && a[1] != '\0') {
            return usage_error("unknown option \"%s\"", a);
        } else {
            if (o->nargs >= (int)(sizeof o->args / sizeof o->args[0]))
                return usage_error("too many arguments (at most %d)", 64);
            o->args[o->nargs++] = a;
            continue;
        }
        if (strncmp(a, "--dir", 5) == 0) {
            o->dir = val;
        } else if (strcmp(val, "json") == 0 || strcmp(val, "text") == 0) {
            o->json = strcmp(val, "json") == 0;
        } else {
            return usage_error("unknown --format \"%s\": expected text or json", val);
        }
    }
    return 0;
}

static int load_set(const struct packs_opts *o, struct sqlx_packset *set)
{
    struct sqlx_err err;
    sqlx_err_clear(&err);
    if (sqlx_packset_load(o->dir ? o->dir : sqlx_pack_dir(), set, &err) != 0) {
        fprintf(stderr, "sqlx packs: %s\n", err.message);
        if (err.hint[0])
            fprintf(stderr, "hint: %s\n", err.hint);
        return 1;
    }
    return 0;
}

static int print_json(json_t *j)
{
    int rc = json_dumpf(j, stdout, JSON_INDENT(2));
    fputc('\n', stdout);
    return rc == 0 ? 0 : 1;
}

static int list_json(const struct sqlx_packset *set)
{
    json_t *arr = json_array();
    for (size_t i = 0; i < set->n; i++) {
        const struct sqlx_pack *p = set->packs[i];
        json_t *schemes = json_array();
        for (char **s = p->schemes; *s; s++)
            json_array_append_new(schemes, json_string(*s));
        json_array_append_new(arr, json_pack("{s:s, s:s, s:s, s:s, s:s, s:o}", "name", p->name,
                                             "family", p->family, "version", p->version,
                                             "description", p->description, "file", p->file,
                                             "schemes", schemes));
    }
    int rc = print_json(arr);
    json_decref(arr);
    return rc;
}

static int wider(int w, const char *s)
{
    return (int)strlen(s) > w ? (int)strlen(s) : w;
}

static int list_text(const struct sqlx_packset *set)
{
    int wname = 4, wfamily = 6, wversion = 7; /* the headings */
    for (size_t i = 0; i < set->n; i++) {
        wname = wider(wname, set->packs[i]->name);
        wfamily = wider(wfamily, set->packs[i]->family);
        wversion = wider(wversion, set->packs[i]->version);
    }
    printf("%-*s  %-*s  %-*s  %s\n", wname, "NAME", wfamily, "FAMILY", wversion, "VERSION", "FILE");
    for (size_t i = 0; i < set->n; i++) {
        const struct sqlx_pack *p = set->packs[i];
        printf("%-*s  %-*s  %-*s  %s\n", wname, p->name, wfamily, p->family, wversion, p->version,
               p->file);
    }
    return 0;
}

static int cmd_list(const struct packs_opts *o)
{
    struct sqlx_packset set;
    int rc = load_set(o, &set);
    if (rc)
        return rc;
    rc = o->json ? list_json(&set) : list_text(&set);
    sqlx_packset_free(&set);
    return rc;
}

static int cmd_show(const struct packs_opts *o)
{
    if (o->nargs != 1)
        return usage_error("%s", "show takes one pack name");
    struct sqlx_packset set;
    int rc = load_set(o, &set);
    if (rc)
        return rc;
    const struct sqlx_pack *p = sqlx_packset_find(&set, o->args[0]);
    if (p) {
        /* The loaded pack keeps no JSON: show the file as written. */
        struct sqlx_err jerr;
        json_t *doc = sqlx_json_load_file(p->file, &jerr);
        if (doc) {
            rc = print_json(doc);
            json_decref(doc);
        } else {
            fprintf(stderr, "sqlx packs: %s\n", jerr.message);
            rc = 1;
        }
    } else {
        fprintf(stderr, "sqlx packs: no pack named \"%s\" or claiming that URL scheme\n",
                o->args[0]);
        fprintf(stderr, "hint: Run `sqlx packs list` to see the packs.\n");
        rc = 1;
    }
    sqlx_packset_free(&set);
    return rc;
}

static int cmd_validate(const struct packs_opts *o)
{
    int rc = 0;
    if (o->nargs == 0)
        return usage_error("%s", "validate takes one or more pack files");
    for (int i = 0; i < o->nargs; i++) {
        struct sqlx_err err;
        sqlx_err_clear(&err);
        struct sqlx_pack *p = sqlx_pack_load(o->args[i], &err);
        if (p) {
            printf("%s: ok\n", o->args[i]);
            sqlx_pack_free(p);
        } else {
            fprintf(stderr, "%s\n", err.message);
            rc = 1;
        }
    }
    return rc;
}

int sqlx_cli_packs(int argc, char **argv)
{
    struct packs_opts o;
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "help") == 0) {
        fputs(usage, argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    int rc = parse_opts(argc, argv, &o);
    if (rc)
        return rc;
    if (strcmp(argv[1], "list") == 0) {
        if (o.nargs)
            return usage_error("list takes no argument, found \"%s\"", o.args[0]);
        return cmd_list(&o);
    }
    if (strcmp(argv[1], "show") == 0)
        return cmd_show(&o);
    if (strcmp(argv[1], "validate") == 0)
        return cmd_validate(&o);
    return usage_error("unknown subcommand \"%s\"", argv[1]);
}
