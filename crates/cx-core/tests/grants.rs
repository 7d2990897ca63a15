//! Least privilege per station (issue #10), on a real PostgreSQL server: a kiosk login and a desk
//! login made by `db::grants` run their flows through the public API and are refused the rest.
//! These tests need `CX_TEST_POSTGRES_URL` (the test server's superuser); without it they return
//! early, except the SQLite one.

use cx_core::api::{history, kiosk, library, staff};
use cx_core::canned::CannedInput;
use cx_core::config::Config;
use cx_core::core::testing::{POSTGRES_ENV, TestCore, seeded};
use cx_core::db::entity::{Channel, SessionStatus};
use cx_core::db::grants::{self, Station, TABLES};
use cx_core::history::SearchQuery;
use cx_core::pending::Decision;
use cx_core::policy::{Actor, Role};
use cx_core::{Core, Engine};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, Statement};
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

/// Quotes, a backslash and a space: the literal must carry them as they are (with password
/// authentication on the test server, a wrong escape fails the login).
const PASSWORD: &str = r#"it's a \ "station" pass"#;

const STATION: &str = "kiosk@grants-test";

fn on_postgres() -> bool {
    std::env::var(POSTGRES_ENV).is_ok_and(|u| !u.is_empty())
}

/// A login made for one test: roles are the server's, shared by every test database.
struct Login {
    name: String,
    /// The test database, as this login.
    url: String,
}

fn percent_encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// `url` with its user (and password) replaced.
fn as_login(url: &str, login: &str, password: &str) -> String {
    let (scheme, rest) = url.split_once("://").expect("a URL");
    let host = rest.rsplit_once('@').map_or(rest, |(_, h)| h);
    format!("{scheme}://{login}:{}@{host}", percent_encode(password))
}

async fn grant(t: &TestCore, station: Station) -> Login {
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let name = format!(
        "cx_t_{}_{}_{}",
        station.as_str(),
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    );
    let report = grants::apply(&t.url, station, &name, Some(PASSWORD))
        .await
        .expect("grants");
    assert!(report.created && report.password_set, "{report:?}");
    assert!(report.unclassified.is_empty(), "{report:?}");
    Login {
        url: as_login(&t.url, &name, PASSWORD),
        name,
    }
}

/// The login's rights in the test database, then the login itself.
async fn drop_login(t: &TestCore, login: &Login) {
    t.db.execute_unprepared(&format!(
        "DROP OWNED BY \"{0}\"; DROP ROLE \"{0}\"",
        login.name
    ))
    .await
    .expect("drop the login");
}

async fn open(login: &Login) -> Core {
    Core::open(&login.url, &Config::default_dir())
        .await
        .unwrap_or_else(|e| panic!("{} opens: {e}", login.name))
}

fn offline(core: &Core) -> Engine {
    Engine::new(core.clone(), Arc::new(cx_offline::OfflineAssistant::new()))
}

async fn count(db: &DatabaseConnection, sql: &str) -> i64 {
    db.query_one_raw(Statement::from_string(DbBackend::Postgres, sql.to_owned()))
        .await
        .unwrap()
        .unwrap()
        .try_get_by_index::<i64>(0)
        .unwrap()
}

/// Each statement fails for lack of a privilege (and changes nothing).
async fn refused(db: &DatabaseConnection, who: &str, statements: &[&str]) {
    for sql in statements {
        match db.execute_unprepared(sql).await {
            Err(e) => assert!(
                grants::insufficient_privilege(&e),
                "{who}: {sql}: refused for another reason: {e}"
            ),
            Ok(_) => panic!("{who} may run {sql}"),
        }
    }
}

/// On SQLite there are no logins: a clear error, and no file is created.
#[tokio::test]
async fn a_sqlite_database_has_no_grants() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cx.db");
    for url in [cx_core::db::sqlite_url(&path), path.display().to_string()] {
        let err = grants::apply(&url, Station::Kiosk, "cx_kiosk", None)
            .await
            .unwrap_err();
        assert_eq!(err.code(), "invalid_input");
        assert!(
            err.to_string()
                .contains("grants are for a PostgreSQL database"),
            "{err}"
        );
    }
    assert!(!path.exists(), "nothing was opened");
}

/// Every table of the migrated schema is in the map and every entry is a table: a migration
/// cannot leave a station without rights, or with rights it was never meant to have. The
/// sequences the map names are the ones behind the tables.
#[tokio::test]
async fn every_table_is_classified() {
    if !on_postgres() {
        return;
    }
    let t = seeded().await;
    let unclassified = grants::unclassified(&t.db).await.unwrap();
    assert!(
        unclassified.is_empty(),
        "tables missing from db::grants::TABLES: {unclassified:?}"
    );
    // Identity columns (what sea-query makes on PostgreSQL) and serial ones alike.
    let rows =
        t.db.query_all_raw(Statement::from_string(
            DbBackend::Postgres,
            "SELECT table_name::text, column_name::text, \
                    pg_get_serial_sequence('public.' || quote_ident(table_name), column_name) \
             FROM information_schema.columns \
             WHERE table_schema = 'public' \
               AND (is_identity = 'YES' OR column_default LIKE 'nextval(%')",
        ))
        .await
        .unwrap();
    let mut serial: Vec<(String, String)> = rows
        .iter()
        .map(|r| {
            let table: String = r.try_get_by_index(0).unwrap();
            let column: String = r.try_get_by_index(1).unwrap();
            let sequence: String = r.try_get_by_index(2).unwrap();
            assert_eq!(column, "id", "{table}");
            (table, sequence)
        })
        .collect();
    serial.sort();
    let mut expected: Vec<(String, String)> = TABLES
        .iter()
        .filter_map(|t| {
            t.sequence()
                .map(|s| (t.table.to_owned(), format!("public.{s}")))
        })
        .collect();
    expected.sort();
    assert_eq!(serial, expected);
    for entry in TABLES {
        let n = count(
            &t.db,
            &format!(
                "SELECT count(*) FROM information_schema.tables \
                 WHERE table_schema = 'public' AND table_name = '{}'",
                entry.table
            ),
        )
        .await;
        assert_eq!(n, 1, "{} is in the map but not in the schema", entry.table);
    }
}

/// The server's privileges are the map's, exactly: per table, per sequence, and nothing on the
/// schema or the database beyond USAGE and CONNECT. Running it again puts back the map's rights
/// (an extra grant goes) and keeps the password.
#[tokio::test]
async fn the_logins_hold_exactly_the_maps_rights() {
    if !on_postgres() {
        return;
    }
    let t = seeded().await;
    for station in Station::ALL {
        let login = grant(&t, station).await;
        let name = &login.name;
        t.db.execute_unprepared(&format!("GRANT DELETE ON customers TO \"{name}\""))
            .await
            .unwrap();
        let again = grants::apply(&t.url, station, name, None).await.unwrap();
        assert!(!again.created && !again.password_set, "{again:?}");
        for entry in TABLES {
            let rights = entry.of(station);
            for (privilege, want) in [
                ("SELECT", rights.reads()),
                ("INSERT", rights.inserts()),
                ("UPDATE", rights.privileges().contains(&"UPDATE")),
                ("DELETE", rights.deletes()),
                ("TRUNCATE", false),
                ("REFERENCES", false),
                ("TRIGGER", false),
            ] {
                let has = count(
                    &t.db,
                    &format!(
                        "SELECT has_table_privilege('{name}', 'public.{}', '{privilege}')::int::int8",
                        entry.table
                    ),
                )
                .await;
                assert_eq!(has == 1, want, "{station:?} {privilege} on {}", entry.table);
            }
            if let Some(seq) = entry.sequence() {
                let has = count(
                    &t.db,
                    &format!(
                        "SELECT has_sequence_privilege('{name}', 'public.{seq}', 'USAGE')::int::int8"
                    ),
                )
                .await;
                assert_eq!(has == 1, rights.inserts(), "{station:?} USAGE on {seq}");
            }
        }
        let facts = count(
            &t.db,
            &format!(
                "SELECT (has_schema_privilege('{name}', 'public', 'USAGE')::int * 1
                       + has_schema_privilege('{name}', 'public', 'CREATE')::int * 2
                       + has_database_privilege('{name}', current_database(), 'CONNECT')::int * 4
                       + has_database_privilege('{name}', current_database(), 'CREATE')::int * 8
                       + (SELECT (rolsuper OR rolcreatedb OR rolcreaterole OR rolreplication
                                  OR rolbypassrls OR rolinherit)::int * 16
                          FROM pg_roles WHERE rolname = '{name}'))::int::int8"
            ),
        )
        .await;
        assert_eq!(facts, 1 + 4, "{station:?}: USAGE and CONNECT, nothing else");
        // The password survived the second run: the login still opens.
        open(&login).await.db.close().await.unwrap();
        drop_login(&t, &login).await;
    }
}

/// A kiosk station and an agent desk, each on its own login, work one customer's session from
/// the kiosk to the person and back: every step's table rights are there. What a station must
/// not do is refused by the server.
#[tokio::test]
async fn a_kiosk_and_a_desk_work_a_session_on_their_own_logins() {
    if !on_postgres() {
        return;
    }
    let t = seeded().await;
    let (kiosk_login, desk_login) = (
        grant(&t, Station::Kiosk).await,
        grant(&t, Station::Desk).await,
    );
    let kiosk_core = open(&kiosk_login).await;
    let desk_core = open(&desk_login).await;
    let k = offline(&kiosk_core);
    let d = offline(&desk_core);
    let station = Actor::kiosk_station(STATION);

    // The kiosk: a policy question, a wrong verification (counted, audited), the right one, an
    // order question, an email change the customer confirms, then a person.
    let s = kiosk::start_session(&k, &station, Channel::Kiosk, None, None)
        .await
        .unwrap();
    let say = |text: &'static str| {
        let (k, station) = (&k, &station);
        async move {
            kiosk::send_message(k, station, s.id, text)
                .await
                .unwrap_or_else(|e| panic!("{text}: {e}"))
        }
    };
    let out = say("How long do refunds take?").await;
    assert_eq!(out.tool_calls[0].name, "knowledge_search", "{out:?}");
    let out = say("my email is alice@example.com, phone 0000").await;
    assert!(
        out.tool_calls.iter().any(|c| c.result["verified"] == false),
        "{out:?}"
    );
    let out = say("my email is alice@example.com, phone 4821").await;
    assert!(
        out.tool_calls.iter().any(|c| c.result["verified"] == true),
        "{out:?}"
    );
    let out = say("hi, where is my order?").await;
    assert!(
        out.tool_calls.iter().any(|c| c.name == "get_orders"),
        "{out:?}"
    );
    let out = say("please change my email to alice.grants@example.com").await;
    let action = out
        .pending_actions
        .first()
        .unwrap_or_else(|| panic!("a pending email change: {out:?}"))
        .id;
    let done = kiosk::decide_action(&k, &station, s.id, action, Decision::Confirm)
        .await
        .unwrap();
    assert_eq!(done.tool_calls[0].result["applied"], true, "{done:?}");
    let out = kiosk::request_human(&k, &station, s.id).await.unwrap();
    assert!(out.escalated);

    // The desk: the queue, the transcript, take it, answer, a ticket, a refund, canned replies,
    // the knowledge base, history, close; a supervisor reads the audit log.
    let agent = Actor::person(Role::Agent, "dana");
    let queue = staff::list_queue(&d, &agent).await.unwrap();
    assert!(
        queue.waiting.iter().any(|i| i.session_id == s.id),
        "{queue:?}"
    );
    let transcript = staff::get_session(&d, &agent, s.id).await.unwrap();
    assert!(!transcript.messages.is_empty());
    staff::session_messages(&d, &agent, s.id).await.unwrap();
    let taken = staff::accept(&d, &agent, s.id).await.unwrap();
    assert_eq!(taken.status, SessionStatus::WithAgent);
    staff::send_agent_message(&d, &agent, s.id, "Hello Alice, Dana here.")
        .await
        .unwrap();
    staff::suggest_replies(&d, &agent, s.id).await.unwrap();
    staff::get_customer(&d, &agent, 1).await.unwrap();
    staff::update_ticket(&d, &agent, 5001, "in_progress")
        .await
        .unwrap();
    staff::flag_refund(&d, &agent, 1002, Some("damaged"))
        .await
        .unwrap();
    staff::set_tone(&d, &agent, s.id, "friendly").await.unwrap();
    let supervisor = Actor::person(Role::Supervisor, "sam");
    let canned = CannedInput {
        shortcut: "/grants".into(),
        title: "Grants".into(),
        content: "A reply.".into(),
        category: "general".into(),
    };
    let made = library::create_canned(&d, &supervisor, &canned)
        .await
        .unwrap();
    library::update_canned(&d, &supervisor, made.id, &canned)
        .await
        .unwrap();
    library::delete_canned(&d, &supervisor, made.id)
        .await
        .unwrap();
    assert!(!library::list_canned(&d, &agent).await.unwrap().is_empty());
    assert!(!library::kb_list(&d, &agent).await.unwrap().is_empty());
    library::kb_search(&d, &agent, "refund", 3).await.unwrap();
    history::search(&d, &agent, &SearchQuery::text("order"))
        .await
        .unwrap();

    // The kiosk sees the person's answer.
    let seen = kiosk::messages(&k, &station, s.id, 0).await.unwrap();
    assert!(seen.iter().any(|m| m.content.contains("Dana here")));

    staff::close(&d, &agent, s.id).await.unwrap();
    let audit = staff::read_audit_log(&d, &supervisor, 200).await.unwrap();
    for action in [
        "verify_customer_failed",
        "verify_customer",
        "propose",
        "accept_session",
        "close_session",
    ] {
        assert!(
            audit.iter().any(|a| a.action == action),
            "{action} in the audit log"
        );
    }

    // A kiosk session the customer ends: the kiosk closes it (insights, the profile).
    let s2 = kiosk::start_session(&k, &station, Channel::Kiosk, None, None)
        .await
        .unwrap();
    kiosk::send_message(
        &k,
        &station,
        s2.id,
        "my email is bob@example.com, phone 7312",
    )
    .await
    .unwrap();
    kiosk::end_session(&k, &station, s2.id).await.unwrap();
    assert_eq!(
        count(
            &t.db,
            &format!(
                "SELECT count(*) FROM session_insights WHERE session_id = {}",
                s2.id
            )
        )
        .await,
        1
    );

    refused(
        &kiosk_core.db,
        "the kiosk",
        &[
            "SELECT * FROM agent_passwords",
            "SELECT count(*) FROM agent_passwords",
            "UPDATE agent_passwords SET failed_signins = 0",
            "SELECT * FROM audit_log",
            "SELECT count(*) FROM audit_log",
            "UPDATE audit_log SET action = 'x'",
            "DELETE FROM audit_log",
            "SELECT * FROM canned_responses",
            "INSERT INTO canned_responses (shortcut, title, content, category, created_at, \
             updated_at) VALUES ('/x', 'x', 'x', 'x', now(), now())",
            "DELETE FROM knowledge_passages",
            "INSERT INTO knowledge_documents (path, title, content_hash, updated_at) \
             VALUES ('x.md', 'x', 'x', now())",
            "UPDATE agents SET active = false",
            "DELETE FROM customers WHERE id = 1",
            "INSERT INTO customers (name, email, created_at, updated_at) \
             VALUES ('x', 'x@example.com', now(), now())",
            "TRUNCATE sessions CASCADE",
            "DROP TABLE customers",
            "DROP TABLE audit_log",
            "ALTER TABLE customers ADD COLUMN x text",
            "CREATE TABLE stolen (id int)",
            "CREATE INDEX idx_x ON customers (name)",
            "SELECT setval('customers_id_seq', 1)",
        ],
    )
    .await;
    refused(
        &desk_core.db,
        "the desk",
        &[
            "UPDATE audit_log SET action = 'x'",
            "DELETE FROM audit_log",
            "SELECT * FROM verification_failures",
            "DELETE FROM verification_locks",
            "DELETE FROM customers WHERE id = 1",
            "DELETE FROM sessions WHERE id = 1",
            "DROP TABLE sessions",
            "CREATE TABLE stolen (id int)",
            "ALTER TABLE agents ADD COLUMN x text",
        ],
    )
    .await;

    kiosk_core.db.close().await.unwrap();
    desk_core.db.close().await.unwrap();
    drop_login(&t, &kiosk_login).await;
    drop_login(&t, &desk_login).await;
}

/// A station login opens a current database without migrating; an outdated one is a clear
/// error that names the way out, and the schema is left as it was.
#[tokio::test]
async fn a_station_login_asks_for_the_owner_to_migrate() {
    if !on_postgres() {
        return;
    }
    let t = seeded().await;
    let login = grant(&t, Station::Kiosk).await;
    open(&login).await.db.close().await.unwrap();
    // The newest migration, "forgotten": the login must name it.
    let newest: String =
        t.db.query_one_raw(sea_orm::Statement::from_string(
            t.db.get_database_backend(),
            "SELECT max(version) AS v FROM seaql_migrations",
        ))
        .await
        .unwrap()
        .expect("a migration row")
        .try_get("", "v")
        .unwrap();
    let last = "(SELECT max(version) FROM seaql_migrations)";
    t.db.execute_unprepared(&format!(
        "DELETE FROM seaql_migrations WHERE version = {last}"
    ))
    .await
    .unwrap();
    let err = match Core::open(&login.url, &Config::default_dir()).await {
        Ok(_) => panic!("an outdated database opened on a station login"),
        Err(e) => e,
    };
    assert_eq!(err.code(), "denied", "{err}");
    let text = err.to_string();
    assert!(text.contains("cx-agent db migrate"), "{text}");
    assert!(text.contains("owner"), "{text}");
    assert!(text.contains(&newest), "{newest} in: {text}");
    assert!(
        !text.contains("station\" pass"),
        "the password is hidden: {text}"
    );
    drop_login(&t, &login).await;
}

/// The knowledge base is the desks': a kiosk whose folder is out of step with it still opens
/// (answering from what is indexed) and writes nothing; a desk's start brings it in step.
#[tokio::test]
async fn a_kiosk_never_rewrites_the_knowledge_base() {
    if !on_postgres() {
        return;
    }
    let t = seeded().await;
    let docs = "SELECT count(*) FROM knowledge_documents";
    let indexed = count(&t.db, docs).await;
    assert!(indexed > 1);
    t.db.execute_unprepared(
        "DELETE FROM knowledge_passages WHERE document_id = (SELECT min(id) FROM knowledge_documents);
         DELETE FROM knowledge_documents WHERE id = (SELECT min(id) FROM knowledge_documents)",
    )
    .await
    .unwrap();
    let kiosk_login = grant(&t, Station::Kiosk).await;
    let kiosk_core = open(&kiosk_login).await;
    assert_eq!(
        count(&t.db, docs).await,
        indexed - 1,
        "the kiosk wrote nothing"
    );
    let desk_login = grant(&t, Station::Desk).await;
    let desk_core = open(&desk_login).await;
    assert_eq!(count(&t.db, docs).await, indexed, "the desk reindexed it");
    kiosk_core.db.close().await.unwrap();
    desk_core.db.close().await.unwrap();
    drop_login(&t, &kiosk_login).await;
    drop_login(&t, &desk_login).await;
}

/// The owner's login, a superuser, or a member of another role is nobody's station login: the
/// command refuses and changes nothing.
#[tokio::test]
async fn an_account_that_is_more_than_a_station_is_refused() {
    if !on_postgres() {
        return;
    }
    let t = seeded().await;
    let current: String =
        t.db.query_one_raw(Statement::from_string(
            DbBackend::Postgres,
            "SELECT current_user::text",
        ))
        .await
        .unwrap()
        .unwrap()
        .try_get_by_index(0)
        .unwrap();
    let err = grants::apply(&t.url, Station::Desk, &current, None)
        .await
        .unwrap_err();
    assert_eq!(err.code(), "invalid_input", "{err}");

    let pid = std::process::id();
    let (boss, member) = (format!("cx_t_boss_{pid}"), format!("cx_t_member_{pid}"));
    t.db.execute_unprepared(&format!(
        "CREATE ROLE {boss} SUPERUSER; CREATE ROLE {member}; GRANT {current} TO {member}"
    ))
    .await
    .unwrap();
    for name in [&boss, &member] {
        let err = grants::apply(&t.url, Station::Kiosk, name, None)
            .await
            .unwrap_err();
        assert_eq!(err.code(), "refused", "{name}: {err}");
    }
    let superuser = count(
        &t.db,
        &format!("SELECT rolsuper::int::int8 FROM pg_roles WHERE rolname = '{boss}'"),
    )
    .await;
    assert_eq!(superuser, 1, "left as it was");
    t.db.execute_unprepared(&format!("DROP ROLE {boss}; DROP ROLE {member}"))
        .await
        .unwrap();
}
