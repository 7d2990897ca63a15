//! Turns tool results into replies. Every fact written here is copied from the result: ids,
//! products, amounts (the `amount` display string), statuses (underscores as spaces), tracking
//! numbers, dates (the `YYYY-MM-DD` part of the RFC 3339 value) and emails. Anything missing is
//! left out rather than filled in.

use crate::phrases::{self, Attempt, Records};
use crate::session::Call;
use cx_llm::Phrasing;
use serde_json::Value;

/// Most records listed in one reply; the kiosk screen is small.
const MAX_LISTED: usize = 5;

/// The reply to the result of `call` (any tool but `verify_customer`'s success or failure).
pub(crate) fn outcome(t: Phrasing, call: &Call, can_verify: bool) -> String {
    let Some(result) = &call.result else {
        return phrases::checked(t);
    };
    let attempt = match call.name.as_str() {
        "flag_refund" => Attempt::Refund,
        "update_user_email" => Attempt::EmailChange,
        "get_orders" | "get_tickets" | "lookup_user" => Attempt::Lookup,
        _ => Attempt::Other,
    };
    if !result.is_object() {
        return phrases::internal_error(t);
    }
    if let Some(e) = result.get("error") {
        return error(t, attempt, e, can_verify);
    }
    match call.name.as_str() {
        "get_orders" => records(
            t,
            Records::Orders,
            result,
            call.args.get("order_id").is_some(),
        ),
        "get_tickets" => records(
            t,
            Records::Tickets,
            result,
            call.args.get("ticket_id").is_some(),
        ),
        _ if result.get("orders").is_some() => records(t, Records::Orders, result, false),
        _ if result.get("tickets").is_some() => records(t, Records::Tickets, result, false),
        _ => write(t, call, result),
    }
}

fn error(t: Phrasing, attempt: Attempt, e: &Value, can_verify: bool) -> String {
    let code = e.get("code").and_then(Value::as_str).unwrap_or("internal");
    let message = e.get("message").and_then(Value::as_str).unwrap_or("");
    match code {
        "refused" | "not_found" | "invalid_arguments" => phrases::failed_with(t, attempt, message),
        "denied" => phrases::denied(t),
        "not_verified" if can_verify => phrases::ask_verification(t),
        "not_verified" => phrases::cannot_verify(t),
        _ => phrases::internal_error(t),
    }
}

fn records(t: Phrasing, what: Records, result: &Value, specific: bool) -> String {
    let key = match what {
        Records::Orders => "orders",
        Records::Tickets => "tickets",
    };
    let list: &[Value] = result
        .get(key)
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice);
    if result.get("found").and_then(Value::as_bool) == Some(false) || list.is_empty() {
        return phrases::none_found(t, what, specific);
    }
    let lines: Vec<String> = list
        .iter()
        .take(MAX_LISTED)
        .filter_map(|r| match what {
            Records::Orders => order_line(r),
            Records::Tickets => ticket_line(r),
        })
        .collect();
    if lines.is_empty() {
        return phrases::checked(t);
    }
    let count = result.get("count").and_then(Value::as_u64).unwrap_or(0);
    let cut = list.len() > lines.len() || count > list.len() as u64;
    let mut text = format!(
        "{}\n{}",
        phrases::found_header(t, what, lines.len() == 1),
        lines.join("\n")
    );
    if cut {
        text.push('\n');
        text.push_str(phrases::more_records(t, what));
    }
    text.push('\n');
    text.push_str(phrases::anything_else(t));
    text
}

fn order_line(o: &Value) -> Option<String> {
    let mut line = format!("- Order #{}", id(o.get("id")?)?);
    let product = text(o, "product");
    let amount = text(o, "amount");
    match (product, amount) {
        (Some(p), Some(a)) => line.push_str(&format!(": {p}, {a}.")),
        (Some(x), None) | (None, Some(x)) => line.push_str(&format!(": {x}.")),
        (None, None) => line.push('.'),
    }
    if let Some(s) = text(o, "status") {
        line.push_str(&format!(" Status: {}.", status(s)));
    }
    if let Some(n) = text(o, "tracking_number") {
        line.push_str(&format!(" Tracking number: {n}."));
    }
    if let Some(d) = text(o, "created_at").and_then(date) {
        line.push_str(&format!(" Placed on {d}."));
    }
    Some(line)
}

fn ticket_line(r: &Value) -> Option<String> {
    let mut line = format!("- Ticket #{}", id(r.get("id")?)?);
    match text(r, "subject") {
        Some(s) => line.push_str(&format!(": {}.", s.trim_end_matches('.'))),
        None => line.push('.'),
    }
    if let Some(s) = text(r, "status") {
        line.push_str(&format!(" Status: {}.", status(s)));
    }
    if let Some(p) = text(r, "priority") {
        line.push_str(&format!(" Priority: {}.", status(p)));
    }
    Some(line)
}

/// Results of writes: waiting for confirmation, applied, or not.
fn write(t: Phrasing, call: &Call, result: &Value) -> String {
    if let Some(p) = result.get("pending_action").filter(|p| p.is_object()) {
        let tool = p
            .get("tool")
            .and_then(Value::as_str)
            .unwrap_or(call.name.as_str());
        let args = p.get("arguments").unwrap_or(&Value::Null);
        return match tool {
            "flag_refund" => {
                let order = args.get("order_id").and_then(id).map(|i| format!("#{i}"));
                phrases::confirm_refund(t, order.as_deref())
            }
            "update_user_email" => {
                phrases::confirm_email(t, args.get("new_email").and_then(Value::as_str))
            }
            _ => phrases::confirm_generic(t),
        };
    }
    match result.get("applied").and_then(Value::as_bool) {
        Some(true) => applied(t, result),
        Some(false) => phrases::not_applied(t),
        None => phrases::checked(t),
    }
}

fn applied(t: Phrasing, result: &Value) -> String {
    let record = |key: &str, label: &str| {
        let r = result.get(key)?;
        let s = text(r, "status")?;
        Some(phrases::applied_status(
            t,
            &format!("{label} #{}", id(r.get("id")?)?),
            &status(s),
        ))
    };
    record("order", "Order")
        .or_else(|| record("ticket", "Ticket"))
        .or_else(|| {
            let email = result.get("customer").and_then(|c| text(c, "email"))?;
            Some(phrases::applied_email(t, email))
        })
        .unwrap_or_else(|| phrases::applied_generic(t))
}

/// A non-empty string field.
fn text<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

/// An id as the result wrote it.
fn id(v: &Value) -> Option<String> {
    match v {
        Value::Number(n) => n.as_i64().map(|i| i.to_string()),
        Value::String(s) if !s.is_empty() && s.chars().all(|c| c.is_ascii_digit()) => {
            Some(s.clone())
        }
        _ => None,
    }
}

/// `refund_requested` → `refund requested`.
fn status(s: &str) -> String {
    s.replace('_', " ")
}

/// The `YYYY-MM-DD` part of an RFC 3339 time.
fn date(s: &str) -> Option<&str> {
    let d = s.get(..10)?;
    let b = d.as_bytes();
    let shape = b.iter().enumerate().all(|(i, c)| {
        if i == 4 || i == 7 {
            *c == b'-'
        } else {
            c.is_ascii_digit()
        }
    });
    shape.then_some(d)
}
