//! Demo data for a first start: deterministic (a fixed pseudo-random sequence and fixed dates, so
//! every machine gets the same records) and idempotent (nothing is added to a database that
//! already has customers).

use crate::db::entity::*;
use crate::error::Result;
use chrono::{DateTime, Duration, TimeZone, Utc};
use sea_orm::{ActiveModelTrait, DatabaseConnection, EntityTrait, PaginatorTrait, Set};
use serde_json::json;

/// What a seeding run did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct SeedReport {
    pub seeded: bool,
    pub customers: u64,
    pub orders: u64,
    pub tickets: u64,
    pub canned_responses: u64,
    pub sessions: u64,
}

/// A tiny deterministic generator (64-bit LCG); the demo data must not change between runs.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

fn base() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 9, 1, 9, 0, 0)
        .single()
        .expect("valid date")
}

const CUSTOMERS: &[(&str, &str)] = &[
    ("Alice Martin", "alice@example.com"),
    ("Bob Okafor", "bob@example.com"),
    ("Carol Nguyen", "carol@example.com"),
    ("Daniel Weber", "daniel.weber@example.com"),
    ("Elena Rossi", "elena.rossi@example.com"),
    ("Farid Haddad", "farid.haddad@example.com"),
    ("Grace Kim", "grace.kim@example.com"),
    ("Hiro Tanaka", "hiro.tanaka@example.com"),
    ("Ines Duarte", "ines.duarte@example.com"),
    ("Jonas Berg", "jonas.berg@example.com"),
    ("Kemi Adeyemi", "kemi.adeyemi@example.com"),
    ("Liam O'Brien", "liam.obrien@example.com"),
    ("Maya Patel", "maya.patel@example.com"),
    ("Noah Fischer", "noah.fischer@example.com"),
    ("Olivia Brown", "olivia.brown@example.com"),
    ("Pavel Novak", "pavel.novak@example.com"),
    ("Quinn Murphy", "quinn.murphy@example.com"),
    ("Rosa Garcia", "rosa.garcia@example.com"),
    ("Samir Khan", "samir.khan@example.com"),
    ("Tara Wilson", "tara.wilson@example.com"),
    ("Umar Farouk", "umar.farouk@example.com"),
    ("Vera Ivanova", "vera.ivanova@example.com"),
    ("Wen Li", "wen.li@example.com"),
    ("Ximena Lopez", "ximena.lopez@example.com"),
    ("Yusuf Demir", "yusuf.demir@example.com"),
    ("Zoe Clarke", "zoe.clarke@example.com"),
    ("Arjun Mehta", "arjun.mehta@example.com"),
    ("Beatriz Costa", "beatriz.costa@example.com"),
];

const PRODUCTS: &[(&str, i64)] = &[
    ("Wireless mouse", 2999),
    ("Noise-cancelling headphones", 7999),
    ("Mechanical keyboard", 12950),
    ("USB-C hub", 4599),
    ("27-inch monitor", 32900),
    ("Laptop stand", 3999),
    ("Webcam HD", 5950),
    ("Desk lamp", 2450),
    ("Portable SSD 1TB", 10999),
    ("Ergonomic chair", 24900),
    ("Bluetooth speaker", 6500),
    ("Phone charger", 1999),
];

const TICKET_SUBJECTS: &[(&str, &str)] = &[
    (
        "Headphones crackle on the left side",
        "The left ear cup crackles when I move my head.",
    ),
    (
        "Package marked delivered but not received",
        "Tracking says delivered yesterday, nothing at my door.",
    ),
    ("Wrong colour sent", "I ordered black and received white."),
    (
        "Refund not received",
        "I returned the item two weeks ago and have not been refunded.",
    ),
    ("Cannot log in", "The password reset email never arrives."),
    (
        "Monitor has a dead pixel",
        "There is a bright dot near the centre of the screen.",
    ),
    (
        "Change delivery address",
        "I moved and need the parcel sent to my new address.",
    ),
    (
        "Invoice needed",
        "Please send an invoice with my company's VAT number.",
    ),
    (
        "Keyboard key sticks",
        "The space bar sticks after a week of use.",
    ),
    (
        "Order arrived damaged",
        "The box was crushed and the stand is bent.",
    ),
];

/// The demo data a front end adds by itself at start: only into an embedded SQLite file (and
/// `seed` only fills an empty one). A shared PostgreSQL database is never seeded unasked — that
/// takes `cx-agent seed`. None when nothing was considered.
pub async fn on_start(db: &DatabaseConnection) -> Result<Option<SeedReport>> {
    match db.get_database_backend() {
        sea_orm::DbBackend::Sqlite => Ok(Some(seed(db).await?)),
        _ => Ok(None),
    }
}

pub async fn seed(db: &DatabaseConnection) -> Result<SeedReport> {
    if customer::Entity::find().count(db).await? > 0 {
        return report(db, false).await;
    }
    let txn = crate::db::begin_write(db).await?;
    let mut rng = Lcg(0x00C0_FFEE);
    let t0 = base();

    for (i, (name, email)) in CUSTOMERS.iter().enumerate() {
        let phone = match i {
            0 => "+1 555 010 4821".to_owned(),
            1 => "+1 555 010 7312".to_owned(),
            2 => "+1 555 010 2290".to_owned(),
            _ => format!(
                "+1 555 {:03} {:04}",
                100 + rng.below(900),
                1000 + rng.below(9000)
            ),
        };
        let at = t0 + Duration::days(i as i64);
        customer::ActiveModel {
            id: Set(i as i64 + 1),
            name: Set((*name).to_owned()),
            email: Set((*email).to_owned()),
            phone: Set(Some(phone)),
            created_at: Set(at),
            updated_at: Set(at),
        }
        .insert(&txn)
        .await?;
    }

    // The first orders are fixed so the README and the tests can name them.
    let fixed: &[(i64, usize, OrderStatus)] = &[
        (1, 1, OrderStatus::Shipped),         // 1001 Alice: headphones, shipped
        (1, 0, OrderStatus::Delivered),       // 1002 Alice: mouse, delivered
        (1, 3, OrderStatus::Pending),         // 1003 Alice: hub, pending
        (2, 2, OrderStatus::Delivered),       // 1004 Bob
        (2, 6, OrderStatus::Refunded),        // 1005 Bob
        (3, 4, OrderStatus::Shipped),         // 1006 Carol
        (3, 8, OrderStatus::RefundRequested), // 1007 Carol
    ];
    let statuses = OrderStatus::ALL;
    let customers = CUSTOMERS.len() as u64;
    for n in 0..80i64 {
        let id = 1001 + n;
        let (customer_id, product, status) = match fixed.get(n as usize) {
            Some((c, p, s)) => (*c, PRODUCTS[*p], *s),
            None => (
                1 + rng.below(customers) as i64,
                *rng.pick(PRODUCTS),
                statuses[(n as usize) % statuses.len()],
            ),
        };
        let created = t0 + Duration::days(20 + n / 2) + Duration::minutes(37 * n);
        let tracking = match status {
            OrderStatus::Pending => None,
            _ => Some(format!(
                "1Z{:04X}{:012}",
                rng.below(0xFFFF),
                100_000_000_000 + rng.below(899_999_999_999)
            )),
        };
        order::ActiveModel {
            id: Set(id),
            customer_id: Set(customer_id),
            product: Set(product.0.to_owned()),
            amount_cents: Set(product.1),
            status: Set(status),
            tracking_number: Set(tracking),
            created_at: Set(created),
            updated_at: Set(created + Duration::days(2)),
        }
        .insert(&txn)
        .await?;
    }

    let priorities = TicketPriority::ALL;
    let tstatuses = TicketStatus::ALL;
    for n in 0..30i64 {
        let (subject, description) = TICKET_SUBJECTS[(n as usize) % TICKET_SUBJECTS.len()];
        let customer_id = if n < 3 {
            n + 1
        } else {
            1 + rng.below(customers) as i64
        };
        let status = if n == 0 {
            TicketStatus::Open
        } else {
            tstatuses[(n as usize) % tstatuses.len()]
        };
        let created = t0 + Duration::days(30 + n) + Duration::minutes(53 * n);
        ticket::ActiveModel {
            id: Set(5001 + n),
            customer_id: Set(customer_id),
            subject: Set(subject.to_owned()),
            description: Set(description.to_owned()),
            status: Set(status),
            priority: Set(priorities[(n as usize * 3 + 1) % priorities.len()]),
            assignee: Set(matches!(status, TicketStatus::InProgress).then(|| "dana".to_owned())),
            created_at: Set(created),
            updated_at: Set(created + Duration::hours(6)),
        }
        .insert(&txn)
        .await?;
    }

    let canned: &[(&str, &str, &str, &str)] = &[
        (
            "/greet",
            "Greeting",
            "Hello! Thanks for contacting us. How can I help you today?",
            "general",
        ),
        (
            "/thanks",
            "Thanks",
            "Thank you for your patience. Is there anything else I can help with?",
            "general",
        ),
        (
            "/refund",
            "Refund timeline",
            "Once approved, refunds reach your original payment method within 5–7 business days.",
            "billing",
        ),
        (
            "/shipping",
            "Shipping times",
            "Standard shipping takes 3–5 business days; express takes 1–2 business days.",
            "shipping",
        ),
        (
            "/escalate",
            "Escalating",
            "I'm bringing in a specialist who can help with this. Please stay with us.",
            "general",
        ),
        (
            "/close",
            "Closing",
            "I'm glad we could sort this out. Have a great day!",
            "general",
        ),
        (
            "/verify",
            "Verification",
            "To protect your account, please tell me your email and the last four digits of your phone number.",
            "account",
        ),
        (
            "/warranty",
            "Warranty",
            "All products carry a two-year warranty against manufacturing defects.",
            "returns",
        ),
    ];
    for (i, (shortcut, title, content, category)) in canned.iter().enumerate() {
        let at = t0 + Duration::minutes(i as i64);
        canned_response::ActiveModel {
            shortcut: Set((*shortcut).to_owned()),
            title: Set((*title).to_owned()),
            content: Set((*content).to_owned()),
            category: Set((*category).to_owned()),
            created_at: Set(at),
            updated_at: Set(at),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }

    seed_history(&txn, t0).await?;
    advance_sequences(&txn).await?;
    txn.commit().await?;
    let closed: Vec<i64> = session::Entity::find()
        .all(db)
        .await?
        .iter()
        .map(|s| s.id)
        .collect();
    for id in closed {
        crate::insights::on_close(db, id).await?;
    }
    tracing::info!("demo data seeded");
    report(db, true).await
}

/// A few closed past sessions, so history review has something to show.
async fn seed_history(txn: &sea_orm::DatabaseTransaction, t0: DateTime<Utc>) -> Result<()> {
    type Line<'a> = (MessageRole, &'a str, Option<(&'a str, serde_json::Value)>);
    let sessions: Vec<(i64, Option<EscalationReason>, Vec<Line>)> = vec![
        (
            2,
            None,
            vec![
                (
                    MessageRole::Customer,
                    "Hi, where is my keyboard? Email bob@example.com, phone ends 7312",
                    None,
                ),
                (
                    MessageRole::Tool,
                    "verify_customer",
                    Some((
                        "verify_customer",
                        json!({"verified": true, "customer": {"id": 2, "name": "Bob Okafor"}}),
                    )),
                ),
                (
                    MessageRole::Tool,
                    "get_orders",
                    Some((
                        "get_orders",
                        json!({"found": true, "count": 1, "orders": [{"id": 1004, "product": "Mechanical keyboard", "amount": "$129.50", "status": "delivered"}]}),
                    )),
                ),
                (
                    MessageRole::Assistant,
                    "Your order 1004 (Mechanical keyboard, $129.50) is delivered.",
                    None,
                ),
                (MessageRole::Customer, "Great, thanks!", None),
                (
                    MessageRole::Assistant,
                    "You're welcome. Have a good day!",
                    None,
                ),
            ],
        ),
        (
            3,
            Some(EscalationReason::HumanRequested),
            vec![
                (
                    MessageRole::Customer,
                    "My refund for the portable SSD is taking forever",
                    None,
                ),
                (
                    MessageRole::Assistant,
                    "I'm sorry about the wait. To look into it, please tell me your email and the last four digits of your phone number.",
                    None,
                ),
                (
                    MessageRole::Customer,
                    "I want to talk to a real person please",
                    None,
                ),
                (
                    MessageRole::System,
                    "Escalated: the customer asked for a person.",
                    None,
                ),
                (
                    MessageRole::Agent,
                    "Hi Carol, this is Dana. I can see the refund request for order 1007 and have chased it with billing.",
                    None,
                ),
                (MessageRole::Customer, "Thank you Dana", None),
            ],
        ),
        (
            1,
            None,
            vec![
                (
                    MessageRole::Customer,
                    "Can you change my email? alice@example.com, last four 4821",
                    None,
                ),
                (
                    MessageRole::Tool,
                    "verify_customer",
                    Some((
                        "verify_customer",
                        json!({"verified": true, "customer": {"id": 1, "name": "Alice Martin"}}),
                    )),
                ),
                (
                    MessageRole::Assistant,
                    "You're verified. What should the new email address be?",
                    None,
                ),
                (MessageRole::Customer, "Never mind, I'll keep it", None),
                (
                    MessageRole::Assistant,
                    "No problem, nothing was changed.",
                    None,
                ),
            ],
        ),
    ];
    for (n, (customer_id, reason, lines)) in sessions.into_iter().enumerate() {
        let start = t0 + Duration::days(60 + n as i64) + Duration::hours(n as i64 * 3);
        // Messages are 40 s apart; the agent took the session just before writing, as the
        // engine would have recorded it (reports measure the wait by these).
        let agent_at = lines
            .iter()
            .position(|(role, _, _)| *role == MessageRole::Agent)
            .map(|i| start + Duration::seconds(40 * i as i64));
        let s = session::ActiveModel {
            channel: Set(Channel::Kiosk),
            customer_id: Set(Some(customer_id)),
            customer_verified: Set(true),
            status: Set(SessionStatus::Closed),
            tone: Set("professional".into()),
            assigned_agent: Set(reason.map(|_| "dana".to_owned())),
            escalation_reason: Set(reason),
            escalation_evidence: Set(
                reason.map(|_| json!({"message": "I want to talk to a real person please"}))
            ),
            escalation_priority: Set(reason.map(|_| TicketPriority::High)),
            escalated_at: Set(reason.map(|_| start + Duration::minutes(2))),
            created_at: Set(start),
            updated_at: Set(start + Duration::minutes(10)),
            closed_at: Set(Some(start + Duration::minutes(10))),
            accepted_at: Set(agent_at.map(|t| t - Duration::seconds(10))),
            first_agent_reply_at: Set(agent_at),
            first_agent_reply_by: Set(agent_at.map(|_| "dana".to_owned())),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        for (i, (role, text, tool)) in lines.into_iter().enumerate() {
            let (tool_name, tool_result) = match tool {
                Some((name, result)) => (Some(name.to_owned()), Some(result)),
                None => (None, None),
            };
            message::ActiveModel {
                session_id: Set(s.id),
                seq: Set(i as i32 + 1),
                role: Set(role),
                content: Set(if tool_result.is_some() {
                    String::new()
                } else {
                    text.to_owned()
                }),
                tool_name: Set(tool_name),
                tool_call_id: Set(None),
                tool_arguments: Set(None),
                tool_result: Set(tool_result),
                sentiment: Set((role == MessageRole::Customer).then(|| {
                    let m = crate::sentiment::analyze(text);
                    json!({"label": m.label, "score": m.score, "confidence": m.confidence, "source": "lexicon"})
                })),
                created_at: Set(start + Duration::seconds(40 * i as i64)),
                ..Default::default()
            }
            .insert(txn)
            .await?;
        }
    }
    Ok(())
}

async fn report(db: &DatabaseConnection, seeded: bool) -> Result<SeedReport> {
    Ok(SeedReport {
        seeded,
        customers: customer::Entity::find().count(db).await?,
        orders: order::Entity::find().count(db).await?,
        tickets: ticket::Entity::find().count(db).await?,
        canned_responses: canned_response::Entity::find().count(db).await?,
        sessions: session::Entity::find().count(db).await?,
    })
}

/// Customers, orders and tickets are seeded with fixed ids (the demo script names them). On
/// PostgreSQL an explicit id does not move the table's sequence, so the next id it hands out
/// would collide: move each past the largest id. (SQLite's rowids follow the table by themselves.)
async fn advance_sequences<C: sea_orm::ConnectionTrait>(db: &C) -> Result<()> {
    if db.get_database_backend() != sea_orm::DbBackend::Postgres {
        return Ok(());
    }
    for table in ["customers", "orders", "tickets"] {
        db.execute_unprepared(&format!(
            "SELECT setval(pg_get_serial_sequence('{table}', 'id'), \
             (SELECT coalesce(max(id), 0) + 1 FROM {table}), false)"
        ))
        .await?;
    }
    Ok(())
}
