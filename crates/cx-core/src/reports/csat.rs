//! Customer satisfaction: the kiosk's "How did we do?" answers, all and split by whether a person
//! took part, and the closed kiosk sessions whose customer left the question unanswered.

use super::filter::outcome_text;
use super::model::{Csat, CsatFigures, Outcome};
use super::scope::{Period, c, col, from_classified};
use super::sql::{count, count_all};
use crate::error::Result;
use sea_orm::sea_query::Alias;
use sea_orm::{ConnectionTrait, DatabaseConnection};

pub(super) async fn figures(db: &DatabaseConnection, p: &Period) -> Result<CsatFigures> {
    let groups = [c::OUTCOME, c::CSAT, c::CSAT_UNANSWERED];
    let mut q = from_classified(db.get_database_backend(), p);
    for g in groups {
        q.expr_as(col(g), Alias::new(g));
    }
    q.expr_as(count_all(), Alias::new("n"))
        .add_group_by(groups.map(col));
    let mut f = CsatFigures {
        all: empty(),
        assistant_alone: empty(),
        with_agent: empty(),
        unanswered: 0,
    };
    for r in db.query_all(&q).await? {
        let outcome: String = r.try_get("", c::OUTCOME)?;
        let score: Option<i32> = r.try_get("", c::CSAT)?;
        let unanswered: i32 = r.try_get("", c::CSAT_UNANSWERED)?;
        let n = count(&r, "n")?;
        if unanswered != 0 {
            f.unanswered += n;
        }
        let Some(score) = score else { continue };
        let score = i64::from(score);
        add(&mut f.all, score, n);
        match outcome == outcome_text(Outcome::HandedOver) {
            true => add(&mut f.with_agent, score, n),
            false => add(&mut f.assistant_alone, score, n),
        }
    }
    for csat in [&mut f.all, &mut f.assistant_alone, &mut f.with_agent] {
        csat.average = average(&csat.distribution);
    }
    Ok(f)
}

pub(super) fn empty() -> Csat {
    Csat {
        count: 0,
        average: None,
        distribution: [0; 5],
    }
}

/// `n` answers of `score` (1..=5; the classification leaves others out).
pub(super) fn add(csat: &mut Csat, score: i64, n: u64) {
    if let Some(slot) = usize::try_from(score - 1)
        .ok()
        .and_then(|i| csat.distribution.get_mut(i))
    {
        *slot += n;
        csat.count += n;
    }
}

/// The mean score of a distribution; None without answers.
pub(super) fn average(distribution: &[u64; 5]) -> Option<f64> {
    let count: u64 = distribution.iter().sum();
    let sum: u64 = distribution
        .iter()
        .zip(1u64..)
        .map(|(n, score)| n * score)
        .sum();
    (count > 0).then(|| sum as f64 / count as f64)
}
