//! The sentiment of customer messages: the lexicon scorer (`cx_text::sentiment`, pure) and what
//! the core stores of it.

pub use cx_text::sentiment::{Sentiment, SentimentLabel, analyze};

/// A stored message's sentiment score (-1 … 1), when it was judged.
pub fn score_of(m: &crate::db::entity::message::Model) -> Option<f64> {
    m.sentiment.as_ref().and_then(|s| s["score"].as_f64())
}
