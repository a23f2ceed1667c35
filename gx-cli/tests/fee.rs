//! `gx fee` run as a built binary.

use std::process::{Command, Output};

fn gx(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gx"))
        .args(args)
        .output()
        .expect("the gx binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

const LK: &str = "LK FF3 ABL912 0WLUY 6025";
const US: &str = "US 984 AUM945 0AKIY 8168";
const US2: &str = "US B92 ABE616 0UDJO 9055";

#[test]
fn quote_matches_the_chain_vector() {
    let o = gx(&[
        "fee", "quote", "--from", LK, "--to", US, "--amount", "1", "--type", "P2P",
    ]);
    assert!(o.status.success(), "{o:?}");
    let text = stdout(&o);
    assert!(text.contains("scope          CROSS_BORDER"), "{text}");
    assert!(
        text.contains("total fee      0.0015 GXC (1500 Qirat)"),
        "{text}"
    );
    assert!(
        text.contains("sender fee     0.0015 GXC (1500 Qirat)"),
        "{text}"
    );
    assert!(text.contains("receiver fee   0 GXC (0 Qirat)"), "{text}");
    assert!(
        text.contains("net received   1 GXC (1000000 Qirat)"),
        "{text}"
    );
}

#[test]
fn quote_json_has_integer_qirat_and_detects_the_type() {
    let o = gx(&[
        "fee", "quote", "--from", LK, "--to", US, "--amount", "12.5", "--json",
    ]);
    assert!(o.status.success(), "{o:?}");
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["amount"], 12_500_000);
    assert_eq!(v["feeBps"], 15);
    assert_eq!(v["totalFee"], 18_750);
    assert_eq!(v["senderDebit"], 12_518_750);
    assert_eq!(v["txType"], "P2P");
    assert_eq!(v["exempt"], false);
}

/// `(scope, feeBps, totalFee)` of `gx fee quote --json` for a P2P transfer (detected).
fn quote_fee(from: &str, to: &str, amount: &str) -> (String, u64, u64) {
    let o = gx(&[
        "fee", "quote", "--from", from, "--to", to, "--amount", amount, "--json",
    ]);
    assert!(o.status.success(), "{o:?}");
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["txType"], "P2P");
    (
        v["scope"].as_str().unwrap().to_owned(),
        v["feeBps"].as_u64().unwrap(),
        v["totalFee"].as_u64().unwrap(),
    )
}

#[test]
fn local_band_edges_both_sides() {
    let fee = |amount| quote_fee(US, US2, amount);
    let local = |bps, fee| ("LOCAL".to_owned(), bps, fee);
    assert_eq!(fee("2.999999"), local(0, 0));
    assert_eq!(fee("3"), local(5, 1_500));
    assert_eq!(fee("100"), local(5, 50_000)); // 100 GXC is still in "3 to 100"
    assert_eq!(fee("100.000001"), local(10, 100_000)); // 10 bps from the next Qirat
}

#[test]
fn cross_border_band_edge_at_100_gxc() {
    let fee = |amount| quote_fee(LK, US, amount);
    let cross = |bps, fee| ("CROSS_BORDER".to_owned(), bps, fee);
    assert_eq!(fee("100"), cross(15, 150_000));
    assert_eq!(fee("100.000001"), cross(25, 250_000));
}

#[test]
fn exempt_pool_transfer_is_free() {
    let o = gx(&[
        "fee",
        "quote",
        "--from",
        "SYSTEM_USER_GENESIS_POOL",
        "--to",
        US,
        "--amount",
        "500",
        "--json",
    ]);
    assert!(o.status.success(), "{o:?}");
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["exempt"], true);
    assert_eq!(v["totalFee"], 0);
}

#[test]
fn any_treasury_account_is_exempt_and_keeps_its_spelling() {
    for t in ["treasury_LK", "treasury_lk", "treasury_RESERVE"] {
        let o = gx(&[
            "fee", "quote", "--from", US, "--to", t, "--amount", "50", "--json",
        ]);
        assert!(o.status.success(), "{t}: {o:?}");
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        assert_eq!(v["exempt"], true, "{t}");
        assert_eq!(v["totalFee"], 0, "{t}");
    }
    let o = gx(&[
        "fee",
        "quote",
        "--from",
        US,
        "--to",
        "treasury_",
        "--amount",
        "1",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8(o.stderr).unwrap();
    assert!(err.contains("treasury_ followed by 1 to 32"), "{err}");
}

#[test]
fn an_empty_type_means_detect_as_on_chain() {
    let o = gx(&[
        "fee", "quote", "--from", LK, "--to", US, "--amount", "1", "--type", "",
    ]);
    assert!(o.status.success(), "{o:?}");
    let text = stdout(&o);
    assert!(text.contains("type           P2P (detected)"), "{text}");
    let o = gx(&[
        "fee", "quote", "--from", LK, "--to", US, "--amount", "1", "--type", "P2P",
    ]);
    assert!(stdout(&o).contains("type           P2P\n"), "{o:?}");
    let o = gx(&[
        "fee", "quote", "--from", LK, "--to", US, "--amount", "1", "--type", " ",
    ]);
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn invalid_inputs_exit_1_with_a_reason() {
    for (args, needle) in [
        (
            vec!["--from", "XX", "--to", US, "--amount", "1"],
            "invalid account",
        ),
        (
            vec!["--from", LK, "--to", US, "--amount", "1.0000001"],
            "6 decimal places",
        ),
        (
            vec!["--from", LK, "--to", US, "--amount", "0"],
            "amount is 0",
        ),
        (
            vec!["--from", LK, "--to", US, "--amount", "1", "--type", "GIFT"],
            "P2P, MERCHANT",
        ),
        (vec!["--from", US, "--to", US, "--amount", "1"], "itself"),
        (
            vec!["--from", LK, "--to", US, "--amount", "1250000000000.000001"],
            "above the maximum supply of 1250000000000 GXC (1250000000000000000 Qirat)",
        ),
    ] {
        let mut full = vec!["fee", "quote"];
        full.extend(args);
        let o = gx(&full);
        assert_eq!(o.status.code(), Some(1), "{full:?}");
        let err = String::from_utf8(o.stderr).unwrap();
        assert!(err.contains(needle), "{full:?}: {err}");
    }
}

#[test]
fn missing_arguments_are_usage_errors() {
    let o = gx(&["fee", "quote", "--from", LK]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn table_lists_every_rule_and_its_edges() {
    let o = gx(&["fee", "table"]);
    assert!(o.status.success());
    let text = stdout(&o);
    for line in [
        "P2P         LOCAL         0 to 2.999999                    0  0.00 %",
        "P2P         LOCAL         3 to 100                         5  0.05 %",
        "P2P         LOCAL         100.000001 and above            10  0.10 %",
        "P2P         CROSS_BORDER  100.000001 and above            25  0.25 %",
        "B2B         CROSS_BORDER  any amount                      40  0.40 %",
    ] {
        assert!(text.contains(line), "missing {line:?} in\n{text}");
    }
}

#[test]
fn table_json_loads_back_as_a_schedule() {
    let o = gx(&["fee", "table", "--json"]);
    assert!(o.status.success());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("schedule.json");
    // Make MERCHANT LOCAL free to show the file is what gets used.
    let mut v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["rules"][2]["type"], "MERCHANT");
    v["rules"][2]["bands"][0]["bps"] = 0.into();
    std::fs::write(&path, v.to_string()).unwrap();
    let p = path.to_str().unwrap();
    let args = [
        "fee",
        "quote",
        "--from",
        US,
        "--to",
        US2,
        "--amount",
        "10",
        "--type",
        "MERCHANT",
        "--schedule",
        p,
        "--json",
    ];
    let o = gx(&args);
    assert!(o.status.success(), "{o:?}");
    let q: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(q["totalFee"], 0);
    std::fs::write(&path, "{}").unwrap();
    let o = gx(&[
        "fee",
        "quote",
        "--from",
        US,
        "--to",
        LK,
        "--amount",
        "1",
        "--schedule",
        p,
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8(o.stderr)
        .unwrap()
        .contains("not a fee schedule"));
}

#[test]
fn table_footer_states_the_rules_of_the_schedule() {
    let o = gx(&["fee", "table"]);
    assert!(o.status.success());
    let text = stdout(&o);
    for line in [
        "fee = floor(amount in Qirat x bps / 10000); 1 GXC = 1000000 Qirat",
        "split: the sender pays the whole fee; the receiver gets the full amount",
        "exempt: transfers to or from SYSTEM_USER_GENESIS_POOL, SYSTEM_LOAN_POOL, \
         SYSTEM_CHARITABLE_POOL, SYSTEM_GOVT_GENESIS_POOL, SYSTEM_GX_POOL, \
         SYSTEM_OPERATIONS_FUND, SYSTEM_MINTER or any treasury_* account are free",
        "fees go to SYSTEM_OPERATIONS_FUND",
    ] {
        assert!(text.contains(line), "missing {line:?} in\n{text}");
    }
}

#[test]
fn table_shows_a_loaded_schedule() {
    let o = gx(&["fee", "table", "--json"]);
    assert!(o.status.success());
    let mut v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    v["split"] = "SPLIT_P2P_50_50".into();
    v["exemptPools"] = serde_json::json!(["SYSTEM_MINTER"]);
    v["exemptTreasuries"] = false.into();
    assert_eq!(v["rules"][7]["type"], "B2B");
    assert_eq!(v["rules"][7]["scope"], "CROSS_BORDER");
    v["rules"][7]["bands"][0]["bps"] = 45.into();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("schedule.json");
    std::fs::write(&path, v.to_string()).unwrap();
    let p = path.to_str().unwrap();

    let o = gx(&["fee", "table", "--schedule", p]);
    assert!(o.status.success(), "{o:?}");
    let text = stdout(&o);
    for line in [
        "B2B         CROSS_BORDER  any amount                      45  0.45 %",
        "split: P2P fees are split 50/50",
        "exempt: transfers to or from SYSTEM_MINTER are free",
    ] {
        assert!(text.contains(line), "missing {line:?} in\n{text}");
    }
    // --json prints the loaded schedule back.
    let o = gx(&["fee", "table", "--schedule", p, "--json"]);
    assert!(o.status.success(), "{o:?}");
    let back: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(back, v);

    // A schedule with a rate above 100 % is refused with the reason.
    v["rules"][7]["bands"][0]["bps"] = 10_001.into();
    std::fs::write(&path, v.to_string()).unwrap();
    let o = gx(&["fee", "table", "--schedule", p]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8(o.stderr).unwrap();
    assert!(err.contains("not a fee schedule"), "{err}");
    assert!(err.contains("above 100 %"), "{err}");
}
