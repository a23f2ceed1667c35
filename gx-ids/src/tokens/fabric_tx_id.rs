//! Hyperledger Fabric transaction ids.

use gx_core::echo_input;

use super::{is_lower_hex_64, string_newtype, TokenError};

/// A Fabric transaction id: 64 lower-case hexadecimal characters.
///
/// ```
/// use gx_ids::FabricTxId;
/// assert!(FabricTxId::parse(&"9f".repeat(32)).is_ok());
/// assert!(FabricTxId::parse("not-a-tx").is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FabricTxId(String);

impl FabricTxId {
    /// Checks and wraps a transaction id.
    pub fn parse(s: &str) -> Result<FabricTxId, TokenError> {
        if is_lower_hex_64(s) {
            Ok(FabricTxId(s.to_owned()))
        } else {
            Err(TokenError::InvalidFabricTxId {
                input: echo_input(s),
            })
        }
    }
}

string_newtype!(FabricTxId);
