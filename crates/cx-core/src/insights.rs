//! When a session closes: its insights (sentiment at start and end, resolution, tools, topics),
//! then the customer's aggregate profile, recomputed from all their closed sessions and orders.
//! The profile feeds the system prompt and the default tone, and the workspace's customer panel.

use crate::db::entity::{
    MessageRole, OrderStatus, customer_profile, message, order, session, session_insight,
};
use crate::error::Result;
use crate::sessions;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, Set,
};
use serde::Serialize;
use serde_json::{Value, json};
use std::collections::BTreeMap;

/// Loyalty tiers by lifetime spend (refunds excluded), in cents.
pub const TIERS: &[(i64, &str)] = &[
    (300_000, "platinum"),
    (100_000, "gold"),
    (20_000, "silver"),
    (0, "bronze"),
];

pub fn tier(total_cents: i64) -> &'static str {
    TIERS
        .iter()
        .find(|(min, _)| total_cents >= *min)
        .map(|(_, t)| *t)
        .unwrap_or("bronze")
}

/// resolved | unresolved | escalated. Resolved: no escalation, the assistant or an agent answered
/// the last customer message, and the customer did not leave unhappy.
pub fn resolution(s: &session::Model, msgs: &[message::Model]) -> &'static str {
    if s.escalation_reason.is_some() {
        return "escalated";
    }
    let last_customer = msgs.iter().rposition(|m| m.role == MessageRole::Customer);
    let answered = match last_customer {
        Some(i) => msgs[i + 1..]
            .iter()
            .any(|m| matches!(m.role, MessageRole::Assistant | MessageRole::Agent)),
        None => false,
    };
    let end = msgs
        .iter()
        .rev()
        .find(|m| m.role == MessageRole::Customer)
        .and_then(crate::sentiment::score_of);
    if answered && end.is_none_or(|e| e > -0.3) {
        "resolved"
    } else {
        "unresolved"
    }
}

/// Compute and store the insights of a closed session, then refresh its customer's profile.
pub async fn on_close(db: &DatabaseConnection, session_id: i64) -> Result<session_insight::Model> {
    let s = sessions::get(db, session_id).await?;
    let msgs = sessions::messages(db, session_id).await?;
    let scores: Vec<f64> = msgs
        .iter()
        .filter(|m| m.role == MessageRole::Customer)
        .filter_map(crate::sentiment::score_of)
        .collect();
    let (start, end) = (scores.first().copied(), scores.last().copied());
    let mut tools: Vec<String> = msgs.iter().filter_map(|m| m.tool_name.clone()).collect();
    tools.sort();
    tools.dedup();
    let mut topics: BTreeMap<String, u32> = BTreeMap::new();
    for m in msgs.iter().filter(|m| m.role == MessageRole::Customer) {
        let intent = cx_text::intent::classify(&m.content);
        if intent.needs_data() || matches!(intent, cx_text::intent::Intent::HumanRequest) {
            *topics.entry(intent.to_string()).or_default() += 1;
        }
    }
    let row = session_insight::ActiveModel {
        session_id: Set(s.id),
        customer_id: Set(s.customer_id),
        sentiment_start: Set(start),
        sentiment_end: Set(end),
        sentiment_drift: Set(start
            .zip(end)
            .map(|(a, b)| ((b - a) * 1000.0).round() / 1000.0)),
        resolution: Set(resolution(&s, &msgs).to_owned()),
        tools_used: Set(json!(tools)),
        topics: Set(json!(topics)),
        escalation_reason: Set(s.escalation_reason.map(|r| r.to_string())),
        message_count: Set(msgs.len() as i32),
        tone: Set(s.tone.clone()),
        created_at: Set(s.closed_at.unwrap_or_else(chrono::Utc::now)),
    };
    session_insight::Entity::delete_by_id(s.id).exec(db).await?;
    let saved = row.insert(db).await?;
    if let Some(c) = s.customer_id {
        refresh_profile(db, c).await?;
    }
    Ok(saved)
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RiskFlag {
    pub flag: String,
    pub reason: String,
}

/// Recompute a customer's profile from their closed sessions' insights and their orders.
pub async fn refresh_profile<C: ConnectionTrait>(
    db: &C,
    customer_id: i64,
) -> Result<customer_profile::Model> {
    let insights = session_insight::Entity::find()
        .filter(session_insight::Column::CustomerId.eq(customer_id))
        .order_by_asc(session_insight::Column::CreatedAt)
        .all(db)
        .await?;
    let orders = order::Entity::find()
        .filter(order::Column::CustomerId.eq(customer_id))
        .all(db)
        .await?;
    let total: i64 = orders
        .iter()
        .filter(|o| o.status != OrderStatus::Refunded)
        .map(|o| o.amount_cents)
        .sum();
    let n = insights.len();
    let escalations = insights
        .iter()
        .filter(|i| i.resolution == "escalated")
        .count();
    let resolved = insights
        .iter()
        .filter(|i| i.resolution == "resolved")
        .count();
    let rate = |k: usize| {
        if n == 0 {
            0.0
        } else {
            ((k as f64 / n as f64) * 1000.0).round() / 1000.0
        }
    };
    // Recency-weighted: each older session counts 0.7 times the one after it.
    let (mut num, mut den, mut w) = (0.0, 0.0, 1.0);
    for i in insights.iter().rev() {
        if let Some(s) = i.sentiment_end.or(i.sentiment_start) {
            num += w * s;
            den += w;
        }
        w *= 0.7;
    }
    let sentiment = (den > 0.0).then(|| ((num / den) * 1000.0).round() / 1000.0);
    let mut topics: BTreeMap<String, u64> = BTreeMap::new();
    for i in &insights {
        if let Some(map) = i.topics.as_object() {
            for (k, v) in map {
                *topics.entry(k.clone()).or_default() += v.as_u64().unwrap_or(0);
            }
        }
    }
    let mut top: Vec<(String, u64)> = topics.into_iter().collect();
    top.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let top: Vec<String> = top.into_iter().take(3).map(|(k, _)| k).collect();
    let flags = risk_flags(&insights, sentiment, tier(total));
    // The tone of their happiest resolved sessions.
    let preferred_tone = insights
        .iter()
        .filter(|i| i.resolution == "resolved" && i.sentiment_end.is_some_and(|s| s >= 0.0))
        .fold(BTreeMap::<&str, u32>::new(), |mut m, i| {
            *m.entry(i.tone.as_str()).or_default() += 1;
            m
        })
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0)))
        .map(|(t, _)| t.to_owned());
    let row = customer_profile::ActiveModel {
        customer_id: Set(customer_id),
        sessions: Set(n as i32),
        escalations: Set(escalations as i32),
        escalation_rate: Set(rate(escalations)),
        resolution_rate: Set(rate(resolved)),
        sentiment: Set(sentiment),
        top_topics: Set(json!(top)),
        total_spent_cents: Set(total),
        loyalty_tier: Set(tier(total).to_owned()),
        risk_flags: Set(serde_json::to_value(&flags).unwrap_or(Value::Null)),
        preferred_tone: Set(preferred_tone),
        updated_at: Set(chrono::Utc::now()),
    };
    customer_profile::Entity::delete_by_id(customer_id)
        .exec(db)
        .await?;
    Ok(row.insert(db).await?)
}

fn risk_flags(
    insights: &[session_insight::Model],
    sentiment: Option<f64>,
    tier: &str,
) -> Vec<RiskFlag> {
    let mut flags = vec![];
    let recent: Vec<&session_insight::Model> = insights.iter().rev().take(5).collect();
    let esc = recent
        .iter()
        .filter(|i| i.resolution == "escalated")
        .count();
    if esc >= 2 {
        flags.push(RiskFlag {
            flag: "repeated_escalations".into(),
            reason: format!("{esc} of the last {} sessions were escalated", recent.len()),
        });
    }
    let ends: Vec<f64> = insights
        .iter()
        .rev()
        .take(3)
        .filter_map(|i| i.sentiment_end)
        .collect();
    if ends.len() == 3 && ends[0] < ends[1] && ends[1] < ends[2] && ends[0] < -0.2 {
        flags.push(RiskFlag {
            flag: "falling_sentiment".into(),
            reason: format!(
                "sentiment fell over the last three sessions to {:.2}",
                ends[0]
            ),
        });
    }
    let streak = insights
        .iter()
        .rev()
        .take_while(|i| i.resolution != "resolved")
        .count();
    if streak >= 2 {
        flags.push(RiskFlag {
            flag: "unresolved_streak".into(),
            reason: format!("the last {streak} sessions ended without a resolution"),
        });
    }
    if matches!(tier, "gold" | "platinum") && sentiment.is_some_and(|s| s < -0.2) {
        flags.push(RiskFlag {
            flag: "valuable_customer_unhappy".into(),
            reason: format!("{tier} customer with negative recent sentiment"),
        });
    }
    flags
}

/// The profile, if the customer has one.
pub async fn profile(
    db: &DatabaseConnection,
    customer_id: i64,
) -> Result<Option<customer_profile::Model>> {
    Ok(crate::db::by_key(customer_profile::Entity::find_by_id(customer_id), db).await?)
}

/// The system prompt's line about the customer — how to speak, never figures to recite.
pub fn prompt_line(p: &customer_profile::Model) -> String {
    let mut parts = vec![format!("loyalty tier {}", p.loyalty_tier)];
    if p.sessions > 0 {
        parts.push(format!("{} earlier session(s)", p.sessions));
    }
    if let Some(s) = p.sentiment {
        let mood = if s < -0.2 {
            "has been unhappy recently"
        } else if s > 0.2 {
            "has been happy recently"
        } else {
            "neutral recently"
        };
        parts.push(mood.into());
    }
    if let Some(flags) = p.risk_flags.as_array().filter(|f| !f.is_empty()) {
        let names: Vec<&str> = flags.iter().filter_map(|f| f["flag"].as_str()).collect();
        parts.push(format!("risk: {}", names.join(", ")));
    }
    format!(
        "Customer profile (to adapt your tone; do not recite these figures): {}.",
        parts.join("; ")
    )
}
