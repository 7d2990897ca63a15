//! axe-core (Deque's WCAG rules engine) in the app's windows, for the accessibility tests (#15):
//! its browser build comes from the UI's node_modules (`ui/node_modules/axe-core`, a devDependency
//! of the UI), is injected over WebDriver into the current window and run there on the WCAG 2.1
//! A/AA rules. [`axe_check`] prints every violation and returns the serious or critical ones, each
//! naming the state it was found in; [`fail_on`] fails the test when any were found.

use crate::{App, paths};
use serde_json::{Value, json};
use std::time::Duration;

/// axe's browser build, read from the UI's node_modules (`npm ci` in ui/ puts it there).
pub fn axe_source() -> String {
    let path = paths::workspace_root().join("ui/node_modules/axe-core/axe.min.js");
    std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "reading {}: {e} (axe-core is a devDependency of ui/: run `npm ci` in ui/)",
            path.display()
        )
    })
}

/// Runs axe in the current window (injecting it first if this page has none yet) and returns one
/// line per serious or critical violation, each naming `state`.
pub async fn axe_check(app: &mut App, src: &str, state: &str) -> Vec<String> {
    let has = app
        .js("return typeof window.axe === 'object';", vec![])
        .await;
    if has != json!(true) {
        // The script runs as a function body; axe's bundle sets `window.axe` itself.
        let loaded = app
            .js(&format!("{src}\n;return typeof window.axe;"), vec![])
            .await;
        app.check(
            loaded == json!("object"),
            format!("{state}: axe did not load ({loaded})"),
        )
        .await;
    }
    // Let animations (the typing dots, the fade-ins) settle: contrast is measured as painted.
    tokio::time::sleep(Duration::from_millis(400)).await;
    const RUN: &str = r#"
        const done = arguments[arguments.length - 1];
        axe.run(document, {
            runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
            resultTypes: ['violations'],
        }).then(
            (r) => done({
                violations: r.violations.map((v) => ({
                    id: v.id,
                    impact: v.impact,
                    help: v.help,
                    count: v.nodes.length,
                    targets: v.nodes.slice(0, 4).map((n) => n.target.join(' ')),
                    summary: (v.nodes[0] && v.nodes[0].failureSummary) || '',
                })),
            }),
            (e) => done({ error: String(e && e.stack || e) }));"#;
    let run = app.client().execute_async(RUN, vec![]);
    let out = match tokio::time::timeout(Duration::from_secs(60), run).await {
        Ok(Ok(v)) => v,
        Ok(Err(e)) => return app.fail(format!("{state}: axe.run failed: {e}")).await,
        Err(_) => {
            return app
                .fail(format!("{state}: axe.run did not settle within 60 s"))
                .await;
        }
    };
    if let Some(e) = out.get("error") {
        return app.fail(format!("{state}: axe.run threw: {e}")).await;
    }
    let violations = out["violations"].as_array().cloned().unwrap_or_default();
    let mut bad = Vec::new();
    for v in &violations {
        let impact = v["impact"].as_str().unwrap_or("?");
        let targets: Vec<&str> = v["targets"]
            .as_array()
            .map(|t| t.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let line = format!(
            "[{state}] {} ({impact}, {} element(s)): {} — {}\n    {}",
            v["id"].as_str().unwrap_or("?"),
            v["count"],
            v["help"].as_str().unwrap_or(""),
            targets.join(" | "),
            v["summary"].as_str().unwrap_or("").replace('\n', "\n    "),
        );
        println!("{line}");
        if impact == "serious" || impact == "critical" {
            bad.push(line);
        }
    }
    println!(
        "axe, {state}: {} violation(s), {} serious or critical",
        violations.len(),
        bad.len()
    );
    bad
}

/// Fails the test (after every state was checked) when axe found serious or critical violations.
pub async fn fail_on(app: &mut App, bad: &[String]) {
    app.check(
        bad.is_empty(),
        format!(
            "axe found {} serious or critical WCAG 2.1 A/AA violation(s):\n{}",
            bad.len(),
            bad.join("\n")
        ),
    )
    .await;
}
