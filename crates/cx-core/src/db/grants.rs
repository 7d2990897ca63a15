//! Least privilege per station (issue #10): on a shared PostgreSQL, each app process connects with
//! a login of its station's kind — a kiosk station (the public lobby screen) or an agent desk — that
//! holds only the table rights that station's code uses. The owner's login runs the migrations; a
//! station login cannot change the schema, and a kiosk cannot read the audit log or a password
//! hash, whatever its process is made to do.
//!
//! [`TABLES`] is the one map from table to rights; `cx-agent db grants ROLE` applies it (or prints
//! the SQL for a DBA). A table the map does not classify gets no right at all, and the tests fail
//! until it is classified.

use crate::db::{self, Target};
use crate::error::{CoreError, Result};
use sea_orm::{ConnectionTrait, DbBackend, DbErr, Statement, TransactionTrait};
use serde::Serialize;

/// The two kinds of station that share a team's database.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Station {
    /// A kiosk in the lobby: the assistant answers one customer at a time.
    Kiosk,
    /// An agent desk: people (agents, supervisors) working the queue.
    Desk,
}

impl Station {
    pub const ALL: [Station; 2] = [Station::Kiosk, Station::Desk];

    pub fn parse(given: &str) -> Result<Station> {
        match given.trim() {
            "kiosk" => Ok(Station::Kiosk),
            "desk" => Ok(Station::Desk),
            other => Err(CoreError::invalid(format!(
                "unknown station {other:?}; expected kiosk or desk"
            ))),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Station::Kiosk => "kiosk",
            Station::Desk => "desk",
        }
    }

    /// The login `cx-agent db grants` creates when no `--login` is given.
    pub fn default_login(self) -> &'static str {
        match self {
            Station::Kiosk => "cx_kiosk",
            Station::Desk => "cx_desk",
        }
    }
}

/// Rights on one table: a set of SELECT, INSERT, UPDATE and DELETE.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rights(u8);

/// No right at all: the table is invisible to the login.
pub const NONE: Rights = Rights(0);
/// SELECT (read).
pub const R: Rights = Rights(1);
/// INSERT only: rows go in, none comes back out (the kiosk's audit rows).
pub const I: Rights = Rights(2);
pub const RI: Rights = Rights(1 | 2);
pub const RU: Rights = Rights(1 | 4);
pub const RIU: Rights = Rights(1 | 2 | 4);
pub const RID: Rights = Rights(1 | 2 | 8);
pub const RIUD: Rights = Rights(1 | 2 | 4 | 8);

impl Rights {
    const NAMES: [(u8, &'static str); 4] =
        [(1, "SELECT"), (2, "INSERT"), (4, "UPDATE"), (8, "DELETE")];

    /// The privileges, in SQL's words and order.
    pub fn privileges(self) -> Vec<&'static str> {
        Self::NAMES
            .iter()
            .filter(|(bit, _)| self.0 & bit != 0)
            .map(|(_, name)| *name)
            .collect()
    }

    pub fn reads(self) -> bool {
        self.0 & 1 != 0
    }

    pub fn inserts(self) -> bool {
        self.0 & 2 != 0
    }

    pub fn deletes(self) -> bool {
        self.0 & 8 != 0
    }

    pub fn is_none(self) -> bool {
        self.0 == 0
    }
}

impl std::fmt::Display for Rights {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.privileges().join(", ") {
            p if p.is_empty() => f.write_str("none"),
            p => f.write_str(&p),
        }
    }
}

/// One table's rights per station.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TableRights {
    pub table: &'static str,
    /// Whether its `id` takes numbers from a sequence (`bigserial`, named `<table>_id_seq`): a
    /// station that inserts needs USAGE on it.
    pub serial_id: bool,
    pub kiosk: Rights,
    pub desk: Rights,
}

impl TableRights {
    pub fn of(&self, station: Station) -> Rights {
        match station {
            Station::Kiosk => self.kiosk,
            Station::Desk => self.desk,
        }
    }

    /// The sequence behind `id`, if any.
    pub fn sequence(&self) -> Option<String> {
        self.serial_id.then(|| format!("{}_id_seq", self.table))
    }
}

const fn t(table: &'static str, serial_id: bool, kiosk: Rights, desk: Rights) -> TableRights {
    TableRights {
        table,
        serial_id,
        kiosk,
        desk,
    }
}

/// Every table of the schema and what each station does with it, from what the code does (R
/// SELECT, I INSERT, U UPDATE, D DELETE). Seeding, migrations and sequence resets are the
/// owner's. A new table (a migration) must be added here: the tests fail until it is.
pub const TABLES: &[TableRights] = &[
    //  table                  serial  kiosk  desk
    // Both check the schema is current at start (`db::connect`).
    t("seaql_migrations", false, R, R),
    // Kiosk: verification and lookups, the email change a customer confirmed. Desk: the customer
    // record and the same change. Nobody adds or removes customers but the owner (seed).
    t("customers", true, RU, RU),
    // A refund is flagged by changing the order's status.
    t("orders", true, RU, RU),
    // Both change a ticket's status; the workspace may open one (`tickets::create`).
    t("tickets", true, RU, RIU),
    // Managed at desks; the kiosk's assistant never reads them.
    t("canned_responses", true, NONE, RIUD),
    // A kiosk starts sessions and changes them (verified customer, tone, escalation, close);
    // a desk takes, hands back, offers and closes them.
    t("sessions", true, RIU, RU),
    // A kiosk turn stores its rows and then their sentiment; desks add agent replies.
    t("messages", true, RIU, RI),
    // Proposed by the assistant or the co-pilot, decided by the customer or an agent, expired at
    // close.
    t("pending_actions", true, RIU, RIU),
    // Every write is audited; only desks read the log (supervisors, by policy).
    t("audit_log", true, I, RI),
    // Kept from the desks (knowledge view, reindex); the kiosk searches it. See `Core::open`.
    t("knowledge_documents", true, R, RIUD),
    t("knowledge_passages", true, R, RIUD),
    // Whoever closes a session rewrites its insights and the customer's profile (delete, insert).
    t("session_insights", false, RID, RID),
    t("customer_profiles", false, RID, RID),
    // Failed verifications and locks: the kiosk's own (desks verify nobody).
    t("verification_failures", true, RI, NONE),
    t("verification_locks", true, RI, NONE),
    // Presence: every station sees who is online; desks add, change and sign in agents.
    t("agents", true, R, RIU),
    // Password hashes: never on a kiosk.
    t("agent_passwords", false, NONE, RIU),
];

/// The map's entry for `table`.
pub fn rights_of(table: &str) -> Option<&'static TableRights> {
    TABLES.iter().find(|t| t.table == table)
}

/// A login name: `[a-z_][a-z0-9_]{0,62}` (PostgreSQL's 63-byte limit, no quoting surprises).
pub fn valid_login(name: &str) -> Result<&str> {
    let ok = !name.is_empty()
        && name.len() <= 63
        && name.starts_with(|c: char| c.is_ascii_lowercase() || c == '_')
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if !ok {
        return Err(CoreError::invalid(format!(
            "{name:?} is not a login name: lower-case letters, digits and _, not starting with a \
             digit, at most 63"
        )));
    }
    if name.starts_with("pg_") {
        return Err(CoreError::invalid(
            "names starting with pg_ are PostgreSQL's",
        ));
    }
    Ok(name)
}

/// An identifier in double quotes (a quote inside doubled).
fn ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// The password as an SQL string literal. PostgreSQL takes no bind parameter in CREATE/ALTER
/// ROLE … PASSWORD (a utility statement is not planned, so `$1` is a syntax error there): the
/// password has to be part of the statement's text. As `quote_literal()` does it: single quotes
/// doubled, and with a backslash the `E''` form with backslashes doubled, so the literal means
/// the same whatever `standard_conforming_strings` says. NUL cannot be sent in a statement at all.
pub fn password_literal(password: &str) -> Result<String> {
    if password.is_empty() {
        return Err(CoreError::invalid("the password is empty"));
    }
    if password.contains('\0') {
        return Err(CoreError::invalid(
            "a password cannot contain a NUL character",
        ));
    }
    let quoted = password.replace('\'', "''");
    Ok(if password.contains('\\') {
        format!("E'{}'", quoted.replace('\\', "\\\\"))
    } else {
        format!("'{quoted}'")
    })
}

/// The statements that make `login` a `station` login on the database they run in (as its
/// owner, with the right to create roles), in order; run them in one transaction.
///
/// The login is created when missing, else updated: every right it had in this database's public
/// schema is revoked and the map's granted again, so a run after a migration also takes rights
/// away. A superuser, a role that owns the database or anything in it, or a member of another
/// role is refused rather than changed: it is somebody's account, not a station's.
pub fn statements(station: Station, login: &str, password: Option<&str>) -> Result<Vec<String>> {
    let login = valid_login(login)?;
    let role = ident(login);
    let password = password.map(password_literal).transpose()?;
    // `login` is a valid name: safe inside the literals and the dollar quotes below.
    let prepare = format!(
        "DO $grants$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{login}' AND rolsuper) THEN
        RAISE EXCEPTION '{login} is a superuser: a station login must be a role of its own';
    END IF;
    IF EXISTS (SELECT 1 FROM pg_database WHERE datname = current_database()
                   AND pg_get_userbyid(datdba) = '{login}')
       OR EXISTS (SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                   WHERE n.nspname = 'public' AND pg_get_userbyid(c.relowner) = '{login}') THEN
        RAISE EXCEPTION '{login} owns this database or its tables (it runs the migrations): \
a station login must be a role of its own';
    END IF;
    IF EXISTS (SELECT 1 FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.member
                   WHERE r.rolname = '{login}') THEN
        RAISE EXCEPTION '{login} is a member of other roles and could use their rights';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{login}') THEN
        CREATE ROLE {role};
    END IF;
    -- The database's name is the server's to say.
    EXECUTE format('REVOKE ALL ON DATABASE %I FROM {role}', current_database());
    EXECUTE format('GRANT CONNECT ON DATABASE %I TO {role}', current_database());
END
$grants$"
    );
    let mut alter = format!(
        "ALTER ROLE {role} WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT \
         NOREPLICATION NOBYPASSRLS"
    );
    if let Some(p) = password {
        alter.push_str(&format!(" PASSWORD {p}"));
    }
    let mut out = vec![
        prepare,
        alter,
        format!("REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {role}"),
        format!("REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM {role}"),
        format!("REVOKE ALL ON SCHEMA public FROM {role}"),
        // PostgreSQL 14 and older let every role create tables in `public` (PUBLIC's CREATE);
        // 15 and later no longer do. The owner keeps it as the owner.
        "REVOKE CREATE ON SCHEMA public FROM PUBLIC".to_owned(),
        format!("GRANT USAGE ON SCHEMA public TO {role}"),
    ];
    for t in TABLES {
        let rights = t.of(station);
        if rights.is_none() {
            continue;
        }
        out.push(format!(
            "GRANT {} ON TABLE public.{} TO {role}",
            rights.privileges().join(", "),
            ident(t.table)
        ));
        if let (true, Some(seq)) = (rights.inserts(), t.sequence()) {
            out.push(format!(
                "GRANT USAGE ON SEQUENCE public.{} TO {role}",
                ident(&seq)
            ));
        }
    }
    Ok(out)
}

/// [`statements`] as a script for a DBA (`--print`): one transaction, run with psql connected to
/// the CX Agent database as its owner.
pub fn script(station: Station, login: &str, password: Option<&str>) -> Result<String> {
    let mut s = format!(
        "-- CX Agent: the {} station login {login:?} and its rights (cx-agent db grants).\n\
         -- Run connected to the CX Agent database as its owner, e.g. psql -d cx -f FILE.\n\
         BEGIN;\n",
        station.as_str()
    );
    for statement in statements(station, login, password)? {
        s.push_str(&statement);
        s.push_str(";\n");
    }
    s.push_str("COMMIT;\n");
    Ok(s)
}

/// What `apply` did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GrantReport {
    pub station: Station,
    pub login: String,
    pub database: String,
    /// The login did not exist before.
    pub created: bool,
    pub password_set: bool,
    /// `(table, rights)` for every table the login may use.
    pub tables: Vec<(String, String)>,
    /// Tables of the database the map does not classify: the login got no right on them.
    pub unclassified: Vec<String>,
}

/// `url` must name a PostgreSQL database: a SQLite file has no logins to grant to.
pub fn require_postgres(url: &str) -> Result<()> {
    if Target::parse(url)?.is_postgres() {
        return Ok(());
    }
    Err(CoreError::invalid(
        "grants are for a PostgreSQL database (postgres://OWNER@HOST/DATABASE); a SQLite file \
         has no logins",
    ))
}

/// Create or update `login` as a `station` login on the database at `url` (the owner's login;
/// pending migrations run first, so every table exists).
pub async fn apply(
    url: &str,
    station: Station,
    login: &str,
    password: Option<&str>,
) -> Result<GrantReport> {
    require_postgres(url)?;
    let statements = statements(station, login, password)?;
    let conn = db::connect(url).await?;
    let who = |sql: &str| Statement::from_string(DbBackend::Postgres, sql.to_owned());
    let row = conn
        .query_one_raw(who(&format!(
            "SELECT current_user::text, current_database()::text, \
             EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{login}')"
        )))
        .await?
        .ok_or_else(|| CoreError::Internal("no answer from the server".into()))?;
    let current: String = row.try_get_by_index(0)?;
    let database: String = row.try_get_by_index(1)?;
    let existed: bool = row.try_get_by_index(2)?;
    if current == login {
        return Err(CoreError::invalid(format!(
            "{login} is the login this command connects with (the owner's): give the station \
             login another name with --login"
        )));
    }
    let txn = conn.begin().await?;
    for sql in &statements {
        txn.execute_unprepared(sql).await.map_err(refusal)?;
    }
    txn.commit().await?;
    let tables = TABLES
        .iter()
        .filter(|t| !t.of(station).is_none())
        .map(|t| (t.table.to_owned(), t.of(station).to_string()))
        .collect();
    let unclassified = unclassified(&conn).await?;
    conn.close().await.ok();
    Ok(GrantReport {
        station,
        login: login.to_owned(),
        database,
        created: !existed,
        password_set: password.is_some(),
        tables,
        unclassified,
    })
}

/// The server's refusal as the error a person can act on.
fn refusal(e: DbErr) -> CoreError {
    match sql_state(&e).as_deref() {
        // RAISE EXCEPTION in the checks above: the message says why.
        Some("P0001") => CoreError::Refused(database_message(&e).unwrap_or_else(|| e.to_string())),
        Some("42501") => CoreError::denied(format!(
            "this login may not create roles or grant rights ({}): run it as the database's \
             owner with CREATEROLE, or give the SQL of --print to a DBA",
            database_message(&e).unwrap_or_default()
        )),
        _ => e.into(),
    }
}

/// The server's error, if `e` is one.
fn database_error(e: &DbErr) -> Option<&(dyn sea_orm::sqlx::error::DatabaseError + 'static)> {
    use sea_orm::RuntimeErr;
    match e {
        DbErr::Exec(RuntimeErr::SqlxError(e))
        | DbErr::Query(RuntimeErr::SqlxError(e))
        | DbErr::Conn(RuntimeErr::SqlxError(e)) => match &**e {
            sea_orm::sqlx::Error::Database(d) => Some(&**d),
            _ => None,
        },
        _ => None,
    }
}

fn sql_state(e: &DbErr) -> Option<String> {
    database_error(e)
        .and_then(|d| d.code())
        .map(|c| c.into_owned())
}

fn database_message(e: &DbErr) -> Option<String> {
    database_error(e).map(|d| d.message().to_owned())
}

/// Whether the server refused `e` for lack of a privilege (SQLSTATE 42501, e.g. "permission
/// denied for table …" or "must be owner of …"): a station login doing what only the owner or
/// another station may.
pub fn insufficient_privilege(e: &DbErr) -> bool {
    sql_state(e).as_deref() == Some("42501")
}

/// Tables in the public schema that [`TABLES`] does not classify (`information_schema.tables`
/// lists what the connected login may see: ask as the owner).
pub async fn unclassified<C: ConnectionTrait>(conn: &C) -> Result<Vec<String>> {
    let rows = conn
        .query_all_raw(Statement::from_string(
            DbBackend::Postgres,
            "SELECT table_name::text FROM information_schema.tables \
             WHERE table_schema = 'public' ORDER BY 1",
        ))
        .await?;
    let mut out = vec![];
    for row in rows {
        let table: String = row.try_get_by_index(0)?;
        if rights_of(&table).is_none() {
            out.push(table);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn login_names_are_checked() {
        for ok in ["cx_kiosk", "_x", "desk2", &"a".repeat(63)] {
            assert_eq!(valid_login(ok).unwrap(), ok);
        }
        for bad in [
            "",
            "Kiosk",
            "2desk",
            "cx-kiosk",
            "cx kiosk",
            "x\"; DROP ROLE cx; --",
            "pg_kiosk",
            &"a".repeat(64),
        ] {
            assert_eq!(
                valid_login(bad).unwrap_err().code(),
                "invalid_input",
                "{bad}"
            );
        }
    }

    #[test]
    fn passwords_become_literals_that_mean_themselves() {
        assert_eq!(password_literal("s3cret").unwrap(), "'s3cret'");
        assert_eq!(password_literal("it's").unwrap(), "'it''s'");
        assert_eq!(password_literal(r"a\'b").unwrap(), r"E'a\\''b'");
        assert_eq!(password_literal("$grants$ ;--").unwrap(), "'$grants$ ;--'");
        assert!(password_literal("a\0b").is_err());
        assert!(password_literal("").is_err());
    }

    #[test]
    fn the_map_names_each_table_once_and_the_kiosk_never_reads_what_it_must_not() {
        let mut names: Vec<_> = TABLES.iter().map(|t| t.table).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), TABLES.len());
        let kiosk = |table: &str| rights_of(table).unwrap().kiosk;
        assert_eq!(kiosk("agent_passwords"), NONE);
        assert_eq!(kiosk("audit_log"), I);
        assert_eq!(kiosk("canned_responses"), NONE);
        assert_eq!(kiosk("knowledge_passages"), R);
        for t in TABLES {
            for station in Station::ALL {
                assert!(
                    !t.of(station).deletes() || t.of(station).reads(),
                    "{}: a DELETE by key reads the key",
                    t.table
                );
            }
        }
    }

    #[test]
    fn the_sql_creates_grants_and_nothing_else() {
        let sql = statements(Station::Kiosk, "cx_kiosk", Some("it's")).unwrap();
        assert!(sql[0].contains("CREATE ROLE \"cx_kiosk\""));
        assert!(
            sql[1].ends_with("NOBYPASSRLS PASSWORD 'it''s'"),
            "{}",
            sql[1]
        );
        assert!(sql.contains(&"GRANT INSERT ON TABLE public.\"audit_log\" TO \"cx_kiosk\"".into()));
        assert!(sql.contains(
            &"GRANT USAGE ON SEQUENCE public.\"audit_log_id_seq\" TO \"cx_kiosk\"".into()
        ));
        assert!(!sql.iter().any(|s| s.contains("agent_passwords")));
        assert!(!sql.iter().any(|s| s.contains("canned_responses")));
        // No sequence for a table the kiosk only reads, nor for one without a serial id.
        assert!(!sql.iter().any(|s| s.contains("customers_id_seq")));
        let desk = statements(Station::Desk, "cx_desk", None).unwrap();
        assert!(
            !desk[1].contains("PASSWORD"),
            "no password: the old one stays"
        );
        assert!(
            desk.contains(
                &"GRANT SELECT, INSERT, UPDATE ON TABLE public.\"agent_passwords\" TO \"cx_desk\""
                    .into()
            )
        );
        assert!(!desk.iter().any(|s| s.contains("agent_passwords_id_seq")));
        assert!(statements(Station::Desk, "Robert'); --", None).is_err());
        let script = script(Station::Kiosk, "cx_kiosk", None).unwrap();
        assert!(script.contains("BEGIN;\n") && script.ends_with("COMMIT;\n"));
    }

    #[tokio::test]
    async fn a_sqlite_database_has_no_grants() {
        let dir = tempfile::tempdir().unwrap();
        let url = db::sqlite_url(&dir.path().join("cx.db"));
        let err = apply(&url, Station::Kiosk, "cx_kiosk", None)
            .await
            .unwrap_err();
        assert!(
            err.to_string()
                .contains("grants are for a PostgreSQL database"),
            "{err}"
        );
        assert!(!dir.path().join("cx.db").exists(), "nothing opened");
    }
}
