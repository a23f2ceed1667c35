//! `gx`: the GX SDK from a shell.
//!
//! Each area of the SDK is one subcommand module under `commands/`. The binary holds no
//! protocol rules: it parses arguments, calls the domain crates and prints their answers.
//!
//! Exit status: 0 success, 1 when an input was invalid (or any line of a batch was), 2 on usage
//! errors.

mod commands;
mod exit;
mod output;

use clap::{Parser, Subcommand};

/// The GX SDK from a shell: Fabric User IDs, Q Send codes and QR payloads, fees, genesis,
/// compliance escrow and audit chains.
#[derive(Parser)]
#[command(name = "gx", version, about, long_about = None, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

// One variant per area; each module owns its arguments and its `run`.
#[derive(Subcommand)]
enum Command {
    // AREA-VARIANTS (keep one line per area)
    /// Audit chains (JSON lines): verify, append.
    Audit(commands::audit::AuditArgs),
    /// Compliance escrow: master keys, seal and open blobs.
    Escrow(commands::escrow::EscrowArgs),
    /// Transfer fees: quote a transfer, print the fee table.
    Fee(commands::fee::FeeArgs),
    /// Genesis allocation by registration number and age.
    Genesis(commands::genesis::GenesisArgs),
    /// Fabric User IDs: new, decode, validate.
    Id(commands::id::IdArgs),
    /// Q Send: request codes and QR payloads (v1, v2).
    Qsend(commands::qsend::QsendArgs),
}

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    let outcome = match cli.command {
        // AREA-DISPATCH (keep one line per area)
        Command::Audit(args) => commands::audit::run(args),
        Command::Escrow(args) => commands::escrow::run(args),
        Command::Fee(args) => commands::fee::run(args),
        Command::Genesis(args) => commands::genesis::run(args),
        Command::Id(args) => commands::id::run(args),
        Command::Qsend(args) => commands::qsend::run(args),
    };
    exit::report(outcome)
}
