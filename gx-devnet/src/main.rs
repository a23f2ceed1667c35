//! `gx-devnet`: starts a local GX network.

use std::process::ExitCode;

use clap::Parser;

/// A local GX network: the GX HTTP API on loopback, computing with the SDK's rules.
#[derive(Debug, Parser)]
#[command(name = "gx-devnet", version, after_help = gx_devnet::cli::examples("gx-devnet"))]
struct Cli {
    #[command(flatten)]
    args: gx_devnet::cli::Args,
}

fn main() -> ExitCode {
    gx_devnet::cli::main(Cli::parse().args, "gx-devnet")
}
