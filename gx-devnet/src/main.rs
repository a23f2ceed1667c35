//! `gx-devnet`: starts a local GX network.

use std::net::IpAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use gx_devnet::{Config, Devnet, Faults, DEFAULT_PORT};

/// A local GX network: the GX HTTP API on loopback, computing with the SDK's rules.
#[derive(Debug, Parser)]
#[command(
    name = "gx-devnet",
    version,
    after_help = "Examples:
  gx-devnet --accounts 10                    # a network with 10 funded users and 2 admins
  gx-devnet --ephemeral --port 0             # in memory, on a free port (printed)
  gx-devnet --accounts 3 --accounts-out accounts.json --block-time-ms 500
  gx-devnet --faults 503=0.1,latency=50,drop=0.05"
)]
struct Args {
    /// Where the network's state lives.
    #[arg(
        long,
        value_name = "DIR",
        default_value = "./.gx-devnet",
        conflicts_with = "ephemeral"
    )]
    data: PathBuf,
    /// Keep everything in memory (nothing is written).
    #[arg(long)]
    ephemeral: bool,
    /// The port (0 picks a free one).
    #[arg(long, default_value_t = DEFAULT_PORT)]
    port: u16,
    /// The address to listen on.
    #[arg(long, default_value = "127.0.0.1")]
    host: IpAddr,
    /// Create N funded ACTIVE users (and two admins) from --seed.
    #[arg(long, value_name = "N", default_value_t = 0, value_parser = clap::value_parser!(u32).range(0..=10_000))]
    accounts: u32,
    /// The seed the accounts come from.
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// Write the accounts as JSON: [{email, password, profileId, fabricUserId, role}].
    #[arg(long, value_name = "FILE")]
    accounts_out: Option<PathBuf>,
    /// Simulated block time: a submitted transfer waits this long before it is confirmed.
    #[arg(long, value_name = "MS", default_value_t = 0)]
    block_time_ms: u64,
    /// Inject failures: 503=SHARE, latency=MS, drop=SHARE (comma-separated).
    #[arg(long, value_name = "SPEC")]
    faults: Option<Faults>,
    /// Access-token lifetime in seconds (the reference's 24 h by default).
    #[arg(long, value_name = "SECS", default_value_t = gx_api::ACCESS_TOKEN_SECS)]
    access_token_secs: u64,
    /// How many of one user's one-time prekeys another account may take per hour (then bundles
    /// come without one).
    #[arg(long, value_name = "N", default_value_t = 5)]
    prekeys_per_fetcher_hour: u32,
    /// Start from a snapshot (made with POST /api/v1/devnet/snapshot).
    #[arg(long, value_name = "FILE", conflicts_with = "ephemeral")]
    restore: Option<PathBuf>,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let config = Config {
        data: (!args.ephemeral).then_some(args.data),
        host: args.host,
        port: args.port,
        accounts: args.accounts,
        seed: args.seed,
        accounts_out: args.accounts_out,
        block_time_ms: args.block_time_ms,
        faults: args.faults.unwrap_or_default(),
        access_token_secs: args.access_token_secs,
        restore: args.restore,
        prekeys_per_fetcher_hour: args.prekeys_per_fetcher_hour,
        ..Config::default()
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("gx-devnet: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(config)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("gx-devnet: {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run(config: Config) -> anyhow::Result<()> {
    let out = config.accounts_out.clone();
    let where_ = config.data.as_ref().map_or_else(
        || "memory (--ephemeral)".to_owned(),
        |d| d.display().to_string(),
    );
    let devnet = Devnet::start(config).await?;
    let addr = devnet.local_addr()?;
    if let Some(file) = out {
        std::fs::write(
            &file,
            serde_json::to_string_pretty(&devnet.accounts)? + "\n",
        )?;
    }
    println!("gx-devnet: state in {where_}");
    if !devnet.accounts.is_empty() {
        println!("Accounts:");
        for a in &devnet.accounts {
            println!(
                "  {:5} {:22} {:22} {}",
                a.role,
                a.email,
                a.password,
                a.fabric_user_id.as_deref().unwrap_or("-")
            );
        }
    }
    println!("Listening on http://{addr} (API under /api/v1)");
    devnet
        .serve(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
}
