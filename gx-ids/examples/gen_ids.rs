//! Writes N valid Fabric User IDs, one per line, to standard output: input for timing the
//! `gx id validate` batch.
//!
//! `cargo run --release -p gx-ids --example gen_ids -- 1000000 > /tmp/ids.txt`

use std::io::{self, BufWriter, Write};

use gx_core::{AccountType, CountryCode, Date, Gender};
use gx_ids::FabricUserId;
use rand_chacha::rand_core::SeedableRng;

fn main() -> io::Result<()> {
    let count: usize = std::env::args()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(1_000_000);
    let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(42);
    let countries: Vec<CountryCode> = CountryCode::all().collect();
    let mut out = BufWriter::new(io::stdout().lock());
    for i in 0..count {
        let days = i64::try_from(i % 45_000).unwrap_or(0) + 20_000;
        let date = Date::from_days_since_1900(days).unwrap_or(Date::MIN);
        let (gender, kind) = match i % 5 {
            0 | 1 => (Gender::Male, AccountType::Individual),
            2 | 3 => (Gender::Female, AccountType::Individual),
            _ => (Gender::SystemAssigned, AccountType::ForProfitBusiness),
        };
        let id =
            FabricUserId::generate(countries[i % countries.len()], date, gender, kind, &mut rng)
                .map_err(io::Error::other)?;
        writeln!(out, "{id}")?;
    }
    out.flush()
}
