/* Tests for src/schema/types.c: the type lattice (assignable, join, meet, widening/narrowing),
 * its algebraic properties over a sample of types, formatting, and declared-type mapping. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "schema/types.h"
#include "wire/pack.h"

static struct sqlx_type I(int bits, bool uns)
{
    struct sqlx_type t = sqlx_type_make(SQLX_T_INTEGER);
    t.bits = bits;
    t.is_unsigned = uns;
    return t;
}

static struct sqlx_type D(int p, int s)
{
    struct sqlx_type t = sqlx_type_make(SQLX_T_DECIMAL);
    t.precision = p;
    t.scale = s;
    return t;
}

static struct sqlx_type F(int bits)
{
    struct sqlx_type t = sqlx_type_make(SQLX_T_FLOAT);
    t.bits = bits;
    return t;
}

static struct sqlx_type S(int n)
{
    struct sqlx_type t = sqlx_type_make(SQLX_T_STRING);
    t.max_len = n;
    return t;
}

static struct sqlx_type BY(int n)
{
    struct sqlx_type t = sqlx_type_make(SQLX_T_BYTES);
    t.max_len = n;
    return t;
}

static struct sqlx_type TS(int prec, bool tz)
{
    struct sqlx_type t = sqlx_type_make(SQLX_T_TIMESTAMP);
    t.precision = prec;
    t.with_tz = tz;
    return t;
}

static struct sqlx_type TM(int prec, bool tz)
{
    struct sqlx_type t = sqlx_type_make(SQLX_T_TIME);
    t.precision = prec;
    t.with_tz = tz;
    return t;
}

static const char *abc[] = { "a", "b", "c", NULL };
static const char *ab[] = { "a", "b", NULL };
static const char *bcd[] = { "b", "c", "dddd", NULL };

static struct sqlx_type E(const char **values)
{
    struct sqlx_type t = sqlx_type_make(SQLX_T_ENUM);
    t.enum_values = values;
    while (values[t.n_enum])
        t.n_enum++;
    return t;
}

static struct sqlx_type K(enum sqlx_tkind k)
{
    return sqlx_type_make(k);
}

/* Formats into a static-lifetime string for messages and comparisons (caller frees). */
static char *fmt(const struct sqlx_type *t)
{
    struct sqlx_buf b;
    sqlx_buf_init(&b, 0);
    sqlx_type_format(t, &b);
    if (!b.data)
        sqlx_buf_puts(&b, "");
    return sqlx_buf_steal(&b);
}

struct acase {
    struct sqlx_type from, to;
    bool ok;
};

Test(types, assignable_table)
{
    struct acase cases[] = {
        /* integers: width and signedness */
        { I(8, false), I(16, false), true },
        { I(16, false), I(8, false), false },
        { I(32, false), I(64, false), true },
        { I(64, false), I(32, false), false },
        { I(32, true), I(64, false), true },  /* uint32 fits int64 */
        { I(32, true), I(32, false), false }, /* but not int32 */
        { I(8, true), I(16, false), true },
        { I(64, true), I(64, false), false },
        { I(32, false), I(64, true), false }, /* negatives never fit unsigned */
        { I(8, false), I(8, true), false },
        { I(16, true), I(32, true), true },
        { I(64, true), I(32, true), false },
        { I(0, false), I(64, false), true }, /* 0 bits means 64 */
        { I(64, false), I(0, false), true },
        /* integers into decimals: enough integer digits */
        { I(32, false), D(10, 0), true },
        { I(32, false), D(9, 0), false },
        { I(32, false), D(12, 2), true },
        { I(32, false), D(11, 2), false },
        { I(64, false), D(19, 0), true },
        { I(64, true), D(19, 0), false },
        { I(64, true), D(20, 0), true },
        { I(8, false), D(3, 0), true },
        { I(8, true), D(3, 0), true },
        { I(16, false), D(5, 0), true },
        { I(16, false), D(4, 0), false },
        { I(64, true), D(0, 0), true }, /* unbounded decimal */
        /* decimals */
        { D(10, 2), D(12, 4), true },
        { D(10, 2), D(11, 3), true },
        { D(10, 2), D(11, 1), false }, /* loses a fraction digit */
        { D(10, 2), D(10, 3), false }, /* loses an integer digit */
        { D(5, 2), D(5, 2), true },
        { D(5, 2), D(0, 0), true },
        { D(0, 0), D(38, 10), false },
        { D(5, 0), I(32, false), false }, /* decimal never narrows into integer */
        /* floats */
        { F(32), F(64), true },
        { F(64), F(32), false },
        { I(16, false), F(32), true },
        { I(32, false), F(32), false },
        { I(32, false), F(64), true },
        { I(32, true), F(64), true },
        { I(64, false), F(64), false }, /* 2^53 limit */
        { D(15, 2), F(64), true },
        { D(16, 2), F(64), false },
        { D(6, 3), F(32), true },
        { D(0, 0), F(64), false },
        { F(64), D(0, 0), false },
        { F(32), I(64, false), false },
        /* bool: the bottom of the numeric chain */
        { K(SQLX_T_BOOL), K(SQLX_T_BOOL), true },
        { K(SQLX_T_BOOL), I(8, false), true },
        { K(SQLX_T_BOOL), I(8, true), true },
        { K(SQLX_T_BOOL), D(1, 0), true },
        { K(SQLX_T_BOOL), D(2, 2), false },
        { K(SQLX_T_BOOL), F(32), true },
        { I(8, false), K(SQLX_T_BOOL), false },
        { K(SQLX_T_BOOL), S(0), false },
        /* strings and bytes */
        { S(10), S(20), true },
        { S(20), S(10), false },
        { S(10), S(0), true },
        { S(0), S(10), false },
        { S(0), S(0), true },
        { BY(16), BY(0), true },
        { BY(16), BY(8), false },
        { BY(8), S(8), false },
        { S(8), BY(8), false },
        { I(32, false), S(0), false },
        /* dates and times */
        { K(SQLX_T_DATE), K(SQLX_T_DATE), true },
        { K(SQLX_T_DATE), TS(0, false), false },
        { TS(0, false), K(SQLX_T_DATE), false },
        { TS(0, false), TS(0, true), false }, /* neither direction across time zones */
        { TS(0, true), TS(0, false), false },
        { TS(3, false), TS(6, false), true },
        { TS(6, false), TS(3, false), false },
        { TS(3, true), TS(0, true), true }, /* unspecified precision is the maximum */
        { TS(0, true), TS(3, true), false },
        { TM(0, false), TM(0, false), true },
        { TM(0, false), TM(0, true), false },
        { TM(0, false), TS(0, false), false },
        { K(SQLX_T_INTERVAL), K(SQLX_T_INTERVAL), true },
        { K(SQLX_T_INTERVAL), S(0), false },
        /* json, uuid */
        { K(SQLX_T_JSON), K(SQLX_T_JSON), true },
        { K(SQLX_T_JSON), S(0), false },
        { K(SQLX_T_UUID), K(SQLX_T_UUID), true },
        { K(SQLX_T_UUID), S(36), false },
        { S(36), K(SQLX_T_UUID), false },
        /* enums */
        { E(ab), E(abc), true },
        { E(abc), E(ab), false },
        { E(abc), E(bcd), false },
        { E(abc), S(1), true },
        { E(bcd), S(3), false },
        { E(bcd), S(0), true },
        { S(1), E(abc), false },
        /* top and bottom */
        { I(64, true), K(SQLX_T_UNKNOWN), true },
        { S(0), K(SQLX_T_UNKNOWN), true },
        { K(SQLX_T_JSON), K(SQLX_T_UNKNOWN), true },
        { K(SQLX_T_UNKNOWN), K(SQLX_T_UNKNOWN), true },
        { K(SQLX_T_UNKNOWN), S(0), false },
        { K(SQLX_T_NONE), I(8, false), true },
        { K(SQLX_T_NONE), K(SQLX_T_NONE), true },
        { I(8, false), K(SQLX_T_NONE), false },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *a = fmt(&cases[i].from), *b = fmt(&cases[i].to);
        cr_expect_eq(sqlx_type_assignable(&cases[i].from, &cases[i].to), cases[i].ok,
                     "case %zu: %s -> %s should be %s", i, a, b, cases[i].ok ? "true" : "false");
        free(a);
        free(b);
    }
}

struct lcase {
    struct sqlx_type a, b;
    const char *join;
    const char *meet;
};

Test(types, join_and_meet_table)
{
    struct lcase cases[] = {
        { I(8, false), I(32, false), "integer(32)", "integer(8)" },
        { I(32, true), I(32, false), "integer(64)", "unsigned integer(16)" },
        { I(8, true), I(8, false), "integer(16)", "bool" },
        { I(16, true), I(64, false), "integer(64)", "unsigned integer(16)" },
        { I(64, true), I(64, false), "decimal(20,0)", "unsigned integer(32)" },
        { I(64, true), I(8, true), "unsigned integer(64)", "unsigned integer(8)" },
        { I(32, false), D(5, 2), "decimal(12,2)", "integer(8)" },
        { I(64, false), D(6, 0), "decimal(19,0)", "integer(16)" },
        { I(8, false), D(2, 2), "decimal(5,2)", "none" },
        { D(10, 2), D(8, 4), "decimal(12,4)", "decimal(6,2)" },
        { D(5, 2), D(0, 0), "decimal", "decimal(5,2)" },
        { D(2, 2), D(3, 0), "decimal(5,2)", "none" },
        { F(32), F(64), "float(64)", "float(32)" },
        { I(32, false), F(32), "float(64)", "integer(16)" },
        { I(64, false), F(64), "unknown", "integer(32)" },
        { I(64, true), F(64), "unknown", "unsigned integer(32)" },
        { D(20, 2), F(64), "unknown", "decimal(15,2)" },
        { D(10, 2), F(32), "float(64)", "decimal(6,2)" },
        { K(SQLX_T_BOOL), I(16, false), "integer(16)", "bool" },
        { K(SQLX_T_BOOL), D(2, 2), "decimal(3,2)", "none" },
        { K(SQLX_T_BOOL), F(32), "float(32)", "bool" },
        { S(10), S(20), "string(20)", "string(10)" },
        { S(10), S(0), "string", "string(10)" },
        { BY(4), BY(8), "bytes(8)", "bytes(4)" },
        { S(10), BY(10), "unknown", "none" },
        { TS(0, false), TS(0, true), "unknown", "none" },
        { TS(3, true), TS(6, true), "timestamp(6) with time zone", "timestamp(3) with time zone" },
        { TM(0, false), TM(2, false), "time", "time(2)" },
        { K(SQLX_T_DATE), TS(0, false), "unknown", "none" },
        { K(SQLX_T_DATE), K(SQLX_T_DATE), "date", "date" },
        { K(SQLX_T_JSON), S(0), "unknown", "none" },
        { K(SQLX_T_UUID), K(SQLX_T_UUID), "uuid", "uuid" },
        { E(ab), E(abc), "enum('a','b','c')", "enum('a','b')" },
        { E(abc), E(bcd), "string(4)", "none" },
        { E(bcd), S(2), "string(4)", "none" },
        { E(abc), S(5), "string(5)", "enum('a','b','c')" },
        { I(8, false), S(5), "unknown", "none" },
        { K(SQLX_T_UNKNOWN), I(8, false), "unknown", "integer(8)" },
        { K(SQLX_T_NONE), S(3), "string(3)", "none" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct sqlx_type j = sqlx_type_join(&cases[i].a, &cases[i].b);
        struct sqlx_type m = sqlx_type_meet(&cases[i].a, &cases[i].b);
        char *js = fmt(&j), *ms = fmt(&m), *as = fmt(&cases[i].a), *bs = fmt(&cases[i].b);
        cr_expect_str_eq(js, cases[i].join, "case %zu: join(%s, %s)", i, as, bs);
        cr_expect_str_eq(ms, cases[i].meet, "case %zu: meet(%s, %s)", i, as, bs);
        free(js);
        free(ms);
        free(as);
        free(bs);
    }
}

/* A spread of types for the algebraic properties. */
static size_t samples(struct sqlx_type *out)
{
    struct sqlx_type all[] = {
        K(SQLX_T_NONE),   K(SQLX_T_UNKNOWN), K(SQLX_T_BOOL),     I(8, false),  I(8, true),
        I(16, false),     I(16, true),       I(32, false),       I(32, true),  I(64, false),
        I(64, true),      D(3, 0),           D(5, 2),            D(10, 2),     D(12, 4),
        D(20, 0),         D(2, 2),           D(0, 0),            D(15, 5),     F(32),
        F(64),            S(0),              S(1),               S(10),        S(255),
        BY(0),            BY(16),            K(SQLX_T_DATE),     TM(0, false), TM(3, true),
        TS(0, false),     TS(3, false),      TS(0, true),        TS(6, true),  K(SQLX_T_INTERVAL),
        K(SQLX_T_JSON),   K(SQLX_T_UUID),    E(ab),              E(abc),       E(bcd),
    };
    memcpy(out, all, sizeof all);
    return sizeof all / sizeof all[0];
}

Test(types, lattice_properties)
{
    struct sqlx_type t[64];
    size_t n = samples(t);
    for (size_t i = 0; i < n; i++) {
        cr_expect(sqlx_type_assignable(&t[i], &t[i]), "reflexive %zu", i);
        struct sqlx_type self = sqlx_type_join(&t[i], &t[i]);
        cr_expect(sqlx_type_equal(&self, &t[i]), "join idempotent %zu", i);
        self = sqlx_type_meet(&t[i], &t[i]);
        cr_expect(sqlx_type_equal(&self, &t[i]), "meet idempotent %zu", i);
        for (size_t k = 0; k < n; k++) {
            const struct sqlx_type *a = &t[i], *b = &t[k];
            struct sqlx_type j = sqlx_type_join(a, b), j2 = sqlx_type_join(b, a);
            struct sqlx_type m = sqlx_type_meet(a, b), m2 = sqlx_type_meet(b, a);
            char *as = fmt(a), *bs = fmt(b), *js = fmt(&j), *ms = fmt(&m);
            cr_expect(sqlx_type_assignable(a, &j) && sqlx_type_assignable(b, &j),
                      "join(%s, %s) = %s is not above both", as, bs, js);
            cr_expect(sqlx_type_assignable(&m, a) && sqlx_type_assignable(&m, b),
                      "meet(%s, %s) = %s is not below both", as, bs, ms);
            cr_expect(sqlx_type_assignable(&j, &j2) && sqlx_type_assignable(&j2, &j),
                      "join(%s, %s) not commutative", as, bs);
            cr_expect(sqlx_type_assignable(&m, &m2) && sqlx_type_assignable(&m2, &m),
                      "meet(%s, %s) not commutative", as, bs);
            /* Absorption where the pair is ordered. */
            if (sqlx_type_assignable(a, b)) {
                cr_expect(sqlx_type_assignable(&j, b) && sqlx_type_assignable(b, &j),
                          "join(%s, %s) should be the upper one", as, bs);
                cr_expect(sqlx_type_assignable(&m, a) && sqlx_type_assignable(a, &m),
                          "meet(%s, %s) should be the lower one", as, bs);
            }
            /* Widening and narrowing are mirror images and exclusive. */
            cr_expect_eq(sqlx_type_is_widening(a, b), sqlx_type_is_narrowing(b, a),
                         "widening(%s, %s) mirror", as, bs);
            cr_expect(!(sqlx_type_is_widening(a, b) && sqlx_type_is_narrowing(a, b)),
                      "both widening and narrowing: %s -> %s", as, bs);
            free(as);
            free(bs);
            free(js);
            free(ms);
            /* Transitivity of assignable over triples. */
            for (size_t l = 0; l < n; l++)
                if (sqlx_type_assignable(a, b) && sqlx_type_assignable(b, &t[l]))
                    cr_expect(sqlx_type_assignable(a, &t[l]), "transitive %zu %zu %zu", i, k, l);
        }
    }
}

Test(types, widening_and_narrowing)
{
    struct sqlx_type i32 = I(32, false), i64 = I(64, false), u32 = I(32, true);
    struct sqlx_type s10 = S(10), s20 = S(20), ts = TS(0, false), tstz = TS(0, true);
    struct sqlx_type d102 = D(10, 2), d124 = D(12, 4), d113 = D(11, 1);

    cr_expect(sqlx_type_is_widening(&i32, &i64));
    cr_expect(!sqlx_type_is_narrowing(&i32, &i64));
    cr_expect(sqlx_type_is_narrowing(&i64, &i32));
    cr_expect(sqlx_type_is_widening(&u32, &i64));
    cr_expect(!sqlx_type_is_widening(&u32, &i32));
    cr_expect(!sqlx_type_is_narrowing(&u32, &i32)); /* incompatible both ways */
    cr_expect(sqlx_type_is_widening(&s10, &s20));
    cr_expect(sqlx_type_is_narrowing(&s20, &s10));
    cr_expect(!sqlx_type_is_widening(&s10, &s10));
    cr_expect(!sqlx_type_is_narrowing(&s10, &s10));
    cr_expect(!sqlx_type_is_widening(&ts, &tstz));
    cr_expect(!sqlx_type_is_narrowing(&ts, &tstz));
    cr_expect(sqlx_type_is_widening(&d102, &d124));
    cr_expect(!sqlx_type_is_widening(&d102, &d113));
    cr_expect(!sqlx_type_is_narrowing(&d102, &d113));
    struct sqlx_type u = K(SQLX_T_UNKNOWN);
    cr_expect(sqlx_type_is_widening(&i32, &u));
    cr_expect(sqlx_type_is_narrowing(&u, &i32));
}

Test(types, equal)
{
    struct sqlx_type a = I(0, false), b = I(64, false), c = I(64, true);
    cr_expect(sqlx_type_equal(&a, &b));
    cr_expect(!sqlx_type_equal(&b, &c));
    struct sqlx_type d1 = D(10, 2), d2 = D(10, 3), d0 = D(0, 0);
    cr_expect(!sqlx_type_equal(&d1, &d2));
    cr_expect(!sqlx_type_equal(&d1, &d0));
    struct sqlx_type e1 = E(ab), e2 = E(abc);
    cr_expect(!sqlx_type_equal(&e1, &e2));
    cr_expect(sqlx_type_equal(&e2, &e2));
    struct sqlx_type s1 = S(3), bb = BY(3);
    cr_expect(!sqlx_type_equal(&s1, &bb));
}

Test(types, format)
{
    struct {
        struct sqlx_type t;
        const char *text;
    } cases[] = {
        { I(32, false), "integer(32)" },
        { I(0, false), "integer(64)" },
        { I(16, true), "unsigned integer(16)" },
        { D(10, 2), "decimal(10,2)" },
        { D(0, 0), "decimal" },
        { F(32), "float(32)" },
        { F(0), "float(64)" },
        { S(255), "string(255)" },
        { S(0), "string" },
        { BY(16), "bytes(16)" },
        { TS(0, true), "timestamp with time zone" },
        { TS(3, false), "timestamp(3)" },
        { TM(0, false), "time" },
        { K(SQLX_T_BOOL), "bool" },
        { K(SQLX_T_DATE), "date" },
        { K(SQLX_T_JSON), "json" },
        { K(SQLX_T_UUID), "uuid" },
        { K(SQLX_T_INTERVAL), "interval" },
        { K(SQLX_T_UNKNOWN), "unknown" },
        { K(SQLX_T_NONE), "none" },
        { E(ab), "enum('a','b')" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *s = fmt(&cases[i].t);
        cr_expect_str_eq(s, cases[i].text);
        free(s);
    }
    static const char *quote[] = { "it's", NULL };
    struct sqlx_type q = E(quote);
    char *s = fmt(&q);
    cr_expect_str_eq(s, "enum('it''s')");
    free(s);
}

Test(types, kind_names)
{
    for (int k = SQLX_T_NONE; k <= SQLX_T_UNKNOWN; k++)
        cr_expect_eq(sqlx_tkind_parse(sqlx_tkind_name((enum sqlx_tkind)k)), k);
    cr_expect_eq(sqlx_tkind_parse("boolean"), SQLX_T_BOOL);
    cr_expect_eq(sqlx_tkind_parse("TEXT"), SQLX_T_STRING);
    cr_expect_eq(sqlx_tkind_parse("nonsense"), -1);
    cr_expect_eq(sqlx_tkind_parse(NULL), -1);
    cr_expect_str_eq(sqlx_tkind_name(SQLX_T_DECIMAL), "decimal");
}

/* A pack built in memory with a small type table, so from_decl is tested without files. */
static struct sqlx_pack_type rows[] = {
    { .match = "integer", .universal = "integer", .bits = 64 },
    { .match = "int", .universal = "integer", .bits = 32 },
    { .match = "int unsigned", .universal = "integer", .bits = 32 }, /* flag read from the text */
    { .match = "smallint", .universal = "integer", .bits = 16 },
    { .match = "varchar", .universal = "string" },
    { .match = "decimal", .universal = "decimal" },
    { .match = "numeric", .universal = "decimal" },
    { .match = "boolean", .universal = "bool" },
    { .match = "timestamp", .universal = "timestamp" },
    { .match = "timestamptz", .universal = "timestamp", .with_tz = true },
    { .match = "float", .universal = "float" },
    { .match = "real", .universal = "float", .bits = 32 },
    { .match = "varbinary", .universal = "bytes" },
};

static struct sqlx_pack test_pack(void)
{
    struct sqlx_pack p = { 0 };
    p.types = rows;
    p.ntypes = sizeof rows / sizeof rows[0];
    p.default_type = "unknown";
    return p;
}

Test(types, from_decl)
{
    struct sqlx_pack p = test_pack();
    struct {
        const char *decl;
        const char *text;
    } cases[] = {
        { "INTEGER", "integer(64)" },
        { "int", "integer(32)" },
        { "INT(11) UNSIGNED", "unsigned integer(32)" },
        { "SMALLINT", "integer(16)" },
        { "VARCHAR(255)", "string(255)" },
        { "varchar ( 40 )", "string(40)" },
        { "VARCHAR", "string" },
        { "DECIMAL(10,2)", "decimal(10,2)" },
        { "NUMERIC(8, 3)", "decimal(8,3)" },
        { "NUMERIC(7)", "decimal(7,0)" },
        { "decimal", "decimal" },
        { "decimal(x)", "decimal" },
        { "BOOLEAN", "bool" },
        { "TIMESTAMP", "timestamp" },
        { "TIMESTAMP(3)", "timestamp(3)" },
        { "timestamptz", "timestamp with time zone" },
        { "FLOAT", "float(64)" },
        { "FLOAT(10)", "float(32)" },
        { "REAL", "float(32)" },
        { "VARBINARY(16)", "bytes(16)" },
        { "geometry", "unknown" },
        { "", "unknown" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct sqlx_type t = sqlx_type_from_decl(&p, cases[i].decl);
        char *s = fmt(&t);
        cr_expect_str_eq(s, cases[i].text, "decl \"%s\"", cases[i].decl);
        free(s);
    }
    struct sqlx_type t = sqlx_type_from_decl(NULL, "int");
    cr_expect_eq(t.kind, SQLX_T_UNKNOWN);
    t = sqlx_type_from_decl(&p, NULL);
    cr_expect_eq(t.kind, SQLX_T_UNKNOWN);
}
