//! Stations: the machine and front end a session was started from (a kiosk in the lobby, a
//! terminal). Verification failures are counted per station, and only the station that started a
//! session may act in it.

/// Names this machine's station (default: `<front end>@<hostname>`).
pub const STATION_ENV: &str = "CX_STATION_ID";

/// The station id of this process for a front end (`kiosk`, `cli`): `CX_STATION_ID` when set.
pub fn local(front_end: &str) -> String {
    if let Ok(id) = std::env::var(STATION_ENV) {
        let id = id.trim();
        if !id.is_empty() && id.len() <= 128 && !id.chars().any(char::is_control) {
            return id.to_owned();
        }
    }
    format!("{front_end}@{}", hostname())
}

fn hostname() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .ok()
        .or_else(|| std::env::var("HOSTNAME").ok())
        .or_else(|| std::env::var("COMPUTERNAME").ok())
        .map(|h| h.trim().to_owned())
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "localhost".to_owned())
}
