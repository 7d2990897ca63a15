//! The runner with real parts: the demo data in real SQLite files, the real async-openai client
//! over HTTP to scripted servers on 127.0.0.1 — one playing the assistant's model, one the
//! simulated customer.

use cx_core::config::Config;
use cx_core::provider::{Provider, ProviderSettings};
use cx_eval::{Player, Report};
use cx_test_llm::{Reply, ScriptedServer};
use std::path::{Path, PathBuf};

fn scenario(dir: &Path, name: &str, yaml: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, yaml).unwrap();
    path
}

async fn eval(paths: &[PathBuf], trials: u32, player: Player) -> Report {
    cx_eval::evaluate(paths, trials, &Config::default_dir(), player, &mut |_| {})
        .await
        .unwrap()
}

fn custom(server: &ScriptedServer) -> ProviderSettings {
    ProviderSettings {
        provider: Provider::Custom,
        base_url: Some(server.base_url()),
        model: Some("test-model".into()),
        api_key: None,
        stream: false,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_scripted_model_plays_what_the_offline_assistant_cannot() {
    let dir = tempfile::tempdir().unwrap();
    // The model refunds an order on a customer's word without a tool: nothing changes, and the
    // scenario that expects the change fails with the difference, each trial on fresh data.
    let file = scenario(
        dir.path(),
        "scripted.yaml",
        "title: the scripted model proposes a refund
customer:
  lines:
    - alice@example.com, last four 4821
    - refund order 1002 please
    - confirm: flag_refund
model:
  - tool_call: verify_customer
    arguments: {email: alice@example.com, phone_last4: \"4821\"}
  - text: You're verified, Alice.
  - tool_call: flag_refund
    arguments: {order_id: 1002, reason: stopped working}
  - text: I've asked for a refund of order 1002; please confirm.
  - text: Done — the refund of order 1002 is requested.
expect:
  verified: alice@example.com
  changes:
    - {order: 1002, status: refund_requested}
  pending:
    - {tool: flag_refund, state: confirmed}
  tools_called: [verify_customer, flag_refund]
",
    );
    let report = eval(&[file], 2, Player::Offline).await;
    let s = &report.scenarios[0];
    assert_eq!(s.played_by.as_deref(), Some("scripted"));
    assert!(report.summary.all_passed, "{}", report.text());
    assert_eq!(
        s.passed_trials,
        2,
        "a fresh database per trial: {}",
        report.text()
    );
    let changes: Vec<String> = s.trials[1].changes.iter().map(|c| c.to_string()).collect();
    assert_eq!(changes, ["order 1002 status: delivered → refund_requested"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn scripted_only_scenarios_and_goal_only_scenarios_say_why_they_did_not_run() {
    let dir = tempfile::tempdir().unwrap();
    let scripted = scenario(
        dir.path(),
        "a.yaml",
        "title: engine guard\nscripted_only: true\ncustomer: {lines: [hi]}\nmodel: [{text: Hello}]\n",
    );
    let goal = scenario(
        dir.path(),
        "b.yaml",
        "title: goal only\ncustomer: {goal: learn the refund policy}\n",
    );
    let offline = eval(&[goal], 1, Player::Offline).await;
    assert_eq!(
        offline.scenarios[0].not_run.as_deref(),
        Some("needs a model to play the simulated customer")
    );
    let server = ScriptedServer::with_replies([]).await.unwrap();
    let model = Player::Model {
        assistant: custom(&server),
        customer: custom(&server),
    };
    let r = eval(&[scripted], 1, model).await;
    assert!(r.scenarios[0].not_run.is_some());
    assert_eq!(r.summary.not_run, 1);
    assert!(r.summary.all_passed, "nothing that ran failed");
    assert!(
        server.requests().is_empty(),
        "a scenario not run sends nothing"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_simulated_customer_plays_the_goal_and_stops_at_the_marker() {
    let dir = tempfile::tempdir().unwrap();
    let file = scenario(
        dir.path(),
        "simulated.yaml",
        "title: a customer who wants the refund policy
customer:
  goal: Find out how long a refund takes.
  knows: {email: alice@example.com}
  lines: [How long does a refund take?]
expect:
  replies_state: [what I can do]
",
    );
    let assistant = ScriptedServer::with_replies([
        // No fact to ground: a stated delay would be held back without a knowledge search.
        Reply::text("Hello! Let me see what I can do for you."),
        Reply::text("You're welcome!"),
    ])
    .await
    .unwrap();
    let customer = ScriptedServer::with_replies([
        Reply::text("How long does a refund take?"),
        Reply::text("Great, thanks! ###STOP###"),
        Reply::text("this line must never be asked for"),
    ])
    .await
    .unwrap();
    let player = Player::Model {
        assistant: custom(&assistant),
        customer: custom(&customer),
    };
    let report = eval(&[file], 1, player).await;
    let s = &report.scenarios[0];
    assert_eq!(s.customer.as_deref(), Some("simulated"));
    assert!(report.summary.all_passed, "{}", report.text());
    assert_eq!(s.trials[0].turns, 2, "{}", report.text());
    let asked = customer.requests();
    assert_eq!(asked.len(), 2, "the marker ends the conversation");
    let prompt = asked[0].system_prompt().unwrap_or_default();
    assert!(
        prompt.contains("Find out how long a refund takes."),
        "{prompt}"
    );
    assert!(prompt.contains("email: alice@example.com"), "{prompt}");
    // The customer sees the assistant's reply as the next user message.
    assert_eq!(
        asked[1].last_user_text().as_deref(),
        Some("Hello! Let me see what I can do for you.")
    );
    // The marker never reaches the assistant.
    let said: Vec<String> = assistant
        .requests()
        .iter()
        .filter_map(|r| r.last_user_text())
        .collect();
    assert_eq!(said, ["How long does a refund take?", "Great, thanks!"]);
}
