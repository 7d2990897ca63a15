//! The shell's own boundary types (cx-core's come with their own TS derive).

use crate::error::{ApiError, ApiResult};
use cx_core::db::entity::AgentRole;
use cx_core::vocabulary::Role;
use serde::Serialize;
use ts_rs::TS;

/// A kiosk session just started.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SessionInfo {
    pub session_id: i64,
    pub tone: String,
    /// The customer's language, as the session keeps it.
    pub language: cx_core::Language,
}

/// Who the calling window acts as, and what that role may do (the UI disables the rest and says
/// why).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct WhoAmI {
    /// Empty in team mode until an agent signs in.
    pub name: String,
    pub role: WhoRole,
    pub permissions: Permissions,
    /// The database has agents: the workspace acts only as the agent signed in at this desk.
    pub team_mode: bool,
    /// Team mode: an agent is signed in here (false: show the sign-in screen).
    pub signed_in: bool,
    /// What this desktop runs as.
    pub station_role: crate::station::StationRole,
    /// The language the staff windows are shown in (the `language` setting).
    pub language: cx_core::Language,
}

/// The role a staff window acts in: one of the staff roles, or `""` before anyone signed in
/// (team mode). Staff windows never act as the kiosk's assistant or the co-pilot, so the staff
/// roles ([`AgentRole`]) are all a window can be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, TS)]
#[ts(untagged)]
pub enum WhoRole {
    Staff(AgentRole),
    #[ts(type = "\"\"")]
    Nobody,
}

impl WhoRole {
    /// The staff role `role` is (an internal error for the assistant's roles: no window acts so).
    pub fn of(role: Role) -> ApiResult<WhoRole> {
        AgentRole::ALL
            .iter()
            .find(|r| r.role() == role)
            .map(|r| WhoRole::Staff(*r))
            .ok_or_else(|| ApiError::internal(format!("a staff window cannot act as {role}")))
    }
}

impl Serialize for WhoRole {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            WhoRole::Staff(r) => r.serialize(s),
            WhoRole::Nobody => s.serialize_str(""),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Permissions {
    /// App commands this role may run.
    pub commands: Vec<String>,
    /// `table.column` pairs this role may change.
    pub writes: Vec<String>,
}

/// A canned reply, typed in the composer by its shortcut (e.g. `/greet`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct CannedResponse {
    pub id: i64,
    pub shortcut: String,
    pub title: String,
    pub content: String,
    pub category: String,
}

impl From<&cx_core::db::entity::canned_response::Model> for CannedResponse {
    fn from(m: &cx_core::db::entity::canned_response::Model) -> Self {
        CannedResponse {
            id: m.id,
            shortcut: m.shortcut.clone(),
            title: m.title.clone(),
            content: m.content.clone(),
            category: m.category.clone(),
        }
    }
}

/// Where an export was written; `path` is null when the save dialog was cancelled.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ExportResult {
    pub path: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Today's strings: a staff role's name, or `""` for nobody.
    #[test]
    fn who_role_serializes_as_the_role_name_or_empty() {
        let json = |r: WhoRole| serde_json::to_value(r).unwrap();
        assert_eq!(json(WhoRole::of(Role::Supervisor).unwrap()), "supervisor");
        assert_eq!(json(WhoRole::of(Role::Reviewer).unwrap()), "reviewer");
        assert_eq!(json(WhoRole::Nobody), "");
        assert!(WhoRole::of(Role::Copilot).is_err());
    }
}
