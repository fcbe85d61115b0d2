//! The `thidua` command: serve (the default), migrate, openapi, admin.

use std::io::{IsTerminal, Read};

use clap::{Parser, Subcommand};

use thidua::config::Config;
use thidua::domain::access::{Role, Scope};
use thidua::domain::passwords::{self, Weakness};
use thidua::service::{self, accounts::NewAccount, api_clients::NewClient, DbConn, Who};
use thidua::store;

#[derive(Parser)]
#[command(
    name = "thidua",
    version,
    about = "Thi đua, khen thưởng: the emulation and commendation service"
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the API (the default).
    Serve,
    /// Apply the database migrations and exit.
    Migrate,
    /// Print the OpenAPI document.
    Openapi,
    /// Load the province's data from letter 1801/UBND-NC (idempotent).
    Seed {
        /// Also load the clearly marked sample fixture (codes MAU-…, names "… (mẫu)").
        #[arg(long)]
        sample: bool,
    },
    /// Import a file of units, documents, movements, exemplary models, awardees or past awards
    /// (.xlsx, or .csv in UTF-8) on the template of `GET /api/v1/imports/templates/{kind}.xlsx`: all or nothing.
    /// Prints the report as JSON; exits with 1 when a row is in error.
    Import {
        /// units, documents, movements, exemplary_models, awardees or awards.
        #[arg(long)]
        kind: String,
        /// Check every row and store nothing.
        #[arg(long)]
        dry_run: bool,
        /// Leave out the rows whose record is already there (by default they refuse the
        /// import); the records there are never overwritten.
        #[arg(long)]
        skip_clashes: bool,
        /// The .xlsx or .csv file.
        file: std::path::PathBuf,
    },
    /// Accounts and API clients.
    Admin {
        #[command(subcommand)]
        command: Admin,
    },
}

#[derive(Subcommand)]
enum Admin {
    /// Create a user. The password is read from THIDUA_NEW_PASSWORD or standard input.
    CreateUser {
        #[arg(long)]
        username: String,
        /// admin, coordinator, approver, unit_officer, viewer or reviewer.
        #[arg(long)]
        role: String,
        /// The unit of a unit officer (its id or code).
        #[arg(long)]
        unit: Option<String>,
        #[arg(long)]
        display_name: Option<String>,
    },
    /// Create an API client for one unit (or, with only `metrics:read`, for none); prints its
    /// id and secret once.
    CreateClient {
        #[arg(long)]
        name: String,
        /// The unit it acts for (its id or code); none for a `metrics:read` client.
        #[arg(long)]
        unit: Option<String>,
        /// Space- or comma-separated scopes, e.g. "reports:write reports:read".
        #[arg(long, default_value = "reports:write reports:read")]
        scopes: String,
    },
}

fn init_tracing(json: bool) {
    let filter =
        tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into());
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    if json {
        builder
            .json()
            .flatten_event(true)
            .with_current_span(true)
            .init();
    } else {
        builder.init();
    }
}

#[actix_web::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let command = cli.command.unwrap_or(Command::Serve);
    if let Command::Openapi = command {
        let doc = thidua::api::doc::openapi_json();
        println!("{}", serde_json::to_string_pretty(&doc)?);
        return Ok(());
    }
    let config = Config::from_env()?;
    init_tracing(config.json_logs);
    match command {
        Command::Serve => {
            let app = thidua::Application::build(config.clone()).await?;
            tracing::info!(address = %config.bind, port = app.port(), mode = ?config.mode, "thidua is serving; API docs at /docs/");
            app.run_until_stopped().await?;
        }
        Command::Migrate => {
            thidua::open_database(&config)?;
            tracing::info!("migrations applied");
        }
        Command::Openapi => {}
        Command::Seed { sample } => {
            let db = thidua::open_database(&config)?;
            let mut conn = db.get()?;
            store::write_tx(&mut conn, |c| {
                if sample {
                    thidua::seed::sample(c)
                } else {
                    thidua::seed::province(c)
                }
            })?;
            tracing::info!(sample, "seed loaded");
        }
        Command::Import {
            kind,
            dry_run,
            skip_clashes,
            file,
        } => import(&config, &kind, dry_run, skip_clashes, &file)?,
        Command::Admin { command } => admin(&config, command)?,
    }
    Ok(())
}

fn unit_id(conn: &mut DbConn, unit: &str) -> anyhow::Result<String> {
    service::units::by_id_or_code(conn, unit)?
        .map(|u| u.id)
        .ok_or_else(|| anyhow::anyhow!("no unit with id or code {unit:?}"))
}

fn import(
    config: &Config,
    kind: &str,
    dry_run: bool,
    skip_clashes: bool,
    file: &std::path::Path,
) -> anyhow::Result<()> {
    use thidua::api::imports::{self, ImportReport, Request};
    use thidua::domain::vocab::{ImportKind, OnClash};
    let kind = ImportKind::parse(kind).ok_or_else(|| {
        anyhow::anyhow!("unknown kind {kind:?}: units, documents, movements or exemplary_models")
    })?;
    let bytes = std::fs::read(file)?;
    let request = Request {
        kind,
        on_clash: if skip_clashes {
            OnClash::Skip
        } else {
            OnClash::Refuse
        },
        dry_run,
        file_name: file.file_name().map(|n| n.to_string_lossy().into_owned()),
    };
    let db = thidua::open_database(config)?;
    let mut conn = db.get()?;
    let who = Who::system("cli");
    let apply = |c: &mut DbConn| imports::import(c, &who, &request, &bytes);
    let done = if dry_run {
        store::rehearse_tx(&mut conn, apply)
    } else {
        store::write_tx(&mut conn, apply)
    };
    match done {
        Ok(done) => {
            let report = ImportReport::new(&request, &done, thidua::error::Lang::Vi);
            println!("{}", serde_json::to_string_pretty(&report)?);
            if !report.errors.is_empty() {
                std::process::exit(1);
            }
        }
        Err(e) => {
            eprintln!("{}", e.detail.vi);
            for f in &e.errors {
                eprintln!("  {}", f.detail.vi);
            }
            std::process::exit(1);
        }
    }
    Ok(())
}

fn weakness(w: Weakness) -> &'static str {
    match w {
        Weakness::TooShort => "it has fewer than 12 characters",
        Weakness::TooLong => "it has more than 200 characters",
        Weakness::Common => "it is a common password, easy to guess",
        Weakness::Personal => "it is the user name or the display name",
    }
}

fn admin(config: &Config, command: Admin) -> anyhow::Result<()> {
    let db = thidua::open_database(config)?;
    let mut conn = db.get()?;
    let who = Who::system("cli");
    match command {
        Admin::CreateUser {
            username,
            role,
            unit,
            display_name,
        } => {
            let role =
                Role::parse(&role).ok_or_else(|| anyhow::anyhow!("unknown role {role:?}"))?;
            let unit = unit.map(|u| unit_id(&mut conn, &u)).transpose()?;
            if role.needs_unit() && unit.is_none() {
                anyhow::bail!("a unit_officer needs --unit");
            }
            let password = match std::env::var("THIDUA_NEW_PASSWORD") {
                Ok(p) if !p.is_empty() => p,
                _ => {
                    if std::io::stdin().is_terminal() {
                        eprintln!("Password (end with Enter, then Ctrl-D):");
                    }
                    let mut p = String::new();
                    std::io::stdin().read_to_string(&mut p)?;
                    p.trim_end_matches(['\n', '\r']).to_owned()
                }
            };
            let username = username.trim().to_lowercase();
            let display_name = display_name.unwrap_or_else(|| username.clone());
            if let Err(weak) = passwords::check(&password, &[&username, &display_name]) {
                anyhow::bail!("the password is refused: {}", weakness(weak));
            }
            let cmd = NewAccount {
                display_name,
                username,
                password_hash: Some(thidua::auth::hash_password(&password)?),
                role,
                unit_id: unit,
            };
            let (user, _) = store::write_tx(&mut conn, |c| {
                service::accounts::create(c, &who, Role::Admin, &cmd)
            })?;
            println!("user {} created with id {}", user.username, user.id);
        }
        Admin::CreateClient { name, unit, scopes } => {
            let unit = unit.map(|u| unit_id(&mut conn, &u)).transpose()?;
            let scopes = Scope::parse_list(&scopes.replace(',', " "))
                .map_err(|s| anyhow::anyhow!("unknown scope {s:?}"))?;
            service::api_clients::check_scopes(&scopes, unit.is_some())
                .map_err(|(at, text)| anyhow::anyhow!("{at}: {}", text.en))?;
            let cmd = NewClient {
                name,
                unit_id: unit,
                scopes,
            };
            let issued = store::write_tx(&mut conn, |c| {
                service::api_clients::create(c, &who, Role::Admin, &cmd)
            })?;
            println!(
                "client_id={}\nclient_secret={}\nscopes={}",
                issued.client.id, issued.secret, issued.client.scopes
            );
            eprintln!(
                "Keep the secret now: it is stored only as a hash and cannot be shown again."
            );
        }
    }
    Ok(())
}
