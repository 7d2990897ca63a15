//! `cx-agent`: the command line on the same core as the desktop app. Its flags and JSON lines are
//! a stable contract (see the README): extend them, never rename them.

use clap::{Parser, Subcommand};
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

#[derive(Subcommand)]
enum Command {
    /// Database maintenance.
    Db {
        #[command(subcommand)]
        action: DbAction,
    },
}

#[derive(Subcommand)]
enum DbAction {
    /// Create or upgrade the schema.
    Migrate {
        #[arg(long)]
        db: Option<PathBuf>,
    },
    /// Add the demo data (only to an empty database).
    Seed {
        #[arg(long)]
        db: Option<PathBuf>,
    },
}

fn db_url(path: &Option<PathBuf>) -> String {
    match path {
        Some(p) => db::sqlite_url(p),
        None => db::resolve_url(None),
    }
}

async fn run(cli: Cli) -> cx_core::Result<()> {
    match cli.command {
        Command::Db {
            action: DbAction::Migrate { db },
        } => {
            let core = Core::open(&db_url(&db), &Config::default_dir()).await?;
            drop(core);
            println!("{}", serde_json::json!({ "migrated": true }));
        }
        Command::Db {
            action: DbAction::Seed { db },
        } => {
            let core = Core::open(&db_url(&db), &Config::default_dir()).await?;
            let report = db::seed::seed(&core.db).await?;
            println!("{}", serde_json::to_string(&report).unwrap_or_default());
        }
    }
    Ok(())
}

#[tokio::main]
async fn main() -> ExitCode {
    cx_core::logging::init_stderr();
    let cli = Cli::parse();
    match run(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("cx-agent: {e}");
            ExitCode::FAILURE
        }
    }
}
