"""Schema migrations: a database made by any released version, opened by this one, ends up with
the schema a fresh database has, and keeps its rows.

tests/store/schemas/v<N>.sql is a frozen copy of the whole schema as version N was released
(`schema_sql()` then; v1.sql is schema.sql). The latest version may have no copy yet: it is the one
in development, whose store/schema/v<N>/ files both fresh databases and the last migration step run;
freeze it on release. For every frozen version a file is built from its copy, filled with rows
(ROWS per table, generated from the columns and foreign keys), stamped `PRAGMA user_version=N` and
opened with `Database`, which runs MIGRATIONS[N], MIGRATIONS[N + 1], ...; then its tables, columns
(order, type, NOT NULL, default, primary key), indexes and foreign keys must equal a fresh
database's, and its rows must be there. When the latest version is frozen, a fresh database must
equal its copy. CHECK constraints and column collations are not compared (no PRAGMA reports them)."""

from __future__ import annotations

import difflib
import re
import sqlite3
from collections import Counter
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest

from twitch_mock.store.db import MIGRATIONS, SCHEMA_VERSION, Database

SCHEMAS = Path(__file__).resolve().parent / "schemas"
# Released versions, which never change again. The latest version may be missing: it is the one in
# development, whose store/schema/v<N>/ files fresh databases and the last migration step both run.
FROZEN = sorted(int(m[1]) for p in SCHEMAS.glob("v*.sql") if (m := re.fullmatch(r"v(\d+)\.sql", p.name)))
FREEZE = (
    "python3 -c 'from twitch_mock.store.db import schema_sql; print(schema_sql(), end=\"\")'"
    " > tests/store/schemas/v{n}.sql"
)
ROWS = 3  # per table

# --- describing a schema ------------------------------------------------------------------------


def describe(conn: sqlite3.Connection) -> list[str]:
    """The schema as comparable lines: per table (by name) its kind, its columns in order, then its
    indexes and foreign keys (sorted); then views and triggers. SQLite's automatic index names
    (sqlite_autoindex_<table>_<n>) are left out: they number constraints, and the index's columns
    and origin say what it is."""
    lines: list[str] = []
    for table in tables(conn):
        indexes: list[str] = []
        kind = conn.execute("SELECT type, wr, strict FROM pragma_table_list WHERE name = ?", (table,))
        _, without_rowid, strict = kind.fetchone()
        lines.append(f"table {table}: without_rowid={without_rowid} strict={strict}")
        for cid, name, type_, notnull, default, pk, hidden in conn.execute(
            'SELECT cid, name, type, "notnull", dflt_value, pk, hidden FROM pragma_table_xinfo(?)', (table,)
        ):
            lines.append(
                f"table {table}: column {cid} {name} {type_ or '(no type)'} notnull={notnull}"
                f" default={default} pk={pk} hidden={hidden}"
            )
        for _, name, unique, origin, partial in conn.execute(f"PRAGMA index_list({quote(table)})"):
            columns = ", ".join(
                f"{col or '(expression)'}{' DESC' if desc else ''} {coll}"
                for col, desc, coll in conn.execute(
                    'SELECT name, "desc", coll FROM pragma_index_xinfo(?) WHERE key ORDER BY seqno', (name,)
                )
            )
            shown = "(automatic)" if name.startswith("sqlite_autoindex_") else name
            indexes.append(
                f"table {table}: index {shown} on ({columns}) unique={unique} origin={origin}"
                f" partial={partial}"
            )
        lines += sorted(indexes)
        lines += sorted(f"table {table}: foreign key {fk}" for fk in foreign_keys(conn, table))
    for kind, name, sql in conn.execute(
        "SELECT type, name, sql FROM sqlite_master WHERE type IN ('view', 'trigger') ORDER BY name"
    ):
        lines.append(f"{kind} {name}: {' '.join(sql.split())}")
    return lines


def tables(conn: sqlite3.Connection) -> list[str]:
    rows = conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
    )
    return [name for (name,) in rows]


def foreign_keys(conn: sqlite3.Connection, table: str) -> list[str]:
    """One line per foreign key (several columns for a composite one)."""
    keys: dict[int, list[tuple[str, str, str, str, str, str]]] = {}
    for fid, _, parent, column, to, on_update, on_delete, match in conn.execute(
        f"PRAGMA foreign_key_list({quote(table)})"
    ):
        keys.setdefault(fid, []).append((parent, column, to or "(primary key)", on_update, on_delete, match))
    out = []
    for parts in keys.values():
        parent, _, _, on_update, on_delete, match = parts[0]
        columns = ", ".join(p[1] for p in parts)
        targets = ", ".join(p[2] for p in parts)
        out.append(
            f"({columns}) -> {parent}({targets}) on update {on_update} on delete {on_delete} match {match}"
        )
    return out


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def schema_diff(expected: sqlite3.Connection, actual: sqlite3.Connection, labels: tuple[str, str]) -> str:
    """A unified diff of the two schemas' descriptions; empty when they are the same."""
    diff = difflib.unified_diff(describe(expected), describe(actual), *labels, lineterm="", n=0)
    return "\n".join(line for line in diff if not line.startswith("@@"))


# --- filling a database ------------------------------------------------------------------------


def fill(conn: sqlite3.Connection) -> None:
    """ROWS rows in every table, parents first, each foreign key naming the parent's row of the
    same number (so composite keys and UNIQUE columns stay distinct)."""
    order = by_dependency(conn)
    for table in order:
        columns = [
            (name, type_)
            for name, type_, hidden in conn.execute(
                "SELECT name, type, hidden FROM pragma_table_xinfo(?)", (table,)
            )
            if hidden == 0
        ]
        references = references_of(conn, table)
        placeholders = ", ".join("?" for _ in columns)
        names = ", ".join(quote(name) for name, _ in columns)
        for i in range(ROWS):
            values = [
                value(*references[name], i) if name in references else value(table, name, type_, i)
                for name, type_ in columns
            ]
            conn.execute(f"INSERT INTO {quote(table)} ({names}) VALUES ({placeholders})", values)


def by_dependency(conn: sqlite3.Connection) -> list[str]:
    """Tables ordered so that every table comes after the tables its foreign keys name."""
    pending = {
        t: {row[2] for row in conn.execute(f"PRAGMA foreign_key_list({quote(t)})")} - {t}
        for t in tables(conn)
    }
    order: list[str] = []
    while pending:
        ready = sorted(t for t, parents in pending.items() if not parents & pending.keys())
        assert ready, f"foreign keys form a cycle among {sorted(pending)}"
        order += ready
        for t in ready:
            del pending[t]
    return order


def references_of(conn: sqlite3.Connection, table: str) -> dict[str, tuple[str, str, str]]:
    """column -> (parent table, parent column, parent column's type)."""
    out: dict[str, tuple[str, str, str]] = {}
    for _, _, parent, column, to, *_ in conn.execute(f"PRAGMA foreign_key_list({quote(table)})"):
        info = {
            name: (type_, pk)
            for _, name, type_, _, _, pk in conn.execute(f"PRAGMA table_info({quote(parent)})")
        }
        target = to or next(name for name, (_, pk) in info.items() if pk == 1)
        out[column] = (parent, target, info[target][0])
    return out


def value(table: str, column: str, type_: str, i: int) -> object:
    """A value of the column's affinity (https://sqlite.org/datatype3.html, 3.1), distinct per row."""
    declared = type_.upper()
    if "INT" in declared:
        return i + 1
    if any(word in declared for word in ("CHAR", "CLOB", "TEXT")):
        return f"{table}.{column}.{i}"
    if not declared or "BLOB" in declared:
        return f"{table}.{column}.{i}".encode()
    if any(word in declared for word in ("REAL", "FLOA", "DOUB")):
        return i + 0.5
    return i + 1


def rows(conn: sqlite3.Connection, table: str) -> list[dict[str, object]]:
    cursor = conn.execute(f"SELECT * FROM {quote(table)}")
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor]


def rows_lost(before: list[dict[str, object]], after: list[dict[str, object]]) -> list[dict[str, object]]:
    """Rows of `before` not found in `after`, compared on the columns both have (a column a
    migration drops or adds is the schema comparison's business)."""
    common = [c for c in before[0] if after and c in after[0]] if before else []
    remaining = Counter(tuple(row[c] for c in common) for row in after)
    lost = []
    for row in before:
        key = tuple(row[c] for c in common)
        if remaining[key]:
            remaining[key] -= 1
        else:
            lost.append({c: row[c] for c in common} or row)
    return lost


# --- fixtures -----------------------------------------------------------------------------------


def frozen(version: int) -> str:
    return (SCHEMAS / f"v{version}.sql").read_text(encoding="utf-8")


def build(script: str, path: str = ":memory:") -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA foreign_keys=ON")
    conn.executescript(script)
    return conn


@pytest.fixture
def fresh() -> Iterator[sqlite3.Connection]:
    db = Database(":memory:")
    yield db.conn
    db.close()


def released() -> str:
    return ", ".join(f"v{n}" for n in FROZEN)


def where_changes_go() -> str:
    n = SCHEMA_VERSION
    if n not in FROZEN:
        return f"put it in store/schema/v{n}/<family>.sql instead (version {n} is in development)"
    return (
        f"put it in a new version {n + 1}: bump SCHEMA_VERSION to {n + 1}, add MIGRATIONS[{n}] in store/db.py"
        f" (`lambda: _added_in({n + 1})` runs store/schema/v{n + 1}/*.sql), and add"
        f" tests/store/schemas/v{n + 1}.sql when version {n + 1} is released ({FREEZE.format(n=n + 1)})"
    )


# --- tests --------------------------------------------------------------------------------------


def test_every_released_version_is_frozen_and_every_step_exists() -> None:
    assert FROZEN, "tests/store/schemas holds no v<N>.sql"
    assert list(range(1, FROZEN[-1] + 1)) == FROZEN, f"tests/store/schemas skips a version: {FROZEN}"
    assert FROZEN[-1] in (SCHEMA_VERSION - 1, SCHEMA_VERSION), (
        f"tests/store/schemas holds v1.sql .. v{FROZEN[-1]}.sql, SCHEMA_VERSION is {SCHEMA_VERSION}: every"
        " version but the one in development needs its frozen copy"
    )
    assert sorted(MIGRATIONS) == list(range(1, SCHEMA_VERSION)), (
        f"MIGRATIONS has steps {sorted(MIGRATIONS)}; it needs 1 .. {SCHEMA_VERSION - 1}"
        " (MIGRATIONS[n] brings version n to n + 1)"
    )


def test_a_frozen_latest_version_is_what_a_fresh_database_gets(fresh: sqlite3.Connection) -> None:
    n = SCHEMA_VERSION
    if n not in FROZEN:
        pytest.skip(f"version {n} is in development; freeze it on release: {FREEZE.format(n=n)}")
    with closing(build(frozen(n))) as latest:
        diff = schema_diff(latest, fresh, (f"tests/store/schemas/v{n}.sql", "a fresh database"))
    if diff:
        pytest.fail(
            f"the schema changed, but version {n} is released and a database it made would never get"
            f" the change: {where_changes_go()}.\n{diff}",
            pytrace=False,
        )


@pytest.mark.parametrize("version", FROZEN)
def test_an_old_database_migrates_to_the_fresh_schema_and_keeps_its_rows(
    version: int, tmp_path: Path, fresh: sqlite3.Connection
) -> None:
    path = str(tmp_path / f"v{version}.db")
    with closing(build(frozen(version), path)) as old:
        fill(old)
        old.execute(f"PRAGMA user_version={version}")
        before = {t: rows(old, t) for t in tables(old)}
    db = Database(path)
    try:
        assert db.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        diff = schema_diff(fresh, db.conn, ("a fresh database", f"migrated from version {version}"))
        if diff:
            pytest.fail(
                f"a database made by version {version}, migrated, differs from a fresh one. Either a"
                f" migration step is wrong, or a released version's schema was edited (schema.sql is"
                f" version 1, store/schema/v<k>/ what version k adds; released: {released()}):"
                f" {where_changes_go()}.\n{diff}",
                pytrace=False,
            )
        survived = sorted(set(before) & set(tables(db.conn)))  # a dropped table was vetted by the diff
        lost = {t: gone for t in survived if (gone := rows_lost(before[t], rows(db.conn, t)))}
        if lost:
            report = "\n".join(f"  {t}: {gone}" for t, gone in lost.items())
            pytest.fail(f"rows lost or changed by migrating version {version}:\n{report}", pytrace=False)
        assert db.conn.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        db.close()


def test_every_table_gets_rows(fresh: sqlite3.Connection) -> None:
    fill(fresh)
    assert not [t for t in tables(fresh) if not fresh.execute(f"SELECT 1 FROM {quote(t)}").fetchone()]


def test_the_diff_names_each_difference() -> None:
    base = """
        CREATE TABLE a (id TEXT PRIMARY KEY, n INTEGER NOT NULL DEFAULT 0, name TEXT UNIQUE);
        CREATE TABLE b (a_id TEXT REFERENCES a(id) ON DELETE CASCADE, x TEXT);
        CREATE INDEX b_by_x ON b (x);
    """
    changed = """
        CREATE TABLE a (id TEXT PRIMARY KEY, n INTEGER DEFAULT 1, name TEXT, extra TEXT);
        CREATE TABLE b (a_id TEXT REFERENCES a(id), x TEXT);
        CREATE INDEX b_by_x ON b (x DESC);
        CREATE TABLE c (id INTEGER PRIMARY KEY) WITHOUT ROWID;
    """
    with closing(build(base)) as one, closing(build(changed)) as two:
        with closing(build(base)) as same:
            assert schema_diff(one, same, ("x", "y")) == ""
        diff = schema_diff(one, two, ("base", "changed"))
    assert diff.splitlines()[:2] == ["--- base", "+++ changed"]
    removed = {line[1:] for line in diff.splitlines()[2:] if line.startswith("-")}
    added = {line[1:] for line in diff.splitlines()[2:] if line.startswith("+")}
    assert "table a: column 1 n INTEGER notnull=1 default=0 pk=0 hidden=0" in removed
    assert "table a: column 1 n INTEGER notnull=0 default=1 pk=0 hidden=0" in added
    assert "table a: column 3 extra TEXT notnull=0 default=None pk=0 hidden=0" in added
    assert "table a: index (automatic) on (name BINARY) unique=1 origin=u partial=0" in removed
    assert "table b: index b_by_x on (x DESC BINARY) unique=0 origin=c partial=0" in added
    assert any(
        line.startswith("table b: foreign key (a_id) -> a(id)") and "CASCADE" in line for line in removed
    )
    assert "table c: without_rowid=1 strict=0" in added
