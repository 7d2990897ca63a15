//! History against real SQLite files: the seeded demo sessions plus sessions made here.

use super::*;
use crate::core::testing::{TestCore, seeded};
use crate::db::entity::*;
use crate::sessions::{self, NewMessage};
use chrono::{TimeZone, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, Set,
};
use serde_json::json;

/// A new session with one message per line (customer and assistant taking turns).
async fn session_with(
    db: &DatabaseConnection,
    channel: Channel,
    customer: Option<i64>,
    lines: &[&str],
) -> i64 {
    let s = sessions::create(db, channel, "professional", customer)
        .await
        .unwrap();
    for (i, line) in lines.iter().enumerate() {
        let role = if i % 2 == 0 {
            MessageRole::Customer
        } else {
            MessageRole::Assistant
        };
        sessions::append(db, s.id, NewMessage::text(role, *line))
            .await
            .unwrap();
    }
    s.id
}

async fn ids(db: &DatabaseConnection, q: &SearchQuery) -> Vec<i64> {
    search(db, q)
        .await
        .unwrap_or_else(|e| panic!("{q:?}: {e}"))
        .iter()
        .map(|h| h.session.id)
        .collect()
}

async fn text_ids(db: &DatabaseConnection, text: &str) -> Vec<i64> {
    ids(db, &SearchQuery::text(text)).await
}

/// The seeded closed session of a demo customer (2 Bob: keyboard, 3 Carol: refund, escalated).
async fn seeded_session(db: &DatabaseConnection, customer_id: i64) -> i64 {
    session::Entity::find()
        .filter(session::Column::CustomerId.eq(customer_id))
        .filter(session::Column::Status.eq(SessionStatus::Closed))
        .one(db)
        .await
        .unwrap()
        .expect("seeded session")
        .id
}

async fn edit_session(
    db: &DatabaseConnection,
    id: i64,
    edit: impl FnOnce(&mut session::ActiveModel),
) {
    let mut am: session::ActiveModel = session::Entity::find_by_id(id)
        .one(db)
        .await
        .unwrap()
        .unwrap()
        .into();
    edit(&mut am);
    am.update(db).await.unwrap();
}

async fn fresh() -> TestCore {
    seeded().await
}

/// The bounded plan is SQLite's (PostgreSQL's GIN index answers every search exactly): its tests
/// run on SQLite whatever the test run's database.
async fn fresh_sqlite() -> TestCore {
    crate::core::testing::seeded_sqlite().await
}

/// An export with its timestamps' fractions of a second cut: "45.648217Z" would otherwise hold
/// a masked phone's "4821" by chance.
fn without_fractions(export: &str) -> String {
    static FRACTION: std::sync::LazyLock<regex::Regex> =
        std::sync::LazyLock::new(|| regex::Regex::new(r"(:\d{2})\.\d+").unwrap());
    FRACTION.replace_all(export, "$1").into_owned()
}

#[tokio::test]
async fn a_word_from_a_message_finds_its_session_with_a_marked_snippet() {
    let t = fresh().await;
    let bob = seeded_session(&t.db, 2).await;
    let hits = search(&t.db, &SearchQuery::text("keyboard")).await.unwrap();
    assert_eq!(hits.len(), 1, "{hits:#?}");
    let hit = &hits[0];
    assert_eq!(hit.session.id, bob);
    assert_eq!(hit.session.customer_name.as_deref(), Some("Bob Okafor"));
    assert_eq!(
        hit.session.customer_email.as_deref(),
        Some("bob@example.com")
    );
    assert_eq!(hit.session.message_count, 6);
    assert_eq!(hit.session.status, SessionStatus::Closed);
    assert!(hit.score.is_some());
    // Two of Bob's messages say "keyboard"; the snippets are those, each marked.
    assert_eq!(hit.snippets.len(), 2, "{:#?}", hit.snippets);
    for s in &hit.snippets {
        assert!(
            s.text.contains("[keyboard]") || s.text.contains("[Keyboard]"),
            "{}",
            s.text
        );
        let marked: Vec<&str> = s
            .parts
            .iter()
            .filter(|p| p.hit)
            .map(|p| p.text.as_str())
            .collect();
        assert!(
            !marked.is_empty() && marked.iter().all(|w| w.eq_ignore_ascii_case("keyboard")),
            "{marked:?}"
        );
    }
    let mut roles: Vec<MessageRole> = hit.snippets.iter().map(|s| s.role).collect();
    roles.sort_by_key(|r| r.as_str());
    assert_eq!(roles, [MessageRole::Assistant, MessageRole::Customer]);
    assert!(text_ids(&t.db, "zeppelin").await.is_empty());
}

#[tokio::test]
async fn case_diacritics_and_word_endings_are_ignored() {
    let t = fresh().await;
    let accented = session_with(
        &t.db,
        Channel::Kiosk,
        None,
        &["Le café était fermé, très déçu"],
    )
    .await;
    let plain = session_with(&t.db, Channel::Kiosk, None, &["the cafe downstairs"]).await;
    assert_eq!(text_ids(&t.db, "CAFE ferme").await, [accented]);
    assert_eq!(text_ids(&t.db, "tres DECU").await, [accented]);
    let mut both = text_ids(&t.db, "Café").await;
    both.sort();
    assert_eq!(both, [accented, plain]);
    assert_eq!(
        text_ids(&t.db, "KeyBoard").await,
        [seeded_session(&t.db, 2).await]
    );
    // porter: "refunds" and "refunded" find "refund".
    let carol = seeded_session(&t.db, 3).await;
    assert_eq!(text_ids(&t.db, "refunds").await, [carol]);
    assert_eq!(text_ids(&t.db, "refunded").await, [carol]);
}

#[tokio::test]
async fn the_last_word_is_a_prefix_and_only_the_last() {
    let t = fresh().await;
    let bob = seeded_session(&t.db, 2).await;
    assert_eq!(text_ids(&t.db, "keyb").await, [bob]);
    assert_eq!(text_ids(&t.db, "where keyb").await, [bob]);
    assert!(
        text_ids(&t.db, "keyb where").await.is_empty(),
        "a non-last word is whole"
    );
}

#[tokio::test]
async fn every_word_must_occur_somewhere_in_the_session_best_first() {
    let t = fresh().await;
    let carol = seeded_session(&t.db, 3).await;
    // "refund" and "person" are in two different messages of Carol's session.
    assert_eq!(text_ids(&t.db, "refund person").await, [carol]);
    assert!(
        text_ids(&t.db, "keyboard refund").await.is_empty(),
        "no session has both"
    );
    // Both words in one message rank above words spread over messages, even though older.
    let together = session_with(
        &t.db,
        Channel::Kiosk,
        None,
        &["refund now or a real person"],
    )
    .await;
    edit_session(&t.db, together, |s| {
        s.created_at = Set(Utc.with_ymd_and_hms(2020, 1, 1, 0, 0, 0).unwrap())
    })
    .await;
    assert_eq!(text_ids(&t.db, "refund person").await, [together, carol]);
    let hits = search(&t.db, &SearchQuery::text("refund person"))
        .await
        .unwrap();
    assert!(hits[0].score.unwrap() > hits[1].score.unwrap(), "{hits:#?}");
    let marked: Vec<&str> = hits[0].snippets[0]
        .parts
        .iter()
        .filter(|p| p.hit)
        .map(|p| p.text.as_str())
        .collect();
    assert_eq!(marked, ["refund", "person"]);
}

#[tokio::test]
async fn each_filter_narrows_the_result() {
    let t = fresh().await;
    let db = &t.db;
    let a = session_with(
        db,
        Channel::Workspace,
        Some(5),
        &["the zeppelin arrived broken"],
    )
    .await;
    let b = session_with(db, Channel::Cli, None, &["zeppelin tickets"]).await;
    edit_session(db, a, |s| {
        s.created_at = Set(Utc.with_ymd_and_hms(2030, 1, 10, 12, 0, 0).unwrap());
        s.status = Set(SessionStatus::WaitingForAgent);
        s.escalation_reason = Set(Some(EscalationReason::DataGap));
    })
    .await;
    edit_session(db, b, |s| {
        s.created_at = Set(Utc.with_ymd_and_hms(2030, 2, 10, 12, 0, 0).unwrap())
    })
    .await;
    let q = |f: &dyn Fn(&mut SearchQuery)| {
        let mut q = SearchQuery::text("zeppelin");
        f(&mut q);
        q
    };
    // Unfiltered: both, newest-first among equal ranks is not asserted, only membership.
    let mut all = ids(db, &q(&|_| {})).await;
    all.sort();
    assert_eq!(all, [a, b]);
    assert_eq!(ids(db, &q(&|q| q.customer_id = Some(5))).await, [a]);
    assert_eq!(
        ids(db, &q(&|q| q.customer_id = Some(6))).await,
        Vec::<i64>::new()
    );
    assert_eq!(
        ids(
            db,
            &q(&|q| q.customer_email = Some(" ELENA.Rossi@example.com ".into()))
        )
        .await,
        [a]
    );
    let jan = |q: &mut SearchQuery| {
        q.from = Some(Utc.with_ymd_and_hms(2030, 1, 10, 12, 0, 0).unwrap());
        q.to = Some(Utc.with_ymd_and_hms(2030, 1, 31, 0, 0, 0).unwrap());
    };
    assert_eq!(ids(db, &q(&jan)).await, [a], "from is inclusive");
    assert_eq!(
        ids(
            db,
            &q(&|q| q.from = Some(Utc.with_ymd_and_hms(2030, 2, 1, 0, 0, 0).unwrap()))
        )
        .await,
        [b]
    );
    assert_eq!(
        ids(
            db,
            &q(&|q| q.to = Some(Utc.with_ymd_and_hms(2030, 2, 10, 12, 0, 0).unwrap()))
        )
        .await
        .len(),
        2,
        "to is inclusive"
    );
    assert_eq!(
        ids(db, &q(&|q| q.status = Some(SessionStatus::WaitingForAgent))).await,
        [a]
    );
    assert_eq!(
        ids(db, &q(&|q| q.status = Some(SessionStatus::Active))).await,
        [b]
    );
    assert_eq!(
        ids(
            db,
            &q(&|q| q.escalation_reason = Some(EscalationReason::DataGap))
        )
        .await,
        [a]
    );
    assert_eq!(
        ids(
            db,
            &q(&|q| q.escalation_reason = Some(EscalationReason::HumanRequested))
        )
        .await,
        Vec::<i64>::new()
    );
    assert_eq!(ids(db, &q(&|q| q.channel = Some(Channel::Cli))).await, [b]);
    assert_eq!(
        ids(db, &q(&|q| q.channel = Some(Channel::Kiosk))).await,
        Vec::<i64>::new()
    );

    // The same filters without text.
    let no_text = |f: &dyn Fn(&mut SearchQuery)| {
        let mut q = SearchQuery::default();
        f(&mut q);
        q
    };
    let closed = ids(db, &no_text(&|q| q.status = Some(SessionStatus::Closed))).await;
    assert_eq!(closed.len(), 3, "the seeded sessions");
    assert!(!closed.contains(&a) && !closed.contains(&b));
    let carol = seeded_session(db, 3).await;
    assert_eq!(
        ids(
            db,
            &no_text(&|q| q.escalation_reason = Some(EscalationReason::HumanRequested))
        )
        .await,
        [carol]
    );
    assert_eq!(
        ids(
            db,
            &no_text(&|q| q.customer_email = Some("carol@example.com".into()))
        )
        .await,
        [carol]
    );
    assert_eq!(
        ids(db, &no_text(&|q| q.channel = Some(Channel::Workspace))).await,
        [a]
    );
}

#[tokio::test]
async fn triggers_keep_the_index_in_step_with_inserts_updates_and_deletes() {
    let t = fresh().await;
    let db = &t.db;
    let s = session_with(db, Channel::Kiosk, None, &["my umbrella is torn"]).await;
    assert_eq!(
        text_ids(db, "umbrella").await,
        [s],
        "inserted after the migration"
    );

    let m = sessions::messages(db, s).await.unwrap().remove(0);
    let mut am: message::ActiveModel = m.into();
    am.content = Set("my parasol is torn".into());
    let m = am.update(db).await.unwrap();
    assert!(
        text_ids(db, "umbrella").await.is_empty(),
        "the old text is gone"
    );
    assert_eq!(text_ids(db, "parasol").await, [s]);

    message::Entity::delete_by_id(m.id).exec(db).await.unwrap();
    assert!(text_ids(db, "parasol").await.is_empty(), "deleted");
    assert_eq!(text_ids(db, "torn").await, Vec::<i64>::new());
    index_in_step(db).await;
}

#[tokio::test]
async fn messages_stored_before_the_migration_are_backfilled() {
    use crate::db::migration::Migrator;
    use sea_orm_migration::MigratorTrait;
    let dir = tempfile::tempdir().unwrap();
    let url = crate::db::sqlite_url(&dir.path().join("old.db"));
    let db = sea_orm::Database::connect(url.as_str()).await.unwrap();
    Migrator::up(&db, Some(1)).await.unwrap();
    // Rows as the first schema stored them (raw SQL: today's entities have later columns).
    let old_rows = |db: DatabaseConnection, seq: i32, text: &'static str| async move {
        db.execute_raw(sea_orm::Statement::from_sql_and_values(
            db.get_database_backend(),
            "INSERT INTO messages (session_id, seq, role, content, created_at) VALUES (1, ?, 'customer', ?, '2026-01-01T00:00:00Z')",
            [seq.into(), text.into()],
        ))
        .await
        .unwrap();
    };
    db.execute_unprepared(
        "INSERT INTO sessions (id, channel, customer_verified, status, tone, created_at, updated_at) \
         VALUES (1, 'kiosk', 0, 'closed', 'professional', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')",
    )
    .await
    .unwrap();
    old_rows(db.clone(), 1, "an old gramophone").await;
    old_rows(db.clone(), 2, "thanks").await;
    let s = 1;
    let fts_tables = |db: DatabaseConnection| async move {
        db.query_one_raw(sea_orm::Statement::from_string(
            db.get_database_backend(),
            "SELECT count(*) FROM sqlite_master WHERE name LIKE 'messages_fts%'",
        ))
        .await
        .unwrap()
        .unwrap()
        .try_get_by_index::<i64>(0)
        .unwrap()
    };
    assert_eq!(fts_tables(db.clone()).await, 0);

    Migrator::up(&db, None).await.unwrap();
    assert_eq!(text_ids(&db, "gramophone").await, [s]);
    fts_sqlite::integrity_check(&db).await.unwrap();

    // Down removes the index and its triggers; messages still store.
    // Down to the first schema removes the index and its triggers; messages still store.
    let later = Migrator::get_applied_migrations(&db).await.unwrap().len() as u32 - 1;
    Migrator::down(&db, Some(later)).await.unwrap();
    assert_eq!(fts_tables(db.clone()).await, 0);
    old_rows(db.clone(), 3, "still works").await;
}

#[tokio::test]
async fn hostile_input_is_searched_literally_or_rejected_clearly() {
    let t = fresh().await;
    let db = &t.db;
    let sessions_before = session::Entity::find().count(db).await.unwrap();
    let messages_before = message::Entity::find().count(db).await.unwrap();
    let hostile = [
        "\"",
        "*",
        "NEAR(",
        "NEAR(keyboard refund, 2)",
        "' OR '1'='1",
        "Robert'); DROP TABLE messages;--",
        "keyboard OR refund",
        "content:keyboard",
        "-keyboard",
        "^keyboard",
        "(keyboard",
        "\"keyboard",
        "key\"board",
        "%_\\",
        "\0keyboard",
    ];
    for text in hostile {
        match search(db, &SearchQuery::text(text)).await {
            Ok(hits) => assert!(hits.len() <= 1, "{text:?} matched too much: {hits:?}"),
            Err(e) => assert_eq!(e.code(), "invalid_input", "{text:?}: {e}"),
        }
    }
    for rejected in ["\"", "*", "%_\\"] {
        let err = search(db, &SearchQuery::text(rejected)).await.unwrap_err();
        assert!(err.to_string().contains("no letters or digits"), "{err}");
    }
    // Operators are words, not operators.
    assert!(text_ids(db, "' OR '1'='1").await.is_empty());
    assert!(
        text_ids(db, "keyboard OR refund").await.is_empty(),
        "OR is a word here"
    );
    assert_eq!(
        text_ids(db, "\"keyboard").await,
        [seeded_session(db, 2).await],
        "quotes are ignored"
    );
    // Nothing was executed: same rows, index intact.
    assert_eq!(
        session::Entity::find().count(db).await.unwrap(),
        sessions_before
    );
    assert_eq!(
        message::Entity::find().count(db).await.unwrap(),
        messages_before
    );
    index_in_step(db).await;

    // The same text stored in a message is found, literally.
    let bobby = session_with(
        db,
        Channel::Kiosk,
        None,
        &["Robert'); DROP TABLE messages;--"],
    )
    .await;
    assert_eq!(
        text_ids(db, "Robert'); DROP TABLE messages;--").await,
        [bobby]
    );
}

#[tokio::test]
async fn bad_queries_are_clear_invalid_input() {
    let t = fresh().await;
    let cases: Vec<(SearchQuery, &str)> = vec![
        (SearchQuery::text(""), "empty"),
        (SearchQuery::text("   "), "empty"),
        (
            SearchQuery {
                limit: 0,
                ..Default::default()
            },
            "limit",
        ),
        (
            SearchQuery {
                limit: MAX_LIMIT + 1,
                ..Default::default()
            },
            "limit",
        ),
        (
            SearchQuery {
                customer_email: Some(" ".into()),
                ..Default::default()
            },
            "email",
        ),
        (
            SearchQuery {
                from: Some(Utc.with_ymd_and_hms(2030, 2, 1, 0, 0, 0).unwrap()),
                to: Some(Utc.with_ymd_and_hms(2030, 1, 1, 0, 0, 0).unwrap()),
                ..Default::default()
            },
            "before it starts",
        ),
    ];
    for (q, words) in cases {
        let err = search(&t.db, &q).await.unwrap_err();
        assert_eq!(err.code(), "invalid_input", "{q:?}");
        assert!(err.to_string().contains(words), "{q:?}: {err}");
    }
}

#[tokio::test]
async fn list_is_newest_first_and_limited() {
    let t = fresh().await;
    let newest = session_with(&t.db, Channel::Cli, None, &["hello"]).await;
    let hits = list(&t.db, 10).await.unwrap();
    assert_eq!(hits.len(), 4);
    assert_eq!(hits[0].session.id, newest);
    assert!(
        hits.windows(2)
            .all(|w| w[0].session.created_at >= w[1].session.created_at)
    );
    assert!(
        hits.iter()
            .all(|h| h.snippets.is_empty() && h.score.is_none())
    );
    assert_eq!(hits[0].session.message_count, 1);
    assert_eq!(list(&t.db, 2).await.unwrap().len(), 2);
}

/// A session with a tool call (arguments + result) and a pending action.
async fn session_with_tool_call(db: &DatabaseConnection) -> i64 {
    let s = session_with(db, Channel::Kiosk, Some(1), &["please refund order 1002"]).await;
    sessions::append(
        db,
        s,
        NewMessage {
            role: Some(MessageRole::Tool),
            tool_name: Some("flag_refund".into()),
            tool_call_id: Some("call_1".into()),
            tool_arguments: Some(json!({"order_id": 1002, "reason": "broken"})),
            tool_result: Some(json!({"pending": true, "action_id": 1})),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    sessions::append(
        db,
        s,
        NewMessage::text(
            MessageRole::Assistant,
            "I've asked for the refund; please confirm.",
        ),
    )
    .await
    .unwrap();
    pending_action::ActiveModel {
        session_id: Set(s),
        tool: Set("flag_refund".into()),
        arguments: Set(json!({"order_id": 1002, "reason": "broken"})),
        proposed_by: Set("kiosk_assistant".into()),
        state: Set(PendingState::Proposed),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap();
    s
}

#[tokio::test]
async fn show_returns_everything_in_order() {
    let t = fresh().await;
    let bob = show(&t.db, seeded_session(&t.db, 2).await).await.unwrap();
    assert_eq!(
        bob.customer.as_ref().map(|c| c.name.as_str()),
        Some("Bob Okafor")
    );
    assert_eq!(
        bob.messages.iter().map(|m| m.seq).collect::<Vec<_>>(),
        [1, 2, 3, 4, 5, 6]
    );
    assert_eq!(bob.session.message_count, 6);
    let tools: Vec<&str> = bob
        .messages
        .iter()
        .filter_map(|m| m.tool_name.as_deref())
        .collect();
    assert_eq!(tools, ["verify_customer", "get_orders"]);
    assert_eq!(
        bob.messages[2].tool_result.as_ref().unwrap()["orders"][0]["id"],
        1004
    );
    assert!(bob.escalation.is_none());

    let carol = show(&t.db, seeded_session(&t.db, 3).await).await.unwrap();
    let e = carol.escalation.expect("escalated").escalation;
    assert_eq!(e.reason, EscalationReason::HumanRequested);
    assert_eq!(e.priority, Some(TicketPriority::High));
    assert!(
        e.evidence
            .unwrap()
            .to_value()
            .to_string()
            .contains("real person")
    );

    let id = session_with_tool_call(&t.db).await;
    let mine = show(&t.db, id).await.unwrap();
    let roles: Vec<MessageRole> = mine.messages.iter().map(|m| m.role).collect();
    assert_eq!(
        roles,
        [
            MessageRole::Customer,
            MessageRole::Tool,
            MessageRole::Assistant
        ]
    );
    assert_eq!(
        mine.messages[1].tool_arguments,
        Some(json!({"order_id": 1002, "reason": "broken"}))
    );
    assert_eq!(mine.messages[1].tool_call_id.as_deref(), Some("call_1"));
    assert_eq!(mine.pending_actions.len(), 1);
    assert_eq!(mine.pending_actions[0].state, PendingState::Proposed);

    let err = show(&t.db, 999_999).await.unwrap_err();
    assert_eq!(err.code(), "not_found", "{err}");
}

#[tokio::test]
async fn markdown_export_has_the_header_every_message_and_tool_blocks() {
    let t = fresh().await;
    let id = session_with_tool_call(&t.db).await;
    sessions::append(
        &t.db,
        id,
        NewMessage::text(MessageRole::Customer, "# not a heading\n```\nok"),
    )
    .await
    .unwrap();
    let tr = show(&t.db, id).await.unwrap();
    let md = export_markdown(&tr);
    assert!(md.starts_with(&format!("# Session {id}\n")), "{md}");
    assert!(md.contains("| Channel | kiosk |"), "{md}");
    assert!(
        md.contains("| Customer | Alice Martin <alice@example.com> (id 1, not verified) |"),
        "{md}"
    );
    assert!(md.contains("| Messages | 4 |"), "{md}");
    for m in &tr.messages {
        let heading = format!("### {} · {}", m.seq, m.role);
        assert!(md.contains(&heading), "{heading} in {md}");
        assert!(md.contains(&crate::present::time(&m.created_at)));
    }
    assert!(md.contains("> please refund order 1002"));
    assert!(md.contains("### 2 · tool `flag_refund` · "), "{md}");
    assert!(
        md.contains("**Arguments**\n\n```json\n{\n  \"order_id\": 1002,"),
        "{md}"
    );
    assert!(md.contains("**Result**\n\n```json\n{\n"), "{md}");
    assert!(md.contains("  \"action_id\": 1"), "{md}");
    assert!(md.contains("## Pending actions"), "{md}");
    assert!(
        md.contains("> # not a heading\n> ```\n> ok\n"),
        "message text stays quoted: {md}"
    );
    assert!(!md.contains("## Escalation"));

    let carol = export_markdown(&show(&t.db, seeded_session(&t.db, 3).await).await.unwrap());
    assert!(
        carol.contains("## Escalation\n\n- Reason: human_requested\n- Priority: high\n"),
        "{carol}"
    );
    assert!(carol.contains("Evidence:\n\n```json\n{\n  \"message\": \"I want to talk to a real person please\"\n}\n```"), "{carol}");
    assert!(carol.contains("| Agent | dana |"));
}

#[tokio::test]
async fn json_export_is_complete_and_round_trips() {
    let t = fresh().await;
    let id = session_with_tool_call(&t.db).await;
    let tr = show(&t.db, id).await.unwrap();
    let v = export_json(&tr);
    assert_eq!(v["format"], EXPORT_FORMAT);
    assert_eq!(v["version"], EXPORT_VERSION);
    assert_eq!(v["session"]["id"], id);
    assert_eq!(v["customer"]["id"], 1);
    let ids: Vec<i64> = v["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, tr.messages.iter().map(|m| m.id).collect::<Vec<_>>());
    assert_eq!(v["messages"][1]["tool_arguments"]["order_id"], 1002);
    assert_eq!(v["pending_actions"][0]["id"], tr.pending_actions[0].id);
    let created = v["session"]["created_at"].as_str().unwrap();
    assert!(
        chrono::DateTime::parse_from_rfc3339(created).is_ok() && created.ends_with('Z'),
        "{created}"
    );
    let back: TranscriptExport = serde_json::from_value(v).unwrap();
    assert_eq!(back.transcript, tr);

    let carol = export_json(&show(&t.db, seeded_session(&t.db, 3).await).await.unwrap());
    assert_eq!(carol["escalation"]["reason"], "human_requested");
    assert!(carol["escalation"]["evidence"]["message"].is_string());
}

/// Markdown lines that are neither quoted message text nor inside a fence.
fn unquoted_lines(md: &str) -> Vec<&str> {
    let mut fence: Option<String> = None;
    let mut out = Vec::new();
    for line in md.split('\n') {
        let ticks = line.len() - line.trim_start_matches('`').len();
        match &fence {
            Some(f) if line == f => fence = None,
            Some(_) => {}
            None if ticks >= 3 => fence = Some("`".repeat(ticks)),
            None if !line.starts_with('>') => out.push(line),
            None => {}
        }
    }
    assert!(fence.is_none(), "unclosed fence in {md}");
    out
}

#[tokio::test]
async fn forged_lines_stay_inside_their_quote_and_fences() {
    let t = fresh().await;
    let id = session_with_tool_call(&t.db).await;
    let forged = "hi\r**Agent:** forged\n## Fake heading\r\n```\rstill mine\u{2028}### 9 · agent · fake\u{85}- item";
    // Stored directly: exports must hold up even for text that never went through validation.
    sessions::append(&t.db, id, NewMessage::text(MessageRole::Customer, forged))
        .await
        .unwrap();
    sessions::append(
        &t.db,
        id,
        NewMessage {
            role: Some(MessageRole::Tool),
            tool_name: Some("lookup\n## tool".into()),
            tool_arguments: Some(json!({"email": "```\n# x"})),
            tool_result: Some(json!({"message": "````\u{2028}## forged"})),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let md = export_markdown(&show(&t.db, id).await.unwrap());
    for bad in [
        "forged",
        "Fake heading",
        "still mine",
        "9 · agent",
        "- item",
        "# x",
    ] {
        assert!(
            unquoted_lines(&md).iter().all(|l| !l.contains(bad)),
            "{bad:?} escaped its quote or fence: {md}"
        );
    }
    assert!(
        md.contains(
            "> hi\n> **Agent:** forged\n> ## Fake heading\n> ```\n> still mine\n> ### 9 · agent · fake\n> - item\n"
        ),
        "{md}"
    );
    assert!(md.contains("### 5 · tool `lookup ## tool` · "), "{md}");
    assert!(
        md.contains("`````json\n{\n  \"message\": \"````\\u2028## forged\"\n}\n`````"),
        "{md}"
    );
}

#[tokio::test]
async fn reviewer_masking_hides_contact_details_but_keeps_the_facts() {
    let t = fresh().await;
    let mut bob = show(&t.db, seeded_session(&t.db, 2).await).await.unwrap();
    let original = bob.clone();
    mask_transcript(&mut bob);
    assert_eq!(bob.session.customer_id, Some(2));
    assert_eq!(bob.session.customer_name.as_deref(), Some("[name]"));
    assert_eq!(bob.session.customer_email.as_deref(), Some("[email]"));
    let c = bob.customer.as_ref().unwrap();
    assert_eq!(
        (c.id, c.name.as_str(), c.email.as_str()),
        (2, "[name]", "[email]")
    );
    assert_eq!(c.phone.as_deref(), Some("[phone]"));
    assert_eq!(
        bob.messages[0].content,
        "Hi, where is my keyboard? Email [email], phone ends [phone]"
    );
    assert_eq!(
        bob.messages[1].tool_result,
        Some(json!({"verified": true, "customer": {"id": 2, "name": "[name]"}}))
    );
    // Orders, amounts, statuses and the assistant's answer are what a reviewer judges.
    assert_eq!(bob.messages[2], original.messages[2]);
    assert_eq!(bob.messages[3], original.messages[3]);
    let md = export_markdown(&bob);
    let js = without_fractions(&export_json(&bob).to_string());
    // Whole phone fragments: the seeded messages' times may hold "555" or "7312" by chance.
    for secret in ["bob@example.com", "Bob", "Okafor", "ends 7312", "555 010"] {
        assert!(!md.contains(secret), "{secret} in {md}");
        assert!(!js.contains(secret), "{secret} in {js}");
    }
    assert!(
        md.contains("| Customer | [name] <[email]> (id 2, verified) |"),
        "{md}"
    );

    let mut carol = show(&t.db, seeded_session(&t.db, 3).await).await.unwrap();
    mask_transcript(&mut carol);
    assert!(
        carol
            .messages
            .iter()
            .any(|m| m.content.starts_with("Hi [name], this is Dana.")),
        "staff names stay, the customer's go"
    );
}

#[tokio::test]
async fn reviewer_masking_reaches_tool_arguments_pending_actions_and_evidence() {
    let t = fresh().await;
    let id = session_with(
        &t.db,
        Channel::Kiosk,
        Some(1),
        &["my email is alice@example.com"],
    )
    .await;
    let tool = |name: &str, args: serde_json::Value, result: serde_json::Value| NewMessage {
        role: Some(MessageRole::Tool),
        tool_name: Some(name.into()),
        tool_arguments: Some(args),
        tool_result: Some(result),
        ..Default::default()
    };
    for m in [
        tool(
            "verify_customer",
            json!({"email": "alice@example.com", "phone_last4": "4821"}),
            json!({"verified": true, "customer": {"id": 1, "name": "Alice Martin"}}),
        ),
        tool(
            "lookup_user",
            json!({"customer_id": 2}),
            json!({"found": true, "customer": {"id": 2, "name": "Bob Okafor",
                "email": "bob@example.com", "phone": "+1 555 010 7312",
                "created_at": "2026-01-02T03:04:05Z"}}),
        ),
        tool(
            "update_user_email",
            json!({"customer_id": 1, "new_email": "alice.new@example.org"}),
            json!({"applied": false, "pending_action": {"id": 9, "tool": "update_user_email",
                "arguments": {"customer_id": 1, "new_email": "alice.new@example.org"},
                "state": "proposed"}}),
        ),
        NewMessage::text(
            MessageRole::Assistant,
            "Bob okafor? Alice, I'll change it to alice.new@example.org; call +1 (555) 010-4821.",
        ),
    ] {
        sessions::append(&t.db, id, m).await.unwrap();
    }
    pending_action::ActiveModel {
        session_id: Set(id),
        tool: Set("update_user_email".into()),
        arguments: Set(json!({"customer_id": 1, "new_email": "alice.new@example.org"})),
        proposed_by: Set("kiosk_assistant".into()),
        state: Set(PendingState::Proposed),
        result: Set(Some(
            json!({"customer": {"id": 1, "email": "alice.new@example.org"}}),
        )),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&t.db)
    .await
    .unwrap();
    edit_session(&t.db, id, |s| {
        s.escalation_reason = Set(Some(EscalationReason::HallucinationRisk));
        s.escalation_evidence = Set(Some(json!({
            "held_answer": "Your phone is 555 010 4821, Alice.",
            "unsupported_claims": [{"kind": "phone", "text": "555 010 4821", "value": "5550104821"}],
            "empty_lookups": [{"tool": "lookup_user", "arguments": {"email": "carol@example.com"},
                "result": {"found": false}}],
        })));
    })
    .await;

    let mut tr = show(&t.db, id).await.unwrap();
    mask_transcript(&mut tr);
    let js = without_fractions(&export_json(&tr).to_string());
    let md = export_markdown(&tr);
    for secret in [
        "alice",
        "Alice",
        "Martin",
        "Bob",
        "Okafor",
        "okafor",
        "@",
        "4821",
        "7312",
        "555 0",
        "555-0",
        "+1 555",
        "5550104821",
    ] {
        // (Phone fragments with their separator: a bare "555" also occurs in timestamps.)
        assert!(!js.contains(secret), "{secret} in {js}");
        assert!(!md.contains(secret), "{secret} in {md}");
    }
    let args: Vec<_> = tr
        .messages
        .iter()
        .filter_map(|m| m.tool_arguments.clone())
        .collect();
    assert_eq!(
        args,
        [
            json!({"email": "[email]", "phone_last4": "[phone]"}),
            json!({"customer_id": 2}),
            json!({"customer_id": 1, "new_email": "[email]"}),
        ]
    );
    let looked_up = &tr.messages[2].tool_result.as_ref().unwrap()["customer"];
    assert_eq!(looked_up["id"], 2);
    assert_eq!(looked_up["created_at"], "2026-01-02T03:04:05Z");
    assert_eq!(
        tr.messages[4].content,
        "[name]? [name], I'll change it to [email]; call [phone]."
    );
    assert_eq!(tr.pending_actions[0].arguments["customer_id"], 1);
    let evidence = tr
        .escalation
        .as_ref()
        .unwrap()
        .escalation
        .evidence
        .as_ref()
        .unwrap()
        .to_value();
    assert_eq!(evidence["held_answer"], "Your phone is [phone], [name].");
    assert_eq!(evidence["unsupported_claims"][0]["kind"], "phone");
    assert_eq!(evidence["empty_lookups"][0]["result"]["found"], false);
}

#[tokio::test]
async fn reviewer_masking_covers_search_hits_and_their_snippets() {
    let t = fresh().await;
    let hits = search(&t.db, &SearchQuery::text("keyboard")).await.unwrap();
    let mut hit = hits
        .into_iter()
        .find(|h| h.session.customer_id == Some(2))
        .expect("Bob's session");
    let customer = |h: &SessionHit| {
        h.snippets
            .iter()
            .position(|s| s.role == MessageRole::Customer)
            .expect("the customer's message matches")
    };
    let i = customer(&hit);
    assert!(hit.snippets[i].text.contains("bob@example.com"), "{hit:?}");
    mask_hit(&mut hit);
    assert_eq!(hit.session.customer_name.as_deref(), Some("[name]"));
    assert_eq!(hit.session.customer_email.as_deref(), Some("[email]"));
    let s = &hit.snippets[i];
    assert!(s.text.contains("[keyboard]"), "{s:?}");
    assert!(
        s.text.contains("Email [email], phone ends [phone]"),
        "{s:?}"
    );
    let joined: String = s.parts.iter().map(|p| p.text.as_str()).collect();
    for secret in ["bob", "7312"] {
        assert!(
            !s.text.contains(secret) && !joined.contains(secret),
            "{s:?}"
        );
    }

    // A matched word inside an email is masked with the email, never highlighted.
    let mut by_email = search(&t.db, &SearchQuery::text("bob"))
        .await
        .unwrap()
        .into_iter()
        .find(|h| h.session.customer_id == Some(2))
        .expect("Bob's session");
    mask_hit(&mut by_email);
    for s in &by_email.snippets {
        assert!(!s.text.to_lowercase().contains("bob"), "{s:?}");
        assert!(
            s.parts.iter().all(|p| !p.hit || !p.text.starts_with('[')),
            "{s:?}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Large histories: a search with a common word reads a bounded window (see `plan`). Tiny limits
// put these few sessions in that mode.

use super::plan::Limits;
use super::search::search_with;

/// Every search with a match bounded, with room for the whole small history.
const BOUNDED_WHOLE: Limits = Limits {
    exact_matches: 0,
    matches_per_result: 1_000,
    min_matches: 1_000,
    window_sessions: 1_000,
    scan_budget: 1e12,
};

async fn sorted_ids(db: &DatabaseConnection, q: &SearchQuery, limits: &Limits) -> Vec<i64> {
    let mut ids: Vec<i64> = search_with(db, q, limits)
        .await
        .unwrap_or_else(|e| panic!("{q:?}: {e}"))
        .iter()
        .map(|h| h.session.id)
        .collect();
    ids.sort();
    ids
}

#[tokio::test]
async fn a_bounded_search_finds_the_sessions_an_exact_one_finds() {
    let t = fresh_sqlite().await;
    let db = &t.db;
    session_with(db, Channel::Kiosk, None, &["refund now or a real person"]).await;
    session_with(
        db,
        Channel::Workspace,
        Some(5),
        &[
            "the keyboard arrived broken",
            "I can refund it",
            "a person will call",
        ],
    )
    .await;
    session_with(db, Channel::Cli, None, &["Le café était fermé"]).await;
    let exact = Limits::DEFAULT;
    let text = |t: &str| SearchQuery::text(t);
    let mut queries: Vec<SearchQuery> = [
        "keyboard",
        "refund",
        "refund person",
        "person refund",
        "where keyb",
        "keyb where",
        "CAFE ferme",
        "zeppelin",
        "bob",
        // Hostile text is searched literally in this mode too.
        "NEAR( refund",
        "person\" OR refund*",
        "x'); DROP TABLE messages;-- refund",
    ]
    .into_iter()
    .map(text)
    .collect();
    queries.extend([
        SearchQuery {
            channel: Some(Channel::Workspace),
            ..text("refund")
        },
        SearchQuery {
            customer_id: Some(5),
            ..text("keyboard refund")
        },
        SearchQuery {
            status: Some(SessionStatus::Closed),
            ..text("refund")
        },
        SearchQuery {
            customer_email: Some("CAROL@example.com".into()),
            ..text("person")
        },
    ]);
    for q in &queries {
        let want = sorted_ids(db, q, &exact).await;
        assert_eq!(sorted_ids(db, q, &BOUNDED_WHOLE).await, want, "{q:?}");
    }
    assert!(
        !sorted_ids(db, &text("refund person"), &exact)
            .await
            .is_empty()
    );
}

#[tokio::test]
async fn a_bounded_search_ranks_words_together_first_and_marks_its_snippets() {
    let t = fresh_sqlite().await;
    let db = &t.db;
    let spread = session_with(
        db,
        Channel::Kiosk,
        None,
        &["the keyboard is broken", "hello", "I want a refund"],
    )
    .await;
    let together = session_with(
        db,
        Channel::Kiosk,
        None,
        &["hello", "a refund for the broken keyboard"],
    )
    .await;
    // Older than the other, still first: both words in one message.
    edit_session(db, together, |s| {
        s.created_at = Set(Utc.with_ymd_and_hms(2020, 1, 1, 0, 0, 0).unwrap())
    })
    .await;
    let hits = search_with(db, &SearchQuery::text("refund keyb"), &BOUNDED_WHOLE)
        .await
        .unwrap();
    let ids: Vec<i64> = hits.iter().map(|h| h.session.id).collect();
    assert_eq!(ids, [together, spread], "{hits:#?}");
    assert!(hits[0].score.unwrap() > hits[1].score.unwrap(), "{hits:#?}");
    assert_eq!(hits[0].session.message_count, 2);
    let marked = |s: &Snippet| -> Vec<String> {
        s.parts
            .iter()
            .filter(|p| p.hit)
            .map(|p| p.text.to_lowercase())
            .collect()
    };
    assert_eq!(hits[0].snippets.len(), 1, "{:#?}", hits[0].snippets);
    assert_eq!(marked(&hits[0].snippets[0]), ["refund", "keyboard"]);
    assert_eq!(hits[0].snippets[0].seq, 2);
    assert!(hits[0].snippets[0].text.contains("[refund]"));
    // Spread over two messages: both are snippets, each with its word.
    let mut spread_words: Vec<Vec<String>> = hits[1].snippets.iter().map(marked).collect();
    spread_words.sort();
    assert_eq!(spread_words, [vec!["keyboard"], vec!["refund"]]);
}

#[tokio::test]
async fn a_bounded_search_looks_at_the_newest_sessions_first() {
    let t = fresh_sqlite().await;
    let db = &t.db;
    let mut parcels = Vec::new();
    for i in 0..6 {
        let channel = if i % 2 == 0 {
            Channel::Kiosk
        } else {
            Channel::Cli
        };
        parcels.push(session_with(db, channel, None, &["where is my parcel"]).await);
    }
    let narrow = Limits {
        exact_matches: 0,
        matches_per_result: 1,
        min_matches: 2,
        window_sessions: 2,
        scan_budget: 1e12,
    };
    let q = |limit: u64, channel: Option<Channel>| SearchQuery {
        limit,
        channel,
        ..SearchQuery::text("parcel")
    };
    // Without filters: the sessions of the newest matches; equal scores, newest first.
    let hits = search_with(db, &q(2, None), &narrow).await.unwrap();
    let ids: Vec<i64> = hits.iter().map(|h| h.session.id).collect();
    assert_eq!(ids, [parcels[5], parcels[4]]);
    // With filters: the newest sessions passing them.
    let ids: Vec<i64> = search_with(db, &q(5, Some(Channel::Kiosk)), &narrow)
        .await
        .unwrap()
        .iter()
        .map(|h| h.session.id)
        .collect();
    assert_eq!(ids, [parcels[4], parcels[2]]);
    // With room for all, every one.
    assert_eq!(sorted_ids(db, &q(50, None), &BOUNDED_WHOLE).await, parcels);
}

#[tokio::test]
async fn a_bounded_search_reads_more_matches_until_the_page_is_full() {
    let t = fresh_sqlite().await;
    let db = &t.db;
    let mut three = Vec::new();
    for _ in 0..3 {
        three.push(
            session_with(
                db,
                Channel::Kiosk,
                None,
                &["parcel one", "parcel two", "parcel three"],
            )
            .await,
        );
    }
    // The two newest matches are both in the newest session: not a page of two yet.
    let narrow = Limits {
        exact_matches: 0,
        matches_per_result: 1,
        min_matches: 1,
        window_sessions: 1,
        scan_budget: 0.0,
    };
    let q = SearchQuery {
        limit: 2,
        ..SearchQuery::text("parcel")
    };
    let ids: Vec<i64> = search_with(db, &q, &narrow)
        .await
        .unwrap()
        .iter()
        .map(|h| h.session.id)
        .collect();
    assert_eq!(ids, [three[2], three[1]]);
}

// ---------------------------------------------------------------------------------------------
// The claim ledger kept with each assistant answer.

use crate::escalation::grounding::{
    ClaimKind, Ledger, LedgerEntry, Outcome, RecordKind, RecordRef, Source,
};

const LEDGER_ANSWER: &str = "Your order #1042 has shipped. Refunds take 5-7 business days. \
    We have alice@example.com on file. I've prepared a refund, tap Yes. You paid $85.00.";

/// An answer's ledger with one claim of each kind of source, and one unsupported claim.
fn sample_ledger() -> Ledger {
    let claim = |kind, text: &str, value: &str, record, source, problem: Option<&str>| {
        let start = LEDGER_ANSWER.find(text).expect("claim in the answer");
        LedgerEntry {
            kind,
            text: text.into(),
            start: start as u32,
            end: (start + text.len()) as u32,
            value: value.into(),
            record,
            source,
            problem: problem.map(str::to_owned),
        }
    };
    let order = Some(RecordRef {
        kind: RecordKind::Order,
        id: 1042,
    });
    let tool = |path: &str| {
        Some(Source::Tool {
            call_id: "c2".into(),
            tool: "get_orders".into(),
            path: path.into(),
        })
    };
    Ledger {
        claims: vec![
            claim(
                ClaimKind::OrderId,
                "order #1042",
                "1042",
                None,
                tool("/orders/0/id"),
                None,
            ),
            claim(
                ClaimKind::Status,
                "has shipped",
                "shipped",
                order.clone(),
                tool("/orders/0/status"),
                None,
            ),
            claim(
                ClaimKind::Duration,
                "5-7 business days",
                "5-7 business days",
                None,
                Some(Source::Passage {
                    call_id: "c3".into(),
                    document: "Returns policy".into(),
                    section: "Refund times".into(),
                }),
                None,
            ),
            claim(
                ClaimKind::Email,
                "alice@example.com",
                "alice@example.com",
                None,
                Some(Source::Customer { message_id: 1 }),
                None,
            ),
            claim(
                ClaimKind::Action,
                "I've prepared a refund",
                "refund:asked",
                None,
                Some(Source::Write {
                    call_id: "c4".into(),
                    tool: "flag_refund".into(),
                    outcome: Outcome::Pending,
                }),
                None,
            ),
            claim(
                ClaimKind::Money,
                "$85.00",
                "8500",
                None,
                None,
                Some("no tool result, passage or customer message in this session states it"),
            ),
        ],
    }
}

/// A session whose assistant answers: one with `ledger`, one stored before ledgers existed, one
/// whose stored ledger does not read back. Returns the session and the three answers' ids.
async fn session_with_ledgers(db: &DatabaseConnection, ledger: Ledger) -> (i64, [i64; 3]) {
    let id = session_with(db, Channel::Kiosk, Some(1), &["where is order 1042?"]).await;
    let answer = |ledger| NewMessage {
        ledger,
        ..NewMessage::text(MessageRole::Assistant, LEDGER_ANSWER)
    };
    let with = sessions::append(db, id, answer(Some(ledger)))
        .await
        .unwrap();
    let without = sessions::append(db, id, answer(None)).await.unwrap();
    let broken = sessions::append(db, id, answer(None)).await.unwrap();
    message::Entity::update_many()
        .col_expr(
            message::Column::Ledger,
            sea_orm::sea_query::Expr::value(json!({"claims": "not a list"})),
        )
        .filter(message::Column::Id.eq(broken.id))
        .exec(db)
        .await
        .unwrap();
    (id, [with.id, without.id, broken.id])
}

#[tokio::test]
async fn a_stored_ledger_reads_back_in_the_transcript_and_the_message_views() {
    let t = fresh().await;
    let ledger = sample_ledger();
    let (id, [with, without, broken]) = session_with_ledgers(&t.db, ledger.clone()).await;

    let tr = show(&t.db, id).await.unwrap();
    let by_id = |mid: i64| tr.messages.iter().find(|m| m.id == mid).unwrap();
    assert_eq!(by_id(with).ledger.as_ref(), Some(&ledger));
    assert_eq!(
        by_id(without).ledger,
        None,
        "an answer from before the ledger"
    );
    assert_eq!(
        by_id(broken).ledger,
        None,
        "a ledger that does not read back"
    );
    assert!(tr.messages[0].ledger.is_none(), "the customer's message");

    let rows = sessions::messages(&t.db, id).await.unwrap();
    let views: Vec<sessions::MessageView> = rows.iter().map(sessions::MessageView::from).collect();
    let view = views.iter().find(|v| v.id == with).unwrap();
    assert_eq!(view.ledger.as_ref(), Some(&ledger));
    let wire = serde_json::to_value(view).unwrap();
    assert_eq!(wire["ledger"]["claims"][1]["source"]["from"], "tool");
    assert_eq!(
        wire["ledger"]["claims"][1]["source"]["path"],
        "/orders/0/status"
    );
    assert_eq!(
        wire["ledger"]["claims"][5]["source"],
        serde_json::Value::Null
    );
    let old = views.iter().find(|v| v.id == without).unwrap();
    assert_eq!(
        serde_json::to_value(old).unwrap()["ledger"],
        serde_json::Value::Null
    );

    // What the kiosk reads of the same session has no ledger at all.
    let customer = sessions::customer_visible(&t.db, id, 0).await.unwrap();
    assert_eq!(customer.len(), 4);
    for m in &customer {
        let v = serde_json::to_value(m).unwrap();
        assert!(v.get("ledger").is_none(), "{v}");
    }
}

#[tokio::test]
async fn exports_carry_each_answers_ledger() {
    let t = fresh().await;
    let ledger = sample_ledger();
    let (id, [with, ..]) = session_with_ledgers(&t.db, ledger.clone()).await;
    let tr = show(&t.db, id).await.unwrap();

    let v = export_json(&tr);
    let msgs = v["messages"].as_array().unwrap();
    let answer = msgs.iter().find(|m| m["id"] == with).unwrap();
    assert_eq!(answer["ledger"], serde_json::to_value(&ledger).unwrap());
    assert_eq!(answer["ledger"]["claims"][2]["source"]["from"], "passage");
    assert_eq!(msgs[0]["ledger"], serde_json::Value::Null);
    // The fields that were there before stay.
    for key in [
        "id",
        "seq",
        "role",
        "content",
        "tool_name",
        "tool_arguments",
        "created_at",
    ] {
        assert!(answer.get(key).is_some(), "{key} in {answer}");
    }
    assert_eq!(v["version"], 1);
    let back: TranscriptExport = serde_json::from_value(v).unwrap();
    assert_eq!(back.transcript, tr);

    let md = export_markdown(&tr);
    let claims = "\n**Claims** (6 claims, 1 unsupported)\n\n\
        \x20 - ✓ order id `order #1042` — `get_orders` → `/orders/0/id`\n\
        \x20 - ✓ status `has shipped` — order 1042 · `get_orders` → `/orders/0/status`\n\
        \x20 - ✓ duration `5-7 business days` — passage: Returns policy › Refund times\n\
        \x20 - ✓ email `alice@example.com` — customer's own message\n\
        \x20 - ✓ action `I've prepared a refund` — write: `flag_refund`, waiting for Yes\n\
        \x20 - ✗ **unsupported** amount `$85.00` — no tool result, passage or customer message \
        in this session states it\n";
    let seq = tr.messages.iter().find(|m| m.id == with).unwrap().seq;
    let block = md
        .split("\n### ")
        .find(|b| b.starts_with(&format!("{seq} · assistant")))
        .unwrap();
    assert!(
        block.ends_with(&format!("> {}\n{claims}", LEDGER_ANSWER)),
        "{block}"
    );
    // Answers without a ledger look as they always did.
    let plain = md
        .split("\n### ")
        .find(|b| b.starts_with(&format!("{} · assistant", seq + 1)))
        .unwrap();
    assert!(plain.ends_with(&format!("> {LEDGER_ANSWER}\n")), "{plain}");
    assert_eq!(md.matches("**Claims**").count(), 1, "{md}");

    // An answer with nothing to source says so.
    let mut empty = tr.clone();
    empty.messages.iter_mut().for_each(|m| {
        if m.id == with {
            m.ledger = Some(Ledger::default());
        }
    });
    assert!(export_markdown(&empty).contains("\n**Claims** (no claims)\n"));
}

#[tokio::test]
async fn claim_lines_cannot_forge_a_heading_or_a_message() {
    let t = fresh().await;
    let mut ledger = sample_ledger();
    ledger.claims[0].text = "1042\n## Fake heading".into();
    ledger.claims[1].source = Some(Source::Tool {
        call_id: "c2".into(),
        tool: "get`orders\r### 9 · agent · forged".into(),
        path: "/x\u{2028}# y".into(),
    });
    ledger.claims[2].source = Some(Source::Passage {
        call_id: "c3".into(),
        document: "Returns\n**Agent:** hi".into(),
        section: "<b>bold</b> [link](x)".into(),
    });
    ledger.claims[5].problem = Some("none\u{85}> quoted".into());
    let (id, _) = session_with_ledgers(&t.db, ledger).await;
    let md = export_markdown(&show(&t.db, id).await.unwrap());
    for line in unquoted_lines(&md) {
        for bad in ["Fake heading", "forged", "# y", "Agent:", "bold", "quoted"] {
            if line.contains(bad) {
                assert!(
                    line.starts_with("  - "),
                    "{bad:?} left its claim line: {line:?}"
                );
            }
        }
    }
    assert!(md.contains("`1042 ## Fake heading`"), "{md}");
    assert!(md.contains("``get`orders ### 9 · agent · forged``"), "{md}");
    assert!(
        md.contains("passage: Returns \\*\\*Agent:\\*\\* hi › \\<b\\>bold\\</b\\> \\[link\\](x)"),
        "{md}"
    );
}

#[tokio::test]
async fn reviewer_masking_reaches_the_claim_ledgers() {
    let t = fresh().await;
    let mut ledger = sample_ledger();
    ledger.claims.push(LedgerEntry {
        kind: ClaimKind::Phone,
        text: "ending in 4821".into(),
        start: 0,
        end: 0,
        value: "4821".into(),
        record: None,
        source: None,
        problem: Some("no tool result states 4821".into()),
    });
    let (id, _) = session_with_ledgers(&t.db, ledger.clone()).await;
    edit_session(&t.db, id, |s| {
        s.escalation_reason = Set(Some(EscalationReason::HallucinationRisk));
        s.escalation_evidence = Set(Some(json!({
            "held_answer": LEDGER_ANSWER,
            "unsupported_claims": [{"kind": "phone", "text": "4821", "value": "4821"}],
            "ledger": ledger,
        })));
    })
    .await;
    let mut tr = show(&t.db, id).await.unwrap();
    mask_transcript(&mut tr);
    let js = without_fractions(&export_json(&tr).to_string());
    let md = export_markdown(&tr);
    for secret in ["alice", "@", "4821"] {
        assert!(!js.contains(secret), "{secret} in {js}");
        assert!(!md.contains(secret), "{secret} in {md}");
    }
    let masked = tr.messages[1].ledger.as_ref().unwrap();
    assert_eq!(
        (
            masked.claims[3].text.as_str(),
            masked.claims[3].value.as_str()
        ),
        ("[email]", "[email]")
    );
    assert_eq!(masked.claims[6].text, "[phone]");
    // The facts a reviewer judges stay: the claims, their kinds and their sources.
    assert_eq!(masked.claims[1], ledger.claims[1]);
    assert_eq!(masked.claims[5], ledger.claims[5]);
    let evidence = tr
        .escalation
        .unwrap()
        .escalation
        .evidence
        .unwrap()
        .to_value();
    assert_eq!(evidence["ledger"]["claims"][6]["text"], "[phone]");
    assert_eq!(
        evidence["ledger"]["claims"][1]["source"]["tool"],
        "get_orders"
    );

    // The workspace's message views mask the same way for a reader who may not see customers.
    let row = sessions::messages(&t.db, id).await.unwrap().remove(1);
    let mut l = sessions::MessageView::from(&row).ledger.unwrap();
    mask_ledger(&mut l);
    assert_eq!(l.claims[3].text, "[email]");
    assert_eq!(l.claims[6].value, "[phone]");
}

/// The full-text index matches the messages: FTS5's own integrity check on SQLite; on
/// PostgreSQL, every stored vector equals the one its text gives now.
async fn index_in_step(db: &DatabaseConnection) {
    match db.get_database_backend() {
        sea_orm::DbBackend::Postgres => {
            let sql = format!(
                "SELECT count(*) FROM messages WHERE search IS DISTINCT FROM {}",
                crate::db::pg_text::vector_of("content")
            );
            let stale = db
                .query_one_raw(sea_orm::Statement::from_string(
                    sea_orm::DbBackend::Postgres,
                    sql,
                ))
                .await
                .unwrap()
                .unwrap()
                .try_get_by_index::<i64>(0)
                .unwrap();
            assert_eq!(stale, 0, "index matches messages");
        }
        _ => fts_sqlite::integrity_check(db)
            .await
            .expect("index matches messages"),
    }
}
