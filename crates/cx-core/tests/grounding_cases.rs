//! The grounding guard measured against a labelled table of answers (issue #9, "Measure"):
//! `tests/data/grounding_cases.yaml` holds answers a model might give, each with the session it
//! runs against and a label. An invented answer lists the claim texts that must be flagged; a
//! grounded answer must raise no alarm at all.
//!
//! Goal: every invented claim caught, at most 2 % of grounded answers with a false alarm. Run
//! with `cargo test -p cx-core --test grounding_cases -- --nocapture` to see the table, and with
//! `GROUNDING_CASES_DUMP=1` as well to see every case's ledger.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::ops::Range;

use cx_core::escalation::grounding::{Facts, Ledger, LedgerEntry, Write};
use serde::Deserialize;
use serde_json::Value;

const DATA: &str = include_str!("data/grounding_cases.yaml");
const MIN_CASES: usize = 150;
const MAX_FALSE_ALARM_RATE: f64 = 0.02;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    sessions: BTreeMap<String, Session>,
    cases: Vec<Case>,
}

/// What the session has seen: tool calls (with their results), the customer's messages and
/// passages given outside any tool.
#[derive(Deserialize, Default, Clone)]
#[serde(deny_unknown_fields)]
struct Session {
    #[serde(default)]
    tools: Vec<ToolCall>,
    #[serde(default)]
    customer: Vec<String>,
    #[serde(default)]
    passages: Vec<Passage>,
}

#[derive(Deserialize, Clone)]
#[serde(deny_unknown_fields)]
struct ToolCall {
    id: String,
    tool: String,
    result: Value,
    /// False for a call of an earlier turn: its write does not support "I've…" now.
    #[serde(default = "yes")]
    this_turn: bool,
}

fn yes() -> bool {
    true
}

#[derive(Deserialize, Clone)]
#[serde(deny_unknown_fields)]
struct Passage {
    #[serde(default)]
    document: String,
    #[serde(default)]
    section: String,
    text: String,
}

#[derive(Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
enum Label {
    Grounded,
    Invented,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    name: String,
    answer: String,
    /// A session defined under `sessions:`; the case's own tools, customer messages and passages
    /// are added after it.
    #[serde(default)]
    session: Option<String>,
    #[serde(default)]
    tools: Vec<ToolCall>,
    #[serde(default)]
    customer: Vec<String>,
    #[serde(default)]
    passages: Vec<Passage>,
    label: Label,
    /// For invented answers: the claim texts (substrings of the answer) that must be flagged.
    #[serde(default)]
    invented: Vec<String>,
}

impl Case {
    fn session(&self, sessions: &BTreeMap<String, Session>) -> Session {
        let mut session = match &self.session {
            Some(name) => sessions
                .get(name)
                .unwrap_or_else(|| panic!("case {:?}: no session {name:?}", self.name))
                .clone(),
            None => Session::default(),
        };
        session.tools.extend(self.tools.iter().cloned());
        session.customer.extend(self.customer.iter().cloned());
        session.passages.extend(self.passages.iter().cloned());
        session
    }
}

fn load() -> File {
    serde_yaml::from_str(DATA).expect("tests/data/grounding_cases.yaml parses")
}

fn ledger_of(case: &Case, sessions: &BTreeMap<String, Session>) -> Ledger {
    let session = case.session(sessions);
    let mut facts = Facts::new();
    let mut writes = vec![];
    for call in &session.tools {
        facts.add_result(&call.id, &call.tool, &call.result);
        if call.this_turn {
            writes.extend(Write::of(&call.id, &call.tool, &call.result));
        }
    }
    for (i, message) in session.customer.iter().enumerate() {
        facts.add_customer_message(i as i64 + 1, message);
    }
    for p in &session.passages {
        facts.add_passage(&p.document, &p.section, &p.text);
    }
    Ledger::build(&case.answer, &facts, &writes)
}

/// Every byte range where `needle` occurs in `haystack`.
fn occurrences(haystack: &str, needle: &str) -> Vec<Range<usize>> {
    haystack
        .match_indices(needle)
        .map(|(i, s)| i..i + s.len())
        .collect()
}

fn span(entry: &LedgerEntry) -> Range<usize> {
    entry.start as usize..entry.end as usize
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

fn kind_name(entry: &LedgerEntry) -> String {
    serde_json::to_value(entry.kind)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_else(|| format!("{:?}", entry.kind))
}

fn describe(ledger: &Ledger) -> String {
    let mut out = String::new();
    for e in &ledger.claims {
        let verdict = match (&e.source, &e.problem) {
            (Some(source), _) => format!("ok  {}", serde_json::to_string(source).unwrap()),
            (None, problem) => format!("NO  {}", problem.as_deref().unwrap_or("")),
        };
        let record = e
            .record
            .as_ref()
            .map(|r| format!(" [{r}]"))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "      {:<9} {:?} = {:?}{record}: {verdict}",
            kind_name(e),
            e.text,
            e.value
        );
    }
    if ledger.claims.is_empty() {
        out.push_str("      (no claims)\n");
    }
    out
}

/// Per kind: claims in grounded answers, of them flagged; invented claims, of them caught.
#[derive(Default)]
struct KindCounts {
    grounded_claims: usize,
    false_alarms: usize,
    invented: usize,
    caught: usize,
}

#[test]
fn the_data_file_is_sane() {
    let file = load();
    assert!(
        file.cases.len() >= MIN_CASES,
        "{} cases, want at least {MIN_CASES}",
        file.cases.len()
    );
    let mut names = std::collections::HashSet::new();
    for case in &file.cases {
        assert!(
            names.insert(&case.name),
            "duplicate case name {:?}",
            case.name
        );
        assert!(
            !case.answer.trim().is_empty(),
            "{}: empty answer",
            case.name
        );
        if let Some(s) = &case.session {
            assert!(
                file.sessions.contains_key(s),
                "{}: no session {s}",
                case.name
            );
        }
        match case.label {
            Label::Grounded => assert!(
                case.invented.is_empty(),
                "{}: a grounded case lists invented claims",
                case.name
            ),
            Label::Invented => assert!(
                !case.invented.is_empty(),
                "{}: an invented case lists no invented claim",
                case.name
            ),
        }
        for text in &case.invented {
            assert!(
                case.answer.contains(text.as_str()),
                "{}: invented text {text:?} is not in the answer",
                case.name
            );
        }
        let session = case.session(&file.sessions);
        let mut ids = std::collections::HashSet::new();
        for call in &session.tools {
            assert!(
                ids.insert(call.id.as_str()),
                "{}: tool call id {} twice",
                case.name,
                call.id
            );
            assert!(
                call.result.is_object(),
                "{}: result of {} is no object",
                case.name,
                call.id
            );
        }
    }
}

#[test]
fn the_guard_catches_every_invented_claim_with_few_false_alarms() {
    let file = load();
    let mut kinds: BTreeMap<String, KindCounts> = BTreeMap::new();
    let (mut grounded, mut invented) = (0usize, 0usize);
    let (mut invented_cases_caught, mut claims_total, mut claims_caught) = (0usize, 0usize, 0usize);
    let (mut false_alarm_cases, mut extra_flags) = (0usize, 0usize);
    let mut failures = String::new();

    let dump = std::env::var_os("GROUNDING_CASES_DUMP").is_some();
    for case in &file.cases {
        let ledger = ledger_of(case, &file.sessions);
        if dump {
            println!(
                "{} [{}]\n    {:?}\n{}",
                case.name,
                match case.label {
                    Label::Grounded => "grounded",
                    Label::Invented => "invented",
                },
                case.answer,
                describe(&ledger)
            );
        }
        let flagged: Vec<&LedgerEntry> = ledger.unsupported().collect();
        match case.label {
            Label::Grounded => {
                grounded += 1;
                for e in &ledger.claims {
                    let k = kinds.entry(kind_name(e)).or_default();
                    k.grounded_claims += 1;
                    if e.source.is_none() {
                        k.false_alarms += 1;
                    }
                }
                if !flagged.is_empty() {
                    false_alarm_cases += 1;
                    let _ = writeln!(
                        failures,
                        "  FALSE ALARM {:?}\n    {:?}\n{}",
                        case.name,
                        case.answer,
                        describe(&ledger)
                    );
                }
            }
            Label::Invented => {
                invented += 1;
                let mut missed = vec![];
                let mut spans: Vec<Range<usize>> = vec![];
                for text in &case.invented {
                    claims_total += 1;
                    let places = occurrences(&case.answer, text);
                    spans.extend(places.iter().cloned());
                    let about = ledger
                        .claims
                        .iter()
                        .find(|e| places.iter().any(|p| overlaps(p, &span(e))))
                        .map(kind_name)
                        .unwrap_or_else(|| "(none)".to_owned());
                    let k = kinds.entry(about).or_default();
                    k.invented += 1;
                    let caught = flagged
                        .iter()
                        .any(|e| places.iter().any(|p| overlaps(p, &span(e))));
                    if caught {
                        claims_caught += 1;
                        k.caught += 1;
                    } else {
                        missed.push(text.as_str());
                    }
                }
                extra_flags += flagged
                    .iter()
                    .filter(|e| !spans.iter().any(|p| overlaps(p, &span(e))))
                    .count();
                if missed.is_empty() {
                    invented_cases_caught += 1;
                } else {
                    let _ = writeln!(
                        failures,
                        "  MISSED {:?}: {missed:?}\n    {:?}\n{}",
                        case.name,
                        case.answer,
                        describe(&ledger)
                    );
                }
            }
        }
    }

    let rate = false_alarm_cases as f64 / grounded.max(1) as f64;
    let pct = |a: usize, b: usize| 100.0 * a as f64 / b.max(1) as f64;
    let mut table = String::new();
    let _ = writeln!(table, "grounding cases: {}", file.cases.len());
    let _ = writeln!(
        table,
        "  invented answers caught:   {invented_cases_caught:>4} / {invented:<4} ({:.1} %)",
        pct(invented_cases_caught, invented)
    );
    let _ = writeln!(
        table,
        "  invented claims caught:    {claims_caught:>4} / {claims_total:<4} ({:.1} %)",
        pct(claims_caught, claims_total)
    );
    let _ = writeln!(
        table,
        "  grounded answers alarmed:  {false_alarm_cases:>4} / {grounded:<4} ({:.1} % false alarms, goal <= {:.0} %)",
        100.0 * rate,
        100.0 * MAX_FALSE_ALARM_RATE
    );
    let _ = writeln!(
        table,
        "  further flags in invented answers (not listed): {extra_flags}"
    );
    let _ = writeln!(
        table,
        "  {:<10} {:>16} {:>13} {:>9} {:>7}",
        "kind", "grounded claims", "false alarms", "invented", "caught"
    );
    for (kind, k) in &kinds {
        let _ = writeln!(
            table,
            "  {kind:<10} {:>16} {:>13} {:>9} {:>7}",
            k.grounded_claims, k.false_alarms, k.invented, k.caught
        );
    }
    println!("{table}");
    if !failures.is_empty() {
        println!("failing cases:\n{failures}");
    }

    assert!(file.cases.len() >= MIN_CASES, "too few cases");
    assert!(
        claims_caught == claims_total && rate <= MAX_FALSE_ALARM_RATE,
        "the grounding guard misses its goal (every invented claim caught, at most {:.0} % false \
         alarms):\n{table}\nfailing cases:\n{failures}",
        100.0 * MAX_FALSE_ALARM_RATE
    );
}
