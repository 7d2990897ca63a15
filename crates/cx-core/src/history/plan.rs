//! How much of a large history a full-text search reads. Pure arithmetic, dialect-neutral: the
//! backend module measures the terms (`fts_sqlite::probe_terms`) and scans what this decides.
//!
//! Two modes:
//! - **exact** — every word is rare enough that all its matches can be ranked: the search ranks
//!   every matching session by the backend's own relevance (bm25 on SQLite). Small histories are
//!   always searched this way.
//! - **bounded** — some word matches many messages (a million messages hold "order" 200 000
//!   times). Ranking every match would cost time in proportion to the history, so the search
//!   looks at a *window*: the newest candidate sessions (those holding the rarest word when it is
//!   rare, else those passing the filters) up to a fixed amount of index work, and finds among
//!   them the sessions holding every word, ranked by [`score`] (bm25's shape: rarer words and
//!   shorter messages first). Filters are applied before the window is cut, so a filtered search
//!   still finds old sessions.
//!
//! The work is estimated from each word's density (matches per message id, from its newest
//! matches): scanning an id range costs a fixed setup per word plus its expected matches.

/// Tuning of the two modes. [`Limits::DEFAULT`] is what the application uses; tests shrink it to
/// reach the bounded mode with a handful of messages.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Limits {
    /// A search whose words match at most this many messages in all is answered exactly.
    pub exact_matches: u64,
    /// Without filters, a bounded search's candidates are the sessions of the rarest word's newest
    /// matches: this many per result asked for …
    pub matches_per_result: u64,
    /// … and at least this many.
    pub min_matches: u64,
    /// With filters, the candidates are the newest sessions passing them, at most this many.
    pub window_sessions: u64,
    /// Index work a bounded search may do, in estimated microseconds.
    pub scan_budget: f64,
}

impl Limits {
    pub const DEFAULT: Limits = Limits {
        exact_matches: 1_000,
        matches_per_result: 4,
        min_matches: 400,
        window_sessions: 400,
        scan_budget: 4_000.0,
    };

    /// How many of a word's newest matches to count: enough to tell an exact search.
    pub fn probe_cap(&self) -> u64 {
        self.exact_matches + 1
    }

    /// How many of the rarest word's newest matches make the candidates of a page of `limit`.
    pub fn candidate_matches(&self, limit: u64) -> u64 {
        limit
            .saturating_mul(self.matches_per_result)
            .max(self.min_matches)
    }
}

/// Estimated cost of opening one word's index cursor on an id range: a seek in every segment of
/// the index (about 180 µs measured with the 18 segments of a million messages inserted in
/// batches).
const SETUP_COST: f64 = 180.0;
/// Estimated cost of one match read from a range and dropped unread (not in the scope).
const SKIP_COST: f64 = 0.4;
/// Estimated cost of one match kept: its message row read, scored, grouped.
const ROW_COST: f64 = 1.5;
/// Estimated cost of one candidate session (its message ids listed, grouping, ranking).
const SESSION_COST: f64 = 15.0;

/// What the newest matches of a word tell about it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Probe {
    /// Matches counted, at most the probe's cap.
    pub count: u64,
    /// The oldest message id among them (None when there is no match).
    pub oldest: Option<i64>,
}

/// A word as the planner sees it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TermStat {
    /// Messages holding it: exact below the cap, else extrapolated from its density.
    pub messages: f64,
    /// Matches per message id.
    pub density: f64,
    /// Whether `messages` is exact.
    pub exact: bool,
}

/// Each word's statistics from its probe (`cap` matches counted at most) and the highest message
/// id (the history's size in ids).
pub fn term_stats(probes: &[Probe], cap: u64, max_id: i64) -> Vec<TermStat> {
    let ids = max_id.max(1) as f64;
    probes
        .iter()
        .map(|p| match p.oldest {
            Some(oldest) if p.count >= cap => {
                let density = (p.count as f64 / (max_id - oldest + 1).max(1) as f64).min(1.0);
                TermStat {
                    messages: density * ids,
                    density,
                    exact: false,
                }
            }
            _ => TermStat {
                messages: p.count as f64,
                density: p.count as f64 / ids,
                exact: true,
            },
        })
        .collect()
}

/// Exact or bounded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Exact,
    Bounded,
}

pub fn mode(stats: &[TermStat], limits: &Limits) -> Mode {
    let total: f64 = stats.iter().map(|s| s.messages).sum();
    if stats.iter().all(|s| s.exact) && total <= limits.exact_matches as f64 {
        Mode::Exact
    } else {
        Mode::Bounded
    }
}

/// The word with the fewest matches (the first of equals): every result holds it, so its
/// newest matches are where a bounded search looks.
pub fn rarest(stats: &[TermStat]) -> usize {
    stats
        .iter()
        .enumerate()
        .min_by(|a, b| a.1.messages.total_cmp(&b.1.messages))
        .map_or(0, |(i, _)| i)
}

/// bm25's inverse document frequency (as FTS5 computes it, never below 1e-6).
pub fn idf(messages: f64, total: f64) -> f64 {
    ((total - messages + 0.5) / (messages + 0.5)).ln().max(1e-6)
}

/// bm25 parameters (FTS5's defaults).
pub const K1: f64 = 1.2;
pub const B: f64 = 0.75;

/// A bounded search's score of one message: bm25 with each matched word counted once and the
/// length in characters, `idf_sum` being the sum of the matched words' [`idf`]. Higher is better.
/// The backend computes the same formula in its query (see `fts_sqlite::ranked_in_ranges`); this
/// is the reference the tests hold it to.
#[cfg(test)]
pub fn score(idf_sum: f64, len: f64, avg_len: f64) -> f64 {
    idf_sum * (K1 + 1.0) / (1.0 + K1 * (1.0 - B + B * len.max(1.0) / avg_len.max(1.0)))
}

/// A candidate session and the id range of its messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Candidate {
    pub session_id: i64,
    pub first_message: i64,
    pub last_message: i64,
}

/// What a bounded search reads: the sessions in scope and the message id ranges to scan.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Window {
    pub sessions: Vec<i64>,
    /// Sorted, disjoint, inclusive.
    pub ranges: Vec<(i64, i64)>,
    /// Ids the sessions' own messages span (other sessions' messages may lie between).
    pub session_ids: i64,
    /// Estimated cost.
    pub cost: f64,
}

impl Window {
    /// Whether the sessions are a small part of what the ranges hold (see
    /// `fts_sqlite::ranked_in_ranges`).
    pub fn sparse(&self) -> bool {
        let range_ids: i64 = self.ranges.iter().map(|(lo, hi)| hi - lo + 1).sum();
        range_ids > 3 * self.session_ids
    }
}

/// The newest `candidates` (given newest first) whose ranges fit the budget. Nearby ranges are
/// merged when scanning the gap costs less than opening the words again; at least one candidate
/// is always taken.
pub fn window(candidates: &[Candidate], densities: &[f64], budget: f64) -> Window {
    let density: f64 = densities.iter().sum();
    let setup = densities.len().max(1) as f64 * SETUP_COST;
    let gap = merge_gap(densities);
    // Every match in the ranges is read; those of the scope's sessions are kept.
    let cost = |ranges: &[(i64, i64)], sessions: usize, session_ids: i64| -> f64 {
        ranges
            .iter()
            .map(|(lo, hi)| setup + (hi - lo + 1) as f64 * density * SKIP_COST)
            .sum::<f64>()
            + sessions as f64 * SESSION_COST
            + session_ids as f64 * density * ROW_COST
    };
    let mut w = Window::default();
    for c in candidates {
        let mut ranges = w.ranges.clone();
        insert_merged(&mut ranges, (c.first_message, c.last_message), gap);
        let session_ids = w.session_ids + (c.last_message - c.first_message).abs() + 1;
        let next = cost(&ranges, w.sessions.len() + 1, session_ids);
        if next > budget && !w.sessions.is_empty() {
            break;
        }
        w.ranges = ranges;
        w.sessions.push(c.session_id);
        w.session_ids = session_ids;
        w.cost = next;
    }
    w
}

/// Insert `range` into sorted disjoint `ranges`, merging every range within `gap` ids of it.
fn insert_merged(ranges: &mut Vec<(i64, i64)>, range: (i64, i64), gap: i64) {
    let (mut lo, mut hi) = (range.0.min(range.1), range.0.max(range.1));
    // First range that could touch: its end is at least lo - gap.
    let start = ranges.partition_point(|r| r.1.saturating_add(gap) < lo);
    let mut end = start;
    while end < ranges.len() && ranges[end].0.saturating_sub(gap) <= hi {
        lo = lo.min(ranges[end].0);
        hi = hi.max(ranges[end].1);
        end += 1;
    }
    ranges.splice(start..end, [(lo, hi)]);
}

/// Ranges covering `ids` for a scan of all the words at once (snippets): neighbours share a
/// range when the gap costs less to read than opening the words again.
pub fn cover(ids: &[i64], densities: &[f64]) -> Vec<(i64, i64)> {
    let mut ids = ids.to_vec();
    ids.sort_unstable();
    ids.dedup();
    let gap = merge_gap(densities);
    let mut ranges: Vec<(i64, i64)> = Vec::new();
    for id in ids {
        match ranges.last_mut() {
            Some(last) if id - last.1 <= gap => last.1 = id,
            _ => ranges.push((id, id)),
        }
    }
    ranges
}

/// Ids between two ranges below which one range is cheaper than two: reading the gap's matches
/// (and dropping them) against opening every word once more.
fn merge_gap(densities: &[f64]) -> i64 {
    let setup = densities.len().max(1) as f64 * SETUP_COST;
    let per_id = densities.iter().sum::<f64>() * SKIP_COST;
    if per_id > 0.0 {
        (setup / per_id).min(i64::MAX as f64 / 4.0) as i64
    } else {
        i64::MAX / 4
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(session_id: i64, first: i64, last: i64) -> Candidate {
        Candidate {
            session_id,
            first_message: first,
            last_message: last,
        }
    }

    #[test]
    fn rare_words_are_counted_and_common_ones_extrapolated() {
        let s = term_stats(
            &[
                Probe {
                    count: 12,
                    oldest: Some(5),
                },
                Probe {
                    count: 100,
                    oldest: Some(801),
                },
                Probe {
                    count: 0,
                    oldest: None,
                },
            ],
            100,
            1000,
        );
        assert!(s[0].exact && s[0].messages == 12.0);
        assert!(!s[1].exact);
        assert!((s[1].density - 0.5).abs() < 1e-9, "{:?}", s[1]);
        assert!((s[1].messages - 500.0).abs() < 1e-6);
        assert!(s[2].exact && s[2].messages == 0.0);
    }

    #[test]
    fn the_mode_follows_the_number_of_matches() {
        let limits = Limits {
            exact_matches: 100,
            ..Limits::DEFAULT
        };
        let stat = |messages: f64, exact: bool| TermStat {
            messages,
            density: 0.0,
            exact,
        };
        let both = |a, b| mode(&[a, b], &limits);
        assert_eq!(both(stat(40.0, true), stat(60.0, true)), Mode::Exact);
        assert_eq!(both(stat(40.0, true), stat(61.0, true)), Mode::Bounded);
        assert_eq!(both(stat(5000.0, false), stat(9.0, true)), Mode::Bounded);
        assert_eq!(rarest(&[stat(5000.0, false), stat(9.0, true)]), 1);
        assert_eq!(rarest(&[stat(9.0, true), stat(9.0, true)]), 0);
        assert_eq!(limits.candidate_matches(20), 400);
        assert_eq!(limits.candidate_matches(500), 2000);
    }

    #[test]
    fn scores_favour_rarer_words_and_shorter_messages() {
        assert!(idf(10.0, 1000.0) > idf(400.0, 1000.0));
        assert_eq!(idf(900.0, 1000.0), 1e-6, "never negative");
        let avg = 40.0;
        assert!(score(2.0, 20.0, avg) > score(2.0, 80.0, avg));
        assert!(score(3.0, 40.0, avg) > score(2.0, 40.0, avg));
        // At the average length a word counts idf × 1.
        assert!((score(2.0, 40.0, avg) - 2.0).abs() < 1e-9);
    }

    #[test]
    fn ranges_merge_when_the_gap_is_cheaper_than_reopening() {
        let mut r = vec![(10, 20), (100, 110)];
        insert_merged(&mut r, (30, 40), 5);
        assert_eq!(r, [(10, 20), (30, 40), (100, 110)]);
        insert_merged(&mut r, (22, 25), 5);
        assert_eq!(r, [(10, 40), (100, 110)]);
        insert_merged(&mut r, (0, 200), 0);
        assert_eq!(r, [(0, 200)]);
        let mut r = vec![];
        insert_merged(&mut r, (9, 3), 0);
        assert_eq!(r, [(3, 9)], "reversed bounds are put right");
    }

    #[test]
    fn the_window_takes_the_newest_candidates_within_budget() {
        let candidates: Vec<Candidate> = (0..100)
            .map(|i| c(1000 - i, 10_000 - 100 * i, 10_000 - 100 * i + 9))
            .collect();
        // Dense word: ranges 90 ids apart merge into one.
        let w = window(&candidates, &[0.1], 1e9);
        assert_eq!(w.sessions.len(), 100);
        assert_eq!(w.ranges, [(100, 10_009)]);
        // Sessions far apart are scanned one by one (the gaps would cost more than reopening)…
        let far: Vec<Candidate> = (0..10)
            .map(|i| c(100 - i, 100_000 - 10_000 * i, 100_000 - 10_000 * i + 9))
            .collect();
        let w = window(&far, &[0.1], 1e9);
        assert_eq!(w.ranges.len(), 10);
        assert!(!w.sparse(), "the ranges are the sessions");
        // … unless the word is rare: then a gap costs nothing to read.
        let w = window(&far, &[1e-6], 1e9);
        assert_eq!(w.ranges, [(10_000, 100_009)]);
        assert!(w.sparse(), "100 of 90 010 ids");
        // A small budget keeps the newest only, and always one.
        let w = window(&candidates, &[0.1], 1_000.0);
        assert!(
            w.sessions.len() < 100 && w.sessions[0] == 1000,
            "{:?}",
            w.sessions
        );
        assert!(w.cost <= 1_000.0);
        let w = window(&candidates, &[0.1], 0.0);
        assert_eq!(w.sessions, [1000]);
        // Snippet ranges: neighbours merge, far ids stay apart.
        assert_eq!(
            cover(&[500_000, 12, 3, 12], &[0.5]),
            [(3, 12), (500_000, 500_000)]
        );
        assert_eq!(cover(&[], &[0.5]), []);
    }
}
