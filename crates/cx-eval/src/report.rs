//! The report: per scenario and trial, and pass^k over the suite. The JSON shape is a stable
//! contract (`format: "cx-agent-eval"`, `version: 1`): extend it, never rename a field.

use crate::expect::clip;
use crate::scenario::Loaded;
use crate::state::FieldChange;
use serde::Serialize;
use std::fmt::Write;

pub const FORMAT: &str = "cx-agent-eval";
pub const VERSION: u32 = 1;

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub format: &'static str,
    pub version: u32,
    /// `offline`, or `provider:model`.
    pub player: String,
    pub trials: u32,
    pub scenarios: Vec<ScenarioResult>,
    /// pass^k for k = 1…trials over the scenarios that ran: the chance that all k trials of a
    /// scenario pass, estimated per scenario as C(c, k) / C(n, k) (c passes of n) and averaged.
    pub pass_hat: Vec<PassHat>,
    pub summary: Summary,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct PassHat {
    pub k: u32,
    pub value: f64,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub scenarios: usize,
    /// Scenarios whose every trial passed.
    pub passed: usize,
    pub failed: usize,
    pub not_run: usize,
    /// True only when every scenario that ran passed every trial (the exit code's 0).
    pub all_passed: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct ScenarioResult {
    pub id: String,
    pub title: String,
    pub file: String,
    pub tags: Vec<String>,
    /// `offline`, `scripted` or `model`; null when not run.
    pub played_by: Option<String>,
    /// `lines` or `simulated`; null when not run.
    pub customer: Option<String>,
    /// Why it did not run with this player.
    pub not_run: Option<String>,
    pub passed_trials: u32,
    pub trials: Vec<TrialResult>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TrialResult {
    pub trial: u32,
    pub passed: bool,
    /// One line per broken expectation.
    pub failures: Vec<String>,
    /// Every record field the conversation changed.
    pub changes: Vec<FieldChange>,
    pub escalation: Option<String>,
    /// The handover's evidence (e.g. the held answer and its unsupported claims).
    pub evidence: Option<serde_json::Value>,
    /// Customer messages and button presses.
    pub turns: u32,
    pub duration_ms: u64,
    pub conversation: Vec<Line>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Line {
    /// customer, assistant, tool, confirmation, handover, refused.
    pub who: String,
    pub text: String,
}

impl Line {
    pub fn new(who: &str, text: impl Into<String>) -> Self {
        Line {
            who: who.to_owned(),
            text: text.into(),
        }
    }
}

impl ScenarioResult {
    pub fn new(l: &Loaded) -> Self {
        ScenarioResult {
            id: l.id.clone(),
            title: l.scenario.title.clone(),
            file: l.file.display().to_string(),
            tags: l.scenario.tags.clone(),
            played_by: None,
            customer: None,
            not_run: None,
            passed_trials: 0,
            trials: Vec::new(),
        }
    }

    pub fn push(&mut self, t: TrialResult) {
        self.passed_trials += u32::from(t.passed);
        self.trials.push(t);
    }

    fn ran(&self) -> bool {
        self.not_run.is_none()
    }

    fn all_passed(&self) -> bool {
        self.passed_trials as usize == self.trials.len()
    }
}

impl TrialResult {
    pub fn new(trial: u32) -> Self {
        TrialResult {
            trial,
            passed: false,
            failures: Vec::new(),
            changes: Vec::new(),
            escalation: None,
            evidence: None,
            turns: 0,
            duration_ms: 0,
            conversation: Vec::new(),
        }
    }
}

impl Report {
    pub fn new(player: String, trials: u32, scenarios: Vec<ScenarioResult>) -> Self {
        let ran: Vec<&ScenarioResult> = scenarios.iter().filter(|s| s.ran()).collect();
        let passed = ran.iter().filter(|s| s.all_passed()).count();
        let summary = Summary {
            scenarios: scenarios.len(),
            passed,
            failed: ran.len() - passed,
            not_run: scenarios.len() - ran.len(),
            all_passed: passed == ran.len(),
        };
        let pass_hat = (1..=trials)
            .map(|k| PassHat {
                k,
                value: pass_hat(
                    ran.iter().map(|s| (s.trials.len() as u32, s.passed_trials)),
                    k,
                ),
            })
            .collect();
        Report {
            format: FORMAT,
            version: VERSION,
            player,
            trials,
            scenarios,
            pass_hat,
            summary,
        }
    }

    /// The terminal's report: a line per scenario, failures with their evidence, pass^k.
    pub fn text(&self) -> String {
        let mut out: String = self.scenarios.iter().map(scenario_text).collect();
        out.push_str(&self.summary_text());
        out
    }

    pub fn summary_text(&self) -> String {
        let hats: Vec<String> = self
            .pass_hat
            .iter()
            .map(|p| format!("pass^{} {:.3}", p.k, p.value))
            .collect();
        format!(
            "\n{} scenarios with {}: {} passed, {} failed, {} not run; {} trial(s) each\n{}\n",
            self.summary.scenarios,
            self.player,
            self.summary.passed,
            self.summary.failed,
            self.summary.not_run,
            self.trials,
            hats.join("  ")
        )
    }
}

/// One scenario's line, and for each failed trial what broke, what changed and the conversation.
pub fn scenario_text(s: &ScenarioResult) -> String {
    let mut out = String::new();
    let how = s.played_by.as_deref().unwrap_or("-");
    match &s.not_run {
        Some(why) => {
            let _ = writeln!(out, "SKIP  {:<44} not run: {why}", s.id);
        }
        None => {
            let mark = if s.all_passed() { "PASS" } else { "FAIL" };
            let _ = writeln!(
                out,
                "{mark}  {:<44} {}/{}  ({how})  {}",
                s.id,
                s.passed_trials,
                s.trials.len(),
                s.title
            );
        }
    }
    for t in s.trials.iter().filter(|t| !t.passed) {
        failure_text(&mut out, t);
    }
    out
}

fn failure_text(out: &mut String, t: &TrialResult) {
    let _ = writeln!(out, "      trial {}:", t.trial);
    for f in &t.failures {
        let _ = writeln!(out, "        ✗ {f}");
    }
    if let Some(e) = &t.evidence {
        let held = e.get("held_answer").and_then(|h| h.as_str());
        let line = match held {
            Some(h) => format!(
                "held answer: \"{}\"; unsupported: {}",
                clip(h, 200),
                e.get("unsupported_claims")
                    .map(|c| c.to_string())
                    .unwrap_or_default()
            ),
            None => clip(&e.to_string(), 300),
        };
        let _ = writeln!(out, "        handover evidence: {line}");
    }
    if !t.changes.is_empty() {
        let _ = writeln!(out, "        changes made:");
        for c in &t.changes {
            let _ = writeln!(out, "          {c}");
        }
    }
    let _ = writeln!(out, "        conversation:");
    for l in &t.conversation {
        let _ = writeln!(
            out,
            "          {:>12}: {}",
            l.who,
            clip(&l.text.replace('\n', " "), 200)
        );
    }
}

/// The mean over scenarios of C(c, k) / C(n, k); scenarios with fewer than k trials count as
/// their own pass^n. 1.0 for an empty suite (nothing failed).
pub fn pass_hat(scenarios: impl Iterator<Item = (u32, u32)>, k: u32) -> f64 {
    let values: Vec<f64> = scenarios
        .map(|(n, c)| {
            let k = k.min(n);
            if n == 0 {
                0.0
            } else {
                choose(c, k) / choose(n, k)
            }
        })
        .collect();
    if values.is_empty() {
        1.0
    } else {
        values.iter().sum::<f64>() / values.len() as f64
    }
}

fn choose(n: u32, k: u32) -> f64 {
    if k > n {
        return 0.0;
    }
    (0..k).fold(1.0, |acc, i| acc * f64::from(n - i) / f64::from(i + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pass_hat_is_the_chance_that_all_k_trials_pass() {
        // One scenario, 4 trials, 2 passes: pass^1 = 2/4, pass^2 = C(2,2)/C(4,2) = 1/6, pass^3 = 0.
        let one = || [(4u32, 2u32)].into_iter();
        assert!((pass_hat(one(), 1) - 0.5).abs() < 1e-9);
        assert!((pass_hat(one(), 2) - 1.0 / 6.0).abs() < 1e-9);
        assert_eq!(pass_hat(one(), 3), 0.0);
        // Averaged over scenarios: (1 + 0) / 2.
        assert_eq!(pass_hat([(3, 3), (3, 0)].into_iter(), 2), 0.5);
        assert_eq!(pass_hat([(2, 2)].into_iter(), 2), 1.0);
        assert_eq!(pass_hat(std::iter::empty(), 1), 1.0);
    }
}
