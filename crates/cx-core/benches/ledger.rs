//! The claim ledger's cost per answer: a ~1 KB answer with many claims (ids, money, dates,
//! statuses, tracking, counts, policy figures, an action) against the facts of 20 tool results
//! (order and ticket lookups, knowledge searches, a pending write, an error, an empty lookup).
//! `ledger/build` is `Ledger::build` alone; `ledger/facts_and_build` also learns the facts from the
//! 20 results, as a turn does. Besides criterion's figures, prints p50/p99 of `Ledger::build` over
//! 5000 timed runs. Goal: p99 under 1 ms.

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use cx_core::escalation::grounding::{Facts, Ledger, Write};
use serde_json::{Value, json};

const ANSWER: &str = "Hi Alice! Here's where everything stands:

- **Order #1042** (Wireless mouse, $79.99) shipped on October 3, 2026 — tracking number 1Z84A0E60312345678.
- **Order #1043** (Laptop stand, $1,234.50) was delivered on September 25.
- **Order #1044** (USB-C cable, $29.99): a refund has been requested and is being processed.
- **Order #1045** (Noise-cancelling headphones, USD 500.00) is still pending.

You have 12 orders and one open ticket: ticket #5007 about the mouse is open, and ticket 5010 is in progress with Dana. Once we approve a refund, it reaches your original payment method within 5–7 business days, and a prepaid return label costs $15. The return window is 30 days from delivery. Express shipping takes 1–2 business days and costs $14.99 if you need the next order sooner. Your email is alice@example.com, your phone number ends in 1234, and you've been with us since March 14, 2025.

I've prepared a refund request for order 1043 — tap **Yes** to confirm it.";

fn order(id: i64, product: &str, cents: i64, status: &str, day: u32) -> Value {
    let tracking = matches!(status, "shipped" | "delivered").then(|| format!("1Z84A0E6031234{id}"));
    json!({"id": id, "customer_id": 3, "product": product, "amount_cents": cents,
        "amount": format!("${}.{:02}", cents / 100, cents % 100), "status": status,
        "tracking_number": tracking,
        "created_at": format!("2026-09-{day:02}T10:00:00Z"),
        "updated_at": format!("2026-09-{:02}T16:30:00Z", day + 2)})
}

fn ticket(id: i64, subject: &str, status: &str, day: u32) -> Value {
    json!({"id": id, "customer_id": 3, "subject": subject, "description": "As the customer wrote it.",
        "status": status, "priority": "low", "assignee": "dana",
        "created_at": format!("2026-09-{day:02}T09:00:00Z"),
        "updated_at": format!("2026-09-{day:02}T11:00:00Z")})
}

fn passage(document: &str, heading: &str, text: &str) -> Value {
    json!({"document": document, "heading": heading, "text": text,
        "source": format!("{document} › {heading}")})
}

/// 20 tool calls of one session, in the shapes of docs/tools.md.
fn results() -> Vec<(String, &'static str, Value)> {
    let mut orders = vec![
        json!({"id": 1042, "customer_id": 3, "product": "Wireless mouse", "amount_cents": 7999,
            "amount": "$79.99", "status": "shipped", "tracking_number": "1Z84A0E60312345678",
            "created_at": "2026-10-02T14:11:00Z", "updated_at": "2026-10-03T08:00:00Z"}),
        json!({"id": 1043, "customer_id": 3, "product": "Laptop stand", "amount_cents": 123450,
            "amount": "$1,234.50", "status": "delivered", "tracking_number": null,
            "created_at": "2026-09-20T10:00:00Z", "updated_at": "2026-09-25T16:30:00Z"}),
        json!({"id": 1044, "customer_id": 3, "product": "USB-C cable", "amount_cents": 2999,
            "amount": "$29.99", "status": "refund_requested", "tracking_number": null,
            "created_at": "2026-08-01T12:00:00Z", "updated_at": "2026-08-05T12:00:00Z"}),
        json!({"id": 1045, "customer_id": 3, "product": "Noise-cancelling headphones",
            "amount_cents": 50000, "amount": "$500.00", "status": "pending",
            "tracking_number": null, "created_at": "2026-10-05T09:12:00Z",
            "updated_at": "2026-10-05T09:12:00Z"}),
    ];
    let products = [
        "Keyboard",
        "Monitor arm",
        "Webcam",
        "Dock",
        "Charger",
        "Mouse pad",
        "Hub",
        "Cable",
    ];
    let statuses = ["delivered", "refunded", "delivered", "shipped"];
    for (i, product) in products.iter().enumerate() {
        let id = 1030 + i as i64;
        orders.push(order(
            id,
            product,
            1999 + 1000 * i as i64,
            statuses[i % 4],
            1 + i as u32,
        ));
    }
    let tickets = vec![
        json!({"id": 5007, "customer_id": 3, "subject": "Mouse double-clicks",
            "description": "The new mouse double-clicks.", "status": "open", "priority": "high",
            "assignee": null, "created_at": "2026-10-04T09:30:00Z",
            "updated_at": "2026-10-04T09:30:00Z"}),
        json!({"id": 5010, "customer_id": 3, "subject": "Invoice copy", "description": "PDF please.",
            "status": "in_progress", "priority": "low", "assignee": "dana",
            "created_at": "2026-09-01T09:00:00Z", "updated_at": "2026-09-02T09:00:00Z"}),
        ticket(5001, "Late delivery", "resolved", 3),
        ticket(5003, "Wrong colour", "resolved", 8),
        ticket(5004, "Warranty question", "resolved", 12),
        ticket(5005, "Address change", "resolved", 15),
    ];
    let one = |o: &Value| json!({"found": true, "count": 1, "orders": [o]});
    let mut out: Vec<(String, &'static str, Value)> = vec![
        (
            "verify".into(),
            "verify_customer",
            json!({"verified": true, "customer": {"id": 3, "name": "Alice Martin"}}),
        ),
        (
            "lookup".into(),
            "lookup_user",
            json!({"found": true, "customer": {"id": 3,
            "name": "Alice Martin", "email": "alice@example.com", "phone": "+1 555 0100 1234",
            "created_at": "2025-03-14T09:00:00Z"}}),
        ),
        (
            "orders".into(),
            "get_orders",
            json!({"found": true, "count": orders.len(), "orders": orders}),
        ),
        (
            "tickets".into(),
            "get_tickets",
            json!({"found": true, "count": tickets.len(), "tickets": tickets}),
        ),
    ];
    for (i, o) in orders.iter().take(4).enumerate() {
        out.push((format!("order_{i}"), "get_orders", one(o)));
    }
    for (i, t) in tickets.iter().take(2).enumerate() {
        out.push((
            format!("ticket_{i}"),
            "get_tickets",
            json!({"found": true, "count": 1, "tickets": [t]}),
        ));
    }
    let pending: Vec<&Value> = orders.iter().filter(|o| o["status"] == "pending").collect();
    out.push((
        "pending".into(),
        "get_orders",
        json!({"found": true, "count": pending.len(), "orders": pending}),
    ));
    let open: Vec<&Value> = tickets.iter().filter(|t| t["status"] == "open").collect();
    out.push((
        "open".into(),
        "get_tickets",
        json!({"found": true, "count": open.len(), "tickets": open}),
    ));
    out.push(("kb_refunds".into(), "knowledge_search", json!({"found": true, "count": 3, "passages": [
        passage("Refunds and returns", "Return window", "The return window is 30 days, counted from the day the carrier marks the order as delivered. Returns that arrive at our warehouse after the window has closed are sent back to you."),
        passage("Refunds and returns", "How long a refund takes", "We inspect returned items within 3 business days of their arrival at our warehouse and then approve the refund. Refunds reach the original payment method within 5–7 business days after approval; the order status then changes to refunded."),
        passage("Refunds and returns", "Return shipping and labels", "A prepaid return label costs $15, which is taken off the refund. The label is free when the item is faulty, arrived damaged, or we sent the wrong item."),
    ]})));
    out.push(("kb_shipping".into(), "knowledge_search", json!({"found": true, "count": 2, "passages": [
        passage("Shipping and delivery", "Delivery times and costs", "Standard shipping takes 3–5 business days. It is free on orders over $50; otherwise it costs $5.99. Express shipping takes 1–2 business days and costs $14.99."),
        passage("Shipping and delivery", "Tracking your package", "As soon as your order ships, we email you a tracking number and the order status changes to shipped. Tracking can take up to 24 hours to show the first scan."),
    ]})));
    out.push(("kb_warranty".into(), "knowledge_search", json!({"found": true, "count": 2, "passages": [
        passage("Warranty", "How long the warranty lasts", "All products carry a two-year warranty against manufacturing defects, counted from the delivery date. It applies to every product we sell, including accessories."),
        passage("Warranty", "What the warranty covers", "Batteries that hold less than 80% of their original capacity within the two years are covered, and so are dead pixels on monitors."),
    ]})));
    out.push(("kb_contact".into(), "knowledge_search", json!({"found": true, "count": 1, "passages": [
        passage("Contact and support hours", "Ticket response times", "We answer new tickets within 1 business day. Urgent problems, such as a missing payment refund or a delivery that never arrived, are handled first."),
    ]})));
    out.push((
        "missing".into(),
        "get_orders",
        json!({"found": false, "count": 0, "orders": [],
        "message": "No order 1099 was found."}),
    ));
    out.push((
        "refused".into(),
        "flag_refund",
        json!({"error": {"code": "refused",
        "message": "A refund for order 1044 was already requested."}}),
    ));
    out.push((
        "lookup_again".into(),
        "lookup_user",
        json!({"found": true, "customer": {"id": 3,
        "name": "Alice Martin", "email": "alice@example.com", "phone": "+1 555 0100 1234",
        "created_at": "2025-03-14T09:00:00Z"}}),
    ));
    out.push((
        "refund".into(),
        "flag_refund",
        json!({"applied": false,
        "pending_action": {"id": 7, "tool": "flag_refund",
            "arguments": {"order_id": 1043, "reason": "No longer needed"}, "state": "proposed"},
        "message": "Not changed yet: waiting for the customer's confirmation."}),
    ));
    assert_eq!(out.len(), 20);
    out
}

fn learn(results: &[(String, &'static str, Value)]) -> (Facts, Vec<Write>) {
    let mut facts = Facts::new();
    let mut writes = vec![];
    for (id, tool, result) in results {
        facts.add_result(id, tool, result);
        writes.extend(Write::of(id, tool, result));
    }
    (facts, writes)
}

fn percentiles(facts: &Facts, writes: &[Write]) {
    const RUNS: usize = 5000;
    for _ in 0..200 {
        black_box(Ledger::build(black_box(ANSWER), facts, writes));
    }
    let mut times: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            black_box(Ledger::build(black_box(ANSWER), facts, writes));
            start.elapsed()
        })
        .collect();
    times.sort();
    let at = |p: f64| times[((RUNS as f64 * p) as usize).min(RUNS - 1)];
    println!(
        "Ledger::build over {RUNS} runs ({} bytes, {} claims): p50 {:?}, p99 {:?}, max {:?} (goal: p99 < 1 ms)",
        ANSWER.len(),
        Ledger::build(ANSWER, facts, writes).claims.len(),
        at(0.50),
        at(0.99),
        times[RUNS - 1]
    );
}

fn benches(c: &mut Criterion) {
    let results = results();
    let (facts, writes) = learn(&results);
    let ledger = Ledger::build(ANSWER, &facts, &writes);
    assert!(
        ledger.is_grounded(),
        "the bench answer is grounded: {:#?}",
        ledger.unsupported().collect::<Vec<_>>()
    );
    percentiles(&facts, &writes);

    let mut g = c.benchmark_group("ledger");
    g.bench_function("build", |b| {
        b.iter(|| Ledger::build(black_box(ANSWER), &facts, &writes))
    });
    g.bench_function("facts_and_build", |b| {
        b.iter(|| {
            let (facts, writes) = learn(black_box(&results));
            Ledger::build(black_box(ANSWER), &facts, &writes)
        })
    });
    g.finish();
}

criterion_group!(all, benches);
criterion_main!(all);
