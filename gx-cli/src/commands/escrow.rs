//! `gx escrow`: master key pairs, sealing and opening compliance escrow blobs.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use clap::{Args, Subcommand};
use gx_compliance::escrow::{
    open, seal, EscrowBlob, MasterKeyPair, MasterKeyring, MasterPublicKey, SoftwareUnwrapper,
};
use gx_core::ErrorCode;

use crate::bounded;
use crate::exit::{Failure, Outcome, RunResult};
use crate::output::{checked, print, print_line};

/// Compliance escrow: RSA-4096 master keys, seal and open blobs (v0 and v1 layouts).
#[derive(Args)]
pub struct EscrowArgs {
    #[command(subcommand)]
    command: EscrowCommand,
}

#[derive(Subcommand)]
enum EscrowCommand {
    /// Generate an RSA-4096 master key pair as PEM files (takes a few seconds).
    #[command(after_help = "Writes DIR/master_private.pem (PKCS#8, owner-only) and \
        DIR/master_public.pem (SPKI); refuses to overwrite.\n\nExamples:\n  gx escrow keygen --out keys/")]
    Keygen {
        /// Directory for the PEM files (created if missing).
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
    },
    /// Seal a plaintext for a master public key; prints the base64 v1 blob.
    #[command(
        after_help = "Examples:\n  gx escrow seal --pub keys/master_public.pem 'hello'\n  \
        printf 'hello' | gx escrow seal --pub keys/master_public.pem"
    )]
    Seal {
        /// The master public key (SPKI PEM).
        #[arg(long = "pub", value_name = "PEM")]
        public: PathBuf,
        /// The plaintext; read from stdin (as bytes) when absent.
        plaintext: Option<String>,
    },
    /// Open a base64 blob (v0 or v1) with master private key(s); writes the plaintext to stdout.
    ///
    /// The blob may be wrapped into lines (`base64 -w76`): whitespace is ignored.
    #[command(
        after_help = "Give --key several times after a rotation: v1 blobs go to the key \
        they name, v0 blobs are tried against each.\n\nExamples:\n  \
        gx escrow open --key keys/master_private.pem \"$BLOB\"\n\n\
        The private key is used in this process with the rsa crate, which is not constant time \
        (RUSTSEC-2023-0071): use it only on a trusted machine, never as a service."
    )]
    Open {
        /// A master private key (PKCS#8 PEM); repeat for rotated keys.
        #[arg(long = "key", value_name = "PEM", required = true)]
        keys: Vec<PathBuf>,
        /// The base64 blob (line breaks allowed); read from stdin when absent.
        blob: Option<String>,
    },
    /// Print a master public key's key id and SHA-256 fingerprint.
    #[command(after_help = "Examples:\n  gx escrow fingerprint --pub keys/master_public.pem")]
    Fingerprint {
        /// The master public key (SPKI PEM).
        #[arg(long = "pub", value_name = "PEM")]
        public: PathBuf,
    },
}

/// Runs `gx escrow`.
pub fn run(args: EscrowArgs) -> RunResult {
    match args.command {
        EscrowCommand::Keygen { out } => keygen(&out),
        EscrowCommand::Seal { public, plaintext } => {
            let master = load_public(&public)?;
            let plaintext = match plaintext {
                Some(text) => text.into_bytes(),
                None => bounded::ESCROW_PLAINTEXT.read(std::io::stdin().lock(), "stdin")?,
            };
            let blob = seal(&master, &plaintext, &mut rand_core::OsRng).map_err(|e| refused(&e))?;
            print_line(blob.to_base64())?;
            Ok(Outcome::Success)
        }
        EscrowCommand::Open { keys, blob } => {
            let text = match blob {
                Some(text) => text,
                None => {
                    String::from_utf8(bounded::ESCROW_BLOB.read(std::io::stdin().lock(), "stdin")?)
                        .map_err(|_| {
                            Failure::input(
                                crate::exit::codes::INPUT_NOT_UTF8,
                                "the blob on stdin is not text: expected base64".into(),
                            )
                        })?
                }
            };
            refuse_several_blobs(&text)?;
            let blob = EscrowBlob::from_base64(&text).map_err(|e| refused(&e))?;
            let ring = load_keyring(&keys)?;
            let plaintext = block_on(open(&ring, &blob)).map_err(|e| refused(&e))?;
            let mut stdout = std::io::stdout().lock();
            checked(stdout.write_all(&plaintext).and_then(|()| stdout.flush()))?;
            Ok(Outcome::Success)
        }
        EscrowCommand::Fingerprint { public } => {
            let master = load_public(&public)?;
            print(format_args!(
                "key id      {}\nfingerprint {}\n",
                master.key_id(),
                master.fingerprint()
            ))?;
            Ok(Outcome::Success)
        }
    }
}

fn keygen(out: &Path) -> RunResult {
    let private_path = out.join("master_private.pem");
    let public_path = out.join("master_public.pem");
    std::fs::create_dir_all(out).map_err(|e| io(out, &e))?;
    // Claim both files before the (slow) generation, each with create_new: an existing file is
    // refused without a check-then-write race, and nothing is generated in vain.
    let mut private_file = create_new(&private_path, true)?;
    let mut public_file = match create_new(&public_path, false) {
        Ok(file) => file,
        Err(e) => {
            discard(&private_path);
            return Err(e);
        }
    };
    let written = MasterKeyPair::generate_with_os_rng()
        .map_err(|e| refused(&e))
        .and_then(|pair| {
            write_all(
                &mut private_file,
                &private_path,
                pair.to_pkcs8_pem().as_bytes(),
            )?;
            write_all(
                &mut public_file,
                &public_path,
                pair.public_key().to_public_key_pem().as_bytes(),
            )?;
            Ok(pair)
        });
    let pair = match written {
        Ok(pair) => pair,
        Err(e) => {
            discard(&private_path);
            discard(&public_path);
            return Err(e);
        }
    };
    print(format_args!(
        "private key {}\npublic key  {}\nkey id      {}\nfingerprint {}\n",
        private_path.display(),
        public_path.display(),
        pair.public_key().key_id(),
        pair.public_key().fingerprint()
    ))?;
    Ok(Outcome::Success)
}

/// Creates `path`, refusing to overwrite anything; a private key file is readable by its owner
/// only (mode 0600 on Unix, set at creation so the key is never readable by others).
fn create_new(path: &Path, private: bool) -> Result<File, Failure> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    if private {
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    }
    #[cfg(not(unix))]
    let _ = private;
    options.open(path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            Failure::input(
                crate::exit::codes::OUTPUT_EXISTS,
                format!(
                    "{} already exists: refusing to overwrite a master key",
                    path.display()
                ),
            )
        } else {
            io(path, &e)
        }
    })
}

/// Writes and flushes to disk.
fn write_all(file: &mut File, path: &Path, bytes: &[u8]) -> Result<(), Failure> {
    file.write_all(bytes)
        .and_then(|()| file.sync_all())
        .map_err(|e| io(path, &e))
}

/// Removes a file this run created and could not complete (best effort: the error that got us
/// here is the one to report).
fn discard(path: &Path) {
    let _ = std::fs::remove_file(path);
}

fn load_public(path: &Path) -> Result<MasterPublicKey, Failure> {
    let pem = bounded::PEM_KEY.read_text_file(path)?;
    MasterPublicKey::from_public_key_pem(&pem).map_err(|e| Failure::refused_in(&path.display(), &e))
}

fn load_keyring(paths: &[PathBuf]) -> Result<MasterKeyring, Failure> {
    let mut ring = MasterKeyring::new();
    for path in paths {
        let pem = bounded::PEM_KEY.read_secret_file(path)?;
        let pair = MasterKeyPair::from_pkcs8_pem(&pem)
            .map_err(|e| Failure::refused_in(&path.display(), &e))?;
        ring = ring
            .with_key(Arc::new(SoftwareUnwrapper::with_os_rng(pair)))
            .map_err(|e| refused(&e))?;
    }
    Ok(ring)
}

fn io(path: &Path, e: &std::io::Error) -> Failure {
    Failure::Io(format!("{}: {e}", path.display()))
}

/// Two blobs one per line (as `gx escrow seal` prints them) would read as one long blob that
/// fails authentication, which says nothing of the real mistake. A blob wrapped into lines (as
/// `base64` writes it) is not refused: its first line alone is not a whole blob.
fn refuse_several_blobs(text: &str) -> Result<(), Failure> {
    let mut whole = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && EscrowBlob::from_base64(l).is_ok());
    if let (Some((first, _)), Some((second, _))) = (whole.next(), whole.next()) {
        return Err(Failure::input(
            crate::exit::codes::SEVERAL_INPUTS,
            format!(
                "the input holds more than one escrow blob (lines {} and {} each hold a whole one): open one blob at a time",
                first + 1,
                second + 1
            ),
        ));
    }
    Ok(())
}

fn refused(e: &(impl ErrorCode + std::fmt::Display)) -> Failure {
    Failure::refused(e)
}

/// Drives a future to completion on this thread. The software unwrapper never waits, so this
/// returns after one poll; an HSM-backed unwrapper would park the thread until woken.
fn block_on<F: std::future::Future>(future: F) -> F::Output {
    use std::task::{Context, Poll, Wake, Waker};

    struct Unpark(std::thread::Thread);
    impl Wake for Unpark {
        fn wake(self: Arc<Self>) {
            self.0.unpark();
        }
    }

    let waker = Waker::from(Arc::new(Unpark(std::thread::current())));
    let mut context = Context::from_waker(&waker);
    let mut future = std::pin::pin!(future);
    loop {
        if let Poll::Ready(output) = future.as_mut().poll(&mut context) {
            return output;
        }
        std::thread::park();
    }
}
