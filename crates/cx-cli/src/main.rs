//! `cx-agent`: the command line on the same core as the desktop app. Its flags and JSON lines are
//! a stable contract (see the README): extend them, never rename them.

mod chat;
mod history;

use clap::{Parser, Subcommand, ValueEnum};
use cx_core::{Core, config::Config, db};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "cx-agent",
    version,
    about = "CX Agent: AI customer support on your desk"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Args, Clone)]
pub struct DbArg {
    /// The SQLite database file (default: CX_DATABASE_URL, else the platform data directory).
    #[arg(long, value_name = "PATH")]
    pub db: Option<PathBuf>,
}

#[derive(Subcommand)]
enum Command {
    /// Chat as a kiosk customer: one message per line on stdin. `/confirm N` or `/reject N`
    /// answers pending action N.
    Chat(chat::ChatArgs),
    /// Search, show and export past sessions.
    History {
        #[command(subcommand)]
        action: history::HistoryAction,
    },
    /// The knowledge base (Markdown in config/knowledge/).
    Kb {
        #[command(subcommand)]
        action: KbAction,
    },
    /// Offline analysis: `analyze sentiment` reads one message per line and prints one JSON
    /// object per line: {"label", "score", "confidence"}.
    Analyze {
        #[command(subcommand)]
        what: AnalyzeWhat,
    },
    /// Database maintenance.
    Db {
        #[command(subcommand)]
        action: DbAction,
    },
}

#[derive(Subcommand)]
enum KbAction {
    /// The best passages for a question.
    Search {
        #[arg(required = true, num_args = 1..)]
        words: Vec<String>,
        #[arg(long, default_value_t = 3)]
        limit: u64,
        /// One JSON object per passage instead of text.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        db: DbArg,
    },
    /// Index `knowledge/` in the configuration folder again (only changed documents are re-read;
    /// every start does this too).
    Reindex {
        #[command(flatten)]
        db: DbArg,
    },
}

#[derive(Subcommand)]
enum AnalyzeWhat {
    /// The sentiment of each line on stdin (the offline lexicon).
    Sentiment,
}

#[derive(Subcommand)]
enum DbAction {
    /// Create or upgrade the schema.
    Migrate(DbArg),
    /// Add the demo data (only to an empty database).
    Seed(DbArg),
}

#[derive(Clone, Copy, ValueEnum)]
pub enum ExportFormat {
    Md,
    Json,
}

impl DbArg {
    pub fn url(&self) -> String {
        match &self.db {
            Some(p) => db::sqlite_url(p),
            None => db::resolve_url(None),
        }
    }
    pub async fn open(&self) -> cx_core::Result<Core> {
        Core::open(&self.url(), &Config::default_dir()).await
    }
}

async fn run(cli: Cli) -> cx_core::Result<ExitCode> {
    match cli.command {
        Command::Chat(args) => chat::run(args).await,
        Command::History { action } => history::run(action).await,
        Command::Kb {
            action:
                KbAction::Search {
                    words,
                    limit,
                    json,
                    db,
                },
        } => {
            let core = db.open().await?;
            let passages = cx_core::knowledge::search(&core.db, &words.join(" "), limit).await?;
            for p in &passages {
                if json {
                    println!("{}", serde_json::to_string(p).unwrap_or_default());
                } else {
                    println!(
                        "## {} › {}  (score {:.2}, {})\n{}\n",
                        p.title, p.heading, p.score, p.path, p.text
                    );
                }
            }
            if passages.is_empty() && !json {
                println!("No knowledge-base passage matches.");
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Kb {
            action: KbAction::Reindex { db },
        } => {
            let core = db.open().await?;
            let folder = cx_core::knowledge::default_folder();
            let report = cx_core::knowledge::reindex(&core.db, &folder).await?;
            println!("{}", serde_json::to_string(&report).unwrap_or_default());
            Ok(ExitCode::SUCCESS)
        }
        Command::Analyze {
            what: AnalyzeWhat::Sentiment,
        } => {
            use std::io::BufRead;
            for line in std::io::stdin().lock().lines() {
                let line =
                    line.map_err(|e| cx_core::CoreError::Internal(format!("reading stdin: {e}")))?;
                let s = cx_core::sentiment::analyze(&line);
                println!(
                    "{}",
                    serde_json::json!({ "label": s.label, "score": s.score, "confidence": s.confidence })
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Db {
            action: DbAction::Migrate(d),
        } => {
            d.open().await?;
            println!(
                "{}",
                serde_json::json!({ "migrated": true, "url": d.url() })
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Db {
            action: DbAction::Seed(d),
        } => {
            let core = d.open().await?;
            let report = db::seed::seed(&core.db).await?;
            println!("{}", serde_json::to_string(&report).unwrap_or_default());
            Ok(ExitCode::SUCCESS)
        }
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    cx_core::logging::init_stderr();
    let cli = Cli::parse();
    match run(cli).await {
        Ok(code) => code,
        Err(e) => {
            eprintln!("cx-agent: {e}");
            ExitCode::from(1)
        }
    }
}
