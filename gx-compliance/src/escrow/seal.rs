//! Sealing a plaintext for the master public key.

use rand_core::{CryptoRng, RngCore};
use rsa::Oaep;
use sha2::Sha256;
use zeroize::Zeroize;

use super::blob::IV_LEN;
use super::{ContentKey, EscrowBlob, EscrowError, MasterPublicKey};

/// Seals `plaintext` for `master`: a fresh AES-256-GCM key and 12-byte iv per call, the key wrapped
/// with RSA-OAEP (SHA-256, MGF1-SHA-256). Returns a v1 blob naming `master`'s [`KeyId`](super::KeyId).
///
/// `rng` must be a cryptographically secure generator; it supplies the content key, the iv and
/// the OAEP seed.
///
/// ```no_run
/// use gx_compliance::escrow::{seal, MasterPublicKey};
/// # let pem = "";
/// let master = MasterPublicKey::from_public_key_pem(pem)?;
/// let blob = seal(&master, b"hello", &mut rand_core::OsRng)?;
/// let wire: String = blob.to_base64();
/// # Ok::<(), gx_compliance::escrow::EscrowError>(())
/// ```
pub fn seal<R: RngCore + CryptoRng>(
    master: &MasterPublicKey,
    plaintext: &[u8],
    rng: &mut R,
) -> Result<EscrowBlob, EscrowError> {
    let mut key_bytes = [0u8; ContentKey::LEN];
    rng.fill_bytes(&mut key_bytes);
    let key = ContentKey::from_array(key_bytes);
    key_bytes.zeroize();
    let mut iv = [0u8; IV_LEN];
    rng.fill_bytes(&mut iv);

    let (ciphertext, tag) = key.encrypt(&iv, plaintext)?;
    let wrapped_key = master
        .rsa()
        .encrypt(rng, Oaep::new::<Sha256>(), key.as_bytes())
        .map_err(|e| EscrowError::SealFailed {
            reason: format!("RSA-OAEP wrapping failed: {e}"),
        })?;
    Ok(EscrowBlob {
        key_id: Some(master.key_id()),
        iv,
        tag,
        wrapped_key,
        ciphertext,
    })
}
