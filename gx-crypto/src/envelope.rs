//! Envelopes: the exact bytes of `encryptedContent` (spec section "Envelope").
//!
//! Parsing is strict: every fixed field must be complete, flags must be 0 or 1, the ciphertext
//! must at least hold its 16-byte tag, and nothing may follow the last field.
//!
//! ```
//! use gx_crypto::envelope::Envelope;
//! assert!(Envelope::from_bytes(&[0x01]).is_err());            // truncated
//! assert!(Envelope::from_bytes(&[0x02, 0x02]).is_err());      // unsupported version
//! ```

use uuid::Uuid;

use crate::aead::{NONCE_LEN, TAG_LEN};
use crate::codec::Reader;
use crate::error::{E2eError, Result};
use crate::keys::{decode_base64_vec, encode_base64, IdentityPublicKey, X25519PublicKey};

/// Envelope format version.
pub const VERSION: u8 = 0x01;
/// Kind byte of a PreKey message.
pub const KIND_PREKEY: u8 = 0x01;
/// Kind byte of a Ratchet message.
pub const KIND_RATCHET: u8 = 0x02;
/// Kind byte of a Group message.
pub const KIND_GROUP: u8 = 0x03;
/// Length of a ratchet header.
pub const HEADER_LEN: usize = 40;
/// Largest envelope this SDK parses (16 MiB); larger input is rejected before any work.
pub const MAX_ENVELOPE_LEN: usize = 16 * 1024 * 1024;

const WHAT: &str = "envelope";

/// A Double Ratchet header: `ratchet_pub (32) || u32be(previous_chain_length) ||
/// u32be(message_number)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Header {
    /// The sender's current ratchet public key.
    pub ratchet_key: X25519PublicKey,
    /// Number of messages in the sender's previous sending chain.
    pub previous_chain_length: u32,
    /// This message's number in the current sending chain.
    pub message_number: u32,
}

impl Header {
    /// The 40 header bytes.
    pub fn to_bytes(&self) -> [u8; HEADER_LEN] {
        let mut out = [0u8; HEADER_LEN];
        out[..32].copy_from_slice(self.ratchet_key.as_bytes());
        out[32..36].copy_from_slice(&self.previous_chain_length.to_be_bytes());
        out[36..].copy_from_slice(&self.message_number.to_be_bytes());
        out
    }

    fn read(r: &mut Reader<'_>) -> Result<Self> {
        Ok(Self {
            ratchet_key: X25519PublicKey::from_wire(r.array("ratchet key")?, "ratchet key")?,
            previous_chain_length: r.u32("previous chain length")?,
            message_number: r.u32("message number")?,
        })
    }
}

/// A Ratchet message body: header and AES-GCM ciphertext with tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RatchetMessage {
    /// The header (authenticated as associated data).
    pub header: Header,
    /// Ciphertext followed by the 16-byte tag.
    pub ciphertext: Vec<u8>,
}

impl RatchetMessage {
    fn read(r: &mut Reader<'_>) -> Result<Self> {
        let header = Header::read(r)?;
        let ciphertext = r.all_but(0, TAG_LEN, "ciphertext and tag")?.to_vec();
        Ok(Self { header, ciphertext })
    }

    fn write(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.header.to_bytes());
        out.extend_from_slice(&self.ciphertext);
    }
}

/// A PreKey message: the X3DH parameters followed by a Ratchet message body. The initiator
/// sends these until it receives a reply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreKeyMessage {
    /// The initiator's identity key `IK_A`.
    pub identity_key: IdentityPublicKey,
    /// The initiator's ephemeral key `EK_A`.
    pub base_key: X25519PublicKey,
    /// The id of the responder's signed prekey that was used.
    pub signed_prekey_id: u32,
    /// The index of the responder's one-time prekey that was used, if any.
    pub one_time_prekey_index: Option<u32>,
    /// The first ratchet message(s).
    pub message: RatchetMessage,
}

/// A Group message, signed by its sender's identity key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupMessage {
    /// The group key's id.
    pub group_key_id: Uuid,
    /// The group key's version.
    pub key_version: u32,
    /// The random AES-GCM nonce.
    pub nonce: [u8; NONCE_LEN],
    /// The sender's identity key.
    pub sender: IdentityPublicKey,
    /// Ciphertext followed by the 16-byte tag.
    pub ciphertext: Vec<u8>,
    /// Ed25519 signature over every preceding byte of the envelope.
    pub signature: [u8; 64],
}

impl GroupMessage {
    /// The bytes the sender signs: the whole envelope up to the signature.
    pub fn signed_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(2 + 16 + 4 + NONCE_LEN + 32 + self.ciphertext.len() + 64);
        out.extend_from_slice(&[VERSION, KIND_GROUP]);
        out.extend_from_slice(self.group_key_id.as_bytes());
        out.extend_from_slice(&self.key_version.to_be_bytes());
        out.extend_from_slice(&self.nonce);
        out.extend_from_slice(self.sender.as_bytes());
        out.extend_from_slice(&self.ciphertext);
        out
    }
}

/// One envelope of any kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Envelope {
    /// Kind 0x01.
    PreKey(PreKeyMessage),
    /// Kind 0x02.
    Ratchet(RatchetMessage),
    /// Kind 0x03.
    Group(GroupMessage),
}

impl Envelope {
    /// Parses envelope bytes strictly.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self> {
        Self::parse(bytes, &[])
    }

    /// Parses as [`Envelope::from_bytes`] does, except that an identity key equal to one of
    /// `known` (keys validated before: a session's peer, a group's members) is taken from there
    /// instead of being validated again, which costs a scalar multiplication. Other identity
    /// keys are validated as usual, so the result is the same.
    pub(crate) fn parse(bytes: &[u8], known: &[IdentityPublicKey]) -> Result<Self> {
        if bytes.len() > MAX_ENVELOPE_LEN {
            return Err(E2eError::EnvelopeTooLong {
                len: bytes.len(),
                max: MAX_ENVELOPE_LEN,
            });
        }
        let mut r = Reader::new(bytes, WHAT);
        let version = r.u8("version")?;
        if version != VERSION {
            return Err(E2eError::UnsupportedVersion {
                what: WHAT,
                version,
                expected: VERSION,
            });
        }
        let envelope = match r.u8("kind")? {
            KIND_PREKEY => Envelope::PreKey(read_prekey(&mut r, known)?),
            KIND_RATCHET => Envelope::Ratchet(RatchetMessage::read(&mut r)?),
            KIND_GROUP => Envelope::Group(read_group(&mut r, known)?),
            kind => return Err(E2eError::UnknownEnvelopeKind { kind }),
        };
        r.finish()?;
        Ok(envelope)
    }

    /// Parses `encryptedContent` (standard base64).
    pub fn from_base64(text: &str) -> Result<Self> {
        Self::parse_base64(text, &[])
    }

    /// [`Envelope::from_base64`] with the known keys of [`Envelope::parse`].
    pub(crate) fn parse_base64(text: &str, known: &[IdentityPublicKey]) -> Result<Self> {
        if text.len() > MAX_ENVELOPE_LEN / 3 * 4 + 4 {
            return Err(E2eError::EnvelopeTooLong {
                len: text.len() / 4 * 3,
                max: MAX_ENVELOPE_LEN,
            });
        }
        Self::parse(&decode_base64_vec(text, "encryptedContent")?, known)
    }

    /// The envelope bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        match self {
            Envelope::PreKey(m) => {
                let mut out = Vec::with_capacity(2 + 73 + HEADER_LEN + m.message.ciphertext.len());
                out.extend_from_slice(&[VERSION, KIND_PREKEY]);
                out.extend_from_slice(m.identity_key.as_bytes());
                out.extend_from_slice(m.base_key.as_bytes());
                out.extend_from_slice(&m.signed_prekey_id.to_be_bytes());
                out.push(u8::from(m.one_time_prekey_index.is_some()));
                out.extend_from_slice(&m.one_time_prekey_index.unwrap_or(0).to_be_bytes());
                m.message.write(&mut out);
                out
            }
            Envelope::Ratchet(m) => {
                let mut out = Vec::with_capacity(2 + HEADER_LEN + m.ciphertext.len());
                out.extend_from_slice(&[VERSION, KIND_RATCHET]);
                m.write(&mut out);
                out
            }
            Envelope::Group(m) => {
                let mut out = m.signed_bytes();
                out.extend_from_slice(&m.signature);
                out
            }
        }
    }

    /// `encryptedContent`: standard base64 of the envelope bytes.
    pub fn to_base64(&self) -> String {
        encode_base64(&self.to_bytes())
    }
}

/// An identity key: one of `known` if its bytes match, else validated.
fn read_identity(
    r: &mut Reader<'_>,
    known: &[IdentityPublicKey],
    field: &'static str,
) -> Result<IdentityPublicKey> {
    let bytes = r.array(field)?;
    match known.iter().find(|k| *k.as_bytes() == bytes) {
        Some(key) => Ok(*key),
        None => IdentityPublicKey::from_bytes(&bytes),
    }
}

fn read_prekey(r: &mut Reader<'_>, known: &[IdentityPublicKey]) -> Result<PreKeyMessage> {
    let identity_key = read_identity(r, known, "identity key")?;
    let base_key = X25519PublicKey::from_wire(r.array("ephemeral key")?, "ephemeral key")?;
    let signed_prekey_id = r.u32("signed prekey id")?;
    let has_opk = r.flag("has_opk")?;
    let opk_index = r.u32("one-time prekey index")?;
    if !has_opk && opk_index != 0 {
        return Err(E2eError::InvalidField {
            field: "one-time prekey index",
            reason: "must be 0 when has_opk is 0",
        });
    }
    Ok(PreKeyMessage {
        identity_key,
        base_key,
        signed_prekey_id,
        one_time_prekey_index: has_opk.then_some(opk_index),
        message: RatchetMessage::read(r)?,
    })
}

fn read_group(r: &mut Reader<'_>, known: &[IdentityPublicKey]) -> Result<GroupMessage> {
    let group_key_id = Uuid::from_bytes(r.array("group key id")?);
    let key_version = r.u32("key version")?;
    let nonce = r.array("nonce")?;
    let sender = read_identity(r, known, "sender identity key")?;
    let ciphertext = r.all_but(64, TAG_LEN, "ciphertext and tag")?.to_vec();
    let signature = r.array("signature")?;
    Ok(GroupMessage {
        group_key_id,
        key_version,
        nonce,
        sender,
        ciphertext,
        signature,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keys::IdentityKeyPair;

    fn header() -> Header {
        Header {
            ratchet_key: X25519PublicKey::from_bytes([9; 32]),
            previous_chain_length: 3,
            message_number: 0x0102_0304,
        }
    }

    #[test]
    fn header_layout() {
        let bytes = header().to_bytes();
        assert_eq!(&bytes[..32], &[9; 32]);
        assert_eq!(&bytes[32..], &[0, 0, 0, 3, 1, 2, 3, 4]);
    }

    #[test]
    fn all_kinds_round_trip_and_reject_truncation_and_trailing_bytes() {
        let ik = *IdentityKeyPair::from_seed(&[1; 32]).public_key();
        let ratchet = RatchetMessage {
            header: header(),
            ciphertext: vec![7; 20],
        };
        let envelopes = [
            Envelope::Ratchet(ratchet.clone()),
            Envelope::PreKey(PreKeyMessage {
                identity_key: ik,
                base_key: X25519PublicKey::from_bytes([4; 32]),
                signed_prekey_id: 5,
                one_time_prekey_index: Some(6),
                message: ratchet.clone(),
            }),
            Envelope::PreKey(PreKeyMessage {
                identity_key: ik,
                base_key: X25519PublicKey::from_bytes([4; 32]),
                signed_prekey_id: 5,
                one_time_prekey_index: None,
                message: ratchet,
            }),
            Envelope::Group(GroupMessage {
                group_key_id: Uuid::from_bytes([3; 16]),
                key_version: 2,
                nonce: [8; 12],
                sender: ik,
                ciphertext: vec![1; 16],
                signature: [2; 64],
            }),
        ];
        for env in envelopes {
            let bytes = env.to_bytes();
            assert_eq!(Envelope::from_bytes(&bytes).unwrap(), env);
            assert_eq!(Envelope::from_base64(&env.to_base64()).unwrap(), env);
            let min_len = match env {
                Envelope::Ratchet(_) => 2 + 40 + 16,
                Envelope::PreKey(_) => 2 + 73 + 40 + 16,
                Envelope::Group(_) => 2 + 16 + 4 + 12 + 32 + 16 + 64,
            };
            for cut in 0..min_len.min(bytes.len()) {
                assert!(Envelope::from_bytes(&bytes[..cut]).is_err(), "cut {cut}");
            }
        }
    }

    #[test]
    fn known_keys_give_the_same_envelopes_and_unknown_keys_are_still_validated() {
        let ik = *IdentityKeyPair::from_seed(&[1; 32]).public_key();
        let other = *IdentityKeyPair::from_seed(&[2; 32]).public_key();
        let group = Envelope::Group(GroupMessage {
            group_key_id: Uuid::from_bytes([3; 16]),
            key_version: 2,
            nonce: [8; 12],
            sender: ik,
            ciphertext: vec![1; 16],
            signature: [2; 64],
        });
        let bytes = group.to_bytes();
        for known in [&[][..], &[ik][..], &[other, ik][..], &[other][..]] {
            assert_eq!(Envelope::parse(&bytes, known).unwrap(), group);
        }
        // A sender that is not a valid key is refused whatever is known.
        let mut bad = bytes;
        bad[2 + 16 + 4 + 12..2 + 16 + 4 + 12 + 32].copy_from_slice(&[0; 32]);
        assert!(matches!(
            Envelope::parse(&bad, &[ik, other]),
            Err(E2eError::InvalidIdentityKey { .. })
        ));
    }

    #[test]
    fn rejects_bad_flag_index_version_and_kind() {
        let ik = *IdentityKeyPair::from_seed(&[1; 32]).public_key();
        let env = Envelope::PreKey(PreKeyMessage {
            identity_key: ik,
            base_key: X25519PublicKey::from_bytes([4; 32]),
            signed_prekey_id: 5,
            one_time_prekey_index: None,
            message: RatchetMessage {
                header: header(),
                ciphertext: vec![7; 16],
            },
        });
        let bytes = env.to_bytes();
        let mut bad_flag = bytes.clone();
        bad_flag[2 + 68] = 2;
        assert!(matches!(
            Envelope::from_bytes(&bad_flag),
            Err(E2eError::InvalidField { .. })
        ));
        let mut stray_index = bytes.clone();
        stray_index[2 + 72] = 1;
        assert!(matches!(
            Envelope::from_bytes(&stray_index),
            Err(E2eError::InvalidField { .. })
        ));
        let mut version = bytes.clone();
        version[0] = 2;
        assert!(matches!(
            Envelope::from_bytes(&version),
            Err(E2eError::UnsupportedVersion { .. })
        ));
        let mut kind = bytes;
        kind[1] = 4;
        assert_eq!(
            Envelope::from_bytes(&kind),
            Err(E2eError::UnknownEnvelopeKind { kind: 4 })
        );
        assert!(matches!(
            Envelope::from_bytes(&vec![1u8; MAX_ENVELOPE_LEN + 1]),
            Err(E2eError::EnvelopeTooLong { .. })
        ));
    }
}
