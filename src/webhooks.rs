//! Webhook delivery in the Standard Webhooks format (https://www.standardwebhooks.com): each
//! message carries `webhook-id`, `webhook-timestamp` and `webhook-signature`
//! (`v1,` + base64 of HMAC-SHA256 over `id.timestamp.body` with the unit's secret).
//!
//! Messages wait in the `webhook_outbox` table, written in the same transaction as what they
//! announce; a task on every instance delivers them at least once, with exponential backoff,
//! claiming each message with a conditional update so that two instances never send it at the
//! same moment. Each unit's messages go out in order on a task of their own, so a receiver
//! that never answers holds up only its own unit. In production, targets on loopback, private, link-local or otherwise
//! non-public addresses are refused when registered and again at every delivery, on the
//! addresses the name resolves to then; the request goes to exactly the address checked.

use std::collections::HashSet;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use base64::Engine;
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::Sha256;

use crate::config::Mode;
use crate::service::reminders::{self, Attempt, OutboxRow};
use crate::store::Db;

const B64: base64::engine::GeneralPurpose = base64::engine::general_purpose::STANDARD;

/// A new signing secret: `whsec_` and 32 random bytes in base64.
pub fn new_secret() -> String {
    let mut key = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut key);
    format!("whsec_{}", B64.encode(key))
}

/// The `webhook-signature` value of a message.
pub fn sign(secret: &str, id: &str, timestamp: i64, body: &str) -> String {
    let key = B64
        .decode(secret.trim_start_matches("whsec_"))
        .unwrap_or_default();
    // HMAC takes a key of any length.
    let mut mac = match Hmac::<Sha256>::new_from_slice(&key) {
        Ok(mac) => mac,
        Err(_) => return String::new(),
    };
    mac.update(format!("{id}.{timestamp}.{body}").as_bytes());
    format!("v1,{}", B64.encode(mac.finalize().into_bytes()))
}

/// Whether an address is one a production service must not call: loopback, private (RFC 1918,
/// unique local), link-local, carrier-grade NAT, unspecified, multicast, documentation and
/// benchmarking ranges, and an IPv6 address that carries an internal IPv4 one (see
/// [`embedded_v4`]).
pub fn is_internal(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let [a, b, c, _] = v4.octets();
            v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.is_multicast()
                || v4.is_documentation()
                || a == 0
                || (a == 100 && (64..128).contains(&b))
                || (a == 198 && (b == 18 || b == 19))
                || (a == 192 && b == 0 && c == 0)
                || a >= 240
        }
        IpAddr::V6(v6) => {
            let seg = v6.segments();
            if let Some(v4) = embedded_v4(v6) {
                return is_internal(IpAddr::V4(v4));
            }
            v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                || (seg[0] & 0xfe00) == 0xfc00
                || (seg[0] & 0xffc0) == 0xfe80
                || (seg[0] == 0x2001 && seg[1] == 0x0db8)
                // The rest of 64:ff9b::/32 (RFC 6052 prefixes other than the two below).
                || (seg[0] == 0x0064 && seg[1] == 0xff9b)
                || seg[..6] == [0, 0, 0, 0, 0, 0]
        }
    }
}

/// The IPv4 address an IPv6 address leads to, in the forms that carry one: IPv4-mapped
/// (`::ffff:0:0/96`), NAT64 (`64:ff9b::/96` and the local-use `64:ff9b:1::/48`, the address in
/// the last 32 bits), 6to4 (`2002::/16`, bits 16–47) and Teredo (`2001::/32`, the client's
/// address as the inverted last 32 bits).
pub fn embedded_v4(v6: Ipv6Addr) -> Option<Ipv4Addr> {
    let seg = v6.segments();
    let v4 = |hi: u16, lo: u16| Some(Ipv4Addr::from((u32::from(hi) << 16) | u32::from(lo)));
    if let Some(v4) = v6.to_ipv4_mapped() {
        return Some(v4);
    }
    match seg {
        [0x0064, 0xff9b, 0, 0, 0, 0, hi, lo] | [0x0064, 0xff9b, 1, _, _, _, hi, lo] => v4(hi, lo),
        [0x2002, hi, lo, ..] => v4(hi, lo),
        [0x2001, 0, _, _, _, _, hi, lo] => v4(!hi, !lo),
        _ => None,
    }
}

/// Why a webhook target is refused.
#[derive(Debug, PartialEq, Eq)]
pub enum TargetError {
    /// Not an http(s) URL with a host.
    Malformed,
    /// The name does not resolve.
    Unresolved,
    /// It resolves to an internal address (production only).
    Internal(IpAddr),
}

/// Checks a webhook URL and resolves it: the host and the address to connect to. In
/// production every address the name resolves to must be public.
pub async fn resolve_target(url: &str, mode: Mode) -> Result<(String, SocketAddr), TargetError> {
    let parsed = reqwest::Url::parse(url).map_err(|_| TargetError::Malformed)?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(TargetError::Malformed);
    }
    let host = parsed
        .host_str()
        .ok_or(TargetError::Malformed)?
        .trim_start_matches('[')
        .trim_end_matches(']')
        .to_owned();
    let port = parsed
        .port_or_known_default()
        .ok_or(TargetError::Malformed)?;
    let addrs: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), port))
        .await
        .map_err(|_| TargetError::Unresolved)?
        .collect();
    let first = *addrs.first().ok_or(TargetError::Unresolved)?;
    if mode == Mode::Production {
        if let Some(bad) = addrs.iter().find(|a| is_internal(a.ip())) {
            return Err(TargetError::Internal(bad.ip()));
        }
    }
    Ok((host, first))
}

/// Delivery settings.
#[derive(Clone, Copy, Debug)]
pub struct Delivery {
    pub mode: Mode,
    /// The first retry waits this long; each next one twice as long, up to six hours.
    pub retry_base: Duration,
    /// Attempts before a message is given up (`failed_at`).
    pub max_attempts: i32,
    /// How long a receiver has to answer one attempt.
    pub timeout: Duration,
}

impl Delivery {
    /// The wait before attempt `attempts + 1`.
    pub fn backoff(&self, attempts: i32) -> Duration {
        let factor = 1u32 << u32::try_from(attempts.clamp(1, 16) - 1).unwrap_or(0);
        (self.retry_base * factor).min(Duration::from_secs(6 * 3600))
    }

    /// How long claimed messages are left to this instance before another may try them: long
    /// enough for a whole batch to one unit, each attempt taking its full timeout.
    fn lease(&self) -> Duration {
        self.timeout * u32::try_from(BATCH).unwrap_or(u32::MAX) + Duration::from_secs(60)
    }
}

/// The most messages claimed in one pass.
const BATCH: i64 = 20;

/// The units whose deliveries are under way on this instance.
type Busy = Arc<Mutex<HashSet<String>>>;

/// Delivers due messages until the process stops: one pass a second.
pub async fn run(db: Db, delivery: Delivery) {
    let busy = Busy::default();
    loop {
        if let Err(e) = pass(&db, delivery, &busy).await {
            tracing::warn!(error = %e, "webhook delivery pass failed");
        }
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
}

/// One pass: claims the due messages of units with no delivery under way, and sends each
/// unit's in order on a task of its own, so that a receiver that never answers holds up its
/// own unit only. The tasks are returned; [`run`] lets them finish in the background.
pub async fn pass(
    db: &Db,
    delivery: Delivery,
    busy: &Busy,
) -> anyhow::Result<Vec<tokio::task::JoinHandle<()>>> {
    let lease = chrono::Duration::from_std(delivery.lease())?;
    let skip: Vec<String> = lock(busy).iter().cloned().collect();
    let claimed = db
        .write(move |conn| reminders::claim_due(conn, lease, &skip, BATCH))
        .await?;
    let mut per_unit: Vec<(String, Vec<reminders::Claimed>)> = Vec::new();
    for (row, hook) in claimed {
        match per_unit.iter_mut().find(|(unit, _)| *unit == row.unit_id) {
            Some((_, messages)) => messages.push((row, hook)),
            None => per_unit.push((row.unit_id.clone(), vec![(row, hook)])),
        }
    }
    let mut tasks = Vec::new();
    for (unit, messages) in per_unit {
        lock(busy).insert(unit.clone());
        let (db, busy) = (db.clone(), busy.clone());
        tasks.push(tokio::spawn(async move {
            if let Err(e) = deliver(&db, delivery, messages).await {
                tracing::warn!(error = %e, unit = %unit, "webhook delivery failed");
            }
            lock(&busy).remove(&unit);
        }));
    }
    Ok(tasks)
}

fn lock(busy: &Busy) -> std::sync::MutexGuard<'_, HashSet<String>> {
    busy.lock().unwrap_or_else(|e| e.into_inner())
}

/// Sends one unit's claimed messages in order, recording each attempt.
async fn deliver(
    db: &Db,
    delivery: Delivery,
    messages: Vec<reminders::Claimed>,
) -> anyhow::Result<()> {
    for (row, hook) in messages {
        let outcome = match hook {
            None => Err("the unit has no webhook any more".to_owned()),
            Some((url, secret)) => send(delivery, &url, &secret, &row).await,
        };
        let attempts = row.attempts + 1;
        let attempt = Attempt {
            attempts,
            outcome,
            max_attempts: delivery.max_attempts,
            retry_in: chrono::Duration::from_std(delivery.backoff(attempts))?,
        };
        let id = row.id.clone();
        db.write(move |conn| reminders::record_attempt(conn, &id, &attempt))
            .await?;
    }
    Ok(())
}

/// Sends one message to the address its URL resolves to now (checked again in production).
async fn send(delivery: Delivery, url: &str, secret: &str, row: &OutboxRow) -> Result<(), String> {
    let (host, addr) = resolve_target(url, delivery.mode)
        .await
        .map_err(|e| match e {
            TargetError::Internal(ip) => {
                format!("refused: {host_ip} is not a public address", host_ip = ip)
            }
            TargetError::Unresolved => "the host does not resolve".to_owned(),
            TargetError::Malformed => "not an http(s) URL".to_owned(),
        })?;
    // Connect to exactly the address checked, whatever the name resolves to a moment later.
    let client = reqwest::Client::builder()
        .timeout(delivery.timeout)
        .redirect(reqwest::redirect::Policy::none())
        .resolve(&host, addr)
        .build()
        .map_err(|e| e.to_string())?;
    let timestamp = chrono::Utc::now().timestamp();
    let res = client
        .post(url)
        .header("content-type", "application/json")
        .header("webhook-id", &row.id)
        .header("webhook-timestamp", timestamp.to_string())
        .header(
            "webhook-signature",
            sign(secret, &row.id, timestamp, &row.payload),
        )
        .body(row.payload.clone())
        .send()
        .await
        .map_err(|e| e.to_string())?;
    if res.status().is_success() {
        Ok(())
    } else {
        Err(format!("HTTP {}", res.status().as_u16()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_signature_is_the_standard_webhooks_one() {
        // The example of the Standard Webhooks specification's reference libraries.
        let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        let id = "msg_p5jXN8AQM9LWM0D4loKWxJek";
        let body = r#"{"test": 2432232314}"#;
        assert_eq!(
            sign(secret, id, 1614265330, body),
            "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
        );
    }

    #[test]
    fn internal_addresses_are_recognised() {
        for ip in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "::1",
            "fc00::1",
            "fe80::1",
            "::ffff:127.0.0.1",
            "::ffff:10.0.0.1",
            // NAT64, well-known and local-use prefixes, carrying 127.0.0.1 and 10.0.0.1.
            "64:ff9b::7f00:1",
            "64:ff9b::a00:1",
            "64:ff9b:1::7f00:1",
            "64:ff9b:1:abcd::a00:1",
            // 6to4 of 127.0.0.1, 192.168.1.1 and 169.254.169.254.
            "2002:7f00:1::",
            "2002:c0a8:101::1",
            "2002:a9fe:a9fe::1",
            // Teredo, the client address inverted in the last 32 bits: 127.0.0.1, 10.0.0.1.
            "2001:0:4136:e378:8000:63bf:80ff:fffe",
            "2001:0:4136:e378:8000:63bf:f5ff:fffe",
            // The rest of 64:ff9b::/32.
            "64:ff9b:2::1",
        ] {
            assert!(
                is_internal(ip.parse().unwrap_or(IpAddr::from([0, 0, 0, 0]))),
                "{ip}"
            );
        }
        for ip in [
            "14.225.1.1",
            "203.162.4.190",
            "2001:ee0:4f00::1",
            // The same forms carrying a public address (14.225.1.1) lead outside.
            "64:ff9b::ee1:101",
            "64:ff9b:1::ee1:101",
            "2002:ee1:101::1",
            "2001:0:4136:e378:8000:63bf:f11e:fefe",
        ] {
            assert!(
                !is_internal(ip.parse().unwrap_or(IpAddr::from([0, 0, 0, 0]))),
                "{ip}"
            );
        }
    }

    #[tokio::test]
    async fn production_refuses_internal_targets_and_development_takes_them() {
        let local = "http://127.0.0.1:9/hook";
        assert_eq!(
            resolve_target(local, Mode::Production).await,
            Err(TargetError::Internal(
                "127.0.0.1".parse().unwrap_or(IpAddr::from([0, 0, 0, 0]))
            ))
        );
        assert!(matches!(
            resolve_target("http://localhost:9/hook", Mode::Production).await,
            Err(TargetError::Internal(_))
        ));
        assert!(resolve_target(local, Mode::Development).await.is_ok());
        assert_eq!(
            resolve_target("ftp://example.vn/x", Mode::Development).await,
            Err(TargetError::Malformed)
        );
    }

    #[test]
    fn backoff_doubles_up_to_six_hours() {
        let d = Delivery {
            mode: Mode::Development,
            retry_base: Duration::from_secs(30),
            max_attempts: 10,
            timeout: Duration::from_secs(10),
        };
        assert_eq!(d.lease(), Duration::from_secs(260));
        assert_eq!(d.backoff(1), Duration::from_secs(30));
        assert_eq!(d.backoff(2), Duration::from_secs(60));
        assert_eq!(d.backoff(4), Duration::from_secs(240));
        assert_eq!(d.backoff(16), Duration::from_secs(6 * 3600));
    }
}
