//! `cx-agent eval [PATH…]`: run scenario suites (cx-eval) and print per-scenario results and
//! pass^1…pass^K, or with `--json` the report (a stable contract). Exit code 0 only when every
//! scenario that ran passed every trial, 1 when one failed, 2 when the suite could not run.

use crate::ProviderArgs;
use cx_core::config::Config;
use cx_core::provider::{Provider, ProviderSettings};
use cx_eval::Player;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct EvalArgs {
    /// Scenario files or folders (default: the shipped evals/ folder beside config/).
    paths: Vec<PathBuf>,
    // The assistant's model (default offline: the offline assistant, and the scripted model for
    // scenarios that script one).
    #[command(flatten)]
    model: ProviderArgs,
    /// Stream the model's answers (as the kiosk does).
    #[arg(long)]
    stream: bool,
    /// The model that plays simulated customers (default: --model).
    #[arg(long, value_name = "NAME")]
    customer_model: Option<String>,
    /// Runs of each scenario, each on a fresh copy of the demo database (1–100).
    #[arg(long, default_value_t = 1, value_name = "K")]
    trials: u32,
    /// The report as one JSON document on stdout (progress lines go to stderr).
    #[arg(long)]
    json: bool,
}

pub async fn run(args: EvalArgs) -> ExitCode {
    match evaluate(args).await {
        Ok(code) => code,
        Err(e) => {
            eprintln!("cx-agent eval: {e}");
            ExitCode::from(2)
        }
    }
}

async fn evaluate(args: EvalArgs) -> cx_eval::Result<ExitCode> {
    let config_dir = Config::default_dir();
    let player = player(&args)?;
    let paths = if args.paths.is_empty() {
        vec![cx_eval::default_suite(&config_dir)]
    } else {
        args.paths.clone()
    };
    let json = args.json;
    let mut progress = |s: &cx_eval::report::ScenarioResult| {
        let text = cx_eval::report::scenario_text(s);
        if json {
            eprint!(
                "{}",
                text.lines()
                    .next()
                    .map(|l| format!("{l}\n"))
                    .unwrap_or_default()
            );
        } else {
            print!("{text}");
        }
    };
    let report = cx_eval::evaluate(&paths, args.trials, &config_dir, player, &mut progress).await?;
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&report).unwrap_or_default()
        );
    } else {
        print!("{}", report.summary_text());
    }
    Ok(if report.summary.all_passed {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn player(args: &EvalArgs) -> cx_eval::Result<Player> {
    let assistant = args.model.settings(args.stream)?;
    if assistant.provider == Provider::Offline {
        return Ok(Player::Offline);
    }
    let customer = ProviderSettings {
        model: args
            .customer_model
            .clone()
            .or_else(|| assistant.model.clone()),
        stream: false,
        ..assistant.clone()
    };
    Ok(Player::Model {
        assistant,
        customer,
    })
}
