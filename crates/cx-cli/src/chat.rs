//! `cx-agent chat`: a kiosk conversation over stdin/stdout. With `--json`, one JSON object per
//! input line: the turn's outcome, or `{"error": "..."}` for a rejected line (then the next line).

use crate::{DbArg, ProviderArgs};
use cx_core::api;
use cx_core::db::entity::{Channel, PendingState};
use cx_core::pending::Decision;
use cx_core::policy::Actor;
use cx_core::{Engine, Language};
use serde_json::json;
use std::io::{BufRead, Write};
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct ChatArgs {
    #[command(flatten)]
    db: DbArg,
    #[command(flatten)]
    model: ProviderArgs,
    /// A tone from config/system_prompts.yaml (default: its default_tone).
    #[arg(long, value_name = "NAME")]
    tone: Option<String>,
    /// The customer's language (en, de or es): the assistant answers in it and the core's own
    /// notices (a person joins, a change was made) come in it.
    #[arg(long, value_name = "CODE", default_value = "en")]
    language: Language,
    /// One JSON object per input line.
    #[arg(long)]
    json: bool,
    /// Do not add the demo data to an empty database.
    #[arg(long)]
    no_demo: bool,
}

pub async fn run(args: ChatArgs) -> cx_core::Result<ExitCode> {
    let settings = args.model.settings(false)?;
    let core = args.db.open().await?;
    if !args.no_demo {
        cx_core::seed::on_start(&core.db).await?;
    }
    let model = cx_core::provider::build(&settings, &core.config.escalation.model)?;
    let engine = Engine::new(core, model);
    // The terminal plays a kiosk customer at this machine's CLI station.
    let actor = Actor::kiosk_station(cx_core::station::local("cli"));
    let session = api::kiosk::start_session(
        &engine,
        &actor,
        Channel::Cli,
        args.tone.as_deref(),
        Some(args.language),
    )
    .await?;
    if !args.json {
        eprintln!(
            "CX Agent chat — session {} with the {} assistant, tone {}, language {} ({}). Type a message; /confirm N or /reject N answers a pending action; Ctrl-D ends.",
            session.id,
            engine.model().name(),
            session.tone,
            args.language.code(),
            args.language.english_name()
        );
    }
    let stdin = std::io::stdin();
    let mut out = std::io::stdout().lock();
    for line in stdin.lock().lines() {
        let line = line.map_err(|e| cx_core::CoreError::Internal(format!("reading stdin: {e}")))?;
        if line.trim().is_empty() && !args.json {
            continue;
        }
        let result = match parse_command(&line) {
            Some(Ok((id, decision))) => {
                api::kiosk::decide_action(&engine, &actor, session.id, id, decision).await
            }
            Some(Err(e)) => Err(e),
            None => api::kiosk::send_message(&engine, &actor, session.id, &line).await,
        };
        let written = match (&result, args.json) {
            (Ok(o), true) => writeln!(out, "{}", serde_json::to_string(o).unwrap_or_default()),
            (Err(e), true) => writeln!(out, "{}", json!({ "error": e.to_string() })),
            (Ok(o), false) => print_human(&mut out, o),
            (Err(e), false) => writeln!(out, "error: {e}"),
        };
        written
            .and_then(|_| out.flush())
            .map_err(|e| cx_core::CoreError::Internal(format!("writing stdout: {e}")))?;
    }
    Ok(ExitCode::SUCCESS)
}

/// `/confirm N` or `/reject N`; None for an ordinary message.
fn parse_command(line: &str) -> Option<cx_core::Result<(i64, Decision)>> {
    let mut parts = line.split_whitespace();
    let decision = match parts.next()? {
        "/confirm" => Decision::Confirm,
        "/reject" => Decision::Reject,
        _ => return None,
    };
    let id = parts
        .next()
        .and_then(|n| n.trim_start_matches('#').parse::<i64>().ok())
        .filter(|n| *n > 0);
    Some(match (id, parts.next()) {
        (Some(id), None) => Ok((id, decision)),
        _ => Err(cx_core::CoreError::invalid(
            "usage: /confirm N or /reject N, N a pending action number",
        )),
    })
}

fn print_human(out: &mut impl Write, o: &cx_core::TurnOutcome) -> std::io::Result<()> {
    for c in &o.tool_calls {
        writeln!(out, "  [tool] {} {} -> {}", c.name, c.arguments, c.result)?;
    }
    if let Some(r) = &o.reply {
        writeln!(out, "assistant> {r}")?;
    }
    for p in o
        .pending_actions
        .iter()
        .filter(|p| p.state == PendingState::Proposed)
    {
        writeln!(
            out,
            "  [pending action {}] {} {} — /confirm {} or /reject {}",
            p.id, p.tool, p.arguments, p.id, p.id
        )?;
    }
    if let Some(e) = &o.escalation {
        writeln!(
            out,
            "  [escalated: {} ({})] a person will join shortly",
            e.reason,
            e.priority.map_or(String::new(), |p| p.to_string())
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn confirm_and_reject_lines() {
        assert!(matches!(
            parse_command("/confirm 7"),
            Some(Ok((7, Decision::Confirm)))
        ));
        assert!(matches!(
            parse_command("/reject #3"),
            Some(Ok((3, Decision::Reject)))
        ));
        assert!(matches!(parse_command("/confirm"), Some(Err(_))));
        assert!(matches!(parse_command("/confirm -1"), Some(Err(_))));
        assert!(matches!(parse_command("/confirm 1 2"), Some(Err(_))));
        assert!(parse_command("where is my order").is_none());
        assert!(parse_command("/confirmed 3").is_none());
    }
}
