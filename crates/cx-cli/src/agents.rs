//! `cx-agent agents add | list | disable | enable | password | set`: team mode's agents (the
//! people who sign in at agent desks), managed from the terminal through the same core API, policy
//! and audit log as the workspace's team view.

use crate::{DbArg, RoleArg};
use clap::{Subcommand, ValueEnum};
use cx_core::db::entity::AgentRole;
use cx_core::policy::Actor;
use cx_core::team::{AgentChange, AgentView, NewAgent};
use cx_core::{Engine, Result, api};
use std::process::ExitCode;

#[derive(Subcommand)]
pub enum AgentsAction {
    /// Add an agent; their password is the first line of stdin (asked for at a terminal).
    /// Prints the agent as one JSON object.
    Add {
        /// 1–64 letters, digits, spaces, `.` `_` `-` `@`. It never changes.
        name: String,
        /// What the agent may do once signed in.
        #[arg(long, value_enum, default_value_t = AgentRoleArg::Agent)]
        role: AgentRoleArg,
        /// Sessions they may hold at once, 1–50 (default: `team.max_sessions_per_agent`).
        #[arg(long, value_name = "N")]
        max_sessions: Option<i32>,
        #[command(flatten)]
        db: DbArg,
    },
    /// Every agent, disabled ones last: a table, or with --json one JSON object per agent.
    List {
        /// One JSON object per agent instead of the table.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        db: DbArg,
    },
    /// The agent can no longer sign in (their desk is signed out; their history stays).
    Disable {
        name: String,
        #[command(flatten)]
        db: DbArg,
    },
    /// The agent can sign in again.
    Enable {
        name: String,
        #[command(flatten)]
        db: DbArg,
    },
    /// A new password from the first line of stdin (asked for at a terminal); it also lifts a
    /// sign-in lock after failed attempts.
    Password {
        name: String,
        #[command(flatten)]
        db: DbArg,
    },
    /// Change an agent's role or maximum sessions.
    #[command(group(clap::ArgGroup::new("change").required(true).multiple(true)))]
    Set {
        name: String,
        /// Their new role.
        #[arg(long, value_enum, group = "change")]
        role: Option<AgentRoleArg>,
        /// 1–50, or 0 for the configured default.
        #[arg(long, value_name = "N", group = "change")]
        max_sessions: Option<i32>,
        #[command(flatten)]
        db: DbArg,
    },
}

/// The role an agent signs in with (held in the database, not declared by the desk).
#[derive(Clone, Copy, ValueEnum)]
pub enum AgentRoleArg {
    Agent,
    Supervisor,
    Reviewer,
}

impl From<AgentRoleArg> for AgentRole {
    fn from(r: AgentRoleArg) -> Self {
        match r {
            AgentRoleArg::Agent => AgentRole::Agent,
            AgentRoleArg::Supervisor => AgentRole::Supervisor,
            AgentRoleArg::Reviewer => AgentRole::Reviewer,
        }
    }
}

/// The core and who acts: the supervisor `cli:$USER`. The terminal is operator tooling on a
/// machine that holds the database's credentials (it can already `db migrate`), and the first
/// supervisor has to come from somewhere; acting as a named supervisor person still goes through
/// the policy, and the audit log (`add_agent`, `update_agent`) records who did it. `cli:…` can
/// never be an agent's name (no `:`), so the self-protection against disabling or demoting
/// oneself never mistakes the terminal for an agent.
async fn supervisor(db: &DbArg) -> Result<(Engine, Actor)> {
    RoleArg {
        role: Some("supervisor".to_owned()),
    }
    .engine(db)
    .await
}

pub async fn run(action: AgentsAction) -> Result<ExitCode> {
    match action {
        AgentsAction::Add {
            name,
            role,
            max_sessions,
            db,
        } => {
            // A bad name is refused before anything is asked for.
            let name = cx_core::team::agents::valid_name(&name)?;
            let (engine, actor) = supervisor(&db).await?;
            let new = NewAgent {
                password: read_password(&name)?,
                name,
                role: role.into(),
                max_sessions,
            };
            changed(&engine, &api::team::add_agent(&engine, &actor, &new).await?).await;
        }
        AgentsAction::List { json, db } => {
            let (engine, actor) = supervisor(&db).await?;
            let agents = api::team::list_agents(&engine, &actor).await?;
            if json {
                agents.iter().for_each(line);
            } else {
                print!("{}", table(&agents));
            }
        }
        AgentsAction::Disable { name, db } => {
            update(db, name, |c| c.active = Some(false)).await?;
        }
        AgentsAction::Enable { name, db } => {
            update(db, name, |c| c.active = Some(true)).await?;
        }
        AgentsAction::Password { name, db } => {
            let (engine, actor) = supervisor(&db).await?;
            let change = AgentChange {
                password: Some(read_password(name.trim())?),
                name,
                ..AgentChange::default()
            };
            changed(
                &engine,
                &api::team::update_agent(&engine, &actor, &change).await?,
            )
            .await;
        }
        AgentsAction::Set {
            name,
            role,
            max_sessions,
            db,
        } => {
            update(db, name, |c| {
                c.role = role.map(AgentRole::from);
                c.max_sessions = max_sessions;
            })
            .await?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Apply a change to the agent `name` and print them as they are now.
async fn update(db: DbArg, name: String, set: impl FnOnce(&mut AgentChange)) -> Result<()> {
    let (engine, actor) = supervisor(&db).await?;
    let mut change = AgentChange {
        name,
        ..AgentChange::default()
    };
    set(&mut change);
    changed(
        &engine,
        &api::team::update_agent(&engine, &actor, &change).await?,
    )
    .await;
    Ok(())
}

/// Print the agent as they are now and tell the desks on a shared database (their Team panel,
/// and a desk whose agent was disabled): this process is gone before a shared stream would
/// have sent it. The change itself is committed either way; a failed announcement is a warning.
async fn changed(engine: &Engine, agent: &AgentView) {
    line(agent);
    let event = cx_core::events::CoreEvent::TeamChanged {
        agent: agent.name.clone(),
    };
    if let Err(e) = cx_core::events::announce(&engine.core.db, &event).await {
        tracing::warn!(error = %e, "the desks were not told of the change");
    }
}

fn line(v: &impl serde::Serialize) {
    println!("{}", serde_json::to_string(v).unwrap_or_default());
}

/// The roster for people: name, role, active, online, sessions held, maximum.
fn table(agents: &[AgentView]) -> String {
    if agents.is_empty() {
        return "No agents yet: add one with `cx-agent agents add NAME`.\n".to_owned();
    }
    let yes = |b: bool| if b { "yes" } else { "no" };
    let rows: Vec<[String; 6]> = agents
        .iter()
        .map(|a| {
            [
                a.name.clone(),
                a.role.to_string(),
                yes(a.active).to_owned(),
                yes(a.online).to_owned(),
                a.sessions.to_string(),
                a.max_sessions.to_string(),
            ]
        })
        .collect();
    let header = ["NAME", "ROLE", "ACTIVE", "ONLINE", "SESSIONS", "MAX"].map(str::to_owned);
    let mut widths = [0usize; 6];
    for row in std::iter::once(&header).chain(&rows) {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    for row in std::iter::once(&header).chain(&rows) {
        let cells: Vec<String> = row
            .iter()
            .zip(widths)
            .map(|(cell, w)| format!("{cell:<w$}"))
            .collect();
        out.push_str(cells.join("  ").trim_end());
        out.push('\n');
    }
    out
}

/// The agent's password from stdin (asked for at a terminal).
fn read_password(name: &str) -> Result<String> {
    crate::secret::password_from_stdin(
        &format!("Password for {name}: "),
        "no password: give it on the first line of stdin",
    )
}
