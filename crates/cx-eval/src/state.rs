//! The records a conversation may change — customers, orders, tickets — read before and after, and
//! the difference as field-level changes a person can read.

use cx_core::db::entity::{customer, order, ticket};
use sea_orm::{DatabaseConnection, EntityTrait};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RecordKind {
    Customer,
    Order,
    Ticket,
}

impl RecordKind {
    pub fn parse(key: &str) -> Option<Self> {
        match key {
            "customer" => Some(RecordKind::Customer),
            "order" => Some(RecordKind::Order),
            "ticket" => Some(RecordKind::Ticket),
            _ => None,
        }
    }

    /// The fields compared (timestamps are not: every write moves them).
    pub fn fields(self) -> &'static [&'static str] {
        match self {
            RecordKind::Customer => &["name", "email", "phone"],
            RecordKind::Order => &[
                "customer_id",
                "product",
                "amount_cents",
                "status",
                "tracking_number",
            ],
            RecordKind::Ticket => &[
                "customer_id",
                "subject",
                "description",
                "status",
                "priority",
                "assignee",
            ],
        }
    }
}

impl fmt::Display for RecordKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            RecordKind::Customer => "customer",
            RecordKind::Order => "order",
            RecordKind::Ticket => "ticket",
        })
    }
}

type Fields = BTreeMap<&'static str, Option<String>>;

/// Every customer, order and ticket, field by field.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Snapshot {
    records: BTreeMap<(RecordKind, i64), Fields>,
}

/// One field that differs between two snapshots; `before`/`after` None is NULL, and a record that
/// appeared or disappeared shows as the field `(record)` going between `absent` and `present`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldChange {
    pub record: RecordKind,
    pub id: i64,
    pub field: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

impl fmt::Display for FieldChange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let show = |v: &Option<String>| v.clone().unwrap_or_else(|| "null".into());
        write!(
            f,
            "{} {} {}: {} → {}",
            self.record,
            self.id,
            self.field,
            show(&self.before),
            show(&self.after)
        )
    }
}

pub const WHOLE_RECORD: &str = "(record)";

fn presence(present: bool) -> String {
    if present { "present" } else { "absent" }.to_owned()
}

impl Snapshot {
    pub async fn take(db: &DatabaseConnection) -> cx_core::Result<Snapshot> {
        let mut records = BTreeMap::new();
        for c in customer::Entity::find().all(db).await? {
            let fields = Fields::from([
                ("name", Some(c.name)),
                ("email", Some(c.email)),
                ("phone", c.phone),
            ]);
            records.insert((RecordKind::Customer, c.id), fields);
        }
        for o in order::Entity::find().all(db).await? {
            let fields = Fields::from([
                ("customer_id", Some(o.customer_id.to_string())),
                ("product", Some(o.product)),
                ("amount_cents", Some(o.amount_cents.to_string())),
                ("status", Some(o.status.to_string())),
                ("tracking_number", o.tracking_number),
            ]);
            records.insert((RecordKind::Order, o.id), fields);
        }
        for t in ticket::Entity::find().all(db).await? {
            let fields = Fields::from([
                ("customer_id", Some(t.customer_id.to_string())),
                ("subject", Some(t.subject)),
                ("description", Some(t.description)),
                ("status", Some(t.status.to_string())),
                ("priority", Some(t.priority.to_string())),
                ("assignee", t.assignee),
            ]);
            records.insert((RecordKind::Ticket, t.id), fields);
        }
        Ok(Snapshot { records })
    }

    /// The value of a field, None when the record does not exist.
    pub fn get(&self, record: RecordKind, id: i64, field: &str) -> Option<&Option<String>> {
        self.records.get(&(record, id)).and_then(|f| f.get(field))
    }

    pub fn has(&self, record: RecordKind, id: i64) -> bool {
        self.records.contains_key(&(record, id))
    }

    /// What changed from `self` to `after`, in record order.
    pub fn diff(&self, after: &Snapshot) -> Vec<FieldChange> {
        let mut keys: Vec<_> = self.records.keys().chain(after.records.keys()).collect();
        keys.sort();
        keys.dedup();
        let mut out = Vec::new();
        for &(record, id) in keys {
            match (
                self.records.get(&(record, id)),
                after.records.get(&(record, id)),
            ) {
                (Some(a), Some(b)) => {
                    for (field, before) in a {
                        let now = b.get(field).cloned().flatten();
                        if *before != now {
                            out.push(FieldChange {
                                record,
                                id,
                                field: (*field).to_owned(),
                                before: before.clone(),
                                after: now,
                            });
                        }
                    }
                }
                (before, now) => out.push(FieldChange {
                    record,
                    id,
                    field: WHOLE_RECORD.to_owned(),
                    before: Some(presence(before.is_some())),
                    after: Some(presence(now.is_some())),
                }),
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    type Row<'a> = (RecordKind, i64, &'a [(&'static str, Option<&'a str>)]);

    fn snap(rows: &[Row<'_>]) -> Snapshot {
        let mut s = Snapshot::default();
        for (kind, id, fields) in rows {
            s.records.insert(
                (*kind, *id),
                fields
                    .iter()
                    .map(|(k, v)| (*k, v.map(str::to_owned)))
                    .collect(),
            );
        }
        s
    }

    #[test]
    fn diff_lists_changed_fields_and_added_or_removed_records() {
        use RecordKind::*;
        let before = snap(&[
            (
                Order,
                1004,
                &[("status", Some("shipped")), ("tracking_number", None)],
            ),
            (Ticket, 5003, &[("status", Some("open"))]),
            (Customer, 9, &[("email", Some("x@example.com"))]),
        ]);
        let after = snap(&[
            (
                Order,
                1004,
                &[
                    ("status", Some("refund_requested")),
                    ("tracking_number", None),
                ],
            ),
            (Ticket, 5003, &[("status", Some("open"))]),
            (Ticket, 5100, &[("status", Some("open"))]),
        ]);
        let lines: Vec<String> = before.diff(&after).iter().map(|c| c.to_string()).collect();
        assert_eq!(
            lines,
            [
                "customer 9 (record): present → absent",
                "order 1004 status: shipped → refund_requested",
                "ticket 5100 (record): absent → present",
            ]
        );
        assert!(before.diff(&before).is_empty());
    }
}
