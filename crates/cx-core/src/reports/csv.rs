//! The report as CSV, for a spreadsheet: one row per figure in long form
//! (`section,metric,key,value`), so a new figure adds rows and never moves a column.

use super::model::{Csat, Durations, Report};
use std::fmt::Write;

/// The CSV's header row.
pub const HEADER: &str = "section,metric,key,value";

/// The report as CSV (RFC 4180: comma-separated, CRLF line ends, quoted where needed).
pub fn csv(r: &Report) -> String {
    let mut out = Rows::default();
    out.row("report", "from", "", r.query.from);
    out.row("report", "to", "", r.query.to);
    let channel = r.query.channel.map(|c| c.to_string());
    out.row("report", "channel", "", channel.as_deref().unwrap_or("all"));
    sessions(&mut out, r);
    escalations(&mut out, r);
    waits(&mut out, r);
    csat(&mut out, r);
    sentiment(&mut out, r);
    for t in &r.topics {
        out.row("topics", "sessions", &t.topic, t.sessions);
    }
    holds(&mut out, r);
    agents(&mut out, r);
    out.text
}

fn sessions(out: &mut Rows, r: &Report) {
    let s = &r.sessions;
    out.row("sessions", "total", "", s.total);
    out.row("sessions", "assistant_alone", "", s.assistant_alone);
    out.row("sessions", "handed_over", "", s.handed_over);
    out.row("sessions", "reopened", "", s.reopened);
    out.row("sessions", "open", "", s.open);
    out.opt(
        "sessions",
        "assistant_alone_rate",
        "",
        s.assistant_alone_rate,
    );
    out.opt("sessions", "handed_over_rate", "", s.handed_over_rate);
    for d in &r.by_day {
        let day = d.day.to_string();
        out.row("by_day", "total", &day, d.total);
        out.row("by_day", "assistant_alone", &day, d.assistant_alone);
        out.row("by_day", "handed_over", &day, d.handed_over);
        out.row("by_day", "reopened", &day, d.reopened);
        out.row("by_day", "open", &day, d.open);
    }
}

fn escalations(out: &mut Rows, r: &Report) {
    let e = &r.escalations;
    out.row("escalations", "total", "", e.total);
    for x in &e.by_reason {
        let reason = x.reason.to_string();
        out.row("escalations", "count", &reason, x.count);
        out.row("escalations", "resolved", &reason, x.resolved);
        out.row("escalations", "unresolved", &reason, x.unresolved);
        out.row("escalations", "open", &reason, x.open);
    }
    for d in &e.by_day {
        out.row(
            "escalations_by_day",
            &d.reason.to_string(),
            &d.day.to_string(),
            d.count,
        );
    }
}

fn waits(out: &mut Rows, r: &Report) {
    durations(out, "waits", "first_reply", "", &r.waits.first_reply);
    durations(out, "waits", "queue", "", &r.waits.queue);
    out.row("waits", "unanswered", "", r.waits.unanswered);
}

fn durations(out: &mut Rows, section: &str, metric: &str, key: &str, d: &Durations) {
    out.row(section, &format!("{metric}_count"), key, d.count);
    out.opt(
        section,
        &format!("{metric}_p50_seconds"),
        key,
        d.p50_seconds,
    );
    out.opt(
        section,
        &format!("{metric}_p90_seconds"),
        key,
        d.p90_seconds,
    );
}

fn csat(out: &mut Rows, r: &Report) {
    let c = &r.csat;
    for (key, split) in [
        ("all", &c.all),
        ("assistant_alone", &c.assistant_alone),
        ("with_agent", &c.with_agent),
    ] {
        scores(out, "csat", key, split);
    }
    out.row("csat", "unanswered", "", c.unanswered);
}

fn scores(out: &mut Rows, section: &str, key: &str, c: &Csat) {
    out.row(section, "csat_count", key, c.count);
    out.opt(section, "csat_average", key, c.average);
    for (i, n) in c.distribution.iter().enumerate() {
        out.row(section, &format!("csat_score_{}", i + 1), key, n);
    }
}

fn sentiment(out: &mut Rows, r: &Report) {
    let s = &r.sentiment;
    out.row("sentiment", "sessions", "", s.sessions);
    out.opt("sentiment", "start_average", "", s.start_average);
    out.opt("sentiment", "end_average", "", s.end_average);
    out.row("sentiment", "improved", "", s.improved);
    out.row("sentiment", "unchanged", "", s.unchanged);
    out.row("sentiment", "worsened", "", s.worsened);
}

fn holds(out: &mut Rows, r: &Report) {
    let h = &r.holds;
    out.row("holds", "sessions", "", h.sessions);
    out.opt("holds", "rate", "", h.rate);
    for k in &h.by_claim_kind {
        out.row("holds", "claims", k.kind.as_str(), k.claims);
        out.row("holds", "sessions_with_kind", k.kind.as_str(), k.sessions);
    }
}

fn agents(out: &mut Rows, r: &Report) {
    for a in &r.agents {
        out.row("agents", "sessions", &a.agent, a.sessions);
        durations(out, "agents", "first_reply", &a.agent, &a.first_reply);
        scores(out, "agents", &a.agent, &a.csat);
    }
}

/// The CSV text, header first.
struct Rows {
    text: String,
}

impl Default for Rows {
    fn default() -> Self {
        Rows {
            text: format!("{HEADER}\r\n"),
        }
    }
}

impl Rows {
    fn row(&mut self, section: &str, metric: &str, key: &str, value: impl std::fmt::Display) {
        let _ = write!(
            self.text,
            "{},{},{},{}\r\n",
            cell(section),
            cell(metric),
            cell(key),
            value
        );
    }

    /// An absent figure (no data) is an empty value.
    fn opt<T: std::fmt::Display>(&mut self, section: &str, metric: &str, key: &str, v: Option<T>) {
        match v {
            Some(v) => self.row(section, metric, key, v),
            None => self.row(section, metric, key, ""),
        }
    }
}

/// A text cell: quoted when it holds a comma, quote or line break; a leading `=`, `+`, `-`, `@`
/// (a formula to a spreadsheet — an agent's name or a topic is data, never code) is defused with
/// a leading apostrophe.
fn cell(text: &str) -> String {
    let text = match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{text}"),
        _ => text.to_owned(),
    };
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_quoted_and_formulas_defused() {
        assert_eq!(cell("dana"), "dana");
        assert_eq!(cell("Smith, Jo"), "\"Smith, Jo\"");
        assert_eq!(cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(cell("+1"), "'+1");
        assert_eq!(cell("@cmd"), "'@cmd");
        assert_eq!(cell("line\nbreak"), "\"line\nbreak\"");
    }

    #[test]
    fn absent_figures_are_empty_values() {
        let mut rows = Rows::default();
        rows.opt::<f64>("waits", "first_reply_p50_seconds", "", None);
        rows.opt("waits", "first_reply_p90_seconds", "", Some(42));
        assert_eq!(
            rows.text,
            "section,metric,key,value\r\nwaits,first_reply_p50_seconds,,\r\nwaits,first_reply_p90_seconds,,42\r\n"
        );
    }
}
