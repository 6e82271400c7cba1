/* Tests for core/err.c: setting, clearing, self-referencing messages, detail and hint, and the
 * stable code names. */
#include <criterion/criterion.h>
#include <string.h>

#include "core/err.h"

Test(err, set_returns_code_and_formats)
{
    struct sqlx_err e;
    sqlx_err_clear(&e);
    cr_assert_eq(e.code, SQLX_OK);
    int rc = sqlx_err_set(&e, SQLX_ENOTFOUND, "table \"%s\" does not exist", "users");
    cr_assert_eq(rc, SQLX_ENOTFOUND);
    cr_assert_eq(e.code, SQLX_ENOTFOUND);
    cr_assert_str_eq(e.message, "table \"users\" does not exist");
}

Test(err, set_with_null_err_still_returns_code)
{
    cr_assert_eq(sqlx_err_set(NULL, SQLX_EIO, "x %d", 1), SQLX_EIO);
    sqlx_err_detail(NULL, "ignored");
    sqlx_err_hint(NULL, "ignored");
}

Test(err, set_clears_previous_fields)
{
    struct sqlx_err e;
    sqlx_err_clear(&e);
    sqlx_err_set(&e, SQLX_ECONSTRAINT, "duplicate key");
    sqlx_err_detail(&e, "Key (id)=(%d) already exists.", 1);
    sqlx_err_hint(&e, "Use PUT.");
    e.position = 7;
    memcpy(e.sqlstate, "23505", 6);
    sqlx_err_set(&e, SQLX_EINVAL, "other");
    cr_assert_str_eq(e.detail, "");
    cr_assert_str_eq(e.hint, "");
    cr_assert_eq(e.position, 0);
    cr_assert_str_eq(e.sqlstate, "");
    cr_assert_str_eq(e.message, "other");
}

Test(err, detail_and_hint)
{
    struct sqlx_err e;
    sqlx_err_clear(&e);
    sqlx_err_set(&e, SQLX_EPARSE, "syntax error");
    sqlx_err_detail(&e, "Found %s.", "\")\"");
    sqlx_err_hint(&e, "Check line %d.", 3);
    cr_assert_str_eq(e.detail, "Found \")\".");
    cr_assert_str_eq(e.hint, "Check line 3.");
    cr_assert_str_eq(e.message, "syntax error");
}

Test(err, message_may_quote_itself)
{
    struct sqlx_err e;
    sqlx_err_clear(&e);
    sqlx_err_set(&e, SQLX_EPARSE, "unexpected token");
    sqlx_err_set(&e, e.code, "file \"%s\": %s", "a.json", e.message);
    cr_assert_str_eq(e.message, "file \"a.json\": unexpected token");
    cr_assert_eq(e.code, SQLX_EPARSE);
}

Test(err, long_message_truncated_and_terminated)
{
    struct sqlx_err e;
    char big[2000];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    sqlx_err_set(&e, SQLX_ETOOBIG, "%s", big);
    cr_assert_eq(strlen(e.message), sizeof e.message - 1);
}

Test(err, code_names)
{
    cr_assert_str_eq(sqlx_code_name(SQLX_OK), "ok");
    cr_assert_str_eq(sqlx_code_name(SQLX_EINVAL), "invalid");
    cr_assert_str_eq(sqlx_code_name(SQLX_ENOTFOUND), "not_found");
    cr_assert_str_eq(sqlx_code_name(SQLX_EIO), "io");
    cr_assert_str_eq(sqlx_code_name(SQLX_EPARSE), "parse");
    cr_assert_str_eq(sqlx_code_name(SQLX_EENGINE), "engine");
    cr_assert_str_eq(sqlx_code_name(SQLX_ECONSTRAINT), "constraint");
    cr_assert_str_eq(sqlx_code_name(SQLX_ETOOBIG), "too_big");
    cr_assert_str_eq(sqlx_code_name(SQLX_ETIMEOUT), "timeout");
    cr_assert_str_eq(sqlx_code_name(SQLX_EUNSUPPORTED), "unsupported");
    cr_assert_str_eq(sqlx_code_name(SQLX_EINTERNAL), "internal");
    cr_assert_str_eq(sqlx_code_name(SQLX_EBUSY), "busy");
    cr_assert_str_eq(sqlx_code_name((enum sqlx_code)-99), "unknown");
}
