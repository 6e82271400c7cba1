#!/usr/bin/env python3
"""Semantic translation suite: runs every corpus statement on its source engine and its
translation (`sqlx translate`) on the two other engines against the same fixture, compares the
normalised result sets, and checks the parse -> print -> parse round trip. Python stdlib only:
SQLite through the sqlite3 module, PostgreSQL through one psql and MariaDB through one mariadb
process per batch. It never changes the fixture tables; DDL/DML tests work on ddl_* tables.
See tests/semantic/README.md for the corpus format, the normalisation and the exit policy."""

import argparse
import concurrent.futures
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.parse
import xml.etree.ElementTree as ET
from decimal import Decimal, InvalidOperation

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURE = os.path.join(HERE, 'fixture')
QUERIES = os.path.join(HERE, 'queries')

# Dialect names as `sqlx translate --from/--to` takes them, and the short labels printed.
DIALECTS = ('postgres', 'mysql', 'sqlite')
SHORT = {'postgres': 'pg', 'mysql': 'mysql', 'sqlite': 'sqlite'}
SCHEMA_FILE = {'postgres': 'schema.pg.sql', 'mysql': 'schema.mysql.sql', 'sqlite': 'schema.sqlite.sql'}
SCRATCH_FILE = {'postgres': 'scratch.pg.sql', 'mysql': 'scratch.mysql.sql', 'sqlite': 'scratch.sqlite.sql'}
PG_SCHEMA = 'sqlx_semantic'
MY_DB = 'sqlx_semantic'
STMT_TIMEOUT = 10  # seconds per statement on every engine


class RunnerError(Exception):
    """The runner itself cannot go on (engine unreachable, fixture does not load)."""


def read(path):
    with open(path, encoding='utf-8') as f:
        return f.read()


# ---------------------------------------------------------------------------------------------
# Corpus


class Test:
    """One corpus entry: a statement (possibly several) in its source dialect, plus checks."""

    def __init__(self, dialect, path, name, line):
        self.dialect = dialect
        self.path = path
        self.name = name
        self.line = line
        self.kind = 'query'      # 'query' or 'dml' (DDL/DML: scratch reset before, checks after)
        self.unordered = False   # compare the main result sets as multisets
        self.checks = []         # [(sql, expect_error)] portable SQL, run verbatim everywhere
        self.sql = ''

    @property
    def tid(self):
        return '%s/%s:%s' % (self.dialect, os.path.basename(self.path), self.name)


def parse_corpus_file(dialect, path):
    tests, cur, body, in_header = [], None, [], False
    text = read(path)

    def finish():
        if cur is None:
            return
        cur.sql = '\n'.join(body).strip()
        if not cur.sql.endswith(';'):
            raise RunnerError('%s:%d: statement %s does not end with ;' % (path, cur.line, cur.name))
        tests.append(cur)

    for no, line in enumerate(text.split('\n'), 1):
        m = re.match(r'--\s*name:\s*(\S+)\s*$', line)
        if m:
            finish()
            cur, body, in_header = Test(dialect, path, m.group(1), no), [], True
            if os.path.basename(path).startswith(('ddl', 'dml')):
                cur.kind = 'dml'
            continue
        if cur is None:
            continue
        if in_header and line.startswith('--'):
            d = line[2:].strip()
            if d == 'unordered':
                cur.unordered = True
            elif d.startswith('check:'):
                cur.checks.append((d[len('check:'):].strip(), False))
            elif d.startswith('check-error:'):
                cur.checks.append((d[len('check-error:'):].strip(), True))
            continue
        in_header = False
        body.append(line)
    finish()
    names = [t.name for t in tests]
    dup = {n for n in names if names.count(n) > 1}
    if dup:
        raise RunnerError('%s: duplicate names %s' % (path, ', '.join(sorted(dup))))
    return tests


def load_corpus(dialects, pattern):
    tests = []
    for d in dialects:
        folder = os.path.join(QUERIES, d)
        for fn in sorted(os.listdir(folder)):
            if fn.endswith('.sql'):
                tests.extend(parse_corpus_file(d, os.path.join(folder, fn)))
    if pattern:
        rx = re.compile(pattern)
        tests = [t for t in tests if rx.search(t.tid)]
    return tests


# ---------------------------------------------------------------------------------------------
# Results: one Outcome per executed unit (main statement or one check)


class Outcome:
    def __init__(self, error=None, sets=None):
        self.error = error         # None or the engine's message
        self.sets = sets or []     # [[row tuple, ...], ...] raw values (str/None or Python values)

    def __repr__(self):
        if self.error is not None:
            return 'ERROR: %s' % self.error
        return repr(self.sets)


class JobResult:
    def __init__(self):
        self.reset_error = None
        self.main = None
        self.checks = []


class Job:
    """What one engine runs for one test in one direction."""

    def __init__(self, jid, test, text):
        self.jid = jid
        self.test = test
        self.text = text


def split_sqlite(text):
    """Statements of TEXT, split where sqlite3 says a statement is complete."""
    out, start = [], 0
    for i, ch in enumerate(text):
        if ch == ';' and sqlite3.complete_statement(text[start:i + 1]):
            out.append(text[start:i + 1])
            start = i + 1
    rest = text[start:]
    if rest.strip() and re.sub(r'--[^\n]*', '', rest).strip():
        out.append(rest)
    return out


# ---------------------------------------------------------------------------------------------
# Engines


class SqliteEngine:
    name = 'sqlite'

    def __init__(self, reverse=False):
        self.conn = sqlite3.connect(':memory:', isolation_level=None)
        self.deadline = None
        self.conn.set_progress_handler(self._progress, 10000)
        try:
            self.conn.executescript(read(os.path.join(FIXTURE, SCHEMA_FILE['sqlite'])))
            self.conn.executescript(read(os.path.join(FIXTURE, 'data.sql')))
            self.conn.execute('PRAGMA foreign_keys = ON')
            if reverse:  # --tie-check: rows that ORDER BY leaves tied come out the other way
                self.conn.execute('PRAGMA reverse_unordered_selects = ON')
        except sqlite3.Error as e:
            raise RunnerError('sqlite fixture: %s' % e)

    def _progress(self):
        return 1 if self.deadline is not None and time.monotonic() > self.deadline else 0

    def _exec(self, text):
        sets = []
        self.deadline = time.monotonic() + STMT_TIMEOUT
        try:
            for stmt in split_sqlite(text):
                cur = self.conn.execute(stmt)
                if cur.description is not None:
                    sets.append([tuple(r) for r in cur.fetchall()])
        except (sqlite3.Error, sqlite3.Warning, ValueError, OverflowError) as e:
            return Outcome('%s: %s' % (type(e).__name__, e), sets)
        finally:
            self.deadline = None
        return Outcome(None, sets)

    def _reset(self):
        c = self.conn
        if c.in_transaction:
            c.execute('ROLLBACK')
        objs = c.execute("SELECT type, name FROM sqlite_master WHERE name LIKE 'ddl\\_%' ESCAPE '\\'"
                         " AND type IN ('view', 'table') ORDER BY type = 'table', name").fetchall()
        for typ, name in objs:
            c.execute('DROP %s IF EXISTS "%s"' % (typ.upper(), name.replace('"', '""')))
        c.executescript(read(os.path.join(FIXTURE, SCRATCH_FILE['sqlite'])))
        c.executescript(read(os.path.join(FIXTURE, 'scratch_data.sql')))

    def run(self, jobs):
        results = {}
        for job in jobs:
            r = JobResult()
            if self.conn.in_transaction:
                self.conn.execute('ROLLBACK')
            if job.test.kind == 'dml':
                try:
                    self._reset()
                except sqlite3.Error as e:
                    r.reset_error = str(e)
            r.main = self._exec(job.text)
            for sql, _ in job.test.checks:
                r.checks.append(self._exec(sql))
            results[job.jid] = r
        return results


class CliEngine:
    """Runs jobs as one script through a command-line client; a marker before each unit splits
    the output, and the client's error lines on stderr carry line numbers that map back to the
    unit. When the output loses sync (a translation with an unterminated quote swallows what
    follows), that job is marked and the jobs after it run again in a new process."""

    name = '?'

    def __init__(self, workdir):
        self.workdir = workdir
        self.batch = 0

    def run(self, jobs):
        results = {}
        rest = list(jobs)
        while rest:
            bad = self._run_batch(rest, results)
            if bad is None:
                break
            rest = rest[bad + 1:]
        return results

    @staticmethod
    def units(job):
        first = 'R' if job.test.kind == 'dml' else 'B'
        return [first, 'S'] + ['C%d' % i for i in range(len(job.test.checks))]

    def _run_batch(self, jobs, results):
        """Runs JOBS in one process, fills RESULTS; returns the index of the job where the
        output lost sync, or None."""
        lines = list(self.prologue())
        sections = []  # (first line, last line, jid, unit)
        for job in jobs:
            texts = {'R': self.reset_sql(), 'B': self.rollback_sql(), 'S': self.terminate(job.text)}
            for i, (sql, _) in enumerate(job.test.checks):
                texts['C%d' % i] = self.terminate(sql)
            for sec in self.units(job):
                lines.extend(self.guard())
                lines.append(self.marker(job.jid, sec))
                first = len(lines) + 1
                lines.extend(texts[sec].split('\n'))
                sections.append((first, len(lines), job.jid, sec))
            lines.extend(self.guard())
            lines.append(self.marker(job.jid, 'E'))
        self.batch += 1
        path = os.path.join(self.workdir, '%s-%d.sql' % (self.name, self.batch))
        with open(path, 'w', encoding='utf-8') as f:
            f.write('\n'.join(lines) + '\n')
        timeout = 60 + STMT_TIMEOUT * 2 * len(jobs)
        try:
            with open(path, 'rb') as stdin:
                p = subprocess.run(self.command(), stdin=stdin, capture_output=True,
                                   timeout=timeout, env=self.env())
            out = p.stdout.decode('utf-8', 'replace')
            err = p.stderr.decode('utf-8', 'replace')
        except subprocess.TimeoutExpired as e:
            out = (e.stdout or b'').decode('utf-8', 'replace')
            err = (e.stderr or b'').decode('utf-8', 'replace')
        errors = {}  # (jid, unit) -> first message
        for lineno, msg in self.errors(err):
            for first, last, jid, sec in sections:
                if first <= lineno <= last:
                    errors.setdefault((jid, sec), msg)
                    break
        chunks = self.split_markers(out)  # [(jid, unit, payload)] in output order
        k = 0
        for idx, job in enumerate(jobs):
            r = JobResult()
            ok = True
            for sec in self.units(job) + ['E']:
                if k >= len(chunks) or chunks[k][0] != job.jid or chunks[k][1] != sec:
                    ok = False
                    break
                payload = chunks[k][2]
                k += 1
                if sec in ('E', 'B'):
                    continue
                msg = errors.get((job.jid, sec))
                try:
                    sets = self.parse_sets(payload)
                except ValueError as e:
                    sets, msg = [], msg or 'unparsable client output: %s' % e
                if sec == 'R':
                    r.reset_error = msg
                elif sec == 'S':
                    r.main = Outcome(msg, sets)
                else:
                    r.checks.append(Outcome(msg, sets))
            if not ok:
                r = JobResult()
                r.main = Outcome('client output lost sync at this statement (unterminated quote '
                                 'or a client command in the SQL?); later ones re-run')
                r.checks = [Outcome('not run') for _ in job.test.checks]
                results[job.jid] = r
                return idx
            results[job.jid] = r
        return None

    @staticmethod
    def terminate(sql):
        s = sql.rstrip()
        return s if s.endswith(';') else s + '\n;'

    @staticmethod
    def guard():
        """Client lines before each marker that keep a broken unit from leaking into the next."""
        return []


class PgEngine(CliEngine):
    name = 'postgres'
    NULL = '<<NULL>>'
    FOOT = re.compile(r'\((\d+) rows?\)\n')
    MARK = re.compile(r'^@@@ (\d+) (\w+)\n', re.M)

    def __init__(self, url, workdir, reverse=False):
        super().__init__(workdir)
        self.url = url
        if not shutil.which('psql'):
            raise RunnerError('psql not found')
        schema = read(os.path.join(FIXTURE, SCHEMA_FILE['postgres']))
        self.schema = PG_SCHEMA
        setup = ['SET client_min_messages = warning;',
                 'DROP SCHEMA IF EXISTS %s CASCADE;' % PG_SCHEMA,
                 'CREATE SCHEMA %s;' % PG_SCHEMA,
                 'SET search_path = %s;' % PG_SCHEMA,
                 schema, read(os.path.join(FIXTURE, 'data.sql'))]
        if reverse:
            # --tie-check: a copy whose heap holds every table's rows in the opposite order (no
            # foreign keys, which the reversed load would break), so ties come out differently.
            self.schema = PG_SCHEMA + '_rev'
            setup += ['DROP SCHEMA IF EXISTS %s CASCADE;' % self.schema,
                      'CREATE SCHEMA %s;' % self.schema,
                      'SET search_path = %s;' % self.schema,
                      re.sub(r'REFERENCES \w+ \(\w+\)', '', schema)]
            for table in re.findall(r'CREATE TABLE (\w+)', schema):
                setup.append('INSERT INTO %s.%s SELECT * FROM %s.%s ORDER BY ctid DESC;'
                             % (self.schema, table, PG_SCHEMA, table))
        path = os.path.join(workdir, 'pg-fixture.sql')
        with open(path, 'w', encoding='utf-8') as f:
            f.write('\n'.join(setup))
        try:
            p = subprocess.run(['psql', self.url, '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-f', path],
                               stdin=subprocess.DEVNULL, capture_output=True, timeout=120,
                               env=self.env())
        except subprocess.TimeoutExpired:
            raise RunnerError('postgresql fixture: psql timed out')
        if p.returncode != 0:
            raise RunnerError('postgresql fixture: %s' % p.stderr.decode('utf-8', 'replace').strip())

    def env(self):
        e = dict(os.environ)
        e.pop('PGOPTIONS', None)
        e['PGCLIENTENCODING'] = 'UTF8'
        return e

    def command(self):
        return ['psql', self.url, '-X', '-q', '-A', '-F', '\x1f', '-R', '\x1e',
                '-v', 'ON_ERROR_STOP=0', '-f', '-']

    def prologue(self):
        return ["\\pset null '%s'" % self.NULL, '\\pset footer on',
                'SET client_min_messages = error;',
                'SET search_path = %s;' % self.schema,
                "SET statement_timeout = '%ds';" % STMT_TIMEOUT,
                "SET TIME ZONE 'UTC';", "SET DateStyle = 'ISO, YMD';",
                "SET IntervalStyle = 'postgres';"]

    def marker(self, jid, sec):
        return '\\echo @@@ %d %s' % (jid, sec)

    @staticmethod
    def guard():
        # A backslash outside quotes (an untranslated MySQL escape) starts a psql command that
        # eats the rest of its line; \r drops what it left in the query buffer.
        return ['\\r']

    def rollback_sql(self):
        return 'ROLLBACK;'

    def reset_sql(self):
        return '\n'.join([
            'ROLLBACK;',
            "DO $sqlx$DECLARE r record; BEGIN",
            "  FOR r IN SELECT c.relname, c.relkind FROM pg_class c JOIN pg_namespace n"
            " ON n.oid = c.relnamespace WHERE n.nspname = current_schema()"
            " AND c.relname LIKE 'ddl\\_%' AND c.relkind IN ('v', 'm', 'r', 'p', 'S')"
            " ORDER BY c.relkind = 'S', c.relkind IN ('r', 'p') LOOP",
            "    EXECUTE format('DROP %s IF EXISTS %I CASCADE', CASE r.relkind WHEN 'v' THEN"
            " 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'S' THEN 'SEQUENCE' ELSE 'TABLE'"
            " END, r.relname);",
            "  END LOOP;",
            "  FOR r IN SELECT t.typname FROM pg_type t JOIN pg_namespace n ON n.oid ="
            " t.typnamespace WHERE n.nspname = current_schema() AND t.typname LIKE 'ddl\\_%'"
            " AND t.typtype IN ('e', 'd', 'c') LOOP",
            "    EXECUTE format('DROP TYPE IF EXISTS %I CASCADE', r.typname);",
            "  END LOOP;",
            "END$sqlx$;",
            read(os.path.join(FIXTURE, SCRATCH_FILE['postgres'])),
            read(os.path.join(FIXTURE, 'scratch_data.sql'))])

    @staticmethod
    def errors(err):
        rx = re.compile(r'^psql:[^:\n]*:(\d+): (?:ERROR|FATAL|PANIC|error):\s+(.*)$')
        for line in err.split('\n'):
            m = rx.match(line)
            if m:
                yield int(m.group(1)), m.group(2)

    def split_markers(self, out):
        marks = list(self.MARK.finditer(out))
        res = []
        for i, m in enumerate(marks):
            end = marks[i + 1].start() if i + 1 < len(marks) else len(out)
            res.append((int(m.group(1)), m.group(2), out[m.end():end]))
        return res

    def parse_sets(self, text):
        sets, pos = [], 0
        while pos < len(text):
            m = self.FOOT.search(text, pos)
            if not m:
                if text[pos:].strip():
                    raise ValueError('no result footer in %r' % text[pos:pos + 80])
                break
            recs = text[pos:m.start()].split('\x1e')
            if len(recs) < 2 or recs[-1] != '':
                raise ValueError('bad result block %r' % text[pos:pos + 80])
            recs = recs[:-1]
            ncols = recs[0].count('\x1f') + 1
            rows = []
            for rec in recs[1:]:
                vals = rec.split('\x1f')
                if len(vals) != ncols:
                    raise ValueError('row with %d of %d columns' % (len(vals), ncols))
                rows.append(tuple(None if v == self.NULL else v for v in vals))
            if len(rows) != int(m.group(1)):
                raise ValueError('%d rows where the footer says %s' % (len(rows), m.group(1)))
            sets.append(rows)
            pos = m.end()
        return sets


class MyEngine(CliEngine):
    name = 'mysql'
    XSI_NIL = '{http://www.w3.org/2001/XMLSchema-instance}nil'

    def __init__(self, url, workdir):
        super().__init__(workdir)
        if not shutil.which('mariadb'):
            raise RunnerError('mariadb client not found')
        u = urllib.parse.urlsplit(url)
        self.password = urllib.parse.unquote(u.password or '')
        self.base = ['mariadb', '--no-defaults', '--default-character-set=utf8mb4',
                     '--protocol=TCP', '-h', u.hostname or '127.0.0.1', '-P', str(u.port or 3306),
                     '-u', urllib.parse.unquote(u.username or 'root')]
        setup = ['DROP DATABASE IF EXISTS %s;' % MY_DB,
                 'CREATE DATABASE %s CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci;' % MY_DB,
                 'USE %s;' % MY_DB, "SET time_zone = '+00:00';",
                 read(os.path.join(FIXTURE, SCHEMA_FILE['mysql'])),
                 read(os.path.join(FIXTURE, 'data.sql'))]
        try:
            p = subprocess.run(self.base, input='\n'.join(setup).encode('utf-8'),
                               capture_output=True, timeout=120, env=self.env())
        except subprocess.TimeoutExpired:
            raise RunnerError('mariadb fixture: client timed out')
        if p.returncode != 0:
            raise RunnerError('mariadb fixture: %s' % p.stderr.decode('utf-8', 'replace').strip())

    def env(self):
        e = dict(os.environ)
        e['MYSQL_PWD'] = self.password
        return e

    def command(self):
        return self.base + ['--xml', '--force', MY_DB]

    def prologue(self):
        return ["SET time_zone = '+00:00';",
                'SET SESSION max_statement_time = %d;' % STMT_TIMEOUT]

    def marker(self, jid, sec):
        return "SELECT '@@@ %d %s' AS sqlx_marker;" % (jid, sec)

    def rollback_sql(self):
        return 'ROLLBACK;'

    def reset_sql(self):
        drop = []
        for typ, kw in (('VIEW', 'VIEW'), ('BASE TABLE', 'TABLE'), ('SEQUENCE', 'SEQUENCE')):
            drop += [
                "SET @sqlx_l = (SELECT GROUP_CONCAT(CONCAT('`', table_name, '`')) FROM"
                " information_schema.tables WHERE table_schema = DATABASE() AND table_type = '%s'"
                " AND table_name LIKE 'ddl\\_%%');" % typ,
                "SET @sqlx_s = IF(@sqlx_l IS NULL, 'DO 0', CONCAT('DROP %s IF EXISTS ', @sqlx_l));"
                % kw,
                'PREPARE sqlx_st FROM @sqlx_s;', 'EXECUTE sqlx_st;', 'DEALLOCATE PREPARE sqlx_st;']
        return '\n'.join(['ROLLBACK;', 'SET FOREIGN_KEY_CHECKS = 0;'] + drop + [
            'SET FOREIGN_KEY_CHECKS = 1;',
            read(os.path.join(FIXTURE, SCRATCH_FILE['mysql'])),
            read(os.path.join(FIXTURE, 'scratch_data.sql'))])

    @staticmethod
    def errors(err):
        rx = re.compile(r'^ERROR(?: \d+ \(\w+\))? at line (\d+)[^:]*: (.*)$')
        for line in err.split('\n'):
            m = rx.match(line)
            if m:
                yield int(m.group(1)), m.group(2)

    def split_markers(self, out):
        res = []
        for doc in out.split('<?xml version="1.0"?>'):
            if not doc.strip():
                continue
            try:
                root = ET.fromstring(doc.strip())
            except ET.ParseError as e:
                if res:
                    res[-1][2].append(('bad', str(e)))
                continue
            rows = root.findall('row')
            if len(rows) == 1:
                fields = rows[0].findall('field')
                if len(fields) == 1 and fields[0].get('name') == 'sqlx_marker':
                    m = re.match(r'@@@ (\d+) (\w+)$', fields[0].text or '')
                    if m:
                        res.append((int(m.group(1)), m.group(2), []))
                        continue
            rowset = []
            for row in rows:
                rowset.append(tuple(None if f.get(self.XSI_NIL) == 'true' else (f.text or '')
                                    for f in row.findall('field')))
            if res:
                res[-1][2].append(('set', rowset))
        return res

    def parse_sets(self, payload):
        sets = []
        for kind, val in payload:
            if kind == 'bad':
                raise ValueError('bad XML: %s' % val)
            sets.append(val)
        return sets


# ---------------------------------------------------------------------------------------------
# Normalisation and comparison

NUM_RX = re.compile(r'^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$')
TS_RX = re.compile(r'^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}:\d{2}:\d{2})(\.\d*)?)?$')
ABS_TOL = 6e-5   # MySQL keeps only 4 extra digits in decimal division and AVG
REL_TOL = 1e-6


def norm(v):
    """A value as ('N',) for NULL, ('n', float, Decimal or None) for numbers and booleans,
    ('s', text) for the rest; timestamps at midnight equal their date."""
    if v is None:
        return ('N',)
    if isinstance(v, bool):
        return ('n', float(v), Decimal(int(v)))
    if isinstance(v, int):
        return ('n', float(v), Decimal(v))
    if isinstance(v, float):
        return ('n', v, None)
    if isinstance(v, Decimal):
        return ('n', float(v), v)
    if isinstance(v, bytes):
        return ('s', 'x' + v.hex())
    s = str(v)
    if s in ('t', 'true'):
        return ('n', 1.0, Decimal(1))
    if s in ('f', 'false'):
        return ('n', 0.0, Decimal(0))
    if NUM_RX.match(s):
        try:
            d = Decimal(s)
            return ('n', float(d), d)
        except (InvalidOperation, OverflowError):
            pass
    m = TS_RX.match(s)
    if m:
        date, tm, frac = m.group(1), m.group(2), (m.group(3) or '').rstrip('0').rstrip('.')
        if tm is None or (tm == '00:00:00' and not frac):
            return ('s', date)
        return ('s', '%s %s%s' % (date, tm, frac))
    return ('s', s)


def val_eq(a, b):
    if a[0] != b[0]:
        return False
    if a[0] == 'N':
        return True
    if a[0] == 's':
        return a[1] == b[1]
    if a[2] is not None and b[2] is not None and a[2] == b[2]:
        return True
    x, y = a[1], b[1]
    if x == y:
        return True
    return abs(x - y) <= max(ABS_TOL, REL_TOL * max(abs(x), abs(y)))


def row_eq(r1, r2):
    return len(r1) == len(r2) and all(val_eq(a, b) for a, b in zip(r1, r2))


def show(row):
    return '(' + ', '.join('NULL' if v is None else repr(v) for v in row) + ')'


def compare_sets(s1, s2, unordered):
    """None when equal, else a one-line reason."""
    if len(s1) != len(s2):
        return '%d rows vs %d' % (len(s1), len(s2))
    n1 = [tuple(norm(v) for v in r) for r in s1]
    n2 = [tuple(norm(v) for v in r) for r in s2]
    if n1 and len(n1[0]) != len(n2[0]):
        return '%d columns vs %d' % (len(n1[0]), len(n2[0]))
    if not unordered:
        for i, (a, b) in enumerate(zip(n1, n2)):
            if not row_eq(a, b):
                return 'row %d: %s vs %s' % (i + 1, show(s1[i]), show(s2[i]))
        return None
    left = list(range(len(n2)))
    for i, a in enumerate(n1):
        for j in left:
            if row_eq(a, n2[j]):
                left.remove(j)
                break
        else:
            return 'row %s of the source has no match on the target' % show(s1[i])
    return None


def compare_outcome(src, dst, unordered):
    if src.error is not None and dst.error is not None:
        return None
    if src.error is not None:
        return 'fails on the source engine only: %s' % src.error
    if dst.error is not None:
        return 'error: %s' % dst.error
    if len(src.sets) != len(dst.sets):
        return '%d result sets vs %d' % (len(src.sets), len(dst.sets))
    for i, (a, b) in enumerate(zip(src.sets, dst.sets)):
        why = compare_sets(a, b, unordered)
        if why:
            return why if len(src.sets) == 1 else 'result set %d: %s' % (i + 1, why)
    return None


def compare_job(test, src, dst):
    if dst.reset_error:
        return 'scratch reset failed on the target: %s' % dst.reset_error
    why = compare_outcome(src.main, dst.main, test.unordered)
    if why:
        return why
    for i, (a, b) in enumerate(zip(src.checks, dst.checks)):
        why = compare_outcome(a, b, False)
        if why:
            return 'check %d (%s): %s' % (i + 1, test.checks[i][0], why)
    return None


def verify_original(test, r):
    """None when the original ran as the corpus says on its source engine, else the reason."""
    if r is None:
        return 'not run'
    if r.reset_error:
        return 'scratch reset failed: %s' % r.reset_error
    if r.main.error is not None:
        return 'error: %s' % r.main.error
    for i, ((sql, expect_error), o) in enumerate(zip(test.checks, r.checks)):
        if expect_error and o.error is None:
            return 'check %d should fail but did not: %s' % (i + 1, sql)
        if not expect_error and o.error is not None:
            return 'check %d failed: %s: %s' % (i + 1, sql, o.error)
    if test.kind == 'query' and not test.unordered and not re.search(r'(?i)\border\s+by\b', test.sql):
        if any(len(s) > 1 for s in r.main.sets):
            return 'several rows but neither ORDER BY nor -- unordered'
    return None


# ---------------------------------------------------------------------------------------------
# sqlx translate


def sqlx_call(sqlx, args, text, timeout=30):
    """(ok, stdout or error text)."""
    try:
        p = subprocess.run([sqlx] + args, input=text.encode('utf-8'), capture_output=True,
                           timeout=timeout)
    except FileNotFoundError:
        return False, 'sqlx binary not found: %s' % sqlx
    except PermissionError:
        return False, 'sqlx binary not executable: %s' % sqlx
    except subprocess.TimeoutExpired:
        return False, 'sqlx %s timed out' % ' '.join(args)
    if p.returncode != 0:
        msg = p.stderr.decode('utf-8', 'replace').strip() or 'exit status %d' % p.returncode
        if p.returncode < 0:
            msg = 'killed by signal %d; %s' % (-p.returncode, msg)
        return False, msg
    out = p.stdout.decode('utf-8', 'replace')
    if not out.strip():
        return False, 'empty output'
    return True, out


# ---------------------------------------------------------------------------------------------


def pct(a, b):
    return 100.0 * a / b if b else 100.0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--sqlx', default='build/sqlx', help='the sqlx binary (default build/sqlx)')
    ap.add_argument('--pg-url', default=os.environ.get('SQLX_TEST_PG_URL'),
                    help='PostgreSQL URL (default $SQLX_TEST_PG_URL)')
    ap.add_argument('--my-url', default=os.environ.get('SQLX_TEST_MY_URL'),
                    help='MariaDB URL (default $SQLX_TEST_MY_URL)')
    ap.add_argument('--report', default=os.path.join(HERE, '..', 'tmp', 'semantic-report.txt'),
                    help='detailed failure report (default tests/tmp/semantic-report.txt)')
    ap.add_argument('--threshold', type=float, default=0.0,
                    help='percent; a direction or round-trip count below it counts as failed '
                         '(default 0: report only)')
    ap.add_argument('--verify', action='store_true',
                    help='only run the originals on their own engines (no sqlx needed)')
    ap.add_argument('--tie-check', action='store_true',
                    help='corpus maintenance: PostgreSQL runs against a copy whose rows are '
                         'stored in reverse order, and the PostgreSQL and SQLite originals run '
                         'a second time (normal copy; SQLite with reverse_unordered_selects), '
                         'so ORDER BYs that leave ties show up as failures')
    ap.add_argument('--from', dest='sources', action='append', choices=DIALECTS,
                    help='only statements of this source dialect (repeatable)')
    ap.add_argument('--filter', help='only tests whose id (dialect/file:name) matches this regex')
    ap.add_argument('--jobs', type=int, default=max(2, (os.cpu_count() or 2) * 2),
                    help='parallel sqlx calls')
    ap.add_argument('-v', '--verbose', action='store_true', help='print each failure')
    ap.add_argument('--keep', action='store_true', help='keep the generated client scripts')
    args = ap.parse_args()

    t0 = time.monotonic()
    broken = []  # what makes the runner itself fail
    try:
        tests = load_corpus(args.sources or DIALECTS, args.filter)
    except (RunnerError, OSError) as e:
        print('semantic: corpus: %s' % e)
        print('0 passed, 1 failed')
        return 1
    if not tests:
        print('semantic: no tests selected')
        print('0 passed, 1 failed')
        return 1
    sqlx = args.sqlx if os.sep in args.sqlx else (shutil.which(args.sqlx) or args.sqlx)
    sqlx = os.path.abspath(sqlx) if os.sep in sqlx else sqlx

    # 1. Translations and round trips, in parallel.
    trans = {}      # (test index, target) -> (ok, text)
    rt_orig = {}    # test index -> (ok, msg)
    rt_trans = {}   # (test index, target) -> (ok, msg)
    if not args.verify:
        if not (os.path.isfile(sqlx) and os.access(sqlx, os.X_OK)):
            print('semantic: WARNING: sqlx binary %s not found; every translation fails' % sqlx)
        with concurrent.futures.ThreadPoolExecutor(args.jobs) as ex:
            futs = {}
            for i, t in enumerate(tests):
                futs[ex.submit(sqlx_call, sqlx, ['translate', '--roundtrip', '--from', t.dialect],
                               t.sql)] = ('rt', i, None)
                for d in DIALECTS:
                    if d != t.dialect:
                        futs[ex.submit(sqlx_call, sqlx, ['translate', '--from', t.dialect,
                                                         '--to', d], t.sql)] = ('tr', i, d)
            for f in concurrent.futures.as_completed(futs):
                kind, i, d = futs[f]
                if kind == 'rt':
                    rt_orig[i] = f.result()
                else:
                    trans[(i, d)] = f.result()
            futs = {}
            for (i, d), (ok, text) in trans.items():
                if ok:
                    futs[ex.submit(sqlx_call, sqlx, ['translate', '--roundtrip', '--from', d],
                                   text)] = (i, d)
            for f in concurrent.futures.as_completed(futs):
                rt_trans[futs[f]] = f.result()
    t_trans = time.monotonic() - t0

    # 2. Jobs per engine: the originals, then the translations into that engine.
    jobs = {d: [] for d in DIALECTS}
    jid_of = {}
    jid = 0
    for i, t in enumerate(tests):
        jid += 1
        jobs[t.dialect].append(Job(jid, t, t.sql))
        jid_of[(i, t.dialect)] = jid
    for i, t in enumerate(tests):
        for d in DIALECTS:
            if d != t.dialect and trans.get((i, d), (False,))[0]:
                jid += 1
                jobs[d].append(Job(jid, t, trans[(i, d)][1]))
                jid_of[(i, d)] = jid

    workdir = tempfile.mkdtemp(prefix='sqlx-semantic-')
    results = {}
    engine_err = {}
    try:
        def run_cli(cls, url, d):
            if not url:
                raise RunnerError('no URL for %s (set %s)' % (
                    d, 'SQLX_TEST_PG_URL' if d == 'postgres' else 'SQLX_TEST_MY_URL'))
            if cls is PgEngine:  # --tie-check: the main run sees the reversed copy
                return cls(url, workdir, reverse=args.tie_check).run(jobs[d])
            return cls(url, workdir).run(jobs[d])

        with concurrent.futures.ThreadPoolExecutor(2) as ex:
            fpg = ex.submit(run_cli, PgEngine, args.pg_url, 'postgres')
            fmy = ex.submit(run_cli, MyEngine, args.my_url, 'mysql')
            try:
                results.update(SqliteEngine().run(jobs['sqlite']))
            except RunnerError as e:
                engine_err['sqlite'] = str(e)
            for d, f in (('postgres', fpg), ('mysql', fmy)):
                try:
                    results.update(f.result())
                except (RunnerError, OSError, subprocess.SubprocessError) as e:
                    engine_err[d] = str(e)
    finally:
        if args.keep:
            print('semantic: client scripts kept in %s' % workdir)
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    for d, e in sorted(engine_err.items()):
        broken.append('engine %s: %s' % (d, e))
        print('semantic: ENGINE %s UNAVAILABLE: %s' % (d, e))

    # 3. Verdicts.
    report = []
    n_query = sum(1 for t in tests if t.kind == 'query')
    n_dml = len(tests) - n_query
    per_src = {d: [t for t in tests if t.dialect == d] for d in DIALECTS}
    print('semantic: %s statements (%d queries, %d DDL/DML)' % (
        ', '.join('%d %s' % (len(per_src[d]), SHORT[d]) for d in DIALECTS if per_src[d]),
        n_query, n_dml))
    orig_ok = {}
    for i, t in enumerate(tests):
        if t.dialect in engine_err:
            orig_ok[i] = False
            continue
        why = verify_original(t, results.get(jid_of[(i, t.dialect)]))
        orig_ok[i] = why is None
        if why:
            broken.append('original %s: %s' % (t.tid, why))
            report.append(('ORIGINAL', t, t.dialect, why, None, None, None))
    line = []
    for d in DIALECTS:
        if per_src[d]:
            ok = sum(1 for i, t in enumerate(tests) if t.dialect == d and orig_ok[i])
            line.append('%s %d/%d' % (SHORT[d], ok, len(per_src[d])))
    print('originals on their own engine: %s' % ', '.join(line))
    if args.tie_check:
        tie_jobs = {d: [j for j in jobs[d] if j.test.dialect == d] for d in ('postgres', 'sqlite')}
        tdir = tempfile.mkdtemp(prefix='sqlx-semantic-tie-')
        try:
            rev = SqliteEngine(reverse=True).run(tie_jobs['sqlite'])
            if args.pg_url and 'postgres' not in engine_err:
                rev.update(PgEngine(args.pg_url, tdir).run(tie_jobs['postgres']))
        except RunnerError as e:
            broken.append('tie check: %s' % e)
            rev = {}
        finally:
            shutil.rmtree(tdir, ignore_errors=True)
        n_tie = 0
        for d in ('postgres', 'sqlite'):
            for j in tie_jobs[d]:
                if j.jid not in rev or not results.get(j.jid):
                    continue
                n_tie += 1
                why = compare_job(j.test, results[j.jid], rev[j.jid])
                if why:
                    broken.append('tie check %s: %s' % (j.test.tid, why))
                    report.append(('TIES', j.test, d, why, None, results[j.jid], rev[j.jid]))
        print('tie check: %d originals run twice' % n_tie)

    passed_pairs = 0
    below = []
    if not args.verify:
        for s in DIALECTS:
            for d in DIALECTS:
                if s == d or not per_src[s]:
                    continue
                n_ok = 0
                for i, t in enumerate(tests):
                    if t.dialect != s:
                        continue
                    ok, text = trans.get((i, d), (False, 'not translated'))
                    if not ok:
                        why = 'translate: %s' % text
                    elif d in engine_err:
                        why = 'engine %s unavailable' % d
                    elif not orig_ok[i]:
                        why = 'original fails on its own engine'
                    elif results.get(jid_of.get((i, d))) is None:
                        why = 'no result from the %s engine' % d
                    else:
                        why = compare_job(t, results[jid_of[(i, s)]], results[jid_of[(i, d)]])
                    if why is None:
                        n_ok += 1
                    else:
                        src_r = results.get(jid_of.get((i, s)))
                        dst_r = results.get(jid_of.get((i, d)))
                        report.append(('DIRECTION', t, d, why, text if ok else None, src_r, dst_r))
                total = len(per_src[s])
                passed_pairs += n_ok
                print('%s->%s: %d/%d (%.1f%%)' % (SHORT[s], SHORT[d], n_ok, total, pct(n_ok, total)))
                if pct(n_ok, total) < args.threshold:
                    below.append('%s->%s' % (SHORT[s], SHORT[d]))
        for label, table, keyf in (
                ('round trip of originals', rt_orig, lambda k: tests[k].dialect),
                ('round trip of translations', rt_trans, lambda k: k[1])):
            line = []
            all_ok = all_n = 0
            for d in DIALECTS:
                keys = [k for k in table if keyf(k) == d]
                if not keys:
                    continue
                ok = sum(1 for k in keys if table[k][0])
                all_ok += ok
                all_n += len(keys)
                line.append('%s %d/%d' % (SHORT[d], ok, len(keys)))
                for k in keys:
                    if not table[k][0]:
                        i = k if isinstance(k, int) else k[0]
                        report.append(('ROUNDTRIP', tests[i], d, table[k][1],
                                       None if isinstance(k, int) else trans[k][1], None, None))
            if line:
                print('%s: %s (%.1f%%)' % (label, ', '.join(line), pct(all_ok, all_n)))
            else:
                print('%s: none' % label)
            if all_n and pct(all_ok, all_n) < args.threshold:
                below.append(label)

    # 4. Report file.
    try:
        os.makedirs(os.path.dirname(os.path.abspath(args.report)), exist_ok=True)
        with open(args.report, 'w', encoding='utf-8') as f:
            f.write('semantic suite report: %d failures\n\n' % len(report))
            for kind, t, d, why, text, src_r, dst_r in report:
                head, _, rest = why.partition('\n')
                f.write('== %s %s -> %s: %s\n' % (kind, t.tid, SHORT[d], head))
                if rest.strip():
                    f.write('-- detail:\n%s\n' % rest.rstrip())
                f.write('-- original (%s, line %d):\n%s\n' % (t.dialect, t.line, t.sql))
                if text is not None:
                    f.write('-- translation (%s):\n%s\n' % (d, text.rstrip()))
                for lab, r in (('source', src_r), ('target', dst_r)):
                    if r is not None and r.main is not None:
                        f.write('-- %s result: %s\n' % (lab, repr(r.main)[:600]))
                f.write('\n')
                if args.verbose:
                    print('FAIL %s %s -> %s: %s' % (kind, t.tid, SHORT[d], head))
        print('report: %s (%d entries)' % (os.path.relpath(args.report), len(report)))
    except OSError as e:
        broken.append('report: %s' % e)

    for b in broken[:20]:
        print('BROKEN: %s' % b)
    if below:
        print('below the threshold of %.1f%%: %s' % (args.threshold, ', '.join(below)))
    print('time: %.1fs (translations %.1fs)' % (time.monotonic() - t0, t_trans))
    if args.verify:
        passed_pairs = sum(1 for v in orig_ok.values() if v)
    failed = len(broken) + len(below)
    print('%d passed, %d failed' % (passed_pairs, failed))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
