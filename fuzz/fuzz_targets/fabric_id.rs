//! Fabric User ID parse/decode: never panics; whatever parses displays as its input, decodes,
//! and serialises.
#![no_main]

use gx_ids::FabricUserId;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(id) = FabricUserId::parse_bytes(data) {
        assert_eq!(id.as_bytes().as_slice(), data);
        let again = FabricUserId::parse(&id.to_string()).expect("display parses");
        assert_eq!(again, id);
        let decoded = id.decode();
        assert_eq!(decoded.country(), id.country());
        assert_eq!(decoded.is_organization(), id.account_type().is_organization());
        serde_json::to_string(&decoded).expect("serialises");
    }
});
