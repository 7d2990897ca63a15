use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

macro_rules! text_enum {
    ($(#[$m:meta])* $name:ident { $($variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize, schemars::JsonSchema)]
        #[sea_orm(rs_type = "String", db_type = "Text")]
        #[cfg_attr(feature = "ts", derive(ts_rs::TS))]
        #[serde(rename_all = "snake_case")]
        pub enum $name {
            $(#[sea_orm(string_value = $text)] $variant,)+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            pub fn as_str(&self) -> &'static str {
                match self { $($name::$variant => $text,)+ }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = crate::error::CoreError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s.trim().to_ascii_lowercase().replace([' ', '-'], "_").as_str() {
                    $($text => Ok($name::$variant),)+
                    _ => Err(crate::error::CoreError::invalid(format!(
                        "unknown {} '{}'; expected one of: {}",
                        stringify!($name), s, [$($text),+].join(", ")
                    ))),
                }
            }
        }
    };
}

text_enum!(
    /// What a signed-in agent may do (permissions.yaml's staff roles).
    AgentRole {
        Agent = "agent",
        Supervisor = "supervisor",
        Reviewer = "reviewer",
    }
);

impl AgentRole {
    pub fn role(self) -> crate::policy::Role {
        match self {
            AgentRole::Agent => crate::policy::Role::Agent,
            AgentRole::Supervisor => crate::policy::Role::Supervisor,
            AgentRole::Reviewer => crate::policy::Role::Reviewer,
        }
    }
}

text_enum!(OrderStatus {
    Pending = "pending",
    Shipped = "shipped",
    Delivered = "delivered",
    RefundRequested = "refund_requested",
    Refunded = "refunded",
});

text_enum!(TicketStatus {
    Open = "open",
    InProgress = "in_progress",
    Resolved = "resolved",
    Escalated = "escalated",
});

text_enum!(TicketPriority {
    Low = "low",
    Medium = "medium",
    High = "high",
    Critical = "critical",
});

text_enum!(Channel {
    Kiosk = "kiosk",
    Workspace = "workspace",
    Cli = "cli",
});

text_enum!(SessionStatus {
    Active = "active",
    WaitingForAgent = "waiting_for_agent",
    WithAgent = "with_agent",
    Closed = "closed",
});

text_enum!(MessageRole {
    Customer = "customer",
    Assistant = "assistant",
    Agent = "agent",
    Tool = "tool",
    System = "system",
});

text_enum!(PendingState {
    Proposed = "proposed",
    Confirmed = "confirmed",
    Rejected = "rejected",
    // The session closed before anyone decided.
    Expired = "expired",
});

text_enum!(
    /// Why a session was handed to a human agent.
    EscalationReason {
        RepeatedIntent = "repeated_intent",
        DataGap = "data_gap",
        HallucinationRisk = "hallucination_risk",
        HumanRequested = "human_requested",
        ModelFailure = "model_failure",
        RoundLimit = "round_limit",
        NegativeSentiment = "negative_sentiment",
        VerificationFailed = "verification_failed",
    }
);
