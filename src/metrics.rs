//! Request counts and latencies by route and status, and pool use, in Prometheus text format.
//! Kept per instance (each instance is scraped on its own).

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::Mutex;
use std::time::Duration;

const BUCKETS: [f64; 11] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5,
];

#[derive(Default)]
struct Series {
    count: u64,
    sum: f64,
    buckets: [u64; BUCKETS.len()],
}

#[derive(Default)]
pub struct Metrics {
    series: Mutex<BTreeMap<(String, String, u16), Series>>,
}

impl Metrics {
    pub fn record(&self, method: &str, route: &str, status: u16, elapsed: Duration) {
        let secs = elapsed.as_secs_f64();
        let Ok(mut map) = self.series.lock() else {
            return;
        };
        let s = map
            .entry((method.to_owned(), route.to_owned(), status))
            .or_default();
        s.count += 1;
        s.sum += secs;
        for (i, bound) in BUCKETS.iter().enumerate() {
            if secs <= *bound {
                s.buckets[i] += 1;
            }
        }
    }

    /// The exposition text; `pool` is (connections, idle, max).
    pub fn render(&self, pool: (u32, u32, u32)) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "# HELP thidua_http_requests_total HTTP requests by route and status."
        );
        let _ = writeln!(out, "# TYPE thidua_http_requests_total counter");
        let map = match self.series.lock() {
            Ok(m) => m,
            Err(poisoned) => poisoned.into_inner(),
        };
        for ((method, route, status), s) in map.iter() {
            let _ = writeln!(out, "thidua_http_requests_total{{method=\"{method}\",route=\"{route}\",status=\"{status}\"}} {}", s.count);
        }
        let _ = writeln!(
            out,
            "# HELP thidua_http_request_duration_seconds HTTP request latency by route and status."
        );
        let _ = writeln!(out, "# TYPE thidua_http_request_duration_seconds histogram");
        for ((method, route, status), s) in map.iter() {
            let labels = format!("method=\"{method}\",route=\"{route}\",status=\"{status}\"");
            for (i, bound) in BUCKETS.iter().enumerate() {
                let _ = writeln!(
                    out,
                    "thidua_http_request_duration_seconds_bucket{{{labels},le=\"{bound}\"}} {}",
                    s.buckets[i]
                );
            }
            let _ = writeln!(
                out,
                "thidua_http_request_duration_seconds_bucket{{{labels},le=\"+Inf\"}} {}",
                s.count
            );
            let _ = writeln!(
                out,
                "thidua_http_request_duration_seconds_sum{{{labels}}} {}",
                s.sum
            );
            let _ = writeln!(
                out,
                "thidua_http_request_duration_seconds_count{{{labels}}} {}",
                s.count
            );
        }
        let (connections, idle, max) = pool;
        let _ = writeln!(
            out,
            "# HELP thidua_db_pool_connections Open database connections."
        );
        let _ = writeln!(out, "# TYPE thidua_db_pool_connections gauge");
        let _ = writeln!(out, "thidua_db_pool_connections {connections}");
        let _ = writeln!(out, "# HELP thidua_db_pool_idle Idle database connections.");
        let _ = writeln!(out, "# TYPE thidua_db_pool_idle gauge");
        let _ = writeln!(out, "thidua_db_pool_idle {idle}");
        let _ = writeln!(
            out,
            "# HELP thidua_db_pool_max Largest number of database connections."
        );
        let _ = writeln!(out, "# TYPE thidua_db_pool_max gauge");
        let _ = writeln!(out, "thidua_db_pool_max {max}");
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latencies_fall_in_cumulative_buckets() {
        let m = Metrics::default();
        m.record("GET", "/api/v1/units", 200, Duration::from_millis(3));
        m.record("GET", "/api/v1/units", 200, Duration::from_millis(30));
        let text = m.render((2, 1, 8));
        assert!(text.contains(
            "thidua_http_requests_total{method=\"GET\",route=\"/api/v1/units\",status=\"200\"} 2"
        ));
        assert!(text.contains("le=\"0.005\"} 1"));
        assert!(text.contains("le=\"0.05\"} 2"));
        assert!(text.contains("thidua_db_pool_max 8"));
    }
}
