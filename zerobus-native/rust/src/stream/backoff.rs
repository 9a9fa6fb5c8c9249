//! Exponential backoff with jitter between recovery attempts, so that many clients do not retry in lock-step.

use rand::Rng;
use std::time::Duration;

/// The delay never grows beyond this many times the base...
const MAX_FACTOR: u32 = 16;
/// ...nor beyond this, unless the base itself is larger.
const MAX_DELAY: Duration = Duration::from_secs(30);

/// The upper bound of the delay before retry `attempt` (0-based): `base * 2^attempt`, capped.
pub fn ceiling(base: Duration, attempt: u32) -> Duration {
    let factor = 1u32 << attempt.min(MAX_FACTOR.trailing_zeros());
    let cap = MAX_DELAY.max(base);
    (base * factor).min(cap)
}

/// A delay in `[ceiling/2, ceiling]` ("equal jitter": never much shorter than planned, never in lock-step).
pub fn delay(base: Duration, attempt: u32, rng: &mut impl Rng) -> Duration {
    let ceiling = ceiling(base, attempt);
    let half = ceiling / 2;
    let jitter_nanos = (ceiling - half).as_nanos() as u64;
    half + Duration::from_nanos(if jitter_nanos == 0 { 0 } else { rng.gen_range(0..=jitter_nanos) })
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::rngs::StdRng;
    use rand::SeedableRng;

    #[test]
    fn ceiling_doubles_then_caps() {
        let base = Duration::from_millis(100);
        assert_eq!(ceiling(base, 0), Duration::from_millis(100));
        assert_eq!(ceiling(base, 1), Duration::from_millis(200));
        assert_eq!(ceiling(base, 3), Duration::from_millis(800));
        assert_eq!(ceiling(base, 4), Duration::from_millis(1600));
        assert_eq!(ceiling(base, 40), Duration::from_millis(1600), "factor capped at 16");
        assert_eq!(ceiling(Duration::from_secs(5), 10), Duration::from_secs(30), "absolute cap");
        assert_eq!(ceiling(Duration::from_secs(60), 3), Duration::from_secs(60), "a large base is kept");
        assert_eq!(ceiling(Duration::ZERO, 5), Duration::ZERO);
    }

    #[test]
    fn delays_stay_within_bounds_and_vary() {
        let mut rng = StdRng::seed_from_u64(7);
        let base = Duration::from_secs(2);
        for attempt in 0..8 {
            let c = ceiling(base, attempt);
            let samples: Vec<Duration> = (0..200).map(|_| delay(base, attempt, &mut rng)).collect();
            assert!(samples.iter().all(|d| *d >= c / 2 && *d <= c), "attempt {attempt}");
            let distinct: std::collections::HashSet<_> = samples.iter().collect();
            assert!(distinct.len() > 100, "jittered");
        }
        assert_eq!(delay(Duration::ZERO, 0, &mut rng), Duration::ZERO);
    }
}
