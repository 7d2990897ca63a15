//! `cx-agent history list | show ID | search WORDS | export ID --format md|json|case`.

use crate::{DbArg, ExportFormat, RoleArg};
use clap::Subcommand;
use cx_core::api;
use cx_core::history::SearchQuery;
use std::process::ExitCode;

#[derive(Subcommand)]
pub enum HistoryAction {
    /// Recent sessions, newest first (JSON lines).
    List {
        #[command(flatten)]
        db: DbArg,
        #[command(flatten)]
        role: RoleArg,
        #[arg(long, default_value_t = 20)]
        limit: u64,
    },
    /// One session's full transcript (JSON).
    Show {
        id: i64,
        #[command(flatten)]
        db: DbArg,
        #[command(flatten)]
        role: RoleArg,
    },
    /// Sessions whose messages contain all the words (JSON lines, best first).
    Search {
        #[arg(required = true, num_args = 1..)]
        words: Vec<String>,
        #[command(flatten)]
        db: DbArg,
        #[command(flatten)]
        role: RoleArg,
        #[arg(long, default_value_t = 20)]
        limit: u64,
    },
    /// A session as Markdown, JSON, or a test case for `cx-agent eval` (YAML) on stdout.
    Export {
        id: i64,
        #[arg(long, value_enum, default_value = "md")]
        format: ExportFormat,
        #[command(flatten)]
        db: DbArg,
        #[command(flatten)]
        role: RoleArg,
    },
}

fn line(v: &impl serde::Serialize) {
    println!("{}", serde_json::to_string(v).unwrap_or_default());
}

pub async fn run(action: HistoryAction) -> cx_core::Result<ExitCode> {
    match action {
        HistoryAction::List { db, role, limit } => {
            let (engine, actor) = role.engine(&db).await?;
            api::history::list(&engine, &actor, limit)
                .await?
                .iter()
                .for_each(line);
        }
        HistoryAction::Show { id, db, role } => {
            let (engine, actor) = role.engine(&db).await?;
            let t = api::history::show(&engine, &actor, id).await?;
            println!("{}", serde_json::to_string_pretty(&t).unwrap_or_default());
        }
        HistoryAction::Search {
            words,
            db,
            role,
            limit,
        } => {
            let (engine, actor) = role.engine(&db).await?;
            let q = SearchQuery {
                limit,
                ..SearchQuery::text(words.join(" "))
            };
            api::history::search(&engine, &actor, &q)
                .await?
                .iter()
                .for_each(line);
        }
        HistoryAction::Export {
            id,
            format,
            db,
            role,
        } => {
            let (engine, actor) = role.engine(&db).await?;
            let format = match format {
                ExportFormat::Md => api::history::ExportFormat::Markdown,
                ExportFormat::Json => api::history::ExportFormat::Json,
                ExportFormat::Case => {
                    print!("{}", cx_eval::case::export(&engine, &actor, id).await?);
                    return Ok(ExitCode::SUCCESS);
                }
            };
            let content = api::history::export(&engine, &actor, id, format).await?;
            match format {
                api::history::ExportFormat::Markdown => print!("{content}"),
                api::history::ExportFormat::Json => println!("{content}"),
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
