//! `gx escrow`: master key pairs, sealing and opening compliance escrow blobs.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use clap::{Args, Subcommand};
use gx_compliance::escrow::{
    open, seal, EscrowBlob, MasterKeyPair, MasterKeyring, MasterPublicKey, SoftwareUnwrapper,
};
use gx_core::ErrorCode;

use crate::exit::{Failure, Outcome, RunResult};

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
        DIR/master_public.pem (SPKI); refuses to overwrite.\n\nExample:\n  gx escrow keygen --out keys/")]
    Keygen {
        /// Directory for the PEM files (created if missing).
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
    },
    /// Seal a plaintext for a master public key; prints the base64 v1 blob.
    #[command(
        after_help = "Example:\n  gx escrow seal --pub keys/master_public.pem 'hello'\n  \
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
    #[command(
        after_help = "Give --key several times after a rotation: v1 blobs go to the key \
        they name, v0 blobs are tried against each.\n\nExample:\n  \
        gx escrow open --key keys/master_private.pem \"$BLOB\"\n\n\
        The private key is used in this process with the rsa crate, which is not constant time \
        (RUSTSEC-2023-0071): use it only on a trusted machine, never as a service."
    )]
    Open {
        /// A master private key (PKCS#8 PEM); repeat for rotated keys.
        #[arg(long = "key", value_name = "PEM", required = true)]
        keys: Vec<PathBuf>,
        /// The base64 blob; read from stdin when absent.
        blob: Option<String>,
    },
    /// Print a master public key's key id and SHA-256 fingerprint.
    #[command(after_help = "Example:\n  gx escrow fingerprint --pub keys/master_public.pem")]
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
                None => read_stdin()?,
            };
            let blob = seal(&master, &plaintext, &mut rand_core::OsRng).map_err(|e| refused(&e))?;
            println!("{}", blob.to_base64());
            Ok(Outcome::Success)
        }
        EscrowCommand::Open { keys, blob } => {
            let text = match blob {
                Some(text) => text,
                None => String::from_utf8(read_stdin()?).map_err(|_| {
                    Failure::Invalid("the blob on stdin is not text: expected base64".into())
                })?,
            };
            let blob = EscrowBlob::from_base64(&text).map_err(|e| refused(&e))?;
            let ring = load_keyring(&keys)?;
            let plaintext = block_on(open(&ring, &blob)).map_err(|e| refused(&e))?;
            let mut stdout = std::io::stdout().lock();
            stdout.write_all(&plaintext)?;
            stdout.flush()?;
            Ok(Outcome::Success)
        }
        EscrowCommand::Fingerprint { public } => {
            let master = load_public(&public)?;
            println!("key id      {}", master.key_id());
            println!("fingerprint {}", master.fingerprint());
            Ok(Outcome::Success)
        }
    }
}

fn keygen(out: &Path) -> RunResult {
    let private_path = out.join("master_private.pem");
    let public_path = out.join("master_public.pem");
    for path in [&private_path, &public_path] {
        if path.exists() {
            return Err(Failure::Invalid(format!(
                "{} already exists: refusing to overwrite a master key",
                path.display()
            )));
        }
    }
    std::fs::create_dir_all(out)?;
    let pair = MasterKeyPair::generate_with_os_rng().map_err(|e| refused(&e))?;
    write_private(&private_path, pair.to_pkcs8_pem().as_bytes())?;
    std::fs::write(&public_path, pair.public_key().to_public_key_pem())?;
    println!("private key {}", private_path.display());
    println!("public key  {}", public_path.display());
    println!("key id      {}", pair.public_key().key_id());
    println!("fingerprint {}", pair.public_key().fingerprint());
    Ok(Outcome::Success)
}

/// Creates the private key file readable by its owner only (on Unix), never overwriting.
fn write_private(path: &Path, pem: &[u8]) -> Result<(), Failure> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)?.write_all(pem)?;
    Ok(())
}

fn load_public(path: &Path) -> Result<MasterPublicKey, Failure> {
    let pem = read_file(path)?;
    MasterPublicKey::from_public_key_pem(&pem)
        .map_err(|e| Failure::Invalid(format!("{}: {}: {e}", path.display(), e.code())))
}

fn load_keyring(paths: &[PathBuf]) -> Result<MasterKeyring, Failure> {
    let mut ring = MasterKeyring::new();
    for path in paths {
        let pem = read_file(path)?;
        let pair = MasterKeyPair::from_pkcs8_pem(&pem)
            .map_err(|e| Failure::Invalid(format!("{}: {}: {e}", path.display(), e.code())))?;
        ring = ring
            .with_key(Arc::new(SoftwareUnwrapper::with_os_rng(pair)))
            .map_err(|e| refused(&e))?;
    }
    Ok(ring)
}

fn read_file(path: &Path) -> Result<String, Failure> {
    std::fs::read_to_string(path).map_err(|e| Failure::Io(format!("{}: {e}", path.display())))
}

fn read_stdin() -> Result<Vec<u8>, Failure> {
    let mut bytes = Vec::new();
    std::io::stdin().lock().read_to_end(&mut bytes)?;
    Ok(bytes)
}

fn refused(e: &(impl ErrorCode + std::fmt::Display)) -> Failure {
    Failure::Invalid(format!("{}: {e}", e.code()))
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
