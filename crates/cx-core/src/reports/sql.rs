//! The few SQL pieces that differ between SQLite and PostgreSQL (times and JSON), and small
//! helpers for reading aggregate rows. Everything else in `reports` is plain sea-query.

use crate::error::{CoreError, Result};
use sea_orm::sea_query::{Alias, Expr, Func, FunctionCall};
use sea_orm::{DbBackend, QueryResult};

/// A timestamp as whole milliseconds since the epoch: durations and the reopen window are
/// differences of these. SQLite keeps timestamps as RFC 3339 text, which `julianday` reads to the
/// millisecond on any version (`unixepoch(…, 'subsec')` needs 3.42); PostgreSQL has
/// `timestamptz`, whose `EXTRACT(EPOCH …)` is numeric.
pub(super) fn epoch_ms(backend: DbBackend, at: Expr) -> Expr {
    match backend {
        DbBackend::Postgres => cust1(
            backend,
            "CAST(FLOOR(EXTRACT(EPOCH FROM $1) * 1000) AS BIGINT)",
            at,
        ),
        _ => cust1(
            backend,
            "CAST(ROUND((julianday($1) - 2440587.5) * 86400000) AS INTEGER)",
            at,
        ),
    }
}

/// `at` plus `hours`, comparable with the stored timestamps (so an index range can end there).
/// SQLite: the same RFC 3339 UTC text the app stores, with milliseconds (a stored time without a
/// fraction, or with the same milliseconds, compares as the instant it is); PostgreSQL: an
/// interval.
pub(super) fn plus_hours(backend: DbBackend, at: Expr, hours: i64) -> Expr {
    match backend {
        DbBackend::Postgres => cust1(backend, &format!("($1 + INTERVAL '{hours} hours')"), at),
        _ => cust1(
            backend,
            &format!("strftime('%Y-%m-%dT%H:%M:%f+00:00', $1, '+{hours} hours')"),
            at,
        ),
    }
}

/// A custom SQL template with one expression, written `$1`: sea-query numbers placeholders on
/// PostgreSQL and takes them in order (`?`) on SQLite.
fn cust1(backend: DbBackend, template: &str, e: Expr) -> Expr {
    match backend {
        DbBackend::Postgres => Expr::cust_with_expr(template.to_owned(), e),
        _ => Expr::cust_with_expr(template.replace("$1", "?"), e),
    }
}

/// The UTC date of a timestamp as `YYYY-MM-DD` text, the same type on both backends.
pub(super) fn utc_day(backend: DbBackend, at: Expr) -> Expr {
    match backend {
        DbBackend::Postgres => cust1(backend, "to_char($1 AT TIME ZONE 'UTC', 'YYYY-MM-DD')", at),
        _ => cust1(backend, "date($1)", at),
    }
}

/// The elements of a JSON array, as a table with a `value` column (JSON). Both backends take the
/// array out of the object with `->`; SQLite's `json_each` walks it, PostgreSQL's
/// `json_array_elements` does and fails on a non-array (hence the guard).
pub(super) fn json_array_elements(backend: DbBackend, array: Expr) -> FunctionCall {
    match backend {
        DbBackend::Postgres => Func::cust("json_array_elements").arg(Expr::cust_with_exprs(
            "CASE WHEN json_typeof($1) = 'array' THEN $2 END",
            [array.clone(), array],
        )),
        _ => Func::cust("json_each").arg(array),
    }
}

/// The keys of a JSON object, as a table with a `key` column: `json_each` on both backends.
pub(super) fn json_object_keys(object: Expr) -> FunctionCall {
    Func::cust("json_each").arg(object)
}

/// `json -> 'field'` (a JSON value) and `json ->> 'field'` (text): the same operators on both
/// backends (SQLite reads a bare label as `$.label`). The field names are constants of the code.
pub(super) fn json_get(backend: DbBackend, json: Expr, field: &'static str) -> Expr {
    cust1(backend, &format!("($1 -> '{field}')"), json)
}

pub(super) fn json_text(backend: DbBackend, json: Expr, field: &'static str) -> Expr {
    cust1(backend, &format!("($1 ->> '{field}')"), json)
}

/// `COUNT(*)`.
pub(super) fn count_all() -> Expr {
    Expr::cust("COUNT(*)")
}

/// `SUM(CASE WHEN cond THEN 1 ELSE 0 END)`: how many rows pass `cond` (NULL over no rows).
pub(super) fn count_if(cond: Expr) -> Expr {
    Func::sum(Expr::case(cond, Expr::cust("1")).finally(Expr::cust("0"))).into()
}

/// A 0/1 column for `cond`: derived columns compare the same way on both backends.
pub(super) fn flag(cond: Expr) -> Expr {
    Expr::case(cond, Expr::cust("1"))
        .finally(Expr::cust("0"))
        .into()
}

/// A column of a derived table or alias.
pub(super) fn col(table: &str, column: &str) -> Expr {
    Expr::col((Alias::new(table), Alias::new(column)))
}

/// A count read from a row (SQL counts and sums are signed; NULL over no rows is zero).
pub(super) fn count(row: &QueryResult, column: &str) -> Result<u64> {
    let n: Option<i64> = row.try_get("", column)?;
    Ok(u64::try_from(n.unwrap_or(0)).unwrap_or(0))
}

/// A text column holding one of the app's snake_case enums.
pub(super) fn parse<T: serde::de::DeserializeOwned>(text: &str, what: &str) -> Result<T> {
    serde_json::from_value(serde_json::Value::String(text.to_owned()))
        .map_err(|_| CoreError::Internal(format!("unexpected {what} '{text}' in a report query")))
}

/// `a / b` as a rate, None when there is nothing to divide.
pub(super) fn rate(a: u64, b: u64) -> Option<f64> {
    (b > 0).then(|| a as f64 / b as f64)
}
