//! Full-text pieces both PostgreSQL search modules share: the text-search configuration, the
//! accent-folding function the indexes are built with, and search words turned into a tsquery.
//! Like FTS5's `porter unicode61 remove_diacritics 2` on SQLite: case and accents folded,
//! punctuation splits words, English stems.

/// The text-search configuration (English stems).
pub const CONFIG: &str = "english";

/// DDL of migration m0009 shared by both indexes: `unaccent` (a trusted extension since
/// PostgreSQL 13, shipped in Debian's `postgresql` package) and an IMMUTABLE wrapper, which a
/// generated column or an index expression needs. Do not edit in place.
pub const CREATE_UNACCENT: &[&str] = &[
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "CREATE OR REPLACE FUNCTION cx_unaccent(text) RETURNS text
        LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
        AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$",
];

pub const DROP_UNACCENT: &[&str] = &["DROP FUNCTION IF EXISTS cx_unaccent(text)"];

/// `to_tsvector` of an SQL expression, as the indexes store it. Punctuation becomes a space
/// first: PostgreSQL's parser would keep `bob@example.com` or `usb-c` as one token, where FTS5
/// (and [`word_query`]) see the words in it.
pub fn vector_of(sql: &str) -> String {
    format!(
        "to_tsvector('{CONFIG}', regexp_replace(cx_unaccent(coalesce({sql}, '')), \
         '[[:punct:]]+', ' ', 'g'))"
    )
}

/// A tsquery (the text for `to_tsquery`) for one search word, taken literally: its letters and
/// digits only, pieces of a punctuated word (`bob@example.com`) one after another, the last piece
/// a prefix when `prefix`. None when nothing is left.
pub fn word_query(word: &str, prefix: bool) -> Option<String> {
    let pieces: Vec<String> = word
        .split(|c: char| !c.is_alphanumeric())
        .filter(|p| !p.is_empty())
        .map(|p| format!("'{}'", p.to_lowercase()))
        .collect();
    if pieces.is_empty() {
        return None;
    }
    let mut q = pieces.join(" <-> ");
    if prefix {
        q.push_str(":*");
    }
    Some(format!("({q})"))
}

/// SQL for a tsquery from the bound text parameter `$1`, accents folded like the index (in
/// `Expr::cust_with_values`, sea-query numbers `$1` as the expression's first value).
pub fn query_sql() -> String {
    format!("to_tsquery('{CONFIG}', cx_unaccent($1))")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Only letters and digits reach the query text: nothing typed is an operator or a quote.
    #[test]
    fn words_become_literal_lexemes() {
        assert_eq!(word_query("Refund", false).as_deref(), Some("('refund')"));
        assert_eq!(word_query("ord", true).as_deref(), Some("('ord':*)"));
        assert_eq!(
            word_query("bob@example.com", false).as_deref(),
            Some("('bob' <-> 'example' <-> 'com')")
        );
        assert_eq!(
            word_query("it's')|!(x", false).as_deref(),
            Some("('it' <-> 's' <-> 'x')")
        );
        assert_eq!(word_query("--*", true), None);
        assert_eq!(word_query("Café", false).as_deref(), Some("('café')"));
    }
}
