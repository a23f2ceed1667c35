//! `gx`: the GX SDK from a shell.
//!
//! Each area of the SDK is one subcommand module under `commands/`. The binary holds no
//! protocol rules: it parses arguments, calls the domain crates and prints their answers.
//!
//! Exit status: 0 success, 1 when an input was invalid (or any line of a batch was), 2 on usage
//! errors.

mod args;
mod bounded;
mod commands;
mod exit;
mod network;
mod output;

use clap::{Parser, Subcommand};

/// The GX SDK from a shell: Fabric User IDs, Q Send codes and QR payloads, fees, genesis,
/// compliance escrow and audit chains; a GX network's wallet, transfers, Q Send and end-to-end
/// encrypted messages; and a local GX network (`gx devnet`).
#[derive(Parser)]
#[command(
    name = "gx",
    version,
    about,
    long_about = None,
    propagate_version = true,
    after_help = "Examples:\n  \
        gx id new --country MY --dob 1992-08-20 --gender female\n  \
        gx id validate < ids.txt > verdicts.txt\n  \
        gx qsend code\n  \
        gx fee quote --from 'LK FF3 ABL912 0WLUY 6025' --to 'US 984 AUM945 0AKIY 8168' --amount 1\n  \
        gx genesis --index 1 --dob 1990-03-15 --on 2026-01-01\n  \
        gx escrow seal --pub keys/master_public.pem 'hello'\n  \
        gx audit verify audit.jsonl\n  \
        gx devnet --accounts 10\n  \
        gx login --email user1@devnet.gx        # the network: --api URL, --env NAME or GX_API_URL\n  \
        gx wallet balance\n  \
        gx transfer send --to 'US 984 AUM945 0AKIY 8168' --amount 1.5 --wait\n  \
        gx keys publish                         # your end-to-end keys, so others can message you\n  \
        gx message send --to PROFILE_ID 'lunch at noon?'\n  \
        gx message listen\n  \
        gx logout                               # forget the session\n  \
        gx env check https://api.gxcoin.money\n\n\
        `gx <command> --help` shows each command's options and examples.\n\
        Exit status: 0 success; 1 invalid input (any invalid line of a batch) or failed I/O; 2 usage error."
)]
struct Cli {
    #[command(flatten)]
    network: network::NetworkArgs,
    #[command(subcommand)]
    command: Command,
}

// One variant per area; each module owns its arguments and its `run`.
#[derive(Subcommand)]
enum Command {
    // AREA-VARIANTS (keep one line per area)
    /// Audit chains (JSON lines): verify, append.
    #[command(after_help = "Examples:\n  \
        gx audit verify audit.jsonl\n  \
        gx audit append audit.jsonl --event '{\"event\":\"LOGIN\",\"actor\":\"alice\"}'")]
    Audit(commands::audit::AuditArgs),
    /// Start a local GX network (the gx-devnet sandbox): the GX HTTP API on loopback.
    #[command(after_help = gx_devnet::cli::examples("gx devnet"))]
    Devnet(gx_devnet::cli::Args),
    /// Networks: `gx env check` probes one for drift from the SDK.
    Env(commands::env::EnvArgs),
    /// Compliance escrow: master keys, seal and open blobs.
    #[command(after_help = "Examples:\n  \
        gx escrow keygen --out keys/\n  \
        gx escrow seal --pub keys/master_public.pem 'hello'\n  \
        gx escrow open --key keys/master_private.pem \"$BLOB\"\n  \
        gx escrow fingerprint --pub keys/master_public.pem")]
    Escrow(commands::escrow::EscrowArgs),
    /// Transfer fees: quote a transfer, print the fee table.
    #[command(after_help = "Examples:\n  \
        gx fee quote --from 'LK FF3 ABL912 0WLUY 6025' --to 'US 984 AUM945 0AKIY 8168' --amount 1\n  \
        gx fee table --json > schedule.json")]
    Fee(commands::fee::FeeArgs),
    /// End-to-end keys: publish yours so others can message you.
    Keys(commands::messaging::KeysArgs),
    /// Log in to a GX network (the session is kept for the other commands).
    Login(commands::login::LoginArgs),
    /// Log out of the network.
    Logout(commands::login::LogoutArgs),
    /// End-to-end encrypted messages: send, listen.
    Message(commands::messaging::MessageArgs),
    /// Transfers on a network: send (and wait), status.
    Transfer(commands::transfer::TransferArgs),
    /// The logged-in user's wallet: balance, history.
    Wallet(commands::wallet::WalletArgs),
    /// Genesis allocation by registration number and age.
    Genesis(commands::genesis::GenesisArgs),
    /// Fabric User IDs: new, decode, validate.
    Id(commands::id::IdArgs),
    /// Q Send: request codes and QR payloads (v1, v2).
    Qsend(commands::qsend::QsendArgs),
}

fn main() -> std::process::ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return exit::command_line(&e),
    };
    let outcome = match cli.command {
        // AREA-DISPATCH (keep one line per area)
        Command::Audit(args) => commands::audit::run(args),
        Command::Devnet(args) => return gx_devnet::cli::main(args, "gx devnet"),
        Command::Escrow(args) => commands::escrow::run(args),
        Command::Fee(args) => commands::fee::run(args),
        Command::Genesis(args) => commands::genesis::run(args),
        Command::Id(args) => commands::id::run(args),
        Command::Qsend(args) => commands::qsend::run(&cli.network, args),
        Command::Env(args) => commands::env::run(&cli.network, args),
        Command::Keys(args) => commands::messaging::run_keys(&cli.network, &args),
        Command::Login(args) => commands::login::run(&cli.network, &args),
        Command::Message(args) => commands::messaging::run_message(&cli.network, args),
        Command::Logout(args) => commands::login::run_logout(&cli.network, &args),
        Command::Transfer(args) => commands::transfer::run(&cli.network, args),
        Command::Wallet(args) => commands::wallet::run(&cli.network, &args),
    };
    exit::report(outcome)
}
