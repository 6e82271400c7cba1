/* stub */
#include "sql/translate_int.h"
int sqlx_sql__tr_ddl(struct sqlx_tr *t, struct sqlx_ast *st, bool *drop)
{
    (void)t;
    (void)st;
    *drop = false;
    return 0;
}
