//! What this desktop is for: an agent desk (the workspace, no kiosk), a kiosk station (the kiosk
//! window only, fullscreen: a lobby screen strangers use) or both (one machine does everything).
//! The `--station` flag wins over the `station_role` setting.

use serde::{Deserialize, Serialize};
use std::str::FromStr;
use ts_rs::TS;

/// The flag: `--station desk|kiosk|both` (or `--station=…`).
pub const STATION_FLAG: &str = "--station";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum StationRole {
    /// An agent's desk: the workspace (and history); the kiosk window never opens.
    Desk,
    /// A kiosk station: the kiosk window only, fullscreen without decorations.
    Kiosk,
    /// Both windows on one machine.
    #[default]
    Both,
}

impl StationRole {
    pub fn has_workspace(self) -> bool {
        self != StationRole::Kiosk
    }

    pub fn has_kiosk(self) -> bool {
        self != StationRole::Desk
    }
}

impl FromStr for StationRole {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "desk" => Ok(StationRole::Desk),
            "kiosk" => Ok(StationRole::Kiosk),
            "both" => Ok(StationRole::Both),
            other => Err(format!(
                "unknown station role '{other}'; expected desk, kiosk or both"
            )),
        }
    }
}

/// The `--station` flag among the process arguments: None when absent; an error (the app does
/// not start) when its value is missing or unknown — a kiosk started with a typo must not come
/// up as a full desk.
pub fn from_args<I: IntoIterator<Item = String>>(args: I) -> Result<Option<StationRole>, String> {
    let mut args = args.into_iter();
    let mut found = None;
    while let Some(a) = args.next() {
        let value = if a == STATION_FLAG {
            args.next()
                .ok_or_else(|| format!("{STATION_FLAG} needs a value: desk, kiosk or both"))?
        } else if let Some(v) = a.strip_prefix("--station=") {
            v.to_owned()
        } else {
            continue;
        };
        found = Some(value.parse().map_err(|e| format!("{STATION_FLAG}: {e}"))?);
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(a: &[&str]) -> Result<Option<StationRole>, String> {
        from_args(a.iter().map(|s| s.to_string()))
    }

    #[test]
    fn the_flag() {
        assert_eq!(args(&[]), Ok(None));
        assert_eq!(args(&["--kiosk"]), Ok(None));
        assert_eq!(args(&["--station", "desk"]), Ok(Some(StationRole::Desk)));
        assert_eq!(args(&["--station=kiosk"]), Ok(Some(StationRole::Kiosk)));
        assert_eq!(args(&["--station", " Both "]), Ok(Some(StationRole::Both)));
        assert!(args(&["--station"]).unwrap_err().contains("needs a value"));
        assert!(
            args(&["--station", "lobby"])
                .unwrap_err()
                .contains("unknown station role 'lobby'")
        );
    }

    #[test]
    fn what_each_station_shows() {
        assert!(StationRole::Desk.has_workspace() && !StationRole::Desk.has_kiosk());
        assert!(!StationRole::Kiosk.has_workspace() && StationRole::Kiosk.has_kiosk());
        assert!(StationRole::Both.has_workspace() && StationRole::Both.has_kiosk());
    }
}
