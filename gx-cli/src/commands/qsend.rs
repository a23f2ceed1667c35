//! `gx qsend`: request codes and QR payloads.

use clap::{Args, Subcommand};
use gx_core::{Gxc, Qirat};
use gx_ids::{qr_hash, FabricUserId, QSendCode, QrKey, QrPayload};
use serde::Serialize;

use crate::exit::{Failure, Outcome, RunResult};
use crate::output::print_line;

/// The environment variable holding the v2 server key (64 hex characters).
const KEY_ENV: &str = "GX_QR_KEY";

/// Q Send payment requests: codes and QR payloads; create, pay, cancel and show on a network.
#[derive(Args)]
#[command(after_help = "Examples:\n  \
    gx qsend code\n  \
    gx qsend qr encode --code QS-6PAS3LHD --amount 50 --creator 'US 984 AUM945 0AKIY 8168' \\\n      \
    --name 'Alice Johnson' --expires-at-ms 1766660400000\n  \
    gx qsend qr decode eyJ2IjoxLCJ0IjoiUVNFTkQi...\n  \
    gx qsend create --amount 12.5 --description Dinner\n  \
    gx qsend pay QS-6PAS3LHD --wait")]
pub struct QsendArgs {
    #[command(subcommand)]
    command: QsendCommand,
}

#[derive(Subcommand)]
enum QsendCommand {
    /// Print a new request code (QS- and 8 characters, from the OS CSPRNG).
    #[command(after_help = "Examples:\n  gx qsend code")]
    Code,
    /// QR payloads of a payment request.
    #[command(after_help = "Examples:\n  \
        gx qsend qr encode --code QS-6PAS3LHD --amount 50 --creator 'US 984 AUM945 0AKIY 8168' \\\n      \
        --name 'Alice Johnson' --expires-at-ms 1766660400000\n  \
        gx qsend qr decode eyJ2IjoxLCJ0IjoiUVNFTkQi...\n  \
        GX_QR_KEY=$(openssl rand -hex 32) gx qsend qr encode --v2 --code QS-6PAS3LHD --amount 12.5 \\\n      \
        --creator 'US 984 AUM945 0AKIY 8168' --name Alice --expires-at-ms 1766660400000\n\n\
        v1 is the reference's base64(JSON) (the default); v2 is the compact authenticated form\n\
        under the server key (--key-hex or GX_QR_KEY).")]
    Qr {
        #[command(subcommand)]
        command: QrCommand,
    },
    #[command(flatten)]
    Requests(super::qsend_requests::RequestCommand),
}

/// Which payload format.
#[derive(Args)]
struct VersionArgs {
    /// The reference's format: base64(JSON) (the default).
    #[arg(long, conflicts_with = "v2")]
    v1: bool,
    /// The compact authenticated format: base32, HMAC-SHA256 under the server key.
    #[arg(long)]
    v2: bool,
    /// v2 server key as 64 hex characters (otherwise read from the GX_QR_KEY environment
    /// variable). Prefer the variable: arguments show in process lists.
    #[arg(long, value_name = "HEX")]
    key_hex: Option<String>,
}

#[derive(Subcommand)]
enum QrCommand {
    /// Build a QR payload and print it (v1 also prints its qrHash on a second line).
    #[command(after_help = "Examples:\n  \
        gx qsend qr encode --code QS-6PAS3LHD --amount 50 --creator 'US 984 AUM945 0AKIY 8168' \\\n      \
        --name 'Alice Johnson' --expires-at-ms 1766660400000\n  \
        GX_QR_KEY=$(openssl rand -hex 32) gx qsend qr encode --v2 --code QS-6PAS3LHD --amount 12.5 \\\n      \
        --creator 'US 984 AUM945 0AKIY 8168' --name Alice --expires-at-ms 1766660400000")]
    Encode {
        /// The request code, QS-XXXXXXXX.
        #[arg(long)]
        code: QSendCode,
        /// Amount in GXC, at most 6 decimals (e.g. 12.345678).
        #[arg(long, allow_hyphen_values = true)]
        amount: Gxc,
        /// The creator's Fabric User ID.
        #[arg(long)]
        creator: FabricUserId,
        /// The creator's display name.
        #[arg(long)]
        name: String,
        /// Expiry, Unix milliseconds.
        #[arg(long, allow_hyphen_values = true, value_parser = crate::args::whole_number)]
        expires_at_ms: u64,
        /// Description, at most 200 characters as JavaScript counts them (UTF-16 code units).
        #[arg(long, default_value = "")]
        description: String,
        /// The creator's reference (invoice number...).
        #[arg(long, default_value = "")]
        reference: String,
        #[command(flatten)]
        version: VersionArgs,
    },
    /// Read a QR payload and print its fields as JSON (v2 checks the tag first).
    #[command(after_help = "Examples:\n  \
        gx qsend qr decode eyJ2IjoxLCJ0IjoiUVNFTkQi...\n  \
        GX_QR_KEY=... gx qsend qr decode --v2 AEB...")]
    Decode {
        /// The payload text.
        data: String,
        #[command(flatten)]
        version: VersionArgs,
    },
}

/// Runs `gx qsend ...`.
pub fn run(network: &crate::network::NetworkArgs, args: QsendArgs) -> RunResult {
    match args.command {
        QsendCommand::Requests(command) => super::qsend_requests::run(network, command),
        QsendCommand::Code => {
            print_line(QSendCode::generate_os())?;
            Ok(Outcome::Success)
        }
        QsendCommand::Qr {
            command:
                QrCommand::Encode {
                    code,
                    amount,
                    creator,
                    name,
                    expires_at_ms,
                    description,
                    reference,
                    version,
                },
        } => {
            let payload = QrPayload::new(code, amount.qirat(), creator, name, expires_at_ms)
                .and_then(|p| p.with_description(description))
                .map(|p| p.with_reference(reference))
                .map_err(|e| invalid(&e))?;
            if version.v2 {
                print_line(
                    payload
                        .encode_v2(&key(&version)?)
                        .map_err(|e| invalid(&e))?,
                )?;
            } else {
                let text = payload.encode_v1().map_err(|e| invalid(&e))?;
                print_line(format_args!("{text}\n{}", qr_hash(&text)))?;
            }
            Ok(Outcome::Success)
        }
        QsendCommand::Qr {
            command: QrCommand::Decode { data, version },
        } => {
            let payload = if version.v2 {
                QrPayload::decode_v2(&data, &key(&version)?)
            } else {
                QrPayload::decode_v1(&data)
            }
            .map_err(|e| invalid(&e))?;
            print_line(serde_json::to_string(&PayloadJson::of(&payload)).unwrap_or_default())?;
            Ok(Outcome::Success)
        }
    }
}

fn invalid(e: &gx_ids::QrError) -> Failure {
    Failure::refused(e)
}

fn key(version: &VersionArgs) -> Result<QrKey, Failure> {
    let hex = match &version.key_hex {
        Some(hex) => hex.clone(),
        None => std::env::var(KEY_ENV).map_err(|_| {
            Failure::Usage(format!(
                "a v2 payload needs the server key: pass --key-hex or set {KEY_ENV} (64 hex characters)"
            ))
        })?,
    };
    QrKey::from_hex(&hex).map_err(|e| Failure::Usage(e.to_string()))
}

/// A decoded payload, for printing.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PayloadJson<'a> {
    request_code: QSendCode,
    amount_gxc: String,
    amount_qirat: u64,
    description: &'a str,
    reference: &'a str,
    creator_fabric_id: FabricUserId,
    creator_name: &'a str,
    expires_at_ms: u64,
}

impl<'a> PayloadJson<'a> {
    fn of(p: &'a QrPayload) -> Self {
        let amount: Qirat = p.amount();
        PayloadJson {
            request_code: p.code(),
            amount_gxc: amount.to_gxc().to_decimal().normalize().to_string(),
            amount_qirat: amount.get(),
            description: p.description(),
            reference: p.reference(),
            creator_fabric_id: p.creator(),
            creator_name: p.creator_name(),
            expires_at_ms: p.expires_at_ms(),
        }
    }
}
