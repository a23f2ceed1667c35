//! Fee schedules from untrusted JSON and account IDs from untrusted text: never panic; any
//! schedule that loads quotes every amount with the accounting identities intact.
#![no_main]

use gx_core::Qirat;
use gx_ledger::{AccountId, FeeSchedule};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if data.len() < 9 {
        return;
    }
    let (head, rest) = data.split_at(9);
    let amount = Qirat::new(u64::from_le_bytes(head[..8].try_into().unwrap()));
    let text = String::from_utf8_lossy(rest);
    // The text as an account ID: parses or refuses, and what parses displays back the same.
    let parsed = text.parse::<AccountId>().ok();
    if let Some(account) = parsed {
        assert_eq!(account.to_string().parse::<AccountId>().unwrap(), account);
    }
    let schedule = if head[8] & 1 == 0 {
        FeeSchedule::protocol_default()
    } else {
        match serde_json::from_slice::<FeeSchedule>(rest) {
            Ok(s) => s,
            Err(_) => return,
        }
    };
    // A parsed account (pool, treasury or user of any type and country) sends when the text
    // was one, so exemption, type detection and scope are fuzzed too.
    let from: AccountId = parsed.unwrap_or_else(|| "LK FF3 ABL912 0WLUY 6025".parse().unwrap());
    let to: AccountId = "US 984 AUM945 0AKIY 8168".parse().unwrap();
    if let Ok(q) = schedule.quote(&from, &to, amount, None) {
        assert!(q.total_fee <= q.amount);
        assert_eq!(q.sender_fee.get() + q.receiver_fee.get(), q.total_fee.get());
        assert_eq!(
            q.sender_debit.get() - q.net_received.get(),
            q.total_fee.get()
        );
        assert_eq!(q.sender_debit.get(), q.amount.get() + q.sender_fee.get());
        if q.exempt {
            assert_eq!(q.total_fee.get(), 0);
        }
    }
});
