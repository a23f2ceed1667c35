//! Fees, quotes, genesis and the velocity tax: money is `uint64_t` Qirat.

use std::ffi::c_char;

use gx_core::{Date, Qirat};
use gx_ledger::{
    genesis_allocation, velocity_tax, AccountId, FeeSchedule, TxType, VelocityTaxMethod,
};

use crate::abi::{self, run, FfiResult, GxError, OrGx};

/// A transfer's exact fee; every amount in Qirat (1 GXC = 1 000 000 Qirat).
#[repr(C)]
pub struct GxTransferQuote {
    /// What the sender sends.
    pub amount: u64,
    /// The rate applied, in basis points (0 when exempt).
    pub fee_bps: u16,
    /// `floor(amount × fee_bps / 10 000)`.
    pub total_fee: u64,
    /// The part of the fee paid on top of the amount.
    pub sender_fee: u64,
    /// The part taken from the amount.
    pub receiver_fee: u64,
    /// What leaves the sender's balance.
    pub sender_debit: u64,
    /// What reaches the receiver.
    pub net_received: u64,
    /// 0 P2P, 1 MERCHANT, 2 GOVERNMENT, 3 B2B.
    pub tx_type: u8,
    /// 0 LOCAL, 1 CROSS_BORDER.
    pub cross_border: bool,
    /// Whether a system pool or treasury made the transfer free.
    pub exempt: bool,
}

/// The protocol's default schedule, built once (building it allocates every band).
fn default_schedule() -> &'static FeeSchedule {
    static DEFAULT: std::sync::OnceLock<FeeSchedule> = std::sync::OnceLock::new();
    DEFAULT.get_or_init(FeeSchedule::protocol_default)
}

/// The schedule given as JSON, or the default one when `json` is NULL.
unsafe fn schedule(
    json: *const u8,
    len: usize,
) -> FfiResult<std::borrow::Cow<'static, FeeSchedule>> {
    // SAFETY: forwarded contract.
    match unsafe { abi::optional_string(json, len, "schedule_json") }? {
        None => Ok(std::borrow::Cow::Borrowed(default_schedule())),
        Some(text) => FeeSchedule::from_json(text)
            .or_gx()
            .map(std::borrow::Cow::Owned),
    }
}

/// The exact fee of a transfer. `from`/`to`: Fabric User IDs, `SYSTEM_*` pools or treasury
/// accounts (`treasury_MY`); `amount` in Qirat; `tx_type` (`P2P`, `MERCHANT`, `GOVERNMENT`,
/// `B2B`) NULL or empty to detect it as the chain does; `schedule_json` NULL for the protocol's
/// default schedule, or a schedule as `gx fee table --json` prints it.
#[no_mangle]
pub unsafe extern "C" fn gx_fee_quote(
    from: *const u8,
    from_len: usize,
    to: *const u8,
    to_len: usize,
    amount: u64,
    tx_type: *const u8,
    tx_type_len: usize,
    schedule_json: *const u8,
    schedule_json_len: usize,
    out: *mut GxTransferQuote,
) -> *mut GxError {
    run(|| {
        // SAFETY: the header's contract for this function's pointers.
        let (from, to, hint, schedule) = unsafe {
            (
                abi::string(from, from_len, "from")?,
                abi::string(to, to_len, "to")?,
                abi::optional_string(tx_type, tx_type_len, "tx_type")?,
                schedule(schedule_json, schedule_json_len)?,
            )
        };
        let from: AccountId = from.parse().or_gx()?;
        let to: AccountId = to.parse().or_gx()?;
        let hint = match hint {
            Some(h) => TxType::from_chain_hint(h).or_gx()?,
            None => None,
        };
        let q = schedule
            .quote(&from, &to, Qirat::new(amount), hint)
            .or_gx()?;
        let tx_type = TxType::ALL
            .iter()
            .position(|t| *t == q.tx_type)
            .unwrap_or(0);
        let quote = GxTransferQuote {
            amount: q.amount.get(),
            fee_bps: q.fee_bps.get(),
            total_fee: q.total_fee.get(),
            sender_fee: q.sender_fee.get(),
            receiver_fee: q.receiver_fee.get(),
            sender_debit: q.sender_debit.get(),
            net_received: q.net_received.get(),
            tx_type: u8::try_from(tx_type).unwrap_or(0),
            cross_border: q.scope == gx_ledger::Scope::CrossBorder,
            exempt: q.exempt,
        };
        // SAFETY: as above.
        unsafe { abi::write(out, quote, "out") }
    })
}

/// The fee schedule as JSON (the protocol's default when `schedule_json` is NULL), loadable
/// with `gx_fee_quote`'s `schedule_json`.
#[no_mangle]
pub unsafe extern "C" fn gx_fee_schedule_json(
    schedule_json: *const u8,
    schedule_json_len: usize,
    out_json: *mut *mut c_char,
) -> *mut GxError {
    run(|| {
        // SAFETY: the header's contract for this function's pointers.
        let schedule = unsafe { schedule(schedule_json, schedule_json_len) }?;
        let json = serde_json::to_string(schedule.as_ref()).unwrap_or_default();
        // SAFETY: as above.
        unsafe { abi::write_string(out_json, json, "out_json") }
    })
}

/// A user's genesis allocation.
#[repr(C)]
pub struct GxGenesisAllocation {
    /// Age in completed years on the distribution date.
    pub age: u32,
    /// The phase (1 to 6), 0 after the last.
    pub phase: u8,
    /// To the user, in Qirat (0 when ineligible).
    pub user_amount: u64,
    /// To the user's country treasury, in Qirat.
    pub treasury_amount: u64,
    /// 0 eligible, 1 too young, 2 too old, 3 all phases complete.
    pub ineligible: u8,
}

/// What a user's genesis distribution gives, from the 1-based registration number, the date of
/// birth and the distribution date (`YYYY-MM-DD`).
#[no_mangle]
pub unsafe extern "C" fn gx_genesis_allocation(
    registration_number: u64,
    date_of_birth: *const u8,
    date_of_birth_len: usize,
    on: *const u8,
    on_len: usize,
    out: *mut GxGenesisAllocation,
) -> *mut GxError {
    run(|| {
        // SAFETY: the header's contract for this function's pointers.
        let (born, on) = unsafe {
            (
                abi::string(date_of_birth, date_of_birth_len, "date_of_birth")?,
                abi::string(on, on_len, "on")?,
            )
        };
        let born: Date = born.parse().or_gx()?;
        let on: Date = on.parse().or_gx()?;
        let a = genesis_allocation(registration_number, born, on).or_gx()?;
        let ineligible = match a.ineligible {
            None => 0,
            Some(gx_ledger::Ineligibility::TooYoung) => 1,
            Some(gx_ledger::Ineligibility::TooOld) => 2,
            Some(_) => 3,
        };
        let out_value = GxGenesisAllocation {
            age: a.age,
            phase: a.phase.map_or(0, |p| p.number),
            user_amount: a.user_amount.get(),
            treasury_amount: a.treasury_amount.get(),
            ineligible,
        };
        // SAFETY: as above.
        unsafe { abi::write(out, out_value, "out") }
    })
}

/// The annual velocity tax on a balance.
#[repr(C)]
pub struct GxVelocityTax {
    /// The band's rate, in basis points.
    pub band_bps: u16,
    /// The annual tax, in Qirat.
    pub annual: u64,
    /// Half to the government treasury.
    pub treasury_share: u64,
    /// The rest, redistributed.
    pub redistribution: u64,
}

/// The velocity tax on `balance` (Qirat); `marginal` false applies the band's rate to the whole
/// balance (the protocol's default), true each slice at its band's rate.
#[no_mangle]
pub unsafe extern "C" fn gx_velocity_tax(
    balance: u64,
    marginal: bool,
    out: *mut GxVelocityTax,
) -> *mut GxError {
    run(|| {
        let method = if marginal {
            VelocityTaxMethod::Marginal
        } else {
            VelocityTaxMethod::WholeBalance
        };
        let t = velocity_tax(Qirat::new(balance), method);
        let value = GxVelocityTax {
            band_bps: t.band_bps.get(),
            annual: t.annual.get(),
            treasury_share: t.treasury_share.get(),
            redistribution: t.redistribution.get(),
        };
        // SAFETY: the header's contract for this function's pointers.
        unsafe { abi::write(out, value, "out") }
    })
}
