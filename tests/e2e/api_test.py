#!/usr/bin/env python3
"""End-to-end suite for the REST API of `sqlx serve`, checked against docs/api.md.

Builds a fresh SQLite demo database (examples/demo/schema.sql + data.sql) in a temporary folder,
starts `sqlx serve` on a free loopback port, runs small named tests over HTTP and checks every
answer against the database itself (sqlite3 module). Prints `PASS name` / `FAIL name: reason`
per test and ends with `N passed, N failed`; exits 1 on any failure. Standard library only.

With --pg-url URL the same suite runs against PostgreSQL instead: the demo schema and the same rows
(examples/demo/schema.pg.sql + data.pg.sql) are loaded into that database (its current schema is
dropped and recreated table by table), `sqlx serve --db URL` serves it, and the direct database
checks go through one psql session (subprocess) instead of the sqlite3 module. Tests talk to the
database only through the Database objects below (rows, columns, catalog).

With --my-url mysql://USER:PASSWORD@HOST:PORT/DB it runs against MariaDB (or MySQL) the same way:
examples/demo/schema.my.sql + data.my.sql are loaded with the `mariadb` command-line client (the
demo tables in DB are dropped and recreated), `sqlx serve --db URL` serves it, and the direct
checks go through one long-lived `mariadb` session.

    /usr/bin/python3 tests/e2e/api_test.py --sqlx build/sqlx [--pg-url URL | --my-url URL]
                                           [--only SUBSTR] [--keep] [--list]
"""

import argparse
import contextlib
import hashlib
import http.client
import json
import math
import os
import re
import select
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import traceback
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "examples" / "demo"


class State:
    """Shared state of one run: server address, database file, rows the tests created."""

    port = 0
    db = None           # SqliteDB or PgDB: the database the server serves
    tmp = ""            # the run's temporary folder
    saved = {}          # table -> primary key tuple of the row the CRUD tests work on
    snapshot = None     # table contents before the injection tests
    inj = {}            # table -> set of pk tuples the injection tests created on purpose
    inj_user = None     # user id the injection tests write values into


S = State()

# table -> (route, primary-key columns). The view has no key; its columns sort it.
TABLES = {
    "users": ("users", ("id",)),
    "categories": ("categories", ("id",)),
    "products": ("products", ("id",)),
    "orders": ("orders", ("id",)),
    "order_items": ("order-items", ("order_id", "product_id")),
    "reviews": ("reviews", ("id",)),
    "product_ratings": ("product-ratings", ("product_id",)),
}
VIEWS = {"product_ratings"}
BASE_TABLES = [t for t in TABLES if t not in VIEWS]


def route(t):
    return "/" + TABLES[t][0]


def pkcols(t):
    return TABLES[t][1]


# --------------------------------------------------------------------------------------------
# HTTP helpers

NOBODY = object()


class Resp:
    def __init__(self, method, path, status, headers, body):
        self.method, self.path, self.status, self.headers, self.body = (
            method, path, status, headers, body)
        self.json, self.json_ok = None, False
        try:
            self.json = json.loads(body.decode("utf-8"))
            self.json_ok = True
        except (ValueError, UnicodeDecodeError):
            pass

    def __str__(self):
        text = self.body[:300].decode("utf-8", "replace")
        return f"{self.method} {urllib.parse.unquote(self.path)} -> {self.status} {text}"


def request(method, path, body=NOBODY, raw=None, ctype="application/json", headers=None):
    """One request on a new connection. body: a JSON value; raw: bytes sent as they are."""
    hdrs = {}
    data = None
    if raw is not None:
        data = raw
    elif body is not NOBODY:
        data = json.dumps(body, ensure_ascii=False).encode("utf-8")
    if data is not None and ctype is not None:
        hdrs["Content-Type"] = ctype
    hdrs.update(headers or {})
    conn = http.client.HTTPConnection("127.0.0.1", S.port, timeout=30)
    try:
        conn.request(method, path, body=data, headers=hdrs)
        r = conn.getresponse()
        payload = r.read()
        return Resp(method, path, r.status, {k.lower(): v for k, v in r.getheaders()}, payload)
    finally:
        conn.close()


def qenc(s):
    return urllib.parse.quote(str(s), safe="(),*")


def seg(s):
    """One path segment; commas stay literal (they separate composite keys)."""
    return urllib.parse.quote(str(s), safe=",")


def url(path, params=()):
    if isinstance(params, dict):
        params = list(params.items())
    if not params:
        return path
    return path + "?" + "&".join(f"{qenc(k)}={qenc(v)}" for k, v in params)


def pkpath(t, pk):
    if not isinstance(pk, (tuple, list)):
        pk = (pk,)
    return route(t) + "/" + ",".join(seg(v) for v in pk)


def GET(path, params=()):
    return request("GET", url(path, params))


def POST(path, body=NOBODY, **kw):
    return request("POST", path, body, **kw)


def PUT(path, body=NOBODY, **kw):
    return request("PUT", path, body, **kw)


def PATCH(path, body=NOBODY, **kw):
    return request("PATCH", path, body, **kw)


def DELETE(path):
    return request("DELETE", path)


# --------------------------------------------------------------------------------------------
# Assertions on responses


class Fail(Exception):
    pass


def check(cond, msg):
    if not cond:
        raise Fail(msg)


def json_response(r):
    check(r.json_ok, f"body is not JSON: {r}")
    ct = r.headers.get("content-type", "")
    check(ct.startswith("application/json"), f"Content-Type is {ct!r}: {r}")


def ok(r, status=200):
    check(r.status == status, f"expected {status}: {r}")
    json_response(r)
    check(isinstance(r.json, dict) and "data" in r.json, f'no "data" member: {r}')
    return r.json["data"]


def one(r, status=200):
    d = ok(r, status)
    check(isinstance(d, dict), f"data is not an object: {r}")
    return d


def is_int(v):
    return isinstance(v, int) and not isinstance(v, bool)


def lst(r, status=200):
    d = ok(r, status)
    check(isinstance(d, list), f"data is not an array: {r}")
    p = r.json.get("pagination")
    check(isinstance(p, dict), f"no pagination object: {r}")
    for k in ("page", "limit", "total", "pages"):
        check(is_int(p.get(k)), f"pagination.{k} is not an integer: {p}")
    check(len(d) <= p["limit"], f"{len(d)} rows over limit {p['limit']}")
    if p["total"] > 0:
        check(p["pages"] == math.ceil(p["total"] / p["limit"]), f"pagination.pages wrong: {p}")
    else:
        check(p["pages"] in (0, 1), f"pagination.pages wrong for no rows: {p}")
    return d, p


def pag4(p):
    return {k: p[k] for k in ("page", "limit", "total", "pages")}


def err(r, status, code=None, mention=None):
    """Checks an error response; status and code may be tuples of allowed values."""
    statuses = status if isinstance(status, tuple) else (status,)
    check(r.status in statuses, f"expected {'/'.join(map(str, statuses))}: {r}")
    json_response(r)
    e = r.json.get("error") if isinstance(r.json, dict) else None
    check(isinstance(e, dict), f'no "error" object: {r}')
    for k in ("code", "message", "details", "hint"):
        check(k in e, f'error has no "{k}": {r}')
    check(isinstance(e["code"], str) and isinstance(e["message"], str) and e["message"],
          f"error code/message not strings: {r}")
    if code:
        codes = code if isinstance(code, tuple) else (code,)
        check(e["code"] in codes, f"expected code {'/'.join(codes)}: {r}")
    if mention:
        check(mention.lower() in e["message"].lower(), f"message does not name {mention!r}: {r}")
    return e


def fields(e):
    d = e["details"]
    check(isinstance(d, list), f"details is not an array: {d!r}")
    for x in d:
        check(isinstance(x, dict) and isinstance(x.get("field"), str)
              and isinstance(x.get("message"), str), f"bad details entry {x!r}")
    return [x["field"] for x in d]


def expect_422(r, want_fields):
    e = err(r, 422, "validation_failed")
    got = fields(e)
    check(sorted(got) == sorted(want_fields), f"details fields {got}, want {sorted(want_fields)}: {r}")
    return e


def sane(r):
    """Any answer to hostile input: no 5xx, a JSON body with "data" or "error"."""
    check(r.status < 500, f"server error: {r}")
    json_response(r)
    check(isinstance(r.json, dict) and ("data" in r.json or "error" in r.json),
          f"neither data nor error: {r}")
    if "error" in r.json:
        err(r, r.status)


# --------------------------------------------------------------------------------------------
# Database helpers


class SqliteDB:
    """The SQLite demo database in a file, read with the sqlite3 module."""

    engine = "sqlite"

    def __init__(self, path):
        self.path = path

    def url(self):
        return "sqlite:" + self.path

    def load(self):
        c = sqlite3.connect(self.path)
        try:
            c.executescript((DEMO / "schema.sql").read_text())
            c.executescript((DEMO / "data.sql").read_text())
            c.commit()
        finally:
            c.close()

    def rows(self, sql, args=()):
        """Rows of one SELECT with ? parameters, as dicts in column order."""
        c = sqlite3.connect(self.path, timeout=30)
        c.row_factory = sqlite3.Row
        with contextlib.closing(c):
            return [dict(r) for r in c.execute(sql, args)]

    def columns(self, t):
        c = sqlite3.connect(self.path, timeout=30)
        with contextlib.closing(c):
            return [r[1] for r in c.execute("SELECT cid, name FROM pragma_table_info(?) ORDER BY cid",
                                            (t,))]

    def catalog(self):
        """Every schema object with its definition, for the nothing-changed comparison."""
        return [tuple(r.values()) for r in
                self.rows("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY name")]

    def close(self):
        pass


def bind_literals(sql, args, literal):
    """Replaces each ? outside quotes with the next argument written by literal()."""
    out, quote, it = [], None, iter(args)
    for ch in sql:
        if quote:
            quote = None if ch == quote else quote
        elif ch in "'\"":
            quote = ch
        elif ch == "?":
            ch = literal(next(it))
        out.append(ch)
    return "".join(out)


class DbError(Exception):
    """The database used for the direct checks refused a query or could not be loaded."""


class PgError(DbError):
    pass


class MyError(DbError):
    pass


class PgDB:
    """A PostgreSQL database read through one long-lived psql session. A query is wrapped as
    SELECT json_agg(...) so values come back typed (numbers, booleans, null); its ? parameters
    become quoted literals (standard_conforming_strings is on, so doubling ' is the whole
    escaping; values with NUL cannot reach PostgreSQL and are never sent)."""

    engine = "postgresql"
    MARK = "__sqlx_e2e_end__"

    def __init__(self, url):
        self._url = url
        self.proc = None

    def url(self):
        return self._url

    def psql(self, *args):
        return subprocess.run(["psql", self._url, "-X", "-q", "-v", "ON_ERROR_STOP=1", *args],
                              capture_output=True, text=True, timeout=300)

    def load(self):
        r = self.psql("-f", str(DEMO / "schema.pg.sql"), "-f", str(DEMO / "data.pg.sql"))
        if r.returncode != 0:
            raise PgError(f"loading the demo into {self._url}: {r.stderr.strip()[-2000:]}")

    def _session(self):
        if self.proc is None or self.proc.poll() is not None:
            self.proc = subprocess.Popen(
                ["psql", self._url, "-X", "-q", "-t", "-A", "-v", "ON_ERROR_STOP=0"],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                text=True, encoding="utf-8", errors="replace", bufsize=1)
        return self.proc

    @staticmethod
    def literal(v):
        if v is None:
            return "NULL"
        if isinstance(v, bool):
            return "TRUE" if v else "FALSE"
        if isinstance(v, (int, float)):
            return repr(v)
        v = str(v)
        if "\x00" in v:
            raise PgError("a value with NUL cannot be sent to PostgreSQL")
        return "'" + v.replace("'", "''") + "'"

    @classmethod
    def bind(cls, sql, args):
        return bind_literals(sql, args, cls.literal)

    def rows(self, sql, args=()):
        p = self._session()
        text = (f"SELECT coalesce(json_agg(q), '[]') FROM ({self.bind(sql, args)}) q;\n"
                f"\\echo {self.MARK}\n")
        p.stdin.write(text)
        p.stdin.flush()
        lines = []
        while True:
            line = p.stdout.readline()
            if not line:
                raise PgError(f"psql ended (status {p.poll()}): {''.join(lines)[-500:]}")
            if line.rstrip("\n") == self.MARK:
                break
            lines.append(line)
        out = "".join(lines)
        if not out.lstrip().startswith("["):
            raise PgError(f"{out.strip()[:500]} (query: {sql[:200]})")
        return json.loads(out)

    def columns(self, t):
        return [r["column_name"] for r in self.rows(
            "SELECT column_name::text FROM information_schema.columns"
            " WHERE table_schema = current_schema() AND table_name = ? ORDER BY ordinal_position",
            (t,))]

    def catalog(self):
        objs = self.rows(
            "SELECT c.relkind::text AS kind, c.relname::text AS name,"
            " CASE c.relkind WHEN 'v' THEN pg_get_viewdef(c.oid) WHEN 'i' THEN pg_get_indexdef(c.oid)"
            " END AS def FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            " WHERE n.nspname = current_schema() ORDER BY c.relname")
        cols = self.rows(
            "SELECT table_name::text, column_name::text, data_type::text, is_nullable::text,"
            " column_default::text FROM information_schema.columns"
            " WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position")
        cons = self.rows(
            "SELECT conrelid::regclass::text AS t, conname::text, pg_get_constraintdef(oid) AS def"
            " FROM pg_constraint WHERE connamespace = current_schema()::regnamespace"
            " ORDER BY 1, 2")
        return [tuple(r.values()) for r in objs + cols + cons]

    def close(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.stdin.close()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


class MyDB:
    """A MariaDB / MySQL database read through one long-lived `mariadb` client session. A query
    runs in two steps: its rows go into a temporary table (an AUTO_INCREMENT column keeps their
    order), whose column names and types SHOW COLUMNS gives; then one JSON_OBJECT per row comes
    back, so values arrive typed (numbers, null) and exact (JSON escapes every byte of text).
    TINYINT(1) columns become booleans, as PostgreSQL's boolean does. Each ? parameter becomes a
    literal; text goes as _utf8mb4 X'..' (any byte, no escaping rules, and the column's
    collation applies)."""

    engine = "mysql"
    MARK = "__sqlx_e2e_end__"
    TMP = "__sqlx_e2e_q"

    def __init__(self, url):
        self._url = url
        u = urllib.parse.urlsplit(url)
        if u.scheme not in ("mysql", "mariadb") or not u.path.strip("/"):
            raise MyError(f"not a mysql://USER:PASSWORD@HOST:PORT/DB URL: {url}")
        self.user = urllib.parse.unquote(u.username or "")
        self.password = urllib.parse.unquote(u.password or "")
        self.host = u.hostname or "127.0.0.1"
        self.port = u.port or 3306
        self.dbname = urllib.parse.unquote(u.path.strip("/"))
        self.proc = None

    def url(self):
        return self._url

    def _cmd(self, *args):
        return ["mariadb", "--no-defaults", "--protocol=TCP", "-h", self.host, "-P",
                str(self.port), "-u", self.user, "--default-character-set=utf8mb4",
                *args, self.dbname]

    def _env(self):
        return dict(os.environ, MYSQL_PWD=self.password)

    def load(self):
        for f in ("schema.my.sql", "data.my.sql"):
            with open(DEMO / f, "rb") as src:
                r = subprocess.run(self._cmd("--batch"), stdin=src, capture_output=True,
                                   env=self._env(), timeout=300)
            if r.returncode != 0:
                raise MyError(f"loading {f} into {self._url}: "
                              f"{r.stderr.decode('utf-8', 'replace').strip()[-2000:]}")

    def _session(self):
        if self.proc is None or self.proc.poll() is not None:
            self.proc = subprocess.Popen(
                self._cmd("--batch", "--skip-column-names", "--raw", "--unbuffered", "--force"),
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                text=True, encoding="utf-8", errors="replace", bufsize=1, env=self._env())
            # Plain reads: copying a result into the temporary table must not lock the rows
            # the server under test is about to write, and must only warn where a SELECT only
            # warns (strict mode would make "created_at < 'abc'" an error when its rows are
            # stored, as for an INSERT).
            self.proc.stdin.write("SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED;\n"
                                  "SET SESSION sql_mode = 'NO_ENGINE_SUBSTITUTION';\n")
        return self.proc

    def _run(self, text):
        """Sends statements, then reads output lines up to the end mark; an ERROR line raises."""
        p = self._session()
        p.stdin.write(text + f"\nSELECT '{self.MARK}';\n")
        p.stdin.flush()
        lines = []
        while True:
            line = p.stdout.readline()
            if not line:
                raise MyError(f"mariadb ended (status {p.poll()}): {''.join(lines)[-500:]}")
            if line.rstrip("\n") == self.MARK:
                break
            lines.append(line.rstrip("\n"))
        bad = [ln for ln in lines if ln.startswith("ERROR ")]
        if bad:
            raise MyError(bad[0][:500])
        return lines

    @staticmethod
    def literal(v):
        if v is None:
            return "NULL"
        if isinstance(v, bool):
            return "TRUE" if v else "FALSE"
        if isinstance(v, (int, float)):
            return repr(v)
        b = str(v).encode("utf-8", "surrogatepass")
        return "_utf8mb4 X'" + b.hex().upper() + "'" if b else "''"

    @classmethod
    def bind(cls, sql, args):
        return bind_literals(sql, args, cls.literal)

    def rows(self, sql, args=()):
        t = self.TMP
        cols = self._run(
            f"DROP TEMPORARY TABLE IF EXISTS {t};\n"
            f"CREATE TEMPORARY TABLE {t} (__sqlx_n BIGINT AUTO_INCREMENT PRIMARY KEY) AS "
            f"{self.bind(sql, args)};\n"
            f"SHOW COLUMNS FROM {t};")
        names, bools = [], set()
        for ln in cols:
            parts = ln.split("\t")
            if len(parts) < 2 or parts[0] == "__sqlx_n":
                continue
            names.append(parts[0])
            if parts[1] == "tinyint(1)":
                bools.add(parts[0])
        if not names:
            raise MyError(f"no columns for: {sql[:200]}")
        quoted = ["`" + n.replace("`", "``") + "`" for n in names]
        pairs = ", ".join(f"'{i}', {c}" for i, c in enumerate(quoted))
        out = self._run(f"SELECT JSON_OBJECT({pairs}) FROM {t} ORDER BY __sqlx_n;")
        result = []
        for ln in out:
            obj = json.loads(ln)
            row = {}
            for i, n in enumerate(names):
                v = obj[str(i)]
                row[n] = bool(v) if n in bools and v is not None else v
            result.append(row)
        return result

    def columns(self, t):
        return [r["c"] for r in self.rows(
            "SELECT column_name AS c FROM information_schema.columns"
            " WHERE table_schema = DATABASE() AND table_name = ? ORDER BY ordinal_position", (t,))]

    def catalog(self):
        """Tables, views, columns, constraints and indexes with their definitions."""
        parts = [
            "SELECT table_type AS kind, table_name AS name, NULL AS def"
            " FROM information_schema.tables WHERE table_schema = DATABASE() ORDER BY 2",
            "SELECT 'VIEW' AS kind, table_name AS name, view_definition AS def"
            " FROM information_schema.views WHERE table_schema = DATABASE() ORDER BY 2",
            "SELECT table_name AS t, column_name AS c, column_type AS ty, is_nullable AS n,"
            " column_default AS d, extra AS e FROM information_schema.columns"
            " WHERE table_schema = DATABASE() ORDER BY table_name, ordinal_position",
            "SELECT table_name AS t, constraint_name AS c, constraint_type AS ty"
            " FROM information_schema.table_constraints WHERE constraint_schema = DATABASE()"
            " ORDER BY 1, 2, 3",
            "SELECT table_name AS t, constraint_name AS c, check_clause AS d"
            " FROM information_schema.check_constraints WHERE constraint_schema = DATABASE()"
            " ORDER BY 1, 2",
            "SELECT table_name AS t, constraint_name AS c, referenced_table_name AS r,"
            " update_rule AS u, delete_rule AS d FROM information_schema.referential_constraints"
            " WHERE constraint_schema = DATABASE() ORDER BY 1, 2",
            "SELECT table_name AS t, index_name AS i, seq_in_index AS s, column_name AS c,"
            " non_unique AS u FROM information_schema.statistics WHERE table_schema = DATABASE()"
            " ORDER BY 1, 2, 3",
        ]
        out = []
        for sql in parts:
            out += [tuple(r.values()) for r in self.rows(sql)]
        return out

    def close(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.stdin.close()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def q(sql, args=()):
    return [tuple(r.values()) for r in S.db.rows(sql, args)]


def q1(sql, args=()):
    return q(sql, args)[0][0]


def ids_sql(sql, args=()):
    return [r[0] for r in q(sql, args)]


def dbrows(sql, args=()):
    return S.db.rows(sql, args)


def dbrow(t, pk):
    if not isinstance(pk, (tuple, list)):
        pk = (pk,)
    where = " AND ".join(f"{c} = ?" for c in pkcols(t))
    rows = dbrows(f"SELECT * FROM {t} WHERE {where}", tuple(pk))
    return rows[0] if rows else None


def count(t, where="1 = 1", args=()):
    return q1(f"SELECT COUNT(*) FROM {t} WHERE {where}", args)


TS_RE = re.compile(r"^(\d{4}-\d\d-\d\d)[ T](\d\d:\d\d:\d\d)(?:\.0+)?(?:Z|[+-]00:?00)?$")


def norm(v):
    """Representation-neutral value: booleans and numbers as float, timestamps with a space."""
    if isinstance(v, (bool, int, float)):
        return float(v)
    if isinstance(v, str):
        m = TS_RE.match(v)
        if m:
            return m.group(1) + " " + m.group(2)
    return v


def same(a, b):
    a, b = norm(a), norm(b)
    if isinstance(a, float) and isinstance(b, str):
        a, b = b, a
    if isinstance(a, str) and isinstance(b, float):
        try:
            a = float(a)
        except ValueError:
            return False
    if isinstance(a, float) and isinstance(b, float):
        return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)
    return a == b


def same_row(api, row, what="row"):
    check(isinstance(api, dict), f"{what}: not an object: {api!r}")
    check(row is not None, f"{what}: not in the database")
    check(set(api) == set(row), f"{what}: columns {sorted(api)} != {sorted(row)}")
    bad = [k for k in row if not same(api[k], row[k])]
    check(not bad, f"{what}: differs from the database in {bad}: api="
          f"{ {k: api[k] for k in bad} } db={ {k: row[k] for k in bad} }")


def keyof(t, row):
    return tuple(row[c] for c in pkcols(t))


# --------------------------------------------------------------------------------------------
# Test registry

TESTS = []


def test(fn):
    TESTS.append((fn.__name__, fn))
    return fn


def add(name, fn):
    TESTS.append((name, fn))


def each(items, fn, what="case"):
    """Runs fn on every item, collecting failures so one report names all bad cases."""
    problems = []
    for it in items:
        try:
            fn(it)
        except Fail as e:
            problems.append(f"{it!r}: {e}")
        except (OSError, http.client.HTTPException) as e:  # connection dropped, timeout
            problems.append(f"{it!r}: {type(e).__name__}: {e}")
    check(not problems, f"{len(problems)} bad {what}(s): " + " || ".join(problems[:3]))


# ============================================================================================
# Basics


@test
def healthz():
    r = GET("/healthz")
    check(r.status == 200, f"expected 200: {r}")
    json_response(r)
    check(isinstance(r.json, dict) and r.json.get("status") == "ok", f"status not ok: {r}")


@test
def openapi_document():
    r = GET("/openapi.json")
    check(r.status == 200 and r.json_ok, f"expected a JSON 200: {r}")
    check(r.json.get("openapi") == "3.0.3", f"openapi version {r.json.get('openapi')!r}")
    paths = r.json.get("paths") or {}
    for p in ("/users", "/order-items", "/product-ratings"):
        check(p in paths, f"path {p} missing from the document")


# ============================================================================================
# Lists and single rows for every table and the view


def make_list_test(t):
    def fn():
        params = [("sort", "product_id")] if t in VIEWS else []
        data, p = lst(GET(route(t), params))
        total = count(t)
        want = {"page": 1, "limit": 20, "total": total, "pages": math.ceil(total / 20)}
        check(pag4(p) == want, f"pagination {p}, want {want}")
        order = ", ".join(pkcols(t))
        rows = dbrows(f"SELECT * FROM {t} ORDER BY {order} LIMIT 20")
        check(len(data) == len(rows), f"{len(data)} rows, want {len(rows)}")
        for a, b in zip(data, rows):
            same_row(a, b, f"{t} {keyof(t, b)}")
    return fn


SAMPLE_PK = {"users": (7,), "categories": (6,), "products": (50,), "orders": (3,),
             "order_items": (3, 17), "reviews": (10,)}


def make_get_test(t):
    def fn():
        pk = SAMPLE_PK[t]
        same_row(one(GET(pkpath(t, pk))), dbrow(t, pk), f"{t} {pk}")
    return fn


for _t in TABLES:
    add(f"list_{_t}", make_list_test(_t))
for _t in BASE_TABLES:
    add(f"get_{_t}", make_get_test(_t))


@test
def values_have_their_json_types():
    """Every engine answers with the JSON types the OpenAPI document declares: decimals and
    integers as numbers, booleans as booleans, text and timestamps as strings, NULL as null."""
    prod = one(GET("/products/1"))
    for k in ("price", "stock", "id", "category_id"):
        check(isinstance(prod[k], (int, float)) and not isinstance(prod[k], bool),
              f"products.{k} is {prod[k]!r}, not a JSON number")
    check(isinstance(prod["created_at"], str) and TS_RE.match(prod["created_at"]),
          f"products.created_at is {prod['created_at']!r}")
    user = one(GET("/users/20"))
    check(user["is_active"] is False, f"users.is_active is {user['is_active']!r}, not false")
    check(user["bio"] is None or isinstance(user["bio"], str), f"users.bio {user['bio']!r}")
    item = one(GET("/order-items/3,17"))
    check(isinstance(item["unit_price"], (int, float)), f"unit_price {item['unit_price']!r}")
    data, _ = lst(GET("/product-ratings", [("sort", "product_id"), ("limit", 3)]))
    check(all(isinstance(r["avg_rating"], (int, float)) for r in data),
          f"avg_rating {[r['avg_rating'] for r in data]}")


@test
def route_exact_table_names():
    data, p = lst(GET("/order_items"))
    check(p["total"] == count("order_items"), f"total {p['total']}")
    data, p = lst(GET("/product_ratings", [("sort", "product_id")]))
    check(p["total"] == count("product_ratings"), f"total {p['total']}")
    same_row(one(GET("/order_items/3,17")), dbrow("order_items", (3, 17)), "order_items 3,17")


@test
def view_list_matches_database():
    data, p = lst(GET("/product-ratings", [("sort", "-review_count,product_id"), ("limit", 50)]))
    rows = dbrows("SELECT * FROM product_ratings ORDER BY review_count DESC, product_id LIMIT 50")
    check(len(data) == 50, f"{len(data)} rows")
    for a, b in zip(data, rows):
        same_row(a, b, f"product_ratings {b['product_id']}")
    data, p = lst(GET("/product-ratings", [("avg_rating", "is.null")]))
    check(p["total"] == count("product_ratings", "avg_rating IS NULL") > 0, f"is.null total {p}")


@test
def view_is_read_only():
    before = count("reviews")
    for r in (POST("/product-ratings", {"product_id": 1, "product_name": "x"}),
              PUT("/product-ratings/1", {"product_name": "x"}),
              PATCH("/product-ratings/1", {"product_name": "x"}),
              DELETE("/product-ratings/1")):
        err(r, 405, "method_not_allowed")
    check(count("reviews") == before, "a write on the view changed data")


# ============================================================================================
# Create / read / update (PUT + PATCH) / delete on every table

CRUD = {
    "users": dict(
        create={"email": "crud.user@example.com", "name": "Crud User", "country": "NO",
                "bio": "hello", "is_active": False},
        filled=["created_at"],
        patch={"name": "Crud Renamed"},
        put={"email": "crud.put@example.com", "name": "Put User"},
        put_nulls=["country", "bio"], put_keeps=["is_active", "created_at"]),
    "categories": dict(
        create={"name": "E2E Category", "slug": "e2e-category", "parent_id": 2},
        patch={"parent_id": None},
        put={"name": "E2E Put", "slug": "e2e-put"},
        put_nulls=["parent_id"], put_keeps=[]),
    "products": dict(
        create={"sku": "E2E-0001", "name": "E2E Widget", "description": "A widget.",
                "price": 19.99, "category_id": 7},
        defaults={"stock": 0}, filled=["created_at"],
        patch={"stock": 5, "price": 21.5},
        put={"sku": "E2E-0002", "name": "E2E Put Widget", "price": 3},
        put_nulls=["description", "category_id"], put_keeps=["stock", "created_at"]),
    "orders": dict(
        create={"user_id": 5},
        defaults={"status": "pending", "total": 0}, filled=["created_at"],
        patch={"status": "shipped", "total": 10.5},
        put={"user_id": 6, "status": "paid"},
        put_nulls=[], put_keeps=["total", "created_at"]),
    "order_items": dict(
        create={"order_id": 1, "product_id": 2, "quantity": 3, "unit_price": 4.25},
        patch={"quantity": 7},
        put={"order_id": 1, "product_id": 2, "quantity": 1, "unit_price": 9.99},
        put_nulls=[], put_keeps=[]),
    "reviews": dict(
        create={"product_id": 499, "user_id": 1000, "rating": 4, "title": "E2E", "body": "Fine."},
        filled=["created_at"],
        patch={"rating": 2},
        put={"product_id": 499, "user_id": 1000, "rating": 5},
        put_nulls=["title", "body"], put_keeps=["created_at"]),
}


def saved(t):
    check(t in S.saved, f"no {t} row: the create test failed")
    return S.saved[t]


def make_create(t):
    def fn():
        spec = CRUD[t]
        n0 = count(t)
        d = one(POST(route(t), spec["create"]), 201)
        pk = keyof(t, d)
        S.saved[t] = pk
        check(count(t) == n0 + 1, "row count did not grow by one")
        row = dbrow(t, pk)
        same_row(d, row, f"created {t}")
        for k, v in spec["create"].items():
            check(same(row[k], v), f"{k}: stored {row[k]!r}, sent {v!r}")
        for k, v in spec.get("defaults", {}).items():
            check(same(row[k], v), f"default {k}: {row[k]!r}, want {v!r}")
        for k in spec.get("filled", []):
            check(row[k] is not None and TS_RE.match(str(row[k])), f"default {k}: {row[k]!r}")
    return fn


def make_read(t):
    def fn():
        pk = saved(t)
        same_row(one(GET(pkpath(t, pk))), dbrow(t, pk), f"{t} {pk}")
    return fn


def make_patch(t):
    def fn():
        spec, pk = CRUD[t], saved(t)
        before = dbrow(t, pk)
        d = one(PATCH(pkpath(t, pk), spec["patch"]))
        after = dbrow(t, pk)
        same_row(d, after, f"patched {t}")
        for k in before:
            if k in spec["patch"]:
                check(same(after[k], spec["patch"][k]), f"{k}: {after[k]!r}, sent {spec['patch'][k]!r}")
            else:
                check(after[k] == before[k], f"PATCH changed {k}: {before[k]!r} -> {after[k]!r}")
    return fn


def make_put(t):
    def fn():
        spec, pk = CRUD[t], saved(t)
        before = dbrow(t, pk)
        d = one(PUT(pkpath(t, pk), spec["put"]))
        after = dbrow(t, pk)
        same_row(d, after, f"replaced {t}")
        for k, v in spec["put"].items():
            check(same(after[k], v), f"{k}: {after[k]!r}, sent {v!r}")
        for k in spec["put_nulls"]:
            check(after[k] is None, f"absent nullable {k} should be NULL, is {after[k]!r}")
        for k in spec["put_keeps"]:
            check(after[k] == before[k], f"absent {k} with a default changed: "
                  f"{before[k]!r} -> {after[k]!r}")
    return fn


def make_delete(t):
    def fn():
        pk = saved(t)
        before = dbrow(t, pk)
        d = one(DELETE(pkpath(t, pk)))
        same_row(d, before, f"deleted {t}")
        check(dbrow(t, pk) is None, "row still in the database")
        err(GET(pkpath(t, pk)), 404, "not_found")
        err(DELETE(pkpath(t, pk)), 404, "not_found")
    return fn


for _t in CRUD:
    add(f"crud_{_t}_create", make_create(_t))
    add(f"crud_{_t}_read", make_read(_t))
    add(f"crud_{_t}_patch", make_patch(_t))
    add(f"crud_{_t}_put", make_put(_t))
    add(f"crud_{_t}_delete", make_delete(_t))


@test
def put_missing_required_column_is_422():
    before = dbrow("users", 1)
    expect_422(PUT("/users/1", {"email": "user1@example.com", "country": "US"}), ["name"])
    check(dbrow("users", 1) == before, "row changed")


@test
def put_composite_key_row():
    before = dbrow("order_items", (3, 17))
    body = {"order_id": 3, "product_id": 17, "quantity": 2, "unit_price": before["unit_price"]}
    d = one(PUT("/order-items/3,17", body))
    after = dbrow("order_items", (3, 17))
    same_row(d, after, "order_items 3,17")
    check(after["quantity"] == 2, f"quantity {after['quantity']}")


@test
def pk_in_body_must_match_path():
    before2, before3 = dbrow("users", 2), dbrow("users", 3)
    r = PATCH("/users/2", {"id": 3, "name": "Moved"})
    err(r, (400, 422))
    check(dbrow("users", 2) == before2 and dbrow("users", 3) == before3, "rows changed")
    d = one(PATCH("/users/2", {"id": 2, "bio": "same key"}))
    check(d["id"] == 2 and dbrow("users", 2)["bio"] == "same key", f"matching key rejected: {d}")
    before = dbrow("order_items", (3, 17))
    err(PATCH("/order-items/3,17", {"order_id": 4, "quantity": 1}), (400, 422))
    check(dbrow("order_items", (3, 17)) == before, "composite row changed")


@test
def composite_key_patch_delete_recreate():
    pk = (3, 17)
    before = dbrow("order_items", pk)
    check(before is not None, "order item 3,17 missing from the demo data")
    d = one(PATCH("/order-items/3,17", {"quantity": 9}))
    check(d["quantity"] == 9 and dbrow("order_items", pk)["quantity"] == 9, f"patch: {d}")
    d = one(DELETE("/order-items/3,17"))
    check(d["order_id"] == 3 and d["product_id"] == 17, f"deleted row {d}")
    check(dbrow("order_items", pk) is None, "row still there")
    err(GET("/order-items/3,17"), 404, "not_found")
    body = dict(before)
    d = one(POST("/order-items", body), 201)
    same_row(d, dbrow("order_items", pk), "recreated 3,17")
    check(dbrow("order_items", pk) == before, "recreated row differs")


@test
def composite_key_wrong_arity():
    for p in ("/order-items/3", "/order-items/3,17,1", "/order-items/3,"):
        err(GET(p), (400, 404))
    err(GET("/order-items/3,99999"), 404, "not_found")


@test
def delete_user_cascades():
    u = one(POST("/users", {"email": "cascade@example.com", "name": "Cascade"}), 201)["id"]
    o = one(POST("/orders", {"user_id": u}), 201)["id"]
    one(POST("/order-items", {"order_id": o, "product_id": 1, "quantity": 1, "unit_price": 1}), 201)
    rv = one(POST("/reviews", {"product_id": 1, "user_id": u, "rating": 3}), 201)["id"]
    one(DELETE(f"/users/{u}"))
    check(dbrow("orders", o) is None, "order of the deleted user survived (foreign_keys off?)")
    check(count("order_items", "order_id = ?", (o,)) == 0, "order items survived")
    check(dbrow("reviews", rv) is None, "review survived")


@test
def delete_category_sets_children_null():
    p = one(POST("/categories", {"name": "E2E Parent", "slug": "e2e-parent"}), 201)["id"]
    c = one(POST("/categories", {"name": "E2E Child", "slug": "e2e-child", "parent_id": p}), 201)["id"]
    one(DELETE(f"/categories/{p}"))
    row = dbrow("categories", c)
    check(row is not None and row["parent_id"] is None, f"child after parent delete: {row}")


@test
def delete_order_cascades_items():
    o = one(POST("/orders", {"user_id": 10, "status": "paid"}), 201)["id"]
    one(POST("/order-items", {"order_id": o, "product_id": 5, "quantity": 2, "unit_price": 3.5}), 201)
    d = one(DELETE(f"/orders/{o}"))
    check(d["id"] == o and d["status"] == "paid", f"deleted row {d}")
    check(count("order_items", "order_id = ?", (o,)) == 0, "items of the deleted order survived")


@test
def json_unicode_escapes_decoded():
    raw = b'{"name": "\\u00fcber \\ud83d\\ude42 e2e", "slug": "e2e-unicode"}'
    d = one(POST("/categories", raw=raw), 201)
    want = "\u00fcber \U0001F642 e2e"
    check(d["name"] == want, f"name {d['name']!r}")
    check(dbrow("categories", d["id"])["name"] == want, "stored name differs")


@test
def json_content_type_with_charset_accepted():
    d = one(POST("/categories", {"name": "E2E Charset", "slug": "e2e-charset"},
                 ctype="application/json; charset=utf-8"), 201)
    check(dbrow("categories", d["id"]) is not None, "not stored")


# ============================================================================================
# Pagination


def page_ids(t, params):
    data, p = lst(GET(route(t), params))
    return [keyof(t, r) if len(pkcols(t)) > 1 else r[pkcols(t)[0]] for r in data], p


@test
def pagination_page_and_limit():
    ids, p = page_ids("users", [("page", 3), ("limit", 7)])
    check(ids == ids_sql("SELECT id FROM users ORDER BY id LIMIT 7 OFFSET 14"), f"ids {ids}")
    total = count("users")
    check(pag4(p) == {"page": 3, "limit": 7, "total": total, "pages": math.ceil(total / 7)}, f"{p}")


@test
def pagination_offset():
    ids, p = page_ids("users", [("offset", 15), ("limit", 10)])
    check(ids == ids_sql("SELECT id FROM users ORDER BY id LIMIT 10 OFFSET 15"), f"ids {ids}")
    check(p["page"] == 2 and p["limit"] == 10, f"{p}")
    ids, p = page_ids("users", [("offset", 7), ("limit", 5)])
    check(ids == ids_sql("SELECT id FROM users ORDER BY id LIMIT 5 OFFSET 7"), f"ids {ids}")
    check(p["page"] == 2, f"offset 7 / limit 5 should be page 2: {p}")


@test
def pagination_offset_wins_over_page():
    ids, p = page_ids("users", [("page", 5), ("offset", 0), ("limit", 5)])
    check(ids == ids_sql("SELECT id FROM users ORDER BY id LIMIT 5"), f"ids {ids}")
    check(p["page"] == 1, f"{p}")


@test
def pagination_last_and_past_end():
    total = count("users")
    last = math.ceil(total / 300)
    ids, p = page_ids("users", [("page", last), ("limit", 300)])
    check(len(ids) == total - 300 * (last - 1), f"{len(ids)} rows on the last page")
    check(p["total"] == total and p["pages"] == last, f"{p}")
    ids, p = page_ids("users", [("page", 9999)])
    check(ids == [] and p["total"] == total and p["page"] == 9999, f"past the end: {ids[:3]} {p}")


@test
def pagination_limit_bounds():
    ids, p = page_ids("orders", [("limit", 1000), ("page", 2)])
    check(ids == ids_sql("SELECT id FROM orders ORDER BY id LIMIT 1000 OFFSET 1000"), "ids differ")
    check(p["total"] == count("orders") and p["limit"] == 1000, f"{p}")
    ids, p = page_ids("orders", [("limit", 1)])
    check(len(ids) == 1 and p["pages"] == p["total"], f"{p}")


@test
def pagination_composite_table():
    data, p = lst(GET("/order-items", [("page", 2), ("limit", 50)]))
    want = q("SELECT order_id, product_id FROM order_items ORDER BY order_id, product_id "
             "LIMIT 50 OFFSET 50")
    check([keyof("order_items", r) for r in data] == want, "keys differ from the database")
    check(p["total"] == count("order_items"), f"{p}")


BAD_PAGING = [("page", "0"), ("page", "-1"), ("page", "abc"), ("page", "1.5"), ("page", ""),
              ("limit", "0"), ("limit", "1001"), ("limit", "-5"), ("limit", "x"), ("limit", "2e3"),
              ("offset", "-1"), ("offset", "abc"), ("offset", "1.0")]


@test
def bad_paging_parameters_are_400():
    each(BAD_PAGING, lambda kv: err(GET("/users", [kv]), 400, "invalid_parameter", mention=kv[0]))


# ============================================================================================
# Sorting and select


@test
def sort_ascending_text():
    data, _ = lst(GET("/users", [("sort", "name"), ("limit", 50)]))
    want = [r[0] for r in q("SELECT name FROM users ORDER BY name LIMIT 50")]
    check([r["name"] for r in data] == want, "names not in ascending order")


@test
def sort_descending_decimal():
    data, _ = lst(GET("/products", [("sort", "-price")]))
    want = [r[0] for r in q("SELECT price FROM products ORDER BY price DESC LIMIT 20")]
    check(all(same(a["price"], b) for a, b in zip(data, want)) and len(data) == 20,
          f"prices {[r['price'] for r in data][:5]} want {want[:5]}")


@test
def sort_several_columns():
    ids, _ = page_ids("orders", [("sort", "status,-id"), ("limit", 100)])
    check(ids == ids_sql("SELECT id FROM orders ORDER BY status, id DESC LIMIT 100"), "ids differ")


@test
def sort_with_order_param():
    ids, _ = page_ids("users", [("sort", "id"), ("order", "desc")])
    check(ids == ids_sql("SELECT id FROM users ORDER BY id DESC LIMIT 20"), f"ids {ids[:5]}")
    ids, _ = page_ids("users", [("sort", "email"), ("order", "asc"), ("limit", 30)])
    check(ids == ids_sql("SELECT id FROM users ORDER BY email LIMIT 30"), f"ids {ids[:5]}")


@test
def sort_with_paging():
    ids, _ = page_ids("products", [("sort", "-price,id"), ("page", 2), ("limit", 10)])
    check(ids == ids_sql("SELECT id FROM products ORDER BY price DESC, id LIMIT 10 OFFSET 10"),
          f"ids {ids}")


@test
def sort_composite_table():
    data, _ = lst(GET("/order-items", [("sort", "-quantity,order_id,product_id"), ("limit", 40)]))
    want = q("SELECT order_id, product_id FROM order_items "
             "ORDER BY quantity DESC, order_id, product_id LIMIT 40")
    check([keyof("order_items", r) for r in data] == want, "keys differ")


@test
def sort_bad_values_are_400():
    err(GET("/users", [("sort", "nope")]), 400, "unknown_column", mention="nope")
    err(GET("/users", [("sort", "-nope")]), 400, "unknown_column", mention="nope")
    err(GET("/users", [("sort", "id,nope")]), 400, "unknown_column", mention="nope")
    err(GET("/users", [("sort", "id"), ("order", "sideways")]), 400, "invalid_parameter",
        mention="order")


@test
def select_columns():
    data, _ = lst(GET("/users", [("select", "id,email"), ("limit", 5)]))
    rows = dbrows("SELECT id, email FROM users ORDER BY id LIMIT 5")
    check(len(data) == 5, f"{len(data)} rows")
    for a, b in zip(data, rows):
        same_row(a, b, f"user {b['id']}")


@test
def select_with_filter_on_other_column():
    data, p = lst(GET("/users", [("select", "id,name"), ("country", "DE"), ("limit", 1000)]))
    check(all(set(r) == {"id", "name"} for r in data), f"keys {set(data[0]) if data else None}")
    check([r["id"] for r in data] == ids_sql("SELECT id FROM users WHERE country = 'DE' ORDER BY id"),
          "ids differ")


@test
def select_bad_column_is_400():
    err(GET("/users", [("select", "id,nope")]), 400, "unknown_column", mention="nope")


# ============================================================================================
# Filters, each checked against the same query in sqlite3


def check_filter(t, params, where, args=(), path=None, allow_empty=False):
    """The API rows (pk order) and total equal sqlite's for WHERE `where`."""
    cols = ", ".join(pkcols(t))
    data, p = lst(GET(path or route(t), list(params) + [("limit", 1000)]))
    total = count(t, where, args)
    want = q(f"SELECT {cols} FROM {t} WHERE {where} ORDER BY {cols} LIMIT 1000", args)
    got = [keyof(t, r) for r in data]
    check(p["total"] == total, f"total {p['total']}, database says {total} for {where}")
    if got != want:
        diff = next(i for i, (a, b) in enumerate(zip(got + [None], want + [None])) if a != b)
        raise Fail(f"rows differ at #{diff}: api {got[diff:diff + 3]} db {want[diff:diff + 3]}")
    if not allow_empty:
        check(0 < total < count(t), f"filter {params} is not selective ({total} rows): weak test")


def filter_test(name, t, params, where, args=(), **kw):
    add(f"filter_{name}", lambda: check_filter(t, params, where, args, **kw))


filter_test("eq_plain", "users", [("country", "US")], "country = 'US'")
filter_test("eq_plain_value_with_dots", "users", [("email", "user5@example.com")],
            "email = 'user5@example.com'")
filter_test("eq_op", "users", [("email", "eq.user42@example.com")], "email = 'user42@example.com'")
filter_test("eq_integer", "orders", [("user_id", "eq.5")], "user_id = 5")
filter_test("neq", "orders", [("status", "neq.paid")], "status <> 'paid'")
filter_test("gt_decimal", "products", [("price", "gt.250")], "price > 250")
filter_test("gte_decimal_exact", "products", [("price", "gte.80.19")], "price >= 80.19")
filter_test("lt_integer", "products", [("stock", "lt.10")], "stock < 10")
filter_test("lte_integer", "reviews", [("rating", "lte.2")], "rating <= 2")
filter_test("gte_timestamp", "orders", [("created_at", "gte.2024-12-01")],
            "created_at >= '2024-12-01'")
filter_test("like_prefix", "users", [("email", "like.user1*")], "email LIKE 'user1%'")
filter_test("like_suffix", "users", [("name", "like.*Brown")], "name LIKE '%Brown'")
filter_test("ilike", "users", [("name", "ilike.*BROWN*")], "lower(name) LIKE '%brown%'")
filter_test("in_text", "orders", [("status", "in.(paid,shipped)")], "status IN ('paid','shipped')")
filter_test("in_integer", "users", [("id", "in.(1,2,3,500)")], "id IN (1,2,3,500)")
filter_test("in_quoted", "users", [("country", 'in.("DE",FR)')], "country IN ('DE','FR')")
filter_test("is_null", "users", [("bio", "is.null")], "bio IS NULL")
filter_test("is_true", "users", [("is_active", "is.true")], "is_active = TRUE")
filter_test("is_false", "users", [("is_active", "is.false")], "is_active = FALSE")
filter_test("not_eq", "orders", [("status", "not.eq.delivered")], "NOT (status = 'delivered')")
filter_test("not_in", "users", [("id", "not.in.(1,2,3)")], "id NOT IN (1,2,3)")
filter_test("not_is_null", "users", [("bio", "not.is.null")], "bio IS NOT NULL")
filter_test("not_like", "users", [("email", "not.like.user1*")], "email NOT LIKE 'user1%'")
filter_test("not_gt", "products", [("price", "not.gt.100")], "NOT (price > 100)")
filter_test("and_of_two", "orders", [("status", "paid"), ("user_id", "lt.100")],
            "status = 'paid' AND user_id < 100")
filter_test("or_simple", "orders", [("or", "(status.eq.paid,status.eq.shipped)")],
            "status = 'paid' OR status = 'shipped'")
filter_test("or_ranges_and_like", "users", [("or", "(id.lt.5,id.gt.995,email.like.user50*)")],
            "id < 5 OR id > 995 OR email LIKE 'user50%'")
filter_test("or_with_is_and_in", "orders", [("or", "(status.in.(pending,cancelled),total.gt.4000)")],
            "status IN ('pending','cancelled') OR total > 4000")
filter_test("or_with_not", "users", [("or", "(id.not.gt.3,bio.is.null)"), ("country", "GB")],
            "(NOT (id > 3) OR bio IS NULL) AND country = 'GB'")
filter_test("composite_table", "order_items", [("order_id", "eq.3")], "order_id = 3")
filter_test("view", "product_ratings", [("review_count", "gte.5"), ("sort", "product_id")],
            "review_count >= 5")


@test
def filter_in_with_quoted_comma():
    d = one(POST("/users", {"email": "comma@example.com", "name": "Smith, Jo"}), 201)
    check_filter("users", [("name", 'in.("Smith, Jo",Ada Andersen)')],
                 "name IN ('Smith, Jo', 'Ada Andersen')")
    check(d["id"] in ids_sql("SELECT id FROM users WHERE name = 'Smith, Jo'"), "row missing")


@test
def filter_unknown_column_is_400():
    err(GET("/users", [("nope", "1")]), 400, "unknown_column", mention="nope")
    err(GET("/users", [("nope", "eq.1")]), 400, "unknown_column", mention="nope")


MALFORMED_FILTERS = [("id", "in.1,2"), ("id", "in.(1,2"), ("or", "status.eq.paid"),
                     ("or", "(status.eq.paid"), ("is_active", "is.maybe"), ("or", "(nope)")]


@test
def filter_malformed_is_400():
    def one_case(kv):
        e = err(GET("/orders" if kv[0] == "or" else "/users", [kv]), 400,
                ("invalid_parameter", "unknown_column"))
        if e["code"] == "invalid_parameter":
            check(kv[0] in e["message"], f"message does not name {kv[0]!r}: {e['message']}")
    each(MALFORMED_FILTERS, one_case)


# ============================================================================================
# Relations along foreign keys, both ways


def first_user_with_orders(n=3):
    return q1("SELECT user_id FROM orders GROUP BY user_id HAVING COUNT(*) >= ? ORDER BY user_id",
              (n,))


@test
def relation_user_orders_children():
    u = first_user_with_orders()
    check_filter("orders", [], "user_id = ?", (u,), path=f"/users/{u}/orders")


@test
def relation_children_take_list_params():
    u = first_user_with_orders()
    data, p = lst(GET(f"/users/{u}/orders", [("limit", 1), ("page", 2), ("select", "id,total")]))
    want = ids_sql("SELECT id FROM orders WHERE user_id = ? ORDER BY id", (u,))
    check(p["total"] == len(want) and p["page"] == 2, f"{p}")
    check([r["id"] for r in data] == want[1:2] and set(data[0]) == {"id", "total"}, f"{data}")
    check_filter("orders", [("status", "neq.cancelled")], "user_id = ? AND status <> 'cancelled'",
                 (u,), path=f"/users/{u}/orders", allow_empty=True)
    data, _ = lst(GET(f"/users/{u}/orders", [("sort", "-id")]))
    check([r["id"] for r in data] == want[::-1], "sort on the relation differs")


@test
def relation_children_empty():
    u = q1("SELECT id FROM users WHERE id NOT IN (SELECT user_id FROM orders) ORDER BY id")
    data, p = lst(GET(f"/users/{u}/orders"))
    check(data == [] and p["total"] == 0, f"{p}")


@test
def relation_order_user_parent():
    o = 1
    u = q1("SELECT user_id FROM orders WHERE id = ?", (o,))
    for rel in ("user", "user_id", "users"):
        same_row(one(GET(f"/orders/{o}/{rel}")), dbrow("users", u), f"/orders/{o}/{rel}")


@test
def relation_order_items_children():
    for rel in ("order-items", "order_items"):
        check_filter("order_items", [], "order_id = 3", path=f"/orders/3/{rel}")


@test
def relation_composite_row_parents():
    same_row(one(GET("/order-items/3,17/order")), dbrow("orders", 3), "order")
    same_row(one(GET("/order-items/3,17/product_id")), dbrow("products", 17), "product")
    same_row(one(GET("/order-items/3,17/products")), dbrow("products", 17), "products")


@test
def relation_categories_self_fk():
    check_filter("categories", [], "parent_id = 1", path="/categories/1/categories")
    for rel in ("parent", "parent_id"):
        same_row(one(GET(f"/categories/6/{rel}")), dbrow("categories", 1), f"/categories/6/{rel}")
    check(ok(GET("/categories/1/parent")) is None, "root category parent should be null")
    data, p = lst(GET("/categories/6/categories"))
    check(data == [] and p["total"] == 0, "leaf category should have no children")


@test
def relation_product_category_parent_and_null():
    same_row(one(GET("/products/1/category")), dbrow("categories", 7), "category of product 1")
    pid = q1("SELECT id FROM products WHERE category_id IS NULL ORDER BY id")
    check(ok(GET(f"/products/{pid}/category")) is None, "NULL foreign key should give data null")


@test
def relation_more_children():
    check_filter("products", [], "category_id = 7", path="/categories/7/products")
    check_filter("reviews", [], "product_id = 1", path="/products/1/reviews")
    check_filter("order_items", [], "product_id = 17", path="/products/17/order-items")
    u = q1("SELECT user_id FROM reviews GROUP BY user_id ORDER BY COUNT(*) DESC, user_id")
    check_filter("reviews", [], "user_id = ?", (u,), path=f"/users/{u}/reviews")


@test
def relation_review_parents():
    r = dbrow("reviews", 1)
    same_row(one(GET("/reviews/1/product")), dbrow("products", r["product_id"]), "product")
    same_row(one(GET("/reviews/1/user")), dbrow("users", r["user_id"]), "user")


@test
def relation_unknown_is_404():
    for p in ("/users/1/nope", "/users/1/categories", "/users/1/products", "/orders/1/reviews"):
        err(GET(p), 404, "not_found")


@test
def relation_of_missing_row():
    err(GET("/orders/999999/user"), 404, "not_found")
    r = GET("/users/999999/orders")
    if r.status == 200:
        data, p = lst(r)
        check(data == [] and p["total"] == 0, f"{p}")
    else:
        err(r, 404, "not_found")


# ============================================================================================
# Bulk POST: all or nothing


@test
def bulk_create_array():
    rows = [{"name": f"E2E Bulk {i}", "slug": f"e2e-bulk-{i}", "parent_id": 3} for i in range(3)]
    n0 = count("categories")
    data = ok(POST("/categories", rows), 201)
    check(isinstance(data, list) and len(data) == 3, f"data {data}")
    check(count("categories") == n0 + 3, "count did not grow by 3")
    for sent, got in zip(rows, data):
        same_row(got, dbrow("categories", got["id"]), "bulk row")
        check(got["name"] == sent["name"], f"order or content differs: {got}")


def nothing_written(t, fn, *emails):
    n0 = count(t)
    fn()
    check(count(t) == n0, f"{t} row count changed: {n0} -> {count(t)}")
    for e in emails:
        check(count("users", "email = ?", (e,)) == 0, f"{e} was written")


@test
def bulk_unique_violation_writes_nothing():
    rows = [{"email": "bulk1@example.com", "name": "B1"}, {"email": "bulk2@example.com", "name": "B2"},
            {"email": "user1@example.com", "name": "Dup"}]
    nothing_written("users", lambda: err(POST("/users", rows), 409, "conflict"),
                    "bulk1@example.com", "bulk2@example.com")


@test
def bulk_duplicate_inside_array_writes_nothing():
    rows = [{"email": "twin@example.com", "name": "T1"}, {"email": "twin@example.com", "name": "T2"}]
    nothing_written("users", lambda: err(POST("/users", rows), 409, "conflict"), "twin@example.com")


@test
def bulk_validation_error_writes_nothing():
    rows = [{"email": "bulkv@example.com", "name": "ok"}, {"email": "bulkv2@example.com", "name": 5}]
    nothing_written("users", lambda: err(POST("/users", rows), 422, "validation_failed"),
                    "bulkv@example.com")


@test
def bulk_fk_violation_writes_nothing():
    rows = [{"user_id": 1}, {"user_id": 2}, {"user_id": 999999}]
    nothing_written("orders", lambda: err(POST("/orders", rows), 409, "foreign_key_violation"))


@test
def bulk_check_violation_writes_nothing():
    rows = [{"product_id": 498, "user_id": 999, "rating": 5},
            {"product_id": 498, "user_id": 998, "rating": 9}]
    nothing_written("reviews", lambda: err(POST("/reviews", rows), 422, "validation_failed"))


@test
def bad_body_shapes_are_400():
    bodies = [[], [1, 2], "text", 42, None, [{"name": "E2E x", "slug": "e2e-x"}, 5], True]
    each(bodies, lambda b: nothing_written(
        "categories", lambda: err(POST("/categories", b), 400, "invalid_body")), "body")


# ============================================================================================
# Constraint errors


@test
def duplicate_email_is_409_naming_constraint():
    e = err(POST("/users", {"email": "user1@example.com", "name": "Dup"}), 409, "conflict")
    d = e["details"]
    check(isinstance(d, dict) and isinstance(d.get("constraint"), str), f"details {d!r}")
    check("email" in d["constraint"], f"constraint {d['constraint']!r} does not name email")


@test
def duplicate_on_patch_is_409():
    before = dbrow("users", 2)
    err(PATCH("/users/2", {"email": "user1@example.com"}), 409, "conflict")
    check(dbrow("users", 2) == before, "row changed")


@test
def duplicate_slug_and_pk_are_409():
    e = err(POST("/categories", {"name": "Another Books", "slug": "books"}), 409, "conflict")
    check("slug" in str((e["details"] or {}).get("constraint")), f"details {e['details']!r}")
    err(POST("/users", {"id": 1, "email": "pkdup@example.com", "name": "Pk"}), 409, "conflict")
    row = dbrow("order_items", (3, 17))
    err(POST("/order-items", dict(row)), 409, "conflict")


@test
def foreign_key_violations_are_409():
    nothing_written("orders", lambda: err(POST("/orders", {"user_id": 999999}), 409,
                                          "foreign_key_violation"))
    before = dbrow("products", 1)
    err(PATCH("/products/1", {"category_id": 999}), 409, "foreign_key_violation")
    check(dbrow("products", 1) == before, "product changed")
    err(DELETE("/products/17"), 409, "foreign_key_violation")
    check(dbrow("products", 17) is not None, "referenced product was deleted")


def expect_check_violation(r, column, constraint):
    e = err(r, 422, "validation_failed")
    d = e["details"]
    if isinstance(d, dict):
        check(constraint in str(d.get("constraint")), f"details {d!r} do not name {constraint}")
    else:
        check(column in fields(e), f"details {d!r} do not name {column}")


@test
def check_violations_are_422():
    nothing_written("products", lambda: expect_check_violation(
        POST("/products", {"sku": "NEG-1", "name": "Negative", "price": -1}),
        "price", "products_price_check"))
    before = dbrow("orders", 1)
    expect_check_violation(PATCH("/orders/1", {"status": "lost"}), "status", "orders_status_check")
    check(dbrow("orders", 1) == before, "order changed")
    nothing_written("reviews", lambda: expect_check_violation(
        POST("/reviews", {"product_id": 497, "user_id": 997, "rating": 6}),
        "rating", "reviews_rating_check"))
    before = dbrow("order_items", (3, 17))
    expect_check_violation(PATCH("/order-items/3,17", {"quantity": 0}), "quantity",
                           "order_items_quantity_check")
    check(dbrow("order_items", (3, 17)) == before, "item changed")


# ============================================================================================
# 422 validation before the database


def rejected(path, body, want, method=POST):
    t = "products" if path.startswith("/products") else "users"
    nothing_written(t, lambda: expect_422(method(path, body), want))


@test
def validation_wrong_types():
    rejected("/products", {"sku": ["x"], "name": "ok", "price": "cheap", "stock": "many",
                           "category_id": {"id": 7}}, ["sku", "price", "stock", "category_id"])


@test
def validation_boolean_and_fraction():
    rejected("/users", {"email": "b@example.com", "name": "B", "is_active": "maybe"}, ["is_active"])
    rejected("/products", {"sku": "FR-1", "name": "F", "price": 1, "stock": 1.5}, ["stock"])


@test
def validation_not_null():
    rejected("/users", {"name": "No Email"}, ["email"])
    rejected("/users", {"email": None, "name": "Null Email"}, ["email"])
    rejected("/users", {"email": "nn@example.com", "name": "x", "is_active": None}, ["is_active"])


@test
def validation_max_length():
    rejected("/users", {"email": "a" * 244 + "@example.com", "name": "Long"}, ["email"])
    rejected("/users", {"email": "long2@example.com", "name": "n" * 101}, ["name"])
    rejected("/users", {"email": "long3@example.com", "name": "C", "country": "USA"}, ["country"])


@test
def validation_max_length_boundary_accepted():
    email = "b" * 243 + "@example.com"
    check(len(email) == 255, "test bug")
    d = one(POST("/users", {"email": email, "name": "m" * 100, "country": "SE"}), 201)
    check(dbrow("users", d["id"])["email"] == email, "email not stored exactly")
    one(DELETE(f"/users/{d['id']}"))


@test
def validation_unknown_key():
    rejected("/users", {"email": "uk@example.com", "name": "U", "nickname": "x"}, ["nickname"])


@test
def validation_one_entry_per_bad_field():
    rejected("/users", {"email": {"a": 1}, "name": None, "country": "ABC", "zzz": 1},
             ["email", "name", "country", "zzz"])


@test
def validation_on_patch_and_put():
    before = dbrow("users", 1)
    expect_422(PATCH("/users/1", {"is_active": "x", "nope": 1}), ["is_active", "nope"])
    expect_422(PUT("/users/1", {"email": "user1@example.com", "name": ["x"]}), ["name"])
    check(dbrow("users", 1) == before, "row changed")


# ============================================================================================
# Malformed requests: JSON, size, content type, routes, methods


@test
def invalid_json_gives_position():
    body = b'{"email": "pos@example.com",\n "name": }'
    bad = body.index(b"}")
    e = err(POST("/users", raw=body), 400, "invalid_json")
    d = e["details"]
    check(isinstance(d, dict) and all(is_int(d.get(k)) for k in ("line", "column", "position")),
          f"details {d!r}")
    check(d["line"] == 2, f"line {d['line']}, want 2")
    check(abs(d["position"] - bad) <= 1, f"position {d['position']}, error is at byte {bad}")
    col = bad - body.index(b"\n")  # 1-based column of the bad byte
    check(abs(d["column"] - col) <= 1, f"column {d['column']}, want about {col}")
    for k in ("line", "position"):
        check(str(d[k]) in e["message"], f"message does not give the {k}: {e['message']!r}")


@test
def invalid_json_variants():
    for raw in (b'{"email": "x', b'{"name": "a"} xyz', b"{'name': 'a'}", b'{"a":1,}', b"\xff\xfe"):
        err(POST("/users", raw=raw), 400, "invalid_json")
    err(POST("/users", raw=b""), 400, ("invalid_json", "invalid_body"))


def raw_post(path, body, ctype="application/json"):
    """POST over a plain socket that stops sending as soon as the server answers (413)."""
    s = socket.create_connection(("127.0.0.1", S.port), timeout=30)
    try:
        head = (f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{S.port}\r\nContent-Type: {ctype}\r\n"
                f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n").encode()
        try:
            s.sendall(head)
            for i in range(0, len(body), 65536):
                if select.select([s], [], [], 0)[0]:
                    break
                s.sendall(body[i:i + 65536])
        except (BrokenPipeError, ConnectionResetError):
            pass
        resp = b""
        try:
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    break
                resp += chunk
                hdr_end = resp.find(b"\r\n\r\n")
                if hdr_end >= 0:
                    m = re.search(rb"(?i)\r\ncontent-length:\s*(\d+)", resp[:hdr_end])
                    if m and len(resp) >= hdr_end + 4 + int(m.group(1)):
                        break
        except (ConnectionResetError, socket.timeout):
            pass
    finally:
        s.close()
    check(resp.startswith(b"HTTP/1."), f"no HTTP response (got {resp[:80]!r})")
    head, _, payload = resp.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    hdrs = {}
    for ln in lines[1:]:
        k, _, v = ln.partition(":")
        hdrs[k.strip().lower()] = v.strip()
    if "content-length" in hdrs:
        payload = payload[:int(hdrs["content-length"])]
    return Resp("POST", path, int(lines[0].split()[1]), hdrs, payload)


@test
def body_over_limit_is_413():
    body = b'{"email": "big@example.com", "name": "' + b"x" * (2 * 1024 * 1024) + b'"}'
    nothing_written("users", lambda: err(raw_post("/users", body), 413, "payload_too_large"),
                    "big@example.com")
    check(GET("/healthz").status == 200, "server unhealthy after a large body")


@test
def wrong_content_type_is_415():
    body = json.dumps({"email": "ct@example.com", "name": "CT"}).encode()
    cases = [("POST", "/users", "text/plain"), ("POST", "/users", None),
             ("POST", "/users", "application/x-www-form-urlencoded"),
             ("PATCH", "/users/1", "text/plain"), ("PUT", "/users/1", "application/xml")]
    n0 = count("users")
    each(cases, lambda c: err(request(c[0], c[1], raw=body, ctype=c[2]), 415,
                              "unsupported_media_type"))
    check(count("users") == n0 and count("users", "email = 'ct@example.com'") == 0, "written")


@test
def unknown_table_is_404():
    for r in (GET("/nope"), GET("/nope/1"), GET("/nope/1/users"), POST("/nope", {"a": 1}),
              DELETE("/nope/1")):
        err(r, 404, "not_found")


@test
def unknown_row_is_404():
    for r in (GET("/users/999999"), PATCH("/users/999999", {"name": "x"}),
              PUT("/users/999999", {"email": "ghost@example.com", "name": "x"}),
              DELETE("/users/999999"), GET("/order-items/999999,1")):
        err(r, 404, "not_found")
    check(count("users", "email = 'ghost@example.com'") == 0, "PUT on a missing row created it")
    err(GET("/users/abc"), (400, 404))


@test
def too_deep_path_is_404():
    err(GET("/users/1/orders/1"), 404, "not_found")


@test
def percent_encoding_is_decoded_once():
    # A key decodes once: %31 is "1", %2531 is the text "%31", which is no integer.
    check(one(request("GET", "/users/%31"))["id"] == 1, "/users/%31 is user 1")
    err(request("GET", "/users/%2531"), 400, "invalid_parameter")
    # Route names decode too; a NUL inside a name never matches a table by its prefix.
    check(len(lst(request("GET", "/order%5Fitems?limit=1"))[0]) == 1, "order%5Fitems is order_items")
    err(request("GET", "/users%00x"), 404, "not_found")
    # Query strings: '+' and %20 are both spaces, %2B a plus, %26 an ampersand inside a value.
    name = one(request("GET", "/users/1"))["name"]
    for q in (name.replace(" ", "+"), urllib.parse.quote(name)):
        rows, _ = lst(request("GET", "/users?select=id&name=" + q))
        check(any(x["id"] == 1 for x in rows), f"name={q} finds user 1")
    rows, p = lst(request("GET", "/users?select=id&name=a%26b%2Bc"))
    check(p["total"] == 0, "a&b+c is one value, matching nothing")


@test
def wrong_method_is_405_with_allow():
    cases = [("POST", "/users/1", "GET"), ("PATCH", "/users", "POST"), ("DELETE", "/users", "GET"),
             ("PUT", "/users", "GET"), ("POST", "/users/1/orders", "GET"),
             ("POST", "/product-ratings", "GET"), ("POST", "/healthz", "GET")]

    def one_case(c):
        r = request(c[0], c[1], {} if c[0] != "DELETE" else NOBODY)
        err(r, 405, "method_not_allowed")
        allow = r.headers.get("allow", "")
        check(c[2] in [m.strip() for m in allow.split(",")], f"Allow {allow!r} lacks {c[2]}")
        check(c[0] not in [m.strip() for m in allow.split(",")], f"Allow {allow!r} lists {c[0]}")
    each(cases, one_case)


# ============================================================================================
# SQL injection: hostile strings in every position, then the data must be unchanged

INJECTIONS = [
    "1 OR 1=1",
    "' OR '1'='1",
    "'; DROP TABLE users; --",
    '" OR ""="',
    "1); DELETE FROM orders; --",
    "users; --",
    "id; DROP TABLE products",
    "1 UNION SELECT email FROM users",
    "*/ SELECT * FROM users /*",
    "%' OR 1=1 --",
    "\\'; DROP TABLE reviews; --",
    "Robert'); DROP TABLE users;--",
    "` OR 1=1 --",
    "[users]",
    "$1",
    "?",
    ":name",
    "-1",
    "0x7fffffff",
    "9999999999999999999999",
    "1e400",
    "NaN",
    "../../etc/passwd",
    "\u00fcn\u00efc\u00f8d\u00e9 \U0001F642 \u202e",
    "\u0000",
    "a\u0000b",
    "%00",
    "\\x00",
    "\t\r\n",
]


def has_nul(s):
    return "\x00" in s


def nul_empty(s):
    """True when a C string of s is empty: the server may see the path without the segment."""
    return s.split("\x00")[0] == ""


def hostile_path(r, s, allowed):
    if nul_empty(s):
        check(r.status < 500, f"server error: {r}")
    else:
        sane(r)
        check(r.status in allowed, f"expected {allowed}: {r}")


def snapshot():
    snap = {}
    for t in list(TABLES):
        cols = ", ".join(pkcols(t))
        snap[t] = q(f"SELECT * FROM {t} ORDER BY {cols}")
    snap["catalog"] = S.db.catalog()
    return snap


def fingerprint(rows):
    return len(rows), hashlib.sha256(repr(rows).encode()).hexdigest()[:16]


def track(t, r):
    """Remembers rows an injection request created so the final comparison skips them."""
    if r.status == 201 and r.json_ok and isinstance(r.json.get("data"), dict):
        S.inj.setdefault(t, set()).add(keyof(t, r.json["data"]))


@test
def injection_setup():
    S.snapshot = snapshot()
    S.inj = {"categories": set(), "users": set()}
    r = POST("/users", {"email": "inj.user@example.com", "name": "Injection Target"})
    track("users", r)
    S.inj_user = one(r, 201)["id"]


def inj_test(fn):
    """Registers a test that runs fn(index, string) for every injection string."""
    def run():
        check(S.snapshot is not None, "injection_setup failed")
        each(list(enumerate(INJECTIONS)), lambda it: fn(*it), "string")
    add(fn.__name__, run)
    return fn


@inj_test
def injection_path_table(i, s):
    for r in (GET("/" + seg(s)), GET("/" + seg(s) + "/1"), POST("/" + seg(s), {"name": "x"}),
              DELETE("/" + seg(s) + "/1")):
        hostile_path(r, s, (404,))
        if not nul_empty(s):
            err(r, 404, "not_found")


@inj_test
def injection_path_pk(i, s):
    for p in ("/users/", "/order-items/", "/categories/"):
        hostile_path(GET(p + seg(s)), s, (400, 404))
    for r in (GET("/order-items/3," + seg(s)), DELETE("/order-items/3," + seg(s))):
        sane(r)
        check(r.status in (400, 404), f"pk 3,{s!r}: {r}")
    for r in (PATCH("/users/" + seg(s), {"name": "x"}), DELETE("/users/" + seg(s)),
              PUT("/categories/" + seg(s), {"name": "x", "slug": "y"})):
        hostile_path(r, s, (400, 404))


@inj_test
def injection_path_relation(i, s):
    for p in ("/users/1/", "/order-items/3,17/", "/categories/1/"):
        r = GET(p + seg(s))
        hostile_path(r, s, (404,))
        if not nul_empty(s):
            err(r, 404, "not_found")


@inj_test
def injection_list_params(i, s):
    if has_nul(s):  # C strings end at the NUL: only ask for a sane answer
        for params in ([("page", s)], [("limit", s)], [("offset", s)], [("sort", s)],
                       [("select", s)], [("or", "(" + s + ")")], [("is_active", "is." + s)]):
            r = GET("/users", params)
            sane(r)
            check(r.status in (200, 400), f"{params}: {r}")
        return
    for name in ("page", "limit", "offset", "order"):
        params = [(name, s)] if name != "order" else [("sort", "id"), ("order", s)]
        err(GET("/users", params), 400, "invalid_parameter", mention=name)
    for name, v in (("sort", s), ("sort", "-" + s), ("sort", "id," + s), ("select", s),
                    ("select", "id," + s)):
        err(GET("/users", [(name, v)]), 400, ("unknown_column", "invalid_parameter"))
    err(GET("/users", [("or", "(" + s + ")")]), 400, ("invalid_parameter", "unknown_column"))
    err(GET("/users", [("is_active", "is." + s)]), 400, "invalid_parameter")


@inj_test
def injection_param_names(i, s):
    for path in ("/users", "/users/5/orders"):
        for v in ("1", "eq.1"):
            r = GET(path, [(s, v)])
            sane(r)
            if s.split("\x00")[0] == "" and r.status == 200:
                continue  # a name that is empty up to a NUL may be dropped as no parameter
            err(r, 400, ("unknown_column", "invalid_parameter"))


@inj_test
def injection_filter_values(i, s):
    like = s.replace("*", "%")
    strict = [("users", [("name", "eq." + s)], "name = ?", (s,)),
              ("users", [("name", "neq." + s)], "name <> ?", (s,)),
              ("users", [("name", "like." + s)], "name LIKE ?", (like,)),
              ("users", [("bio", "ilike." + s)], "lower(bio) LIKE lower(?)", (like,)),
              ("users", [("name", "not.like." + s)], "name NOT LIKE ?", (like,)),
              ("users", [("email", s)], "email = ?", (s,))]
    lenient = [("users", [("id", "eq." + s)], "id = ?", (s,)),
               ("users", [("id", s)], "id = ?", (s,)),
               ("orders", [("created_at", "lt." + s)], "created_at < ?", (s,)),
               ("products", [("price", "gt." + s)], "price > ?", (s,))]
    for t, params, where, args in strict + lenient:
        r = GET(route(t), params + [("limit", 1000)])
        sane(r)
        plain_dot = params[0][1] == s and "." in s
        if has_nul(s) or ((t, params, where, args) in lenient or plain_dot) and r.status == 400:
            check(r.status in (200, 400), f"{params}: {r}")
            continue
        try:
            check_filter(t, params, where, args, allow_empty=True)
        except PgError as e:
            # PostgreSQL refuses to compare the column with such text at all ("0x7fffffff" as a
            # numeric), where SQLite compares it as text and matches nothing: the API, which
            # accepted the value, must then have matched nothing either.
            if (t, params, where, args) not in lenient or "invalid input syntax" not in str(e):
                raise
            check(r.status == 200 and r.json.get("data") == [], f"{params}: {r}")
    for params in ([("country", "in.(" + s + ")")], [("id", "in.(" + s + ")")],
                   [("or", "(name.eq." + s + ",id.eq.1)")]):
        r = GET("/users", params + [("limit", 1000)])
        sane(r)
        check(r.status in (200, 400), f"{params}: {r}")
        if r.status == 200 and params[0][0] == "or" and not has_nul(s):
            allowed = set(ids_sql("SELECT id FROM users WHERE name = ? OR id = 1", (s,)))
            got = {row["id"] for row in r.json["data"]}
            check(got <= allowed, f"or with {s!r} returned rows {sorted(got - allowed)[:5]}")


@inj_test
def injection_json_keys(i, s):
    n0 = count("categories")
    body = {"name": f"inj key {i}", "slug": f"inj-key-{i}", s: "x"}
    for r in (POST("/categories", body), POST("/categories", [{"name": f"inj ok {i}",
                                                               "slug": f"inj-ok-{i}"}, body])):
        track("categories", r)
        if isinstance(r.json, dict) and isinstance(r.json.get("data"), list):
            for row in r.json["data"]:
                S.inj["categories"].add(keyof("categories", row))
        sane(r)
        if has_nul(s):
            check(r.status in (400, 422), f"{r}")
        else:
            names = [re.sub(r"^\[\d+\]\.", "", f) for f in fields(err(r, 422, "validation_failed"))]
            check(s in names, f"details do not name the key: {r}")
    r = PATCH(f"/users/{S.inj_user}", {s: 1})
    sane(r)
    check(r.status in ((400, 422) if has_nul(s) else (422,)), f"PATCH key {s!r}: {r}")
    check(count("categories") == n0, "categories changed")


@inj_test
def injection_json_values(i, s):
    r = POST("/categories", {"name": s, "slug": f"inj-val-{i}"})
    track("categories", r)
    sane(r)
    if has_nul(s) and r.status in (400, 422):
        pass
    else:
        d = one(r, 201)
        check(d["name"] == s, f"returned name {d['name']!r}")
        check(dbrow("categories", d["id"])["name"] == s,
              f"stored name {dbrow('categories', d['id'])['name']!r}")
        check(one(GET(f"/categories/{d['id']}"))["name"] == s, "read back differs")
        if not has_nul(s):
            data, _ = lst(GET("/categories", [("name", "eq." + s)]))
            check([x["id"] for x in data] == [d["id"]], f"filter by the stored value: {data}")
    r = PATCH(f"/users/{S.inj_user}", {"bio": s, "name": s})
    sane(r)
    if not (has_nul(s) and r.status in (400, 422)):
        d = one(r)
        row = dbrow("users", S.inj_user)
        check(d["bio"] == s and row["bio"] == s and row["name"] == s, f"stored bio {row['bio']!r}")
    for path, body in (("/products/1", {"stock": s}), (f"/users/{S.inj_user}", {"is_active": s}),
                       ("/orders/1", {"user_id": s})):
        r = PATCH(path, body)
        sane(r)
        check(r.status in ((400, 422) if has_nul(s) else (422,)), f"PATCH {path} {body}: {r}")
    r = POST("/orders", {"user_id": s})
    sane(r)
    check(r.status in ((400, 422) if has_nul(s) else (422,)), f"POST orders user_id {s!r}: {r}")


@test
def injection_data_unchanged():
    check(S.snapshot is not None, "injection_setup failed")
    check(GET("/healthz").status == 200, "server unhealthy after the injection table")
    after = snapshot()
    problems = []
    for t, before_rows in S.snapshot.items():
        skip = S.inj.get(t, set())
        idx = []
        if t in TABLES:
            cols = S.db.columns(t)
            idx = [cols.index(c) for c in pkcols(t)]

        def keep(row, idx=idx, skip=skip):
            return not idx or tuple(row[j] for j in idx) not in skip
        b = [row for row in before_rows if keep(row)]
        a = [row for row in after[t] if keep(row)]
        if fingerprint(a) != fingerprint(b):
            diff = next((x for x in a if x not in b), None) or next((x for x in b if x not in a), None)
            problems.append(f"{t}: {fingerprint(b)} -> {fingerprint(a)}, e.g. {diff!r}"[:300])
    check(not problems, "; ".join(problems))


def demo_rows_equal_sqlite():
    """PostgreSQL and MariaDB runs only, first: the translated demo (schema.pg.sql + data.pg.sql
    or schema.my.sql + data.my.sql) holds the same rows as the SQLite one, value by value, so
    every run checks the same data."""
    ref = SqliteDB(os.path.join(S.tmp, "reference.db"))
    ref.load()
    for t in TABLES:
        order = ", ".join(pkcols(t))
        want = ref.rows(f"SELECT * FROM {t} ORDER BY {order}")
        got = S.db.rows(f"SELECT * FROM {t} ORDER BY {order}")
        check(len(got) == len(want), f"{t}: {len(got)} rows, SQLite has {len(want)}")
        for a, b in zip(got, want):
            same_row(a, b, f"{t} {keyof(t, b)}")


# ============================================================================================
# Runner


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_healthy(proc, timeout):
    deadline = time.monotonic() + timeout
    last = "no answer"
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return f"server exited with status {proc.returncode} before /healthz answered"
        try:
            r = GET("/healthz")
            if r.status == 200:
                return None
            last = str(r)
        except OSError as e:
            last = repr(e)
        time.sleep(0.1)
    return f"/healthz did not answer 200 within {timeout} s ({last})"


def stop_server(proc):
    """SIGTERM, then the server must exit with status 0 within 10 s."""
    if proc.poll() is not None:
        return f"server had already exited with status {proc.returncode}"
    proc.send_signal(signal.SIGTERM)
    try:
        rc = proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        return "server did not exit within 10 s of SIGTERM"
    return None if rc == 0 else f"server exited with status {rc} after SIGTERM"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sqlx", required=False, help="path to the sqlx binary")
    ap.add_argument("--only", help="run only tests whose name contains this")
    ap.add_argument("--keep", action="store_true", help="keep the temporary folder")
    ap.add_argument("--pg-url", help="run against this PostgreSQL database (its tables are replaced)")
    ap.add_argument("--my-url", help="run against this MariaDB/MySQL database, mysql://USER:PW@HOST:"
                    "PORT/DB (its demo tables are replaced)")
    ap.add_argument("--list", action="store_true", help="list the test names and exit")
    a = ap.parse_args()
    if a.list:
        for name, _ in TESTS:
            print(name)
        return 0
    if not a.sqlx:
        ap.error("--sqlx is required")
    sqlx = os.path.abspath(a.sqlx)
    tmp = tempfile.mkdtemp(prefix="sqlx-e2e-")
    S.tmp = tmp
    if a.pg_url and a.my_url:
        ap.error("--pg-url and --my-url exclude each other")
    if a.pg_url:
        TESTS.insert(0, ("pg_demo_rows_equal_sqlite", demo_rows_equal_sqlite))
        S.db = PgDB(a.pg_url)
    elif a.my_url:
        TESTS.insert(0, ("my_demo_rows_equal_sqlite", demo_rows_equal_sqlite))
        try:
            S.db = MyDB(a.my_url)
        except MyError as e:
            ap.error(str(e))
    else:
        S.db = SqliteDB(os.path.join(tmp, "demo.db"))
    passed = failed = 0

    def report(name, problem):
        nonlocal passed, failed
        if problem is None:
            passed += 1
            print(f"PASS {name}", flush=True)
        else:
            failed += 1
            print(f"FAIL {name}: {problem}", flush=True)

    proc = None
    log_path = os.path.join(tmp, "server.log")
    try:
        S.db.load()
        S.port = free_port()
        env = dict(os.environ, SQLX_PACKS=str(ROOT / "packs"))
        cmd = [sqlx, "serve", "--db", S.db.url(), "--host", "127.0.0.1", "--port", str(S.port)]
        with open(log_path, "wb") as log:
            try:
                proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=env,
                                        cwd=str(ROOT))
            except OSError as e:
                report("startup", f"cannot run {sqlx}: {e}")
        if proc is not None:
            problem = wait_healthy(proc, 20)
            report("startup", problem)
            if problem is None:
                for name, fn in TESTS:
                    if a.only and a.only not in name:
                        continue
                    try:
                        fn()
                        report(name, None)
                    except Fail as e:
                        report(name, str(e))
                    except Exception as e:  # a harness or transport error is a failure too
                        tb = traceback.extract_tb(e.__traceback__)[-1]
                        report(name, f"{type(e).__name__}: {e} (line {tb.lineno})")
                    if proc.poll() is not None:
                        print(f"server died (status {proc.returncode}) during {name}", flush=True)
                        break
                report("graceful_shutdown", stop_server(proc))
    except KeyboardInterrupt:
        failed += 1
    except DbError as e:
        report("startup", str(e))
    finally:
        S.db.close()
        if proc is not None and proc.poll() is None:
            proc.kill()
            proc.wait()
        if failed and os.path.exists(log_path):
            with open(log_path, "rb") as f:
                tail = f.read()[-4000:].decode("utf-8", "replace")
            print("---- server log (tail)\n" + tail + "\n----", flush=True)
        if a.keep:
            print(f"kept {tmp}", flush=True)
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    print(f"{passed} passed, {failed} failed", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
