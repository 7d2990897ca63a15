//! `cx-agent report [--from DATE] [--to DATE] [--channel C] [--json | --csv]`: the Reports view's
//! figures for a script or a terminal. `--json` prints the `cx-agent-report` document (version 1,
//! see the README), `--csv` the view's CSV, otherwise a summary for people.

use crate::{DbArg, RoleArg};
use chrono::{Duration, NaiveDate, Utc};
use cx_core::api;
use cx_core::db::entity::Channel;
use cx_core::reports::{Csat, Durations, Report, ReportQuery};
use std::fmt::Write;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct ReportArgs {
    /// First day (YYYY-MM-DD, UTC; default: six days before --to).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub from: Option<NaiveDate>,
    /// Last day, included (YYYY-MM-DD, UTC; default: today).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub to: Option<NaiveDate>,
    /// Only this channel: kiosk, workspace or cli (default: all).
    #[arg(long, value_name = "CHANNEL", value_parser = parse_channel)]
    pub channel: Option<Channel>,
    /// The report as one JSON document (format cx-agent-report, version 1).
    #[arg(long, conflicts_with = "csv")]
    pub json: bool,
    /// The report as CSV (section,metric,key,value).
    #[arg(long)]
    pub csv: bool,
    #[command(flatten)]
    pub db: DbArg,
    #[command(flatten)]
    pub role: RoleArg,
}

fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map_err(|_| format!("'{s}' is not a date like 2026-11-30"))
}

fn parse_channel(s: &str) -> Result<Channel, String> {
    Channel::ALL
        .iter()
        .copied()
        .find(|c| c.as_str() == s.trim())
        .ok_or_else(|| format!("unknown channel '{s}'; expected kiosk, workspace or cli"))
}

/// The period the flags name: `--to` defaults to today, `--from` to the week ending there.
pub fn query(args: &ReportArgs, today: NaiveDate) -> ReportQuery {
    let to = args.to.unwrap_or(today);
    ReportQuery {
        from: args.from.unwrap_or(to - Duration::days(6)),
        to,
        channel: args.channel,
    }
}

pub async fn run(args: ReportArgs) -> cx_core::Result<ExitCode> {
    let (engine, actor) = args.role.engine(&args.db).await?;
    let q = query(&args, Utc::now().date_naive());
    if args.csv {
        print!("{}", api::reports::csv(&engine, &actor, &q).await?);
        return Ok(ExitCode::SUCCESS);
    }
    let report = api::reports::report(&engine, &actor, &q).await?;
    if args.json {
        println!("{}", serde_json::to_string(&report).unwrap_or_default());
    } else {
        print!("{}", text(&report));
    }
    Ok(ExitCode::SUCCESS)
}

/// The summary for people.
pub fn text(r: &Report) -> String {
    let mut t = String::new();
    let channel = r
        .query
        .channel
        .map_or("all channels".to_owned(), |c| format!("channel {c}"));
    let _ = writeln!(
        t,
        "Report {} to {} ({channel}, UTC)",
        r.query.from, r.query.to
    );
    sessions(&mut t, r);
    escalations(&mut t, r);
    waits(&mut t, r);
    csat(&mut t, r);
    rest(&mut t, r);
    t
}

fn sessions(t: &mut String, r: &Report) {
    let s = &r.sessions;
    let _ = writeln!(t, "\nSessions                  {:>6}", s.total);
    let _ = writeln!(
        t,
        "  resolved by assistant   {:>6}{}",
        s.assistant_alone,
        percent(s.assistant_alone_rate)
    );
    let _ = writeln!(
        t,
        "  handed to a person      {:>6}{}",
        s.handed_over,
        percent(s.handed_over_rate)
    );
    let _ = writeln!(t, "  reopened within 72 h    {:>6}", s.reopened);
    let _ = writeln!(t, "  still open              {:>6}", s.open);
}

fn escalations(t: &mut String, r: &Report) {
    let e = &r.escalations;
    if e.by_reason.is_empty() {
        let _ = writeln!(t, "\nEscalations: none");
        return;
    }
    let _ = writeln!(
        t,
        "\nEscalations ({})          count resolved unresolved   open",
        e.total
    );
    for x in &e.by_reason {
        let _ = writeln!(
            t,
            "  {:<22} {:>6} {:>8} {:>10} {:>6}",
            x.reason.as_str(),
            x.count,
            x.resolved,
            x.unresolved,
            x.open
        );
    }
}

fn waits(t: &mut String, r: &Report) {
    let w = &r.waits;
    let _ = writeln!(t, "\nWaiting for a person        p50       p90  sessions");
    wait_line(t, "first reply", &w.first_reply);
    wait_line(t, "queue", &w.queue);
    let _ = writeln!(t, "  no reply from a person: {}", w.unanswered);
}

fn wait_line(t: &mut String, label: &str, d: &Durations) {
    let _ = writeln!(
        t,
        "  {:<20} {:>9} {:>9} {:>9}",
        label,
        duration(d.p50_seconds),
        duration(d.p90_seconds),
        d.count
    );
}

fn csat(t: &mut String, r: &Report) {
    let c = &r.csat;
    let _ = writeln!(
        t,
        "\nHow did we do? (1-5)    average answers    1    2    3    4    5"
    );
    csat_line(t, "all", &c.all);
    csat_line(t, "assistant alone", &c.assistant_alone);
    csat_line(t, "with an agent", &c.with_agent);
    let _ = writeln!(t, "  not answered: {}", c.unanswered);
}

fn csat_line(t: &mut String, label: &str, c: &Csat) {
    let avg = c.average.map_or("-".to_owned(), |a| format!("{a:.2}"));
    let d = c.distribution;
    let _ = writeln!(
        t,
        "  {label:<20} {avg:>8} {:>7} {:>4} {:>4} {:>4} {:>4} {:>4}",
        c.count, d[0], d[1], d[2], d[3], d[4]
    );
}

fn rest(t: &mut String, r: &Report) {
    let s = &r.sentiment;
    let score = |v: Option<f64>| v.map_or("-".to_owned(), |v| format!("{v:+.2}"));
    let _ = writeln!(
        t,
        "\nSentiment (closed sessions: {}): start {} -> end {}; improved {}, unchanged {}, worsened {}",
        s.sessions,
        score(s.start_average),
        score(s.end_average),
        s.improved,
        s.unchanged,
        s.worsened
    );
    let topics: Vec<String> = r
        .topics
        .iter()
        .map(|x| format!("{} {}", x.topic, x.sessions))
        .collect();
    let _ = writeln!(t, "Top topics: {}", list_or_none(&topics));
    let h = &r.holds;
    let kinds: Vec<String> = h
        .by_claim_kind
        .iter()
        .map(|k| format!("{} {}", k.kind.as_str(), k.claims))
        .collect();
    let _ = writeln!(
        t,
        "Answers held by the grounding guard: {} sessions{}; unsupported claims: {}",
        h.sessions,
        percent(h.rate),
        list_or_none(&kinds)
    );
    if !r.agents.is_empty() {
        let _ = writeln!(
            t,
            "\nAgent                sessions  first reply p50       p90  CSAT (answers)"
        );
        for a in &r.agents {
            let avg = a.csat.average.map_or("-".to_owned(), |v| format!("{v:.2}"));
            let _ = writeln!(
                t,
                "  {:<20} {:>6} {:>16} {:>9}  {avg} ({})",
                a.agent,
                a.sessions,
                duration(a.first_reply.p50_seconds),
                duration(a.first_reply.p90_seconds),
                a.csat.count
            );
        }
    }
}

fn list_or_none(items: &[String]) -> String {
    if items.is_empty() {
        "none".to_owned()
    } else {
        items.join(", ")
    }
}

/// " (33.3 %)" after a count; nothing when there is no rate.
fn percent(rate: Option<f64>) -> String {
    rate.map_or(String::new(), |r| format!("  ({:.1} %)", r * 100.0))
}

/// Whole seconds as "45 s", "4 min 10 s", "2 h 5 min"; "-" without data.
pub fn duration(seconds: Option<i64>) -> String {
    let Some(s) = seconds else {
        return "-".to_owned();
    };
    match s {
        s if s < 60 => format!("{s} s"),
        s if s < 3600 => format!("{} min {} s", s / 60, s % 60),
        s => format!("{} h {} min", s / 3600, (s % 3600) / 60),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(from: Option<&str>, to: Option<&str>) -> ReportArgs {
        ReportArgs {
            from: from.map(|d| parse_date(d).unwrap()),
            to: to.map(|d| parse_date(d).unwrap()),
            channel: None,
            json: false,
            csv: false,
            db: DbArg { db: None },
            role: RoleArg { role: None },
        }
    }

    #[test]
    fn the_default_period_is_the_week_ending_today() {
        let today = parse_date("2026-12-02").unwrap();
        let q = query(&args(None, None), today);
        assert_eq!(
            (q.from.to_string(), q.to.to_string()),
            ("2026-11-26".into(), "2026-12-02".into())
        );
        let q = query(&args(None, Some("2026-11-30")), today);
        assert_eq!(q.from.to_string(), "2026-11-24");
        let q = query(&args(Some("2026-11-01"), None), today);
        assert_eq!(
            (q.from.to_string(), q.to.to_string()),
            ("2026-11-01".into(), "2026-12-02".into())
        );
    }

    #[test]
    fn bad_dates_and_channels_are_named() {
        assert_eq!(
            parse_date("30/11/2026").unwrap_err(),
            "'30/11/2026' is not a date like 2026-11-30"
        );
        assert!(
            parse_channel("email")
                .unwrap_err()
                .contains("unknown channel 'email'")
        );
        assert_eq!(parse_channel("kiosk").unwrap(), Channel::Kiosk);
    }

    #[test]
    fn durations_read_as_people_say_them() {
        assert_eq!(duration(None), "-");
        assert_eq!(duration(Some(45)), "45 s");
        assert_eq!(duration(Some(250)), "4 min 10 s");
        assert_eq!(duration(Some(7500)), "2 h 5 min");
    }
}
