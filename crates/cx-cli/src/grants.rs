//! `cx-agent db grants ROLE`: a station's PostgreSQL login with only the rights it needs (see
//! `cx_core::db::grants`), created or updated with the owner's login, or printed for a DBA.

use crate::DbArg;
use clap::ValueEnum;
use cx_core::Result;
use cx_core::db::grants;
use std::process::ExitCode;

#[derive(Clone, Copy, ValueEnum)]
pub enum StationArg {
    /// A kiosk station in the lobby.
    Kiosk,
    /// An agent desk.
    Desk,
}

impl From<StationArg> for grants::Station {
    fn from(s: StationArg) -> Self {
        match s {
            StationArg::Kiosk => grants::Station::Kiosk,
            StationArg::Desk => grants::Station::Desk,
        }
    }
}

#[derive(clap::Args)]
pub struct GrantsArgs {
    /// The station the login is for.
    #[arg(value_enum, value_name = "ROLE")]
    pub role: StationArg,
    /// The login to create or update (default: cx_kiosk or cx_desk).
    #[arg(long, value_name = "NAME")]
    pub login: Option<String>,
    /// Read the login's password from the first line of stdin (never from a flag: it would show
    /// in the process list and the shell history). Without it a new login has no password and an
    /// existing one keeps its own.
    #[arg(long)]
    pub password_stdin: bool,
    /// Print the SQL instead of running it, for a DBA to run as the database's owner.
    #[arg(long)]
    pub print: bool,
    /// The owner's login (it runs the migrations).
    #[command(flatten)]
    pub db: DbArg,
}

pub async fn run(args: GrantsArgs) -> Result<ExitCode> {
    let station = grants::Station::from(args.role);
    let login = args
        .login
        .clone()
        .unwrap_or_else(|| station.default_login().to_owned());
    let password = if args.password_stdin {
        Some(crate::secret::password_from_stdin(
            &format!("Password for login {login}: "),
            "--password-stdin: the first line of stdin is empty",
        )?)
    } else {
        None
    };
    if args.print {
        // No connection: the SQL names no database (the server fills in its own). A URL that is
        // given must still be PostgreSQL's.
        let given = args
            .db
            .db
            .clone()
            .or_else(|| std::env::var(cx_process::database::DATABASE_URL_ENV).ok())
            .filter(|u| !u.trim().is_empty());
        if let Some(url) = given {
            grants::require_postgres(&url)?;
        }
        print!("{}", grants::script(station, &login, password.as_deref())?);
        return Ok(ExitCode::SUCCESS);
    }
    let report = grants::apply(&args.db.url(), station, &login, password.as_deref()).await?;
    for table in &report.unclassified {
        eprintln!("cx-agent: table {table} is not in the grants map: {login} got no right on it");
    }
    println!("{}", serde_json::to_string(&report).unwrap_or_default());
    Ok(ExitCode::SUCCESS)
}
