//! thidua: the emulation and commendation service of a Vietnamese province.
//! [`Application::build`] makes the whole service; the binary and the tests both call it.

pub mod api;
pub mod auth;
pub mod blobs;
pub mod clock;
pub mod config;
pub mod domain;
pub mod error;
pub mod http;
pub mod metrics;
pub mod paper;
pub mod ratelimit;
pub mod seed;
pub mod service;
pub mod state;
pub mod store;
pub mod texts;
pub mod webhooks;

use std::net::TcpListener;

use actix_web::dev::Server;
use actix_web::middleware::{from_fn, Compress};
use actix_web::{web, HttpServer};

use crate::config::{Config, Mode};
use crate::error::AppError;
pub use crate::state::AppState;
use crate::store::Db;

/// Opens the database of `config`, applies the migrations and makes sure an admin exists.
pub fn open_database(config: &Config) -> anyhow::Result<Db> {
    let db = Db::connect(&config.database_url, config.pool_size)?;
    db.migrate()?;
    let mut conn = db.get()?;
    if service::accounts::search_text_missing(&mut conn)? {
        store::write_tx(&mut conn, service::accounts::backfill_search_text)?;
    }
    Ok(db)
}

/// On an empty database, creates the first `admin`: with `THIDUA_ADMIN_PASSWORD`, or in
/// development with a random password printed once. Production without a password creates
/// nobody and says how to.
pub fn bootstrap_admin(db: &Db, config: &Config) -> anyhow::Result<()> {
    let mut conn = db.get()?;
    if service::auth::has_accounts(&mut conn)? {
        return Ok(());
    }
    let (password, generated) = match (&config.admin_password, config.mode) {
        (Some(p), _) => (p.clone(), false),
        (None, Mode::Development) => (auth::new_secret()[..20].to_owned(), true),
        (None, Mode::Production) => {
            tracing::warn!("no accounts yet: create one with `thidua admin create-user --role admin` or set THIDUA_ADMIN_PASSWORD");
            return Ok(());
        }
    };
    let hash = auth::hash_password(&password)?;
    let created = store::write_tx(&mut conn, |c| service::auth::bootstrap_admin(c, &hash))?;
    if created.is_some() && generated {
        eprintln!(
            "\n================================================================\n\
             thidua: first start, an administrator account was created\n  \
             username: admin\n  password: {password}\n\
             It is printed only this once. Sign in at POST /api/v1/auth/login.\n\
             ================================================================\n"
        );
    }
    Ok(())
}

/// Loads the province's data from letter 1801/UBND-NC when the register is empty.
pub fn seed_if_empty(db: &Db) -> anyhow::Result<()> {
    let mut conn = db.get()?;
    store::write_tx(&mut conn, |c| {
        let empty = store::units::list(c, &store::units::Filter::default(), None, 1)?.is_empty();
        if empty {
            seed::province(c)?;
            tracing::info!("empty register: loaded the province's data from letter 1801/UBND-NC");
        }
        Ok(())
    })
    .map_err(|e| anyhow::anyhow!("seeding failed: {e}"))
}

/// A running service: its server and the port it listens on.
pub struct Application {
    port: u16,
    server: Server,
    /// What the webhook outbox is delivered from and how, while the server runs.
    outbox: (Db, webhooks::Delivery),
}

impl Application {
    /// Builds the service from `config`: database, migrations, first admin, HTTP server.
    pub async fn build(config: Config) -> anyhow::Result<Application> {
        clock::install(config.clock);
        let cfg = config.clone();
        let db = web::block(move || -> anyhow::Result<Db> {
            let db = open_database(&cfg)?;
            bootstrap_admin(&db, &cfg)?;
            if cfg.seed_on_empty {
                seed_if_empty(&db)?;
            }
            Ok(db)
        })
        .await??;
        let listener = TcpListener::bind(&config.bind)
            .map_err(|e| anyhow::anyhow!("cannot listen on {}: {e}", config.bind))?;
        let port = listener.local_addr()?.port();
        let delivery = webhooks::Delivery {
            mode: config.mode,
            retry_base: std::time::Duration::from_secs(config.webhook_retry_secs.max(1)),
            max_attempts: config.webhook_max_attempts.max(1),
            timeout: std::time::Duration::from_secs(config.webhook_timeout_secs.clamp(1, 60)),
        };
        let server = serve(config, db.clone(), listener)?;
        Ok(Application {
            port,
            server,
            outbox: (db, delivery),
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// A handle to stop the server gracefully.
    pub fn handle(&self) -> actix_web::dev::ServerHandle {
        self.server.handle()
    }

    /// Serves until stopped; meanwhile reminders reach units' webhooks from the outbox,
    /// whichever instance wrote them.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let (db, delivery) = self.outbox;
        let outbox = tokio::spawn(webhooks::run(db, delivery));
        let result = self.server.await;
        outbox.abort();
        result
    }
}

/// The HTTP server over an open database.
pub fn serve(config: Config, db: Db, listener: TcpListener) -> anyhow::Result<Server> {
    if !error::set_problem_base(&config.problem_base) {
        tracing::warn!(
            base = error::problem_base(),
            "THIDUA_PROBLEM_BASE is set once per process; the first one stays"
        );
    }
    let doc = api::doc::openapi_json();
    let blobs = blobs::Blobs::open(&config.files)?;
    tracing::info!(store = %blobs.place, "file store opened");
    let state = web::Data::new(AppState {
        db,
        blobs,
        tokens: auth::Tokens::new(
            &config.signing_key,
            &config.issuer,
            &config.audience,
            config.token_ttl_secs,
        ),
        standing: auth::Standing::new(config.revocation_check_secs),
        clock: config.clock,
        routes: http::routes::Routes::from_doc(&doc),
        declared: api::doc::Declared::from_doc(&doc),
        metrics: metrics::Metrics::default(),
        public_cache: http::cache::AnswerCache::new(config.public_cache_secs),
        public_limiter: ratelimit::RateLimiter::new(
            config.public_rate_limit,
            std::time::Duration::from_secs(60),
        ),
        api_limiter: ratelimit::RateLimiter::new(
            config.api_rate_limit,
            std::time::Duration::from_secs(60),
        ),
        comment_limiter: ratelimit::RateLimiter::new(
            config.comment_rate_limit,
            std::time::Duration::from_secs(3600),
        ),
        config: config.clone(),
    });
    let spec = web::Data::new(doc.to_string());
    let body_limit = config.body_limit;
    let server = HttpServer::new(move || {
        // The routes the document above was collected from, now with state and middleware.
        let (app, _) = api::app();
        app.app_data(state.clone())
            .app_data(
                web::JsonConfig::default()
                    .limit(body_limit)
                    .error_handler(api::middleware::json_error),
            )
            .app_data(web::PayloadConfig::default().limit(body_limit))
            .app_data(web::QueryConfig::default().error_handler(api::middleware::query_error))
            .app_data(web::PathConfig::default().error_handler(api::middleware::path_error))
            .wrap(from_fn(api::middleware::parameters))
            .wrap(from_fn(api::middleware::public_edge))
            .wrap(from_fn(api::middleware::api_edge))
            .wrap(from_fn(http::deadline::body_deadline))
            .wrap(from_fn(api::middleware::problems))
            .wrap(Compress::default())
            .wrap(from_fn(api::middleware::observe))
            .app_data(spec.clone())
            .route("/openapi.json", web::get().to(api::doc::serve))
            .route("/docs/", web::get().to(api::doc::page))
            .service(
                utoipa_swagger_ui::SwaggerUi::new("/docs/{_:.*}")
                    .config(utoipa_swagger_ui::Config::from("/openapi.json")),
            )
            .route(
                "/docs",
                web::get().to(|| async {
                    actix_web::HttpResponse::PermanentRedirect()
                        .insert_header((actix_web::http::header::LOCATION, "/docs/"))
                        .finish()
                }),
            )
            .default_service(web::to(api::doc::fallback))
    })
    // Answers go out as soon as they are written: without this, a large body waits on the
    // client's delayed ACK (about 40 ms) behind its headers.
    .on_connect(|conn, _| {
        if let Some(tcp) = conn.downcast_ref::<actix_web::rt::net::TcpStream>() {
            let _ = tcp.set_nodelay(true);
        }
    })
    .workers(config.workers)
    .shutdown_timeout(20)
    .listen(listener)?
    .run();
    Ok(server)
}

/// Keeps `AppError` reachable for the binary's messages.
pub type Error = AppError;
