use gx_core::{ErrorCode, QIRAT_PER_GXC};
use proptest::prelude::*;

use super::*;
use crate::genesis::Ineligibility;
use crate::pools::TOTAL_SUPPLY;

const LK: &str = "LK FF3 ABL912 0WLUY 6025"; // 1955-ish individual (see vectors)
const US: &str = "US 984 AUM945 0AKIY 8168"; // female, 1990-03-15
const GB: &str = "GB CF1 ABF248 0LRQS 0058"; // male, 1985-07-22
const US2: &str = "US B92 ABE616 0UDJO 9055"; // male, 1983-10-29
const MX_GOV: &str = "MX 87B BNR033 7IJZP 0496"; // type 7, governmental

fn user(s: &str) -> FabricUserId {
    s.parse().unwrap()
}
fn acct(s: &str) -> AccountId {
    s.parse().unwrap()
}
fn key(k: &str) -> IdempotencyKey {
    IdempotencyKey::parse(k).unwrap()
}
fn day(s: &str) -> Date {
    s.parse().unwrap()
}
const fn gxc(n: u64) -> Qirat {
    Qirat::new(n * QIRAT_PER_GXC)
}

/// A ledger with US, GB, US2 registered (in that order) and US, GB given genesis.
fn funded() -> Ledger {
    let mut l = Ledger::bootstrap(LedgerConfig::default());
    let on = day("2026-01-01");
    for (i, u) in [US, GB, US2].into_iter().enumerate() {
        l.apply(
            key(&format!("reg-{i}")),
            Operation::RegisterUser { user: user(u) },
            on,
        )
        .unwrap();
    }
    for (i, u) in [US, GB].into_iter().enumerate() {
        l.apply(
            key(&format!("gen-{i}")),
            Operation::DistributeGenesis { user: user(u) },
            on,
        )
        .unwrap();
    }
    l
}

fn transfer_from(from: FabricUserId, to: &str, amount: Qirat) -> Operation {
    Operation::Transfer {
        from: from.into(),
        to: acct(to),
        amount,
        tx_type: None,
        remark: String::new(),
    }
}

fn transfer(from: &str, to: &str, amount: Qirat) -> Operation {
    Operation::Transfer {
        from: acct(from),
        to: acct(to),
        amount,
        tx_type: None,
        remark: "test".into(),
    }
}

#[test]
fn bootstrap_mints_the_supply_into_the_pools() {
    let l = Ledger::bootstrap(LedgerConfig::default());
    assert_eq!(l.total_balance(), u128::from(TOTAL_SUPPLY.get()));
    for pool in SystemPool::ALL {
        assert_eq!(l.balance(&pool.into()), Some(pool.genesis_supply()));
    }
    assert_eq!(l.events().len(), SystemPool::ALL.len());
    assert_eq!(l.sequence(), 0);
}

#[test]
fn genesis_pays_user_and_treasury_once() {
    let mut l = funded();
    assert_eq!(l.registration_number(&user(US)), Some(1));
    assert_eq!(l.balance(&acct(US)), Some(gxc(500)));
    assert_eq!(l.balance(&acct("treasury_US")), Some(gxc(50)));
    assert_eq!(l.balance(&acct("treasury_GB")), Some(gxc(50)));
    assert_eq!(
        l.balance(&SystemPool::UserGenesis.into()),
        Some(Qirat::new(
            SystemPool::UserGenesis.genesis_supply().get() - gxc(1_000).get()
        ))
    );
    let before = l.clone();
    let err = l
        .apply(
            key("gen-again"),
            Operation::DistributeGenesis { user: user(US) },
            day("2026-01-02"),
        )
        .unwrap_err();
    assert_eq!(err.code(), "LEDGER_GENESIS_ALREADY_RECEIVED");
    assert_eq!(l, before);
}

/// A generated individual's Fabric ID (the seed records have no minors or over-73s).
fn person(country: &str, born: &str, seed: u64) -> FabricUserId {
    use rand_chacha::rand_core::SeedableRng;
    let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(seed);
    FabricUserId::generate(
        country.parse().unwrap(),
        day(born),
        gx_core::Gender::Female,
        AccountType::Individual,
        &mut rng,
    )
    .unwrap()
}

/// Applies `DistributeGenesis` for `who` and checks the ineligible path: nothing moves, the
/// event says why, and the user's one distribution is used up.
fn assert_zero_genesis(l: &mut Ledger, who: FabricUserId, on: Date, why: Ineligibility) {
    let before = l.balances();
    assert!(!l.has_received_genesis(&who));
    let r = l
        .apply(
            key("gen-zero"),
            Operation::DistributeGenesis { user: who },
            on,
        )
        .unwrap();
    assert_eq!(l.balances(), before, "no balance moves");
    assert_eq!(l.balance(&who.into()), Some(Qirat::ZERO));
    match &r.events[..] {
        [LedgerEvent::GenesisDistributed {
            amount,
            treasury_amount,
            ineligible,
            treasury,
            ..
        }] => {
            assert_eq!((*amount, *treasury_amount), (Qirat::ZERO, Qirat::ZERO));
            assert_eq!(*ineligible, Some(why));
            assert_eq!(treasury.country(), Some(who.country()));
        }
        other => panic!("expected one GenesisDistributed event, got {other:?}"),
    }
    let json = serde_json::to_value(&r.events[0]).unwrap();
    assert_eq!(json["payload"]["amount"], 0);
    assert_eq!(
        json["payload"]["ineligible"],
        serde_json::to_value(why).unwrap()
    );
    // The distribution is recorded: once per user, even when it gave 0.
    assert!(l.has_received_genesis(&who));
    let later = on.add_days(20 * 365).unwrap();
    let err = l
        .apply(
            key("gen-later"),
            Operation::DistributeGenesis { user: who },
            later,
        )
        .unwrap_err();
    assert_eq!(err.code(), "LEDGER_GENESIS_ALREADY_RECEIVED");
    assert_eq!(l.total_balance(), u128::from(TOTAL_SUPPLY.get()));
}

#[test]
fn too_young_gets_zero_and_uses_up_the_distribution() {
    let mut l = Ledger::bootstrap(LedgerConfig::default());
    let on = day("2026-01-01");
    let child = person("LK", "2014-06-01", 1); // 11 on the distribution date
    l.apply(key("reg"), Operation::RegisterUser { user: child }, on)
        .unwrap();
    assert_zero_genesis(&mut l, child, on, Ineligibility::TooYoung);
    // Still a full user: it can receive and send.
    l.apply(
        key("pay"),
        Operation::Transfer {
            from: SystemPool::Gx.into(),
            to: child.into(),
            amount: gxc(5),
            tx_type: None,
            remark: String::new(),
        },
        on,
    )
    .unwrap();
    l.apply(
        key("reg-us"),
        Operation::RegisterUser { user: user(US) },
        on,
    )
    .unwrap();
    l.apply(key("send"), transfer_from(child, US, gxc(1)), on)
        .unwrap();
    assert_eq!(l.balance(&acct(US)), Some(gxc(1)));
}

#[test]
fn too_old_gets_zero_and_uses_up_the_distribution() {
    let mut l = Ledger::bootstrap(LedgerConfig::default());
    let on = day("2026-01-01");
    let elder = person("GB", "1950-01-01", 2); // 76
    l.apply(key("reg"), Operation::RegisterUser { user: elder }, on)
        .unwrap();
    assert_zero_genesis(&mut l, elder, on, Ineligibility::TooOld);
}

#[test]
fn past_five_billion_gets_zero_and_uses_up_the_distribution() {
    let mut l = Ledger::bootstrap(LedgerConfig::default());
    let on = day("2026-01-01");
    // Stand in for five billion earlier registrations.
    l.individuals_registered = crate::GENESIS_USER_LIMIT;
    l.apply(key("reg"), Operation::RegisterUser { user: user(US) }, on)
        .unwrap();
    assert_eq!(
        l.registration_number(&user(US)),
        Some(crate::GENESIS_USER_LIMIT + 1)
    );
    assert_zero_genesis(&mut l, user(US), on, Ineligibility::AllPhasesComplete);
}

#[test]
fn genesis_refusals() {
    let mut l = funded();
    let on = day("2026-01-01");
    let err = l
        .apply(
            key("g1"),
            Operation::DistributeGenesis { user: user(LK) },
            on,
        )
        .unwrap_err();
    assert_eq!(err.code(), "LEDGER_UNKNOWN_ACCOUNT");
    l.apply(
        key("r-gov"),
        Operation::RegisterUser { user: user(MX_GOV) },
        on,
    )
    .unwrap();
    assert_eq!(l.registration_number(&user(MX_GOV)), None);
    let err = l
        .apply(
            key("g2"),
            Operation::DistributeGenesis { user: user(MX_GOV) },
            on,
        )
        .unwrap_err();
    assert_eq!(err.code(), "LEDGER_GENESIS_INDIVIDUALS_ONLY");
    let err = l
        .apply(key("r-dup"), Operation::RegisterUser { user: user(US) }, on)
        .unwrap_err();
    assert_eq!(err.code(), "LEDGER_ACCOUNT_EXISTS");
}

#[test]
fn transfer_with_fees_emits_the_chain_event() {
    let mut l = funded();
    let r = l
        .apply(key("t1"), transfer(US, GB, gxc(1)), day("2026-01-02"))
        .unwrap();
    assert_eq!(
        l.balance(&acct(US)),
        Some(Qirat::new(gxc(499).get() - 1_500))
    );
    assert_eq!(l.balance(&acct(GB)), Some(gxc(501)));
    let fund = SystemPool::OperationsFund;
    assert_eq!(
        l.balance(&fund.into()),
        Some(Qirat::new(fund.genesis_supply().get() + 1_500))
    );
    let json = serde_json::to_value(&r.events[0]).unwrap();
    assert_eq!(json["eventName"], "TransferWithFeesCompleted");
    assert_eq!(json["payload"]["fee"], 1_500);
    assert_eq!(json["payload"]["scope"], "CROSS_BORDER");
    assert_eq!(json["payload"]["txType"], "P2P");
    assert_eq!(json["payload"]["idempotencyKey"], "t1");
    assert_eq!(l.total_balance(), u128::from(TOTAL_SUPPLY.get()));
}

#[test]
fn refused_transfers_change_nothing_and_keep_the_key_free() {
    let mut l = funded();
    let before = l.clone();
    let on = day("2026-01-02");
    // 500 GXC plus the fee is more than the balance.
    let err = l
        .apply(key("t"), transfer(US, GB, gxc(500)), on)
        .unwrap_err();
    assert_eq!(err.code(), "LEDGER_INSUFFICIENT_BALANCE");
    assert!(err.to_string().contains("needs 501250000 Qirat"), "{err}"); // 25 bps above 100 GXC
    let err = l.apply(key("t"), transfer(US, LK, gxc(1)), on).unwrap_err();
    assert_eq!(err.code(), "LEDGER_UNKNOWN_ACCOUNT");
    let err = l.apply(key("t"), transfer(US, US, gxc(1)), on).unwrap_err();
    assert_eq!(err.code(), "TRANSFER_TO_SAME_ACCOUNT");
    assert_eq!(l, before);
    // The key was not used up by the refusals.
    l.apply(key("t"), transfer(US, GB, gxc(10)), on).unwrap();
}

#[test]
fn idempotency_replay_and_conflict() {
    let mut l = funded();
    let on = day("2026-01-02");
    let first = l.apply(key("t"), transfer(US, GB, gxc(1)), on).unwrap();
    let after = l.clone();
    let again = l
        .apply(key("t"), transfer(US, GB, gxc(1)), day("2026-02-01"))
        .unwrap();
    assert!(again.replayed);
    assert_eq!(
        (again.sequence, &again.events),
        (first.sequence, &first.events)
    );
    assert_eq!(l, after);
    let err = l.apply(key("t"), transfer(US, GB, gxc(2)), on).unwrap_err();
    assert_eq!(err.code(), "LEDGER_IDEMPOTENCY_KEY_CONFLICT");
    assert_eq!(l, after);
}

#[test]
fn frozen_wallets_neither_send_nor_receive() {
    let mut l = funded();
    let on = day("2026-01-02");
    let freeze = Operation::Freeze {
        account: acct(GB),
        reason: "AML review".into(),
    };
    l.apply(key("f"), freeze.clone(), on).unwrap();
    assert!(l.is_frozen(&acct(GB)));
    for op in [transfer(GB, US, gxc(1)), transfer(US, GB, gxc(1))] {
        let err = l.apply(key("t"), op, on).unwrap_err();
        assert_eq!(err.code(), "LEDGER_WALLET_FROZEN");
    }
    assert_eq!(
        l.apply(key("f2"), freeze, on).unwrap_err().code(),
        "LEDGER_ALREADY_FROZEN"
    );
    let pool_freeze = Operation::Freeze {
        account: SystemPool::Loan.into(),
        reason: String::new(),
    };
    assert_eq!(
        l.apply(key("f3"), pool_freeze, on).unwrap_err().code(),
        "LEDGER_USER_ACCOUNTS_ONLY"
    );
    let r = l
        .apply(key("u"), Operation::Unfreeze { account: acct(GB) }, on)
        .unwrap();
    assert_eq!(
        serde_json::to_value(&r.events[0]).unwrap()["eventName"],
        "WalletUnfrozen"
    );
    assert_eq!(
        l.apply(key("u2"), Operation::Unfreeze { account: acct(GB) }, on)
            .unwrap_err()
            .code(),
        "LEDGER_NOT_FROZEN"
    );
    l.apply(key("t"), transfer(GB, US, gxc(1)), on).unwrap();
}

#[test]
fn velocity_tax_after_355_days() {
    let mut l = funded(); // US holds 500 GXC since 2026-01-01
    let tax = Operation::ApplyVelocityTax { account: acct(US) };
    let err = l
        .apply(key("v1"), tax.clone(), day("2026-12-21"))
        .unwrap_err();
    assert_eq!(err.code(), "LEDGER_NOT_YET_TAXABLE");
    assert!(err.to_string().contains("2026-01-01"), "{err}");
    let treasury_before = l.balance(&acct("treasury_US")).unwrap();
    let charity_before = l.balance(&SystemPool::Charitable.into()).unwrap();
    let r = l.apply(key("v1"), tax.clone(), day("2026-12-22")).unwrap();
    // 2.5 % of 500 GXC = 12.5 GXC, half to the treasury.
    assert_eq!(l.balance(&acct(US)), Some(Qirat::new(487_500_000)));
    assert_eq!(
        l.balance(&acct("treasury_US")),
        Some(Qirat::new(treasury_before.get() + 6_250_000))
    );
    assert_eq!(
        l.balance(&SystemPool::Charitable.into()),
        Some(Qirat::new(charity_before.get() + 6_250_000))
    );
    assert_eq!(
        serde_json::to_value(&r.events[0]).unwrap()["eventName"],
        "VelocityTaxApplied"
    );
    // The tax year restarts: not taxable again the next day.
    let err = l.apply(key("v2"), tax, day("2026-12-23")).unwrap_err();
    assert_eq!(err.code(), "LEDGER_NOT_YET_TAXABLE");
    assert_eq!(l.total_balance(), u128::from(TOTAL_SUPPLY.get()));
}

#[test]
fn frozen_wallets_are_not_taxed_until_unfrozen() {
    let mut l = funded(); // US holds 500 GXC since 2026-01-01
    let on = day("2026-12-22"); // 355 days: taxable
    l.apply(
        key("f"),
        Operation::Freeze {
            account: acct(US),
            reason: "court order".into(),
        },
        on,
    )
    .unwrap();
    let before = l.clone();
    let tax = Operation::ApplyVelocityTax { account: acct(US) };
    let err = l.apply(key("v"), tax.clone(), on).unwrap_err();
    assert_eq!(err.code(), "LEDGER_WALLET_FROZEN");
    assert!(err.to_string().contains("until it is unfrozen"), "{err}");
    assert_eq!(l, before);
    // Genesis is refused the same way (US2 has none yet).
    l.apply(
        key("f2"),
        Operation::Freeze {
            account: acct(US2),
            reason: "r".into(),
        },
        on,
    )
    .unwrap();
    let err = l
        .apply(
            key("g"),
            Operation::DistributeGenesis { user: user(US2) },
            on,
        )
        .unwrap_err();
    assert_eq!(err.code(), "LEDGER_WALLET_FROZEN");
    assert!(!l.has_received_genesis(&user(US2)));
    // After the unfreeze the timer has kept running: the tax applies at once, under the
    // same key the refusal left free.
    let later = day("2027-03-01");
    l.apply(key("u"), Operation::Unfreeze { account: acct(US) }, later)
        .unwrap();
    l.apply(key("v"), tax, later).unwrap();
    assert_eq!(l.balance(&acct(US)), Some(Qirat::new(487_500_000)));
}

#[test]
fn dropping_below_100_resets_the_timer() {
    let mut l = funded();
    l.apply(key("t"), transfer(US, GB, gxc(450)), day("2026-03-01"))
        .unwrap();
    l.apply(key("t2"), transfer(GB, US, gxc(100)), day("2026-03-02"))
        .unwrap();
    let tax = Operation::ApplyVelocityTax { account: acct(US) };
    let err = l
        .apply(key("v"), tax.clone(), day("2026-12-30"))
        .unwrap_err();
    assert_eq!(err.code(), "LEDGER_NOT_YET_TAXABLE");
    l.apply(key("v"), tax, day("2027-02-20")).unwrap();
}

// ---- properties over random operation sequences ----

const PEOPLE: [&str; 5] = [US, GB, US2, LK, MX_GOV];

fn any_account() -> impl Strategy<Value = AccountId> {
    prop_oneof![
        6 => prop::sample::select(PEOPLE.to_vec()).prop_map(acct),
        1 => prop::sample::select(SystemPool::ALL.to_vec()).prop_map(AccountId::Pool),
        1 => prop::sample::select(vec!["treasury_US", "treasury_GB"]).prop_map(acct),
    ]
}

fn any_operation() -> impl Strategy<Value = Operation> {
    let amount = prop_oneof![1u64..10_000_000, 1u64..600_000_000, Just(u64::MAX / 2)];
    prop_oneof![
        2 => prop::sample::select(PEOPLE.to_vec()).prop_map(|u| Operation::RegisterUser { user: user(u) }),
        2 => prop::sample::select(PEOPLE.to_vec()).prop_map(|u| Operation::DistributeGenesis { user: user(u) }),
        8 => (any_account(), any_account(), amount, prop::option::of(prop::sample::select(TxType::ALL.to_vec())))
            .prop_map(|(from, to, amount, tx_type)| Operation::Transfer {
                from, to, amount: Qirat::new(amount), tx_type, remark: String::new(),
            }),
        1 => any_account().prop_map(|account| Operation::Freeze { account, reason: "r".into() }),
        1 => any_account().prop_map(|account| Operation::Unfreeze { account }),
        1 => any_account().prop_map(|account| Operation::ApplyVelocityTax { account }),
    ]
}

/// (key number, operation, days after the start): keys repeat on purpose.
fn any_sequence() -> impl Strategy<Value = Vec<(u8, Operation, u16)>> {
    prop::collection::vec((0u8..100, any_operation(), 0u16..800), 1..60)
}

/// The ledger a random sequence starts from: bare after bootstrap, or (so that transfers,
/// freezes and taxes mostly find funded wallets) with every person registered, given genesis
/// where eligible and sent 1 000 GXC from SYSTEM_GX_POOL, under keys the sequences never use.
fn start(seeded: bool) -> Ledger {
    let mut l = Ledger::bootstrap(LedgerConfig::default());
    if seeded {
        let on = day("2026-01-01");
        for (i, p) in PEOPLE.into_iter().enumerate() {
            l.apply(
                key(&format!("seed-reg-{i}")),
                Operation::RegisterUser { user: user(p) },
                on,
            )
            .unwrap();
            // Organisations are refused genesis; that refusal is tested elsewhere.
            let _ = l.apply(
                key(&format!("seed-gen-{i}")),
                Operation::DistributeGenesis { user: user(p) },
                on,
            );
            l.apply(
                key(&format!("seed-fund-{i}")),
                Operation::Transfer {
                    from: SystemPool::Gx.into(),
                    to: acct(p),
                    amount: gxc(1_000),
                    tx_type: None,
                    remark: String::new(),
                },
                on,
            )
            .unwrap();
        }
    }
    l
}

fn run(l: &mut Ledger, steps: &[(u8, Operation, u16)]) -> Vec<Result<Receipt, LedgerError>> {
    let start = day("2026-01-01");
    steps
        .iter()
        .map(|(k, op, d)| {
            l.apply(
                key(&format!("k{k}")),
                op.clone(),
                start.add_days(i64::from(*d)).unwrap(),
            )
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// The supply never changes, no balance goes negative, and a refused operation changes
    /// nothing at all.
    #[test]
    fn supply_is_constant_and_refusals_are_atomic(steps in any_sequence(), seeded in any::<bool>()) {
        let mut l = start(seeded);
        let start = day("2026-01-01");
        let mut applied = usize::try_from(l.sequence()).unwrap();
        for (k, op, d) in steps {
            let before = l.clone();
            let result = l.apply(key(&format!("k{k}")), op, start.add_days(i64::from(d)).unwrap());
            match result {
                Err(_) => prop_assert_eq!(&l, &before),
                Ok(r) if !r.replayed => applied += 1,
                Ok(_) => {}
            }
            prop_assert_eq!(l.total_balance(), u128::from(TOTAL_SUPPLY.get()));
            // Balances are u64, so "negative" would show up as a wrapped, huge value: every
            // balance must stay within the supply, and rebuilding each one from the signed
            // sum of the events' postings must give a value >= 0 (see the next property).
            for (account, balance) in l.balances() {
                prop_assert!(balance <= TOTAL_SUPPLY, "{} holds {}", account, balance.get());
            }
        }
        prop_assert_eq!(l.sequence(), applied as u64);
    }

    /// Replaying any prefix of the history (the operations that applied, in order, with their
    /// keys) changes nothing and answers with the original receipts marked replayed. Refused
    /// operations are not history: their keys stay free (see
    /// `refused_transfers_change_nothing_and_keep_the_key_free`).
    #[test]
    fn replaying_a_prefix_changes_nothing(steps in any_sequence(), seeded in any::<bool>(), cut in any::<prop::sample::Index>()) {
        let mut l = start(seeded);
        let results = run(&mut l, &steps);
        let history: Vec<((u8, Operation, u16), Receipt)> = steps
            .into_iter()
            .zip(results)
            .filter_map(|(step, r)| r.ok().filter(|r| !r.replayed).map(|r| (step, r)))
            .collect();
        let state = l.clone();
        let prefix = &history[..cut.index(history.len() + 1)];
        let replay_steps: Vec<_> = prefix.iter().map(|(step, _)| step.clone()).collect();
        let replay = run(&mut l, &replay_steps);
        prop_assert_eq!(&l, &state);
        for ((_, first), again) in prefix.iter().zip(replay) {
            let again = again.unwrap();
            prop_assert!(again.replayed);
            prop_assert_eq!(again.sequence, first.sequence);
            prop_assert_eq!(&again.events, &first.events);
        }
    }

    /// Balances are the pools' supply plus every emitted credit minus every debit: the events
    /// alone rebuild the state (what a projector relies on), and replaying them in order never
    /// takes an account below zero.
    #[test]
    fn events_rebuild_the_balances(steps in any_sequence(), seeded in any::<bool>()) {
        let mut l = start(seeded);
        run(&mut l, &steps);
        let mut rebuilt = std::collections::BTreeMap::<AccountId, i128>::new();
        for e in l.events() {
            let mut add = |a: AccountId, q: Qirat, sign: i128| *rebuilt.entry(a).or_default() += sign * i128::from(q.get());
            match e {
                LedgerEvent::SupplyMinted { pool, amount } => add((*pool).into(), *amount, 1),
                LedgerEvent::TransferWithFeesCompleted { from, to, amount, sender_fee, net_received, fee, .. } => {
                    add(*from, Qirat::new(amount.get() + sender_fee.get()), -1);
                    add(*to, *net_received, 1);
                    add(SystemPool::OperationsFund.into(), *fee, 1);
                }
                LedgerEvent::GenesisDistributed { user_id, amount, treasury, treasury_amount, .. } => {
                    add(SystemPool::UserGenesis.into(), *amount, -1);
                    add((*user_id).into(), *amount, 1);
                    add(SystemPool::GovtGenesis.into(), *treasury_amount, -1);
                    add(*treasury, *treasury_amount, 1);
                }
                LedgerEvent::VelocityTaxApplied { account, amount, treasury, treasury_amount, redistribution_pool, redistribution_amount, .. } => {
                    add(*account, *amount, -1);
                    add(*treasury, *treasury_amount, 1);
                    add((*redistribution_pool).into(), *redistribution_amount, 1);
                }
                LedgerEvent::UserCreated { .. } | LedgerEvent::WalletFrozen { .. } | LedgerEvent::WalletUnfrozen { .. } => {}
            }
            // After every event, no account has been driven below zero.
            if let Some((account, signed)) = rebuilt.iter().find(|(_, v)| **v < 0) {
                prop_assert!(false, "{} would hold {} after {:?}", account, signed, e);
            }
        }
        for (account, balance) in l.balances() {
            prop_assert_eq!(rebuilt.get(&account).copied().unwrap_or(0), i128::from(balance.get()), "{}", account);
        }
    }
}
