//! The figures a bench measured, saved for `scripts/footprint.sh`'s summary table: one JSON file
//! per bench in `<target>/bench-figures/<bench>.json`,
//! `{measured_at, context, rows: [{figure, measured, unit, goal, at_least}]}`.

// Included by each bench (#[path]); each uses part of it.
#![allow(dead_code)]

use serde_json::{Value, json};
use std::path::{Path, PathBuf};

/// One row: what was measured, in which unit, and its goal (at most, or `at_least`).
pub struct Figure {
    pub figure: String,
    pub measured: f64,
    pub unit: &'static str,
    pub goal: Option<f64>,
    pub at_least: bool,
}

impl Figure {
    pub fn at_most(
        figure: impl Into<String>,
        measured: f64,
        unit: &'static str,
        goal: f64,
    ) -> Self {
        Figure {
            figure: figure.into(),
            measured,
            unit,
            goal: Some(goal),
            at_least: false,
        }
    }

    pub fn info(figure: impl Into<String>, measured: f64, unit: &'static str) -> Self {
        Figure {
            figure: figure.into(),
            measured,
            unit,
            goal: None,
            at_least: false,
        }
    }

    pub fn at_least(
        figure: impl Into<String>,
        measured: f64,
        unit: &'static str,
        goal: f64,
    ) -> Self {
        Figure {
            figure: figure.into(),
            measured,
            unit,
            goal: Some(goal),
            at_least: true,
        }
    }
}

/// The target directory benches write into (`CARGO_TARGET_DIR`, else the workspace's).
pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target"))
}

/// Saves `rows` as `bench`'s figures; a failure is reported, not fatal (the table was printed).
pub fn save(bench: &str, context: &str, rows: &[Figure]) {
    let rows: Vec<Value> = rows
        .iter()
        .map(|r| {
            json!({
                "figure": r.figure,
                "measured": (r.measured * 1000.0).round() / 1000.0,
                "unit": r.unit,
                "goal": r.goal,
                "at_least": r.at_least,
            })
        })
        .collect();
    let doc = json!({
        "measured_at": chrono::Utc::now().to_rfc3339(),
        "context": context,
        "rows": rows,
    });
    let dir = target_dir().join("bench-figures");
    let saved = std::fs::create_dir_all(&dir).and_then(|_| {
        std::fs::write(
            dir.join(format!("{bench}.json")),
            serde_json::to_string_pretty(&doc).unwrap_or_default(),
        )
    });
    if let Err(e) = saved {
        eprintln!("figures not saved in {}: {e}", dir.display());
    }
}

/// The machine's load average, for the context: other work running beside shows in the tail.
pub fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "unknown".into())
}
