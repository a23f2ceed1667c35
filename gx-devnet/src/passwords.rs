//! Passwords hashed with Argon2id (OWASP's minimum: 19 MiB, 2 passes, 1 lane) on a small pool
//! of threads of their own, one per core.
//!
//! Each pool thread owns one 19 MiB work area for its life and wipes it after every hash. Hashing
//! on tokio's blocking threads instead allocated a fresh 19 MiB per hash on whichever thread ran
//! it, and the allocator kept those areas: the sandbox sat at ~790 MiB after creating 32
//! accounts. With the pool it stays at a few tens of MiB.

use std::sync::mpsc;
use std::sync::{Arc, Mutex, OnceLock};

use argon2::password_hash::{Output, ParamsString, PasswordHash, SaltString};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use gx_api::ApiError;
use rand_core::OsRng;
use tokio::sync::oneshot;
use zeroize::{Zeroize, Zeroizing};

use crate::problem::internal;

enum Job {
    Hash(Zeroizing<String>, oneshot::Sender<Result<String, ApiError>>),
    Verify(Zeroizing<String>, String, oneshot::Sender<bool>),
}

/// The pool's queue: jobs go in, any idle pool thread takes the next.
fn queue() -> &'static mpsc::Sender<Job> {
    static QUEUE: OnceLock<mpsc::Sender<Job>> = OnceLock::new();
    QUEUE.get_or_init(|| {
        let (tx, rx) = mpsc::channel::<Job>();
        let rx = Arc::new(Mutex::new(rx));
        let threads = std::thread::available_parallelism().map_or(2, |n| n.get().min(4));
        for i in 0..threads {
            let rx = rx.clone();
            // A thread that cannot start leaves the others; with none, callers get errors.
            let _ = std::thread::Builder::new()
                .name(format!("argon2-{i}"))
                .spawn(move || work(&rx));
        }
        tx
    })
}

fn work(rx: &Mutex<mpsc::Receiver<Job>>) {
    let mut area = vec![Block::default(); Params::DEFAULT.block_count()];
    loop {
        let job = match rx.lock() {
            Ok(rx) => rx.recv(),
            Err(_) => return,
        };
        match job {
            Ok(Job::Hash(password, reply)) => {
                let _ = reply.send(hash_with(&password, &mut area));
            }
            Ok(Job::Verify(password, phc, reply)) => {
                let _ = reply.send(verify_with(&password, &phc, &mut area));
            }
            Err(_) => return,
        }
        area.iter_mut().for_each(Zeroize::zeroize);
    }
}

fn hash_with(password: &str, area: &mut [Block]) -> Result<String, ApiError> {
    let failed =
        |e: &dyn std::fmt::Display| internal(format!("a password could not be hashed: {e}"));
    let salt = SaltString::generate(&mut OsRng);
    let mut salt_bytes = [0u8; 64];
    let salt_bytes = salt.decode_b64(&mut salt_bytes).map_err(|e| failed(&e))?;
    let argon2 = Argon2::default();
    let output = Output::init_with(Params::DEFAULT_OUTPUT_LEN, |out| {
        argon2
            .hash_password_into_with_memory(password.as_bytes(), salt_bytes, out, &mut *area)
            .map_err(|_| argon2::password_hash::Error::Crypto)
    })
    .map_err(|e| failed(&e))?;
    let phc = PasswordHash {
        algorithm: Algorithm::Argon2id.ident(),
        version: Some(Version::V0x13.into()),
        params: ParamsString::try_from(&Params::DEFAULT).map_err(|e| failed(&e))?,
        salt: Some(salt.as_salt()),
        hash: Some(output),
    };
    Ok(phc.to_string())
}

fn verify_with(password: &str, phc: &str, area: &mut [Block]) -> bool {
    let Ok(stored) = PasswordHash::new(phc) else {
        return false;
    };
    let (Some(expected), Some(salt)) = (stored.hash, stored.salt) else {
        return false;
    };
    let Ok(params) = Params::try_from(&stored) else {
        return false;
    };
    if stored.algorithm != Algorithm::Argon2id.ident() {
        return false;
    }
    let version = stored
        .version
        .map_or(Ok(Version::V0x13), Version::try_from)
        .unwrap_or(Version::V0x13);
    let mut salt_bytes = [0u8; 64];
    let Ok(salt_bytes) = salt.decode_b64(&mut salt_bytes) else {
        return false;
    };
    let blocks = params.block_count();
    let argon2 = Argon2::new(Algorithm::Argon2id, version, params);
    let mut larger;
    let area = if blocks <= area.len() {
        &mut area[..blocks]
    } else {
        // A hash made with more memory than this pool's (not one the sandbox makes).
        larger = vec![Block::default(); blocks];
        &mut larger[..]
    };
    let computed = Output::init_with(expected.len(), |out| {
        argon2
            .hash_password_into_with_memory(password.as_bytes(), salt_bytes, out, &mut *area)
            .map_err(|_| argon2::password_hash::Error::Crypto)
    });
    // Output's equality is constant time.
    computed.is_ok_and(|c| c == expected)
}

/// The PHC string of `password` (Argon2id, the default parameters, a fresh salt).
pub async fn hash(password: String) -> Result<String, ApiError> {
    let (tx, rx) = oneshot::channel();
    queue()
        .send(Job::Hash(Zeroizing::new(password), tx))
        .map_err(|_| internal("password hashing stopped"))?;
    rx.await.map_err(|_| internal("password hashing stopped"))?
}

/// Whether `password` matches the PHC string `phc`.
pub async fn verify(password: String, phc: String) -> bool {
    let (tx, rx) = oneshot::channel();
    if queue()
        .send(Job::Verify(Zeroizing::new(password), phc, tx))
        .is_err()
    {
        return false;
    }
    rx.await.unwrap_or(false)
}

/// A hash no password matches quickly, verified for unknown emails so that timing does not
/// tell which emails are registered.
pub async fn decoy() -> String {
    static DECOY: tokio::sync::OnceCell<String> = tokio::sync::OnceCell::const_new();
    DECOY
        .get_or_init(|| async {
            hash("not a password anyone has".into())
                .await
                .unwrap_or_default()
        })
        .await
        .clone()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_hash_verifies_its_password_only_and_reads_as_argon2id() {
        let phc = hash("correct horse".into()).await.unwrap();
        assert!(phc.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{phc}");
        assert!(verify("correct horse".into(), phc.clone()).await);
        assert!(!verify("correct horsf".into(), phc.clone()).await);
        assert!(!verify("correct horse".into(), "$argon2id$junk".into()).await);
        // The argon2 crate's own verifier agrees: the PHC string is standard.
        let parsed = PasswordHash::new(&phc).unwrap();
        assert!(argon2::password_hash::PasswordVerifier::verify_password(
            &Argon2::default(),
            b"correct horse",
            &parsed
        )
        .is_ok());
    }

    #[tokio::test]
    async fn hashes_made_elsewhere_verify_too() {
        use argon2::password_hash::PasswordHasher;
        let salt = SaltString::generate(&mut OsRng);
        let params = Params::new(8 * 1024, 1, 1, None).unwrap();
        let phc = Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
            .hash_password(b"pw", &salt)
            .unwrap()
            .to_string();
        assert!(verify("pw".into(), phc.clone()).await);
        assert!(!verify("px".into(), phc).await);
    }
}
