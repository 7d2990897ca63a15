//! Sentiment of each customer message: the offline lexicon, or the language model's judgement
//! when configured (falling back to the lexicon when the model is the offline assistant, fails,
//! or answers something unreadable). Sustained negative sentiment escalates.

use super::Engine;
use crate::config::SentimentSource;
use crate::db::entity::{MessageRole, message};
use crate::sentiment::{self, Sentiment, SentimentLabel};
use cx_llm::{ChatMessage, ChatRequest};
use serde_json::{Value, json};

const JUDGE_PROMPT: &str = "You rate the sentiment of one customer-support message. Answer with \
    JSON only: {\"label\": \"negative\"|\"neutral\"|\"positive\", \"score\": number from -1 to 1, \
    \"confidence\": number from 0 to 1}. Sarcasm counts as negative.";

/// The lexicon's judgement: instant and offline, so the message can be stored with it at once.
pub(super) fn by_lexicon(text: &str) -> Value {
    as_json(&sentiment::analyze(text), "lexicon")
}

/// The model's judgement when `negative_sentiment.source: model` (None: not configured, the
/// offline assistant, or the model failed — the lexicon's stands). Called only after the message
/// is stored: a model call may hang or crash, and the customer's words must survive it.
pub(super) async fn by_model(engine: &Engine, text: &str) -> Option<Value> {
    if engine.core.config.escalation.negative_sentiment.source != SentimentSource::Model {
        return None;
    }
    let model = engine.model();
    if model.name() == "offline" {
        return None;
    }
    let req = ChatRequest {
        messages: vec![ChatMessage::system(JUDGE_PROMPT), ChatMessage::user(text)],
        ..ChatRequest::default()
    };
    match model.complete(&req).await {
        Ok(r) => r.content.as_deref().and_then(parse_judgement),
        Err(e) => {
            tracing::warn!(error = %e, "sentiment by model failed; using the lexicon");
            None
        }
    }
}

fn as_json(s: &Sentiment, source: &str) -> Value {
    json!({ "label": s.label, "score": round(s.score), "confidence": round(s.confidence), "source": source })
}

fn round(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// The model's JSON (possibly wrapped in prose or a code fence), validated and clamped.
fn parse_judgement(text: &str) -> Option<Value> {
    let start = text.find('{')?;
    let end = text.rfind('}')?;
    let v: Value = serde_json::from_str(text.get(start..=end)?).ok()?;
    let score = v["score"].as_f64()?.clamp(-1.0, 1.0);
    let label: SentimentLabel = serde_json::from_value(v["label"].clone()).ok()?;
    let confidence = v["confidence"].as_f64().unwrap_or(0.5).clamp(0.0, 1.0);
    Some(
        json!({ "label": label, "score": round(score), "confidence": round(confidence), "source": "model" }),
    )
}

/// The last `n` customer messages' scores, oldest first, when all `n` are below `threshold`.
pub(super) fn sustained_negative(
    history: &[message::Model],
    n: u32,
    threshold: f64,
) -> Option<Vec<(String, f64)>> {
    let recent: Vec<(String, f64)> = history
        .iter()
        .rev()
        .filter(|m| m.role == MessageRole::Customer)
        .take(n as usize)
        .map(|m| (m.content.clone(), sentiment::score_of(m).unwrap_or(0.0)))
        .collect();
    (recent.len() == n as usize && recent.iter().all(|(_, s)| *s < threshold))
        .then(|| recent.into_iter().rev().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_model_judgements_and_rejects_nonsense() {
        let v = parse_judgement(
            "```json\n{\"label\": \"negative\", \"score\": -1.7, \"confidence\": 0.9}\n```",
        )
        .unwrap();
        assert_eq!(v["label"], "negative");
        assert_eq!(v["score"], -1.0, "clamped");
        assert_eq!(v["source"], "model");
        assert!(parse_judgement("I think the customer is upset").is_none());
        assert!(parse_judgement("{\"label\": \"furious\", \"score\": -0.9}").is_none());
    }
}
