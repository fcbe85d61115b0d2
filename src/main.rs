//! The `thidua` command: serve (the default), migrate, openapi, admin.

use std::io::{IsTerminal, Read};

use clap::{Parser, Subcommand};

use thidua::config::Config;
use thidua::domain::access::{Role, Scope};
use thidua::service::{self, auth::NewUser, DbConn, Who};
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
    /// Create an API client for one unit; prints its id and secret once.
    CreateClient {
        #[arg(long)]
        name: String,
        /// The unit it acts for (its id or code).
        #[arg(long)]
        unit: String,
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
        Command::Admin { command } => admin(&config, command)?,
    }
    Ok(())
}

fn unit_id(conn: &mut DbConn, unit: &str) -> anyhow::Result<String> {
    service::units::by_id_or_code(conn, unit)?
        .map(|u| u.id)
        .ok_or_else(|| anyhow::anyhow!("no unit with id or code {unit:?}"))
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
            if password.chars().count() < 10 {
                anyhow::bail!("the password must have at least 10 characters");
            }
            let hash = thidua::auth::hash_password(&password)?;
            let username = username.trim().to_lowercase();
            let cmd = NewUser {
                display_name: display_name.unwrap_or_else(|| username.clone()),
                username,
                password_hash: hash,
                role,
                unit_id: unit,
            };
            let user = store::write_tx(&mut conn, |c| service::auth::create_user(c, &who, &cmd))?;
            println!("user {} created with id {}", user.username, user.id);
        }
        Admin::CreateClient { name, unit, scopes } => {
            let unit = unit_id(&mut conn, &unit)?;
            let scopes = Scope::parse_list(&scopes.replace(',', " "))
                .map_err(|s| anyhow::anyhow!("unknown scope {s:?}"))?;
            let secret = thidua::auth::new_secret();
            let hash = thidua::auth::hash_secret(&secret);
            let row = store::write_tx(&mut conn, |c| {
                service::auth::create_client(c, &who, &name, &unit, &scopes, hash.clone())
            })?;
            println!(
                "client_id={}\nclient_secret={secret}\nscopes={}",
                row.id, row.scopes
            );
            eprintln!(
                "Keep the secret now: it is stored only as a hash and cannot be shown again."
            );
        }
    }
    Ok(())
}
