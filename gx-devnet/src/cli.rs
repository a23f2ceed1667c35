//! The sandbox's command line, shared by the `gx-devnet` binary and `gx devnet`.

use std::net::IpAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use crate::{Config, Devnet, Faults, DEFAULT_PORT};

/// Examples shown under `--help`, with the program's name in front.
pub fn examples(program: &str) -> String {
    format!(
        "Examples:
  {program} --accounts 10                    # a network with 10 funded users and 2 admins
  {program} --ephemeral --port 0             # in memory, on a free port (printed)
  {program} --accounts 3 --accounts-out accounts.json --block-time-ms 500
  {program} --faults 503=0.1,latency=50,drop=0.05"
    )
}

/// The sandbox's flags.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Where the network's state lives.
    #[arg(
        long,
        value_name = "DIR",
        default_value = "./.gx-devnet",
        conflicts_with = "ephemeral"
    )]
    pub data: PathBuf,
    /// Keep everything in memory (nothing is written).
    #[arg(long)]
    pub ephemeral: bool,
    /// The port (0 picks a free one).
    #[arg(long, default_value_t = DEFAULT_PORT)]
    pub port: u16,
    /// The address to listen on.
    #[arg(long, default_value = "127.0.0.1")]
    pub host: IpAddr,
    /// Create N funded ACTIVE users (and two admins) from --seed.
    #[arg(long, value_name = "N", default_value_t = 0, value_parser = clap::value_parser!(u32).range(0..=10_000))]
    pub accounts: u32,
    /// The seed the accounts come from.
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// Write the accounts as JSON: [{email, password, profileId, fabricUserId, role}].
    #[arg(long, value_name = "FILE")]
    pub accounts_out: Option<PathBuf>,
    /// Simulated block time: a submitted transfer waits this long before it is confirmed.
    #[arg(long, value_name = "MS", default_value_t = 0)]
    pub block_time_ms: u64,
    /// Inject failures: 503=SHARE, latency=MS, drop=SHARE (comma-separated).
    #[arg(long, value_name = "SPEC")]
    pub faults: Option<Faults>,
    /// Access-token lifetime in seconds (the reference's 24 h by default).
    #[arg(long, value_name = "SECS", default_value_t = gx_api::ACCESS_TOKEN_SECS)]
    pub access_token_secs: u64,
    /// How many of one user's one-time prekeys another account may take per hour (then bundles
    /// come without one).
    #[arg(long, value_name = "N", default_value_t = 5)]
    pub prekeys_per_fetcher_hour: u32,
    /// Start from a snapshot (made with POST /api/v1/devnet/snapshot).
    #[arg(long, value_name = "FILE", conflicts_with = "ephemeral")]
    pub restore: Option<PathBuf>,
}

impl Args {
    /// The settings these flags describe.
    pub fn config(self) -> Config {
        Config {
            data: (!self.ephemeral).then_some(self.data),
            host: self.host,
            port: self.port,
            accounts: self.accounts,
            seed: self.seed,
            accounts_out: self.accounts_out,
            block_time_ms: self.block_time_ms,
            faults: self.faults.unwrap_or_default(),
            access_token_secs: self.access_token_secs,
            restore: self.restore,
            prekeys_per_fetcher_hour: self.prekeys_per_fetcher_hour,
            ..Config::default()
        }
    }
}

/// Starts the network these flags describe, prints where it listens and its accounts, and
/// serves until Ctrl-C. `program` names the command in error messages.
pub fn main(args: Args, program: &str) -> ExitCode {
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("{program}: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(args.config())) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{program}: {e:#}");
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
