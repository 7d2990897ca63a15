//! `cx-agent history list | show ID | search WORDS | export ID --format md|json`.

use crate::{DbArg, ExportFormat};
use clap::Subcommand;
use cx_core::history::{self, SearchQuery};
use std::process::ExitCode;

#[derive(Subcommand)]
pub enum HistoryAction {
    /// Recent sessions, newest first (JSON lines).
    List {
        #[command(flatten)]
        db: DbArg,
        #[arg(long, default_value_t = 20)]
        limit: u64,
    },
    /// One session's full transcript (JSON).
    Show {
        id: i64,
        #[command(flatten)]
        db: DbArg,
    },
    /// Sessions whose messages contain all the words (JSON lines, best first).
    Search {
        #[arg(required = true, num_args = 1..)]
        words: Vec<String>,
        #[command(flatten)]
        db: DbArg,
        #[arg(long, default_value_t = 20)]
        limit: u64,
    },
    /// A session as Markdown or JSON on stdout.
    Export {
        id: i64,
        #[arg(long, value_enum, default_value = "md")]
        format: ExportFormat,
        #[command(flatten)]
        db: DbArg,
    },
}

fn line(v: &impl serde::Serialize) {
    println!("{}", serde_json::to_string(v).unwrap_or_default());
}

pub async fn run(action: HistoryAction) -> cx_core::Result<ExitCode> {
    match action {
        HistoryAction::List { db, limit } => {
            let core = db.open().await?;
            history::list(&core.db, limit).await?.iter().for_each(line);
        }
        HistoryAction::Show { id, db } => {
            let core = db.open().await?;
            let t = history::show(&core.db, id).await?;
            println!("{}", serde_json::to_string_pretty(&t).unwrap_or_default());
        }
        HistoryAction::Search { words, db, limit } => {
            let core = db.open().await?;
            let q = SearchQuery {
                limit,
                ..SearchQuery::text(words.join(" "))
            };
            history::search(&core.db, &q).await?.iter().for_each(line);
        }
        HistoryAction::Export { id, format, db } => {
            let core = db.open().await?;
            let t = history::show(&core.db, id).await?;
            match format {
                ExportFormat::Md => print!("{}", history::export_markdown(&t)),
                ExportFormat::Json => {
                    println!(
                        "{}",
                        serde_json::to_string_pretty(&history::export_json(&t)).unwrap_or_default()
                    )
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
