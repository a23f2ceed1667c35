//! `--faults`: failures injected for client testing, off by default.
//!
//! `--faults 503=0.1,latency=50,drop=0.05`: a tenth of API requests answered 503 (with
//! `Retry-After: 1`) *before* they run, 50 ms added to each, and a twentieth whose connection is
//! dropped *after* the request ran (so the change happened and the client never heard: what
//! idempotency keys are for). Health endpoints are never faulted.

use std::str::FromStr;
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use rand_core::{OsRng, RngCore};

use crate::problem::Problem;

/// The failures to inject.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Faults {
    /// Share of requests answered 503 before running, 0–1.
    pub unavailable: f64,
    /// Added latency.
    pub latency: Duration,
    /// Share of requests whose connection drops after running, 0–1.
    pub drop: f64,
}

impl Faults {
    /// Whether any fault is on.
    pub fn any(&self) -> bool {
        self.unavailable > 0.0 || self.drop > 0.0 || !self.latency.is_zero()
    }
}

impl FromStr for Faults {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let mut faults = Faults::default();
        for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (name, value) = part
                .split_once('=')
                .ok_or_else(|| format!("{part:?}: expected NAME=VALUE, e.g. 503=0.1"))?;
            let share = |v: &str| -> Result<f64, String> {
                let x: f64 = v
                    .parse()
                    .map_err(|_| format!("{name}: {v:?} is not a number"))?;
                if (0.0..=1.0).contains(&x) {
                    Ok(x)
                } else {
                    Err(format!(
                        "{name}: the share must be between 0 and 1, got {v}"
                    ))
                }
            };
            match name {
                "503" => faults.unavailable = share(value)?,
                "drop" => faults.drop = share(value)?,
                "latency" => {
                    let ms: u64 = value
                        .parse()
                        .map_err(|_| format!("latency: {value:?} is not a whole number of ms"))?;
                    faults.latency = Duration::from_millis(ms);
                }
                other => {
                    return Err(format!(
                        "unknown fault {other:?}: expected 503=SHARE, latency=MS or drop=SHARE"
                    ))
                }
            }
        }
        Ok(faults)
    }
}

fn chance(p: f64) -> bool {
    #[allow(clippy::cast_precision_loss)]
    let x = (OsRng.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
    x < p
}

/// The middleware.
pub async fn inject(State(faults): State<Faults>, request: Request, next: Next) -> Response {
    if !faults.latency.is_zero() {
        tokio::time::sleep(faults.latency).await;
    }
    if chance(faults.unavailable) {
        let e = gx_api::ApiError::new(
            503,
            "FAULT_INJECTED",
            "Service unavailable (injected by --faults)",
        )
        .with_retry_after(1);
        return Problem::from(e).into_response();
    }
    let response = next.run(request).await;
    if chance(faults.drop) {
        // A body that fails makes the server abort the connection mid-response.
        let (parts, _) = response.into_parts();
        let failing = failing_body();
        return Response::from_parts(parts, Body::from_stream(failing));
    }
    response
}

fn failing_body() -> impl futures_core::Stream<Item = Result<axum::body::Bytes, std::io::Error>> {
    struct Fail(bool);
    impl futures_core::Stream for Fail {
        type Item = Result<axum::body::Bytes, std::io::Error>;
        fn poll_next(
            mut self: std::pin::Pin<&mut Self>,
            _: &mut std::task::Context<'_>,
        ) -> std::task::Poll<Option<Self::Item>> {
            if self.0 {
                return std::task::Poll::Ready(None);
            }
            self.0 = true;
            std::task::Poll::Ready(Some(Err(std::io::Error::other(
                "connection dropped by --faults",
            ))))
        }
    }
    Fail(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_documented_form_and_refuses_the_rest() {
        let f: Faults = "503=0.1, latency=50 ,drop=0.05".parse().unwrap();
        assert!((f.unavailable - 0.1).abs() < f64::EPSILON);
        assert_eq!(f.latency, Duration::from_millis(50));
        assert!((f.drop - 0.05).abs() < f64::EPSILON);
        assert!(f.any());
        assert!(!Faults::default().any());
        for bad in ["503", "503=2", "latency=-1", "boom=1", "drop=x"] {
            assert!(bad.parse::<Faults>().is_err(), "{bad}");
        }
    }
}
