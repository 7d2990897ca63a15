//! `cx-agent`: the command line on the same core as the desktop app. Its flags and JSON lines are
//! a stable contract (see the README): extend them, never rename them.

mod agents;
mod chat;
mod eval;
mod events;
mod grants;
mod history;
mod report;
mod secret;

use clap::{Parser, Subcommand, ValueEnum};
use cx_core::policy::{Actor, Role};
use cx_core::provider::{Provider, ProviderSettings};
use cx_core::{Core, Engine, config::Config};
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
    /// The database: a SQLite file path, sqlite://PATH or postgres://USER@HOST/DATABASE
    /// (default: CX_DATABASE_URL, else a file in the platform data directory).
    #[arg(long, value_name = "PATH|URL")]
    pub db: Option<String>,
}

/// The staff role a command acts in: `--role`, else `CX_AGENT_ROLE`, else `agent`. The terminal
/// is staff tooling on the support machine; a reviewer gets history with personal data masked.
#[derive(clap::Args, Clone)]
pub struct RoleArg {
    /// agent, supervisor or reviewer (default: CX_AGENT_ROLE, else agent).
    #[arg(long, value_name = "ROLE")]
    pub role: Option<String>,
}

impl RoleArg {
    pub fn actor(&self) -> cx_core::Result<Actor> {
        let name = self
            .role
            .clone()
            .or_else(|| std::env::var("CX_AGENT_ROLE").ok())
            .filter(|r| !r.trim().is_empty())
            .unwrap_or_else(|| "agent".to_owned());
        let role = match Role::parse(name.trim()) {
            Some(r @ (Role::Agent | Role::Supervisor | Role::Reviewer)) => r,
            _ => {
                return Err(cx_core::CoreError::invalid(format!(
                    "unknown staff role '{name}'; expected agent, supervisor or reviewer"
                )));
            }
        };
        let who = std::env::var("USER").unwrap_or_else(|_| "terminal".to_owned());
        Ok(Actor::person(role, format!("cli:{who}")))
    }

    /// The core (no model needed) with the actor.
    pub async fn engine(&self, db: &DbArg) -> cx_core::Result<(Engine, Actor)> {
        let actor = self.actor()?;
        let core = db.open().await?;
        let model = cx_core::provider::build(
            &cx_core::provider::ProviderSettings::default(),
            &core.config.escalation.model,
        )?;
        Ok((Engine::new(core, model), actor))
    }
}

/// The model that answers (`chat`, `eval`). A base URL with the default provider means "that
/// server".
#[derive(clap::Args, Clone)]
pub struct ProviderArgs {
    /// offline (default: no network, no key), openai, ollama, or custom (with --base-url).
    #[arg(long, default_value = "offline")]
    pub provider: String,
    /// An OpenAI-compatible base URL, e.g. http://localhost:8080/v1.
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    #[arg(long, value_name = "NAME")]
    pub model: Option<String>,
}

impl ProviderArgs {
    pub fn settings(&self, stream: bool) -> cx_core::Result<ProviderSettings> {
        let mut provider: Provider = self.provider.parse()?;
        if provider == Provider::Offline && self.base_url.is_some() {
            provider = Provider::Custom;
        }
        Ok(ProviderSettings {
            provider,
            base_url: self.base_url.clone(),
            model: self.model.clone(),
            api_key: None,
            stream,
        })
    }
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
    /// The newest audit rows, one JSON object per line (supervisors: `--role supervisor`).
    Audit {
        #[arg(long, default_value_t = 50)]
        limit: u64,
        #[command(flatten)]
        db: DbArg,
        #[command(flatten)]
        role: RoleArg,
    },
    /// Team mode's agents (people who sign in at agent desks): add, list, disable, enable, a new
    /// password, a new role or maximum. Acts as the supervisor `cli:$USER` (operator tooling).
    Agents {
        #[command(subcommand)]
        action: agents::AgentsAction,
    },
    /// The core's events as they happen, whichever process or machine caused them: one JSON
    /// object per line ({"type":"message_added","session_id":…}, …), flushed per line, until
    /// interrupted or stdin or stdout closes (`< /dev/null` ends it at once). PostgreSQL:
    /// LISTEN/NOTIFY; a SQLite file: the file is checked every 250 ms.
    Events(events::EventsArgs),
    /// Run scenario suites (evals/): each scenario K times on fresh copies of the demo data,
    /// checked against its expected end state; prints pass^1…pass^K. Exit 0 only when all pass.
    Eval(eval::EvalArgs),
    /// The support lead's report over a period (default: the last 7 days, UTC): sessions the
    /// assistant resolved alone, escalations by reason, waits for a person, CSAT, sentiment,
    /// topics, grounding holds, per agent. `--json` for scripts, `--csv` for a spreadsheet.
    /// Supervisors and reviewers (`--role`).
    Report(report::ReportArgs),
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
        #[command(flatten)]
        role: RoleArg,
    },
    /// Index `knowledge/` in the configuration folder again (only changed documents are re-read;
    /// every start does this too).
    Reindex {
        #[command(flatten)]
        db: DbArg,
        #[command(flatten)]
        role: RoleArg,
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
    /// Create or update a PostgreSQL login for a kiosk station or an agent desk with only the
    /// rights it needs (run with the owner's login, or `--print` the SQL for a DBA).
    Grants(grants::GrantsArgs),
}

#[derive(Clone, Copy, ValueEnum)]
pub enum ExportFormat {
    Md,
    Json,
    /// A test case for `cx-agent eval` (YAML): the session's customer lines and end state.
    Case,
}

impl DbArg {
    pub fn url(&self) -> String {
        match &self.db {
            Some(given) => given.clone(),
            None => cx_process::database::url(None),
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
                    role,
                },
        } => {
            let (engine, actor) = role.engine(&db).await?;
            let passages =
                cx_core::api::library::kb_search(&engine, &actor, &words.join(" "), limit).await?;
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
            action: KbAction::Reindex { db, role },
        } => {
            let (engine, actor) = role.engine(&db).await?;
            let report = cx_core::api::library::kb_reindex(&engine, &actor).await?;
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
        Command::Audit { limit, db, role } => {
            let (engine, actor) = role.engine(&db).await?;
            for row in cx_core::api::staff::read_audit_log(&engine, &actor, limit).await? {
                println!("{}", serde_json::to_string(&row).unwrap_or_default());
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Agents { action } => agents::run(action).await,
        Command::Events(args) => events::run(args).await,
        Command::Eval(args) => Ok(eval::run(args).await),
        Command::Report(args) => report::run(args).await,
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
            let report = cx_core::seed::seed(&core.db).await?;
            println!("{}", serde_json::to_string(&report).unwrap_or_default());
            Ok(ExitCode::SUCCESS)
        }
        Command::Db {
            action: DbAction::Grants(args),
        } => grants::run(args).await,
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    cx_process::logging::init_stderr();
    let cli = Cli::parse();
    match run(cli).await {
        Ok(code) => code,
        Err(e) => {
            eprintln!("cx-agent: {e}");
            ExitCode::from(1)
        }
    }
}
