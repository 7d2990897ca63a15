//! Schema migrations: they build the whole database from an empty file.

use sea_orm_migration::prelude::*;

mod m0001_init;
mod m0002_history_search;
mod m0003_knowledge;
mod m0004_insights;
mod m0005_kiosk_trust;
mod m0006_claim_ledger;
mod m0007_search_speed;
mod m0008_turn_speed;
mod m0009_postgres_search;
mod m0010_team;
mod m0011_reports;
mod m0012_report_speed;
mod m0013_session_language;

pub struct Migrator;

/// Run DDL statements one by one, in order (SQLite's and PostgreSQL's search schemas alike).
async fn run_each<C: sea_orm::ConnectionTrait, S: AsRef<str>>(
    db: &C,
    statements: &[S],
) -> Result<(), DbErr> {
    for sql in statements {
        db.execute_unprepared(sql.as_ref()).await?;
    }
    Ok(())
}

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m0001_init::Migration),
            Box::new(m0002_history_search::Migration),
            Box::new(m0003_knowledge::Migration),
            Box::new(m0004_insights::Migration),
            Box::new(m0005_kiosk_trust::Migration),
            Box::new(m0006_claim_ledger::Migration),
            Box::new(m0007_search_speed::Migration),
            Box::new(m0008_turn_speed::Migration),
            Box::new(m0009_postgres_search::Migration),
            Box::new(m0010_team::Migration),
            Box::new(m0011_reports::Migration),
            Box::new(m0012_report_speed::Migration),
            Box::new(m0013_session_language::Migration),
        ]
    }
}
