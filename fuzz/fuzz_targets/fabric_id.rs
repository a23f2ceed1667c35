//! Fabric User ID parse/decode: never panics; whatever parses displays as its input, decodes
//! (`decode_bytes` in one pass agrees with `parse_bytes` then `decode`), and serialises and
//! deserialises back. Random bytes almost never carry the right 12-bit checksum, so an input
//! refused only for its checksum is retried with the checksum the error names: the checks
//! after it (type digit against offset, date range) and decode are explored too.
#![no_main]

use gx_ids::{DecodedFabricId, FabricIdError, FabricUserId};
use libfuzzer_sys::fuzz_target;

fn check(data: &[u8]) -> Result<FabricUserId, FabricIdError> {
    let parsed = FabricUserId::parse_bytes(data);
    assert_eq!(
        FabricUserId::decode_bytes(data),
        parsed.map(|id| id.decode()),
        "one-pass decode agrees with parse then decode"
    );
    if let Ok(id) = parsed {
        assert_eq!(id.as_bytes().as_slice(), data);
        let again = FabricUserId::parse(&id.to_string()).expect("display parses");
        assert_eq!(again, id);
        let decoded = id.decode();
        assert_eq!(decoded.country(), id.country());
        assert_eq!(
            decoded.is_organization(),
            id.account_type().is_organization()
        );
        let json = serde_json::to_string(&decoded).expect("serialises");
        let back: DecodedFabricId = serde_json::from_str(&json).expect("deserialises");
        assert_eq!(back, decoded);
        assert_eq!(back.fabric_user_id(), id);
    }
    parsed
}

fuzz_target!(|data: &[u8]| {
    if let Err(FabricIdError::ChecksumMismatch { expected, .. }) = check(data) {
        let mut repaired = data.to_vec();
        repaired[3..6].copy_from_slice(&expected);
        let again = check(&repaired);
        assert!(
            !matches!(again, Err(FabricIdError::ChecksumMismatch { .. })),
            "the checksum an error names must be accepted: {again:?}"
        );
    }
});
