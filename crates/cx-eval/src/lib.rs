//! `cx-agent eval`: scenario suites for a deployment. A scenario (YAML, `evals/`) names the data it
//! starts from, what the customer says — or wants, for a simulated customer — and what must hold at
//! the end: record changes, escalation, facts the replies state, strings they never show. Each
//! scenario runs K times on fresh copies of the demo database; pass^k is the chance that all k
//! trials of a scenario pass (τ²-bench's measure). Test cases are also written from past sessions.

pub mod case;
pub mod customer;
pub mod error;
pub mod expect;
pub mod report;
pub mod run;
pub mod scenario;
pub mod state;

pub use error::{EvalError, Result};
pub use report::Report;
pub use run::{Player, Runner};
pub use scenario::{Loaded, Scenario};

use std::path::{Path, PathBuf};

/// The most trials a run may ask for.
pub const MAX_TRIALS: u32 = 100;

/// Run every scenario under `paths` `trials` times with `player`; `progress` hears each scenario
/// as it finishes.
pub async fn evaluate(
    paths: &[PathBuf],
    trials: u32,
    config_dir: &Path,
    player: Player,
    progress: &mut dyn FnMut(&report::ScenarioResult),
) -> Result<Report> {
    if !(1..=MAX_TRIALS).contains(&trials) {
        return Err(EvalError::Input(format!(
            "--trials takes 1 to {MAX_TRIALS}, not {trials}"
        )));
    }
    let scenarios = scenario::load_all(paths)?;
    let runner = Runner::new(config_dir, player).await?;
    let mut results = Vec::with_capacity(scenarios.len());
    for s in &scenarios {
        let r = runner.scenario(s, trials).await;
        progress(&r);
        results.push(r);
    }
    Ok(Report::new(runner.player().name(), trials, results))
}

/// The shipped suite: `evals/` beside the configuration folder, else `./evals`.
pub fn default_suite(config_dir: &Path) -> PathBuf {
    let beside = config_dir
        .parent()
        .map(|p| p.join("evals"))
        .filter(|p| p.is_dir());
    beside.unwrap_or_else(|| PathBuf::from("evals"))
}
