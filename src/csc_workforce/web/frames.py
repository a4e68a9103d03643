"""Bulk reads and writes: frames straight from the database, and back, without a Python object
a row; tables emptied in one statement; the planner's statistics refreshed after bulk writes.

On PostgreSQL the query's rows come as CSV and polars parses them: an unordered query's rows as
one text the server joins (``string_agg``), so the client handles one value, not a message a row
(at 400,000 rows this halves the read); an ordered one, or one with a column of another kind,
through ``COPY … TO STDOUT``.
SQLite (for trying the product out, not for large authorities) goes through the ORM, whose
converters give decimals as the model declares them (SQLite keeps whatever was stored), and the
rows go to polars in one call. Either way the queryset's default ordering is dropped (a frame has
no use for it, and ordering by a foreign key adds a join and a sort).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Mapping, Sequence
from itertools import islice
from typing import Any

import polars as pl
from django.core.exceptions import EmptyResultSet
from django.db import connections, router
from django.db.models import Field, Model, QuerySet

Schema = Mapping[str, Any]


def read_frame(rows: QuerySet[Any, Any], schema: Schema) -> pl.DataFrame:
    """The rows of ``rows``, a ``values_list`` queryset whose fields are ``schema``'s columns in
    order, as a frame of that schema. Text columns keep empty text as ``""`` and NULL as null;
    Boolean columns read the database's true and false."""
    query = rows.order_by() if not rows.query.order_by else rows
    connection = connections[query.db]
    if connection.vendor != "postgresql":
        frame = pl.DataFrame(
            list(query), schema=list(schema), orient="row", infer_schema_length=None
        )
    else:
        try:
            sql, params = query.query.sql_with_params()
        except EmptyResultSet:  # a condition no row can meet, like "in" an empty list
            return pl.DataFrame(schema=dict(schema))
        read = {name: (pl.String if kind == pl.Boolean else kind) for name, kind in schema.items()}
        csv = (
            _joined_csv(sql, params, schema, connection)
            if not query.query.order_by and len(schema) > 1 and all(map(_plain, schema.values()))
            else _copied_csv(sql, params, connection)
        )
        if not csv:
            return pl.DataFrame(schema=dict(schema))
        frame = pl.read_csv(csv, has_header=False, schema=read)
    return frame.with_columns(
        _as(pl.col(name), kind, frame.schema[name]).alias(name) for name, kind in schema.items()
    )


def _plain(kind: Any) -> bool:
    """A kind whose PostgreSQL text (``::text``, as COPY writes it) needs no CSV quoting, or
    text (quoted here)."""
    return kind == pl.String or kind == pl.Boolean or kind.is_numeric() or kind.is_temporal()


def _joined_csv(sql: str, params: Any, schema: Schema, connection: Any) -> bytes:
    """The rows of ``sql`` as CSV in one text joined by the server, each value written as COPY
    writes it: NULL as nothing, text always quoted (so empty text is ``""``), true and false as
    t and f."""
    names = [f"c{index}" for index in range(len(schema))]
    cells = []
    for name, kind in zip(names, schema.values(), strict=True):
        if kind == pl.String:
            quoted = f"""'"' || replace({name}::text, '"', '""') || '"'"""
            cells.append(f"CASE WHEN {name} IS NULL THEN '' ELSE {quoted} END")
        elif kind == pl.Boolean:
            cells.append(f"CASE WHEN {name} THEN 't' WHEN NOT {name} THEN 'f' ELSE '' END")
        else:
            cells.append(f"coalesce({name}::text, '')")
    line = " || ',' || ".join(cells)
    joined = f"SELECT string_agg({line}, E'\\n') FROM ({sql}) AS read ({', '.join(names)})"  # noqa: S608 (the queryset's own SQL, its values bound)
    with connection.cursor() as cursor:
        cursor.execute(joined, params)
        (text,) = cursor.fetchone()
    return text.encode() if text else b""


def _copied_csv(sql: str, params: Any, connection: Any) -> bytes:
    """The rows of ``sql`` as CSV through ``COPY … TO STDOUT``, in the query's order."""
    data = io.BytesIO()
    copying = f"COPY ({sql}) TO STDOUT (FORMAT csv)"
    with connection.cursor() as cursor, cursor.cursor.copy(copying, params) as copy:
        for block in copy:
            data.write(block)
    return data.getvalue()


def _as(column: pl.Expr, kind: Any, read: Any) -> pl.Expr:
    if kind == pl.Boolean and read == pl.String:  # PostgreSQL's CSV writes t and f
        return column == "t"
    if isinstance(read, pl.Decimal):  # through text, so a float is the decimal's nearest
        return column.cast(pl.String).cast(kind)
    return column.cast(kind)


BATCH = 2000
"""Rows a bulk insert sends to the database in one ``executemany``."""


def write_frame(model: type[Model], frame: pl.DataFrame) -> None:
    """Insert ``frame``'s rows into ``model``'s table, its columns named as the table's,
    without a Python object a row: ``COPY … FROM STDIN`` on PostgreSQL, ``executemany`` on
    SQLite. Model ``save`` and signals are bypassed, so this is for derived tables only."""
    if frame.height:
        _insert(
            model,
            frame.columns,
            frame.iter_rows(),
            csv=lambda: frame.write_csv(include_header=False),
        )


def insert_rows(model: type[Model], rows: Sequence[Mapping[str, object]]) -> None:
    """Insert ``rows`` (field name -> value; a foreign key's value is the id) in ``executemany``
    calls: each value prepared by its field for the database as the ORM would, without the ORM
    compiling SQL for every value (most of a bulk import's time). For rows whose ids are not
    needed, checked beforehand; ``save`` and signals are bypassed (the importer records what it
    did itself)."""
    if not rows:
        return
    connection = connections[router.db_for_write(model)]
    fields: list[Field[Any, Any]] = []
    for name in rows[0]:
        field = model._meta.get_field(name)
        assert isinstance(field, Field)
        fields.append(field)
    prepared = (
        [field.get_db_prep_save(row[field.name], connection) for field in fields] for row in rows
    )
    _insert(model, [field.column for field in fields], prepared)


def _insert(
    model: type[Model],
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    csv: Callable[[], str] | None = None,
) -> None:
    """The one bulk insert: ``rows`` (values ready for the database, in the order of
    ``columns``) into ``model``'s table, ``BATCH`` an ``executemany``; on PostgreSQL, where
    ``csv`` gives the same rows as CSV text, one ``COPY`` of it instead."""
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    names = ", ".join(quote(column) for column in columns)
    with connection.cursor() as cursor:
        if csv is not None and connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN (FORMAT csv)") as copy:
                copy.write(csv())
            return
        marks = ", ".join(["%s"] * len(columns))
        insert = f"INSERT INTO {table} ({names}) VALUES ({marks})"  # noqa: S608 (names quoted by the backend, values bound)
        remaining = iter(rows)
        while batch := list(islice(remaining, BATCH)):
            cursor.executemany(insert, batch)


def insert_frame(model: type[Model], frame: pl.DataFrame) -> list[int]:
    """Insert ``frame``'s rows as new rows of ``model`` (as ``write_frame``), each with a new
    primary key from the table's own sequence and the model's default for any field the frame
    leaves out; returns the keys, in row order."""
    meta = model._meta
    defaults = [
        pl.lit(field.get_default()).alias(field.column)
        for field in meta.concrete_fields
        if not field.primary_key and field.column not in frame.columns
    ]
    ids = _new_ids(model, frame.height)
    write_frame(model, frame.with_columns(*defaults, pl.Series(meta.pk.column, ids)))
    return ids


def _new_ids(model: type[Model], count: int) -> list[int]:
    """``count`` primary keys no other row has or will get: a block taken from the table's
    sequence on PostgreSQL (other writers of the table wait for this transaction); on SQLite,
    which has one writer, those after the largest."""
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    table, pk = model._meta.db_table, model._meta.pk.column
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and count:
            cursor.execute(f"LOCK TABLE {quote(table)} IN EXCLUSIVE MODE")
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence(%s, %s), "
                "nextval(pg_get_serial_sequence(%s, %s)) + %s - 1)",
                [table, pk, table, pk, count],
            )
            last = int(cursor.fetchone()[0])
            return list(range(last - count + 1, last + 1))
        cursor.execute(f"SELECT COALESCE(MAX({quote(pk)}), 0) FROM {quote(table)}")  # noqa: S608 (quoted names)
        largest = int(cursor.fetchone()[0])
    return list(range(largest + 1, largest + 1 + count))


def delete_all(*models: type[Model]) -> None:
    """Empty the tables of ``models``, in the order given, one statement each, without loading a
    row: model ``delete``, signals and the audit trail are bypassed, so this is for a job that
    replaces whole tables and records what it did itself (the demo)."""
    for model in models:
        connection = connections[router.db_for_write(model)]
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")  # noqa: S608 (a table name, quoted)


def analyze(*models: type[Model]) -> None:
    """Refresh the query planner's statistics for ``models``' tables after a bulk write, so that
    it plans with the rows there are (PostgreSQL's autovacuum would, but later)."""
    for model in models:
        connection = connections[router.db_for_write(model)]
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
