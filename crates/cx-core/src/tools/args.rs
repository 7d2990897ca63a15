//! Typed tool arguments. Their JSON schemas (schemars) are what the model sees; parsing them is
//! strict (unknown fields rejected) but forgiving where models commonly are (an id as "1042" or
//! "#1042").

use crate::db::entity::{OrderStatus, TicketStatus};
use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize};

/// Accept 1042, "1042" or "#1042"; reject anything else with a clear message.
fn id<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Raw {
        N(i64),
        S(String),
    }
    let n = match Raw::deserialize(d)? {
        Raw::N(n) => n,
        Raw::S(s) => s
            .trim()
            .trim_start_matches('#')
            .parse::<i64>()
            .map_err(|_| serde::de::Error::custom(format!("'{s}' is not a record number")))?,
    };
    if n <= 0 {
        return Err(serde::de::Error::custom(format!(
            "ids are positive numbers, got {n}"
        )));
    }
    Ok(n)
}

fn opt_id<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    #[derive(Deserialize)]
    struct Wrap(#[serde(deserialize_with = "id")] i64);
    Ok(Option::<Wrap>::deserialize(d)?.map(|w| w.0))
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
/// Find a customer by email or by id.
pub struct LookupUserArgs {
    /// The customer's email address.
    #[serde(default)]
    pub email: Option<String>,
    /// The customer's id.
    #[serde(default, deserialize_with = "opt_id")]
    #[schemars(range(min = 1))]
    pub customer_id: Option<i64>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
/// Verify who the customer is: their email plus the last four digits of their phone number, or
/// plus the number of one of their orders.
pub struct VerifyCustomerArgs {
    /// The email address the customer gave.
    pub email: String,
    /// The last four digits of the phone number on file.
    #[serde(default)]
    pub phone_last4: Option<String>,
    /// The number of one of the customer's orders (accepted only where the deployment turns
    /// order numbers on as a second factor).
    #[serde(default, deserialize_with = "opt_id")]
    #[schemars(range(min = 1))]
    pub order_id: Option<i64>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
/// List orders, newest first; filter by customer, order number or status.
pub struct GetOrdersArgs {
    /// The customer whose orders to list (at the kiosk: the verified customer, the default).
    #[serde(default, deserialize_with = "opt_id")]
    #[schemars(range(min = 1))]
    pub customer_id: Option<i64>,
    /// One order's number.
    #[serde(default, deserialize_with = "opt_id")]
    #[schemars(range(min = 1))]
    pub order_id: Option<i64>,
    /// Only orders in this status.
    #[serde(default)]
    pub status: Option<OrderStatus>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
/// List support tickets, newest first; filter by customer, ticket number or status.
pub struct GetTicketsArgs {
    /// The customer whose tickets to list (at the kiosk: the verified customer, the default).
    #[serde(default, deserialize_with = "opt_id")]
    #[schemars(range(min = 1))]
    pub customer_id: Option<i64>,
    /// One ticket's number.
    #[serde(default, deserialize_with = "opt_id")]
    #[schemars(range(min = 1))]
    pub ticket_id: Option<i64>,
    /// Only tickets in this status.
    #[serde(default)]
    pub status: Option<TicketStatus>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
/// Change a ticket's status (and optionally who it is assigned to).
pub struct UpdateTicketArgs {
    /// The ticket's number.
    #[serde(deserialize_with = "id")]
    #[schemars(range(min = 1))]
    pub ticket_id: i64,
    /// The new status.
    pub status: TicketStatus,
    /// The agent to assign it to.
    #[serde(default)]
    pub assignee: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
/// Change the email address on the customer's account.
pub struct UpdateUserEmailArgs {
    /// The customer (at the kiosk: the verified customer, the default).
    #[serde(default, deserialize_with = "opt_id")]
    #[schemars(range(min = 1))]
    pub customer_id: Option<i64>,
    /// The new email address.
    pub new_email: String,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
/// Ask for a refund of an order (sets it to refund_requested). Pending orders and orders already
/// refunded are refused.
pub struct FlagRefundArgs {
    /// The order's number.
    #[serde(deserialize_with = "id")]
    #[schemars(range(min = 1))]
    pub order_id: i64,
    /// Why the customer wants a refund.
    #[serde(default)]
    pub reason: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
/// Search the shop's help center (refunds, shipping, warranty, troubleshooting, account and
/// privacy, payment) for passages that answer a general question. Needs no verification.
pub struct KnowledgeSearchArgs {
    /// The question, in the customer's words.
    pub query: String,
    /// How many passages (1 to 5, default 3).
    #[serde(default)]
    #[schemars(range(min = 1, max = 5))]
    pub limit: Option<u64>,
}
