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
    /// Database maintenance.
    Db {
        #[command(subcommand)]
        action: DbAction,
    },
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
