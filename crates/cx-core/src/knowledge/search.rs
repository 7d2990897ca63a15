//! `search` and the assistant's tool result. Dialect-neutral: the ranked query itself comes from
//! the backend module (`fts_sqlite` for now).

use super::fts_sqlite;
use super::model::Passage;
use super::query;
use crate::error::{CoreError, Result};
use sea_orm::{DatabaseConnection, DbBackend};
use serde_json::{Value, json};

/// Passages a search returns when the caller has no preference (the assistant's tool).
pub const DEFAULT_LIMIT: u64 = 3;
/// Most passages one search may return.
pub const MAX_LIMIT: u64 = 20;

/// The `limit` passages best matching `question`, best first. The question is free text, searched
/// literally (no operators); an empty one, or one with nothing specific to look for, is
/// `InvalidInput` with a message that can be shown as is.
pub async fn search(db: &DatabaseConnection, question: &str, limit: u64) -> Result<Vec<Passage>> {
    if limit == 0 || limit > MAX_LIMIT {
        return Err(CoreError::invalid(format!(
            "limit must be between 1 and {MAX_LIMIT}, not {limit}"
        )));
    }
    let terms = query::parse(question)?;
    // A few more than asked, so the polarity rule below can reorder across the cut.
    let fetch = (limit * 2).min(MAX_LIMIT);
    let hits = match db.get_database_backend() {
        DbBackend::Sqlite => fts_sqlite::search(db, &terms, fetch).await?,
        DbBackend::Postgres => super::fts_pg::search(db, &terms, fetch).await?,
        other => {
            return Err(CoreError::Internal(format!(
                "knowledge search is not available on {other:?} yet"
            )));
        }
    };
    let mut passages: Vec<Passage> = hits
        .into_iter()
        .map(|h| Passage {
            document_id: h.document_id,
            path: h.path,
            title: h.title,
            heading: h.heading,
            text: h.text,
            // bm25 is "lower is better" and negative; flip it so a higher score is better.
            score: -h.rank,
        })
        .collect();
    by_polarity(question, &mut passages);
    passages.truncate(limit as usize);
    Ok(passages)
}

/// Word counting cannot tell "What the warranty covers" from "What the warranty does not
/// cover": a section whose heading says what something is *not* answers a question that does
/// not ask that only when nothing else matches about as well (its score counts for less).
fn by_polarity(question: &str, passages: &mut [Passage]) {
    const NEGATED_SCORE: f64 = 0.8;
    if negates(question) {
        return;
    }
    for p in passages.iter_mut().filter(|p| negates(&p.heading)) {
        p.score *= NEGATED_SCORE;
    }
    passages.sort_by(|a, b| b.score.total_cmp(&a.score));
}

fn negates(text: &str) -> bool {
    const WORDS: &[&str] = &[
        "not",
        "no",
        "never",
        "cannot",
        "without",
        "except",
        "excluded",
        "exclusions",
    ];
    text.to_lowercase()
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .any(|w| WORDS.contains(&w) || w.ends_with("n't"))
}

/// The `knowledge_search` tool's result, in the shape of the other tools (docs/tools.md):
/// `{"found": true, "count": 2, "passages": [{"document", "heading", "text", "source"}]}`, or
/// `{"found": false, "count": 0, "passages": [], "message": …}` so that an empty search is seen as
/// a data gap rather than an invitation to answer from memory.
pub fn tool_result(passages: &[Passage]) -> Value {
    let items: Vec<Value> = passages
        .iter()
        .map(|p| {
            json!({
                "document": p.title,
                "heading": p.heading,
                "text": p.text,
                "source": p.source(),
            })
        })
        .collect();
    if items.is_empty() {
        json!({
            "found": false,
            "count": 0,
            "passages": [],
            "message": "No knowledge-base passage matches this question.",
        })
    } else {
        json!({"found": true, "count": items.len(), "passages": items})
    }
}

#[cfg(test)]
mod polarity {
    use super::*;

    fn passage(heading: &str, score: f64) -> Passage {
        Passage {
            document_id: 1,
            path: "warranty.md".into(),
            title: "Warranty".into(),
            heading: heading.into(),
            text: String::new(),
            score,
        }
    }

    fn order(question: &str) -> Vec<String> {
        let mut p = vec![
            passage("What the warranty does not cover", 6.43),
            passage("What the warranty covers", 6.27),
            passage("Extended protection", 5.25),
        ];
        by_polarity(question, &mut p);
        p.into_iter().map(|p| p.heading).collect()
    }

    #[test]
    fn a_negated_heading_answers_only_a_negated_question_first() {
        assert_eq!(
            order("what does the warranty cover?")[0],
            "What the warranty covers"
        );
        assert_eq!(
            order("what isn't covered by the warranty?")[0],
            "What the warranty does not cover"
        );
        assert_eq!(
            order("what does the warranty not cover")[0],
            "What the warranty does not cover"
        );
        // Far apart, the better match still wins.
        let mut p = vec![
            passage("Returns we do not accept", 9.0),
            passage("Returns", 2.0),
        ];
        by_polarity("returns of opened items", &mut p);
        assert_eq!(p[0].heading, "Returns we do not accept");
    }
}
