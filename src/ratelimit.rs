//! A fixed-window rate limit per client address for the public endpoints. Kept per instance:
//! behind a load balancer each instance allows its own share (the limit is a guard against
//! abuse, not an accounting record).

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The verdict for one request.
#[derive(Debug, PartialEq, Eq)]
pub struct Decision {
    pub allowed: bool,
    pub limit: u32,
    pub remaining: u32,
    /// Seconds until the window resets.
    pub reset_secs: u64,
}

pub struct RateLimiter {
    limit: u32,
    window: Duration,
    counters: Mutex<HashMap<IpAddr, (Instant, u32)>>,
}

impl RateLimiter {
    /// `limit` requests per `window`; a limit of 0 allows everything.
    pub fn new(limit: u32, window: Duration) -> RateLimiter {
        RateLimiter {
            limit,
            window,
            counters: Mutex::new(HashMap::new()),
        }
    }

    pub fn limit(&self) -> u32 {
        self.limit
    }

    pub fn window_secs(&self) -> u64 {
        self.window.as_secs()
    }

    /// Counts a request from `ip` at `now`.
    pub fn check(&self, ip: IpAddr, now: Instant) -> Decision {
        if self.limit == 0 {
            return Decision {
                allowed: true,
                limit: 0,
                remaining: 0,
                reset_secs: 0,
            };
        }
        let mut map = match self.counters.lock() {
            Ok(m) => m,
            Err(poisoned) => poisoned.into_inner(),
        };
        if map.len() > 100_000 {
            let window = self.window;
            map.retain(|_, (start, _)| now.duration_since(*start) < window);
        }
        let entry = map.entry(ip).or_insert((now, 0));
        if now.duration_since(entry.0) >= self.window {
            *entry = (now, 0);
        }
        let reset = self
            .window
            .saturating_sub(now.duration_since(entry.0))
            .as_secs()
            .max(1);
        if entry.1 >= self.limit {
            return Decision {
                allowed: false,
                limit: self.limit,
                remaining: 0,
                reset_secs: reset,
            };
        }
        entry.1 += 1;
        Decision {
            allowed: true,
            limit: self.limit,
            remaining: self.limit - entry.1,
            reset_secs: reset,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_window_allows_its_limit_then_refuses_until_it_resets() {
        let rl = RateLimiter::new(2, Duration::from_secs(60));
        let ip: IpAddr = [127, 0, 0, 1].into();
        let t0 = Instant::now();
        assert_eq!(rl.check(ip, t0).remaining, 1);
        assert!(rl.check(ip, t0).allowed);
        let refused = rl.check(ip, t0 + Duration::from_secs(10));
        assert!(!refused.allowed);
        assert_eq!(refused.reset_secs, 50);
        assert!(
            rl.check([10, 0, 0, 1].into(), t0).allowed,
            "another address has its own window"
        );
        assert!(rl.check(ip, t0 + Duration::from_secs(61)).allowed);
    }
}
