//! Fees, quotes, genesis and the velocity tax: money is `bigint` Qirat in and out.

use gx_core::{Date, Gxc, Qirat};
use gx_ledger::{
    genesis_allocation as sdk_genesis, velocity_tax as sdk_velocity_tax, AccountId,
    FeeSchedule as SdkFeeSchedule, TransferQuote, TxType, VelocityTaxMethod, FEE_POOL,
};
use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::error::{AdapterError, JsResult, OrThrow};
use crate::input;
use crate::output::{bigint, to_js};

/// GXC text (`"12.5"`, at most 6 decimals) to integer Qirat.
#[wasm_bindgen(js_name = parseGxc)]
pub fn parse_gxc(#[wasm_bindgen(unchecked_param_type = "string")] gxc: JsValue) -> JsResult<u64> {
    Ok(input::string(&gxc, "gxc")?
        .parse::<Gxc>()
        .or_throw()?
        .qirat()
        .get())
}

/// Integer Qirat to GXC text (`1500000n` → `"1.5"`).
#[wasm_bindgen(js_name = formatGxc)]
pub fn format_gxc(
    #[wasm_bindgen(unchecked_param_type = "bigint")] qirat: JsValue,
) -> JsResult<String> {
    Ok(input::qirat(&qirat, "qirat")?.to_decimal().to_string())
}

/// A quote as plain data: every amount a `bigint` of Qirat.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct QuoteOut {
    #[serde(serialize_with = "bigint")]
    amount: Qirat,
    fee_bps: u16,
    #[serde(serialize_with = "bigint")]
    total_fee: Qirat,
    #[serde(serialize_with = "bigint")]
    sender_fee: Qirat,
    #[serde(serialize_with = "bigint")]
    receiver_fee: Qirat,
    #[serde(serialize_with = "bigint")]
    sender_debit: Qirat,
    #[serde(serialize_with = "bigint")]
    net_received: Qirat,
    tx_type: &'static str,
    scope: &'static str,
    exempt: bool,
}

impl From<TransferQuote> for QuoteOut {
    fn from(q: TransferQuote) -> Self {
        QuoteOut {
            amount: q.amount,
            fee_bps: q.fee_bps.get(),
            total_fee: q.total_fee,
            sender_fee: q.sender_fee,
            receiver_fee: q.receiver_fee,
            sender_debit: q.sender_debit,
            net_received: q.net_received,
            tx_type: q.tx_type.as_str(),
            scope: q.scope.as_str(),
            exempt: q.exempt,
        }
    }
}

/// One band of the fee table.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct BandOut {
    tx_type: &'static str,
    scope: &'static str,
    #[serde(serialize_with = "bigint")]
    from: Qirat,
    /// `undefined` for the open top band.
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "optional_bigint"
    )]
    to: Option<Qirat>,
    bps: u16,
}

#[allow(clippy::ref_option)]
fn optional_bigint<S: serde::Serializer>(v: &Option<Qirat>, s: S) -> Result<S::Ok, S::Error> {
    match v {
        Some(q) => bigint(q, s),
        None => s.serialize_none(),
    }
}

/// The fee table.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct TableOut {
    bands: Vec<BandOut>,
    split: &'static str,
    exempt: String,
    fee_pool: String,
}

/// A fee schedule: the protocol's default, or one loaded from JSON (governance may change the
/// rates; a service hands its current schedule to the wallet as JSON).
#[wasm_bindgen]
pub struct FeeSchedule {
    inner: SdkFeeSchedule,
}

#[wasm_bindgen]
impl FeeSchedule {
    /// The schedule on chain today.
    #[wasm_bindgen(js_name = protocolDefault)]
    pub fn protocol_default() -> FeeSchedule {
        FeeSchedule {
            inner: SdkFeeSchedule::protocol_default(),
        }
    }

    /// A schedule from its JSON (as `toJson()` and `gx fee table --json` write it).
    #[wasm_bindgen(js_name = fromJson)]
    pub fn from_json(
        #[wasm_bindgen(unchecked_param_type = "string")] json: JsValue,
    ) -> JsResult<FeeSchedule> {
        let text = input::string(&json, "json")?;
        Ok(FeeSchedule {
            inner: SdkFeeSchedule::from_json(&text).or_throw()?,
        })
    }

    /// The schedule as JSON, loadable with `fromJson`.
    #[wasm_bindgen(js_name = toJson)]
    pub fn to_json(&self) -> JsResult<String> {
        serde_json::to_string(&self.inner).map_err(|e| {
            AdapterError::Internal {
                what: e.to_string(),
            }
            .into()
        })
    }

    /// The exact fee of a transfer under this schedule. `from` and `to` are Fabric User IDs,
    /// `SYSTEM_*` pools or treasury accounts (`treasury_MY`); `amount` is `bigint` Qirat;
    /// `txType` (`P2P`, `MERCHANT`, `GOVERNMENT`, `B2B`) is detected from the account types when
    /// absent or empty, as on chain.
    #[wasm_bindgen(unchecked_return_type = "TransferQuote")]
    pub fn quote(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] from: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] to: JsValue,
        #[wasm_bindgen(unchecked_param_type = "bigint")] amount: JsValue,
        #[wasm_bindgen(js_name = txType, unchecked_param_type = "TxType | undefined")]
        tx_type: Option<JsValue>,
    ) -> JsResult<JsValue> {
        let tx_type = tx_type.unwrap_or(JsValue::UNDEFINED);
        quote_with(&self.inner, &from, &to, &amount, &tx_type)
    }

    /// Every rule's bands, the split policy, the exemptions and the fee pool.
    #[wasm_bindgen(unchecked_return_type = "FeeTable")]
    pub fn table(&self) -> JsResult<JsValue> {
        let s = &self.inner;
        let bands = s
            .rules()
            .flat_map(|(tx_type, scope, bands)| {
                bands.ranges().map(move |(band, to)| BandOut {
                    tx_type: tx_type.as_str(),
                    scope: scope.as_str(),
                    from: band.from,
                    to,
                    bps: band.bps.get(),
                })
            })
            .collect();
        to_js(&TableOut {
            bands,
            split: s.split().description(),
            exempt: s.exemptions().to_string(),
            fee_pool: FEE_POOL.to_string(),
        })
    }
}

fn quote_with(
    schedule: &SdkFeeSchedule,
    from: &JsValue,
    to: &JsValue,
    amount: &JsValue,
    tx_type: &JsValue,
) -> JsResult<JsValue> {
    let from: AccountId = input::string(from, "from")?.parse().or_throw()?;
    let to: AccountId = input::string(to, "to")?.parse().or_throw()?;
    let amount = input::qirat(amount, "amount")?;
    let hint = match input::optional_string(tx_type, "txType")? {
        Some(t) => TxType::from_chain_hint(&t).or_throw()?,
        None => None,
    };
    let quote = schedule.quote(&from, &to, amount, hint).or_throw()?;
    to_js(&QuoteOut::from(quote))
}

thread_local! {
    static DEFAULT_SCHEDULE: SdkFeeSchedule = SdkFeeSchedule::protocol_default();
}

/// `FeeSchedule.protocolDefault().quote(...)` without building the schedule each time.
#[wasm_bindgen(js_name = quoteTransfer, unchecked_return_type = "TransferQuote")]
pub fn quote_transfer(
    #[wasm_bindgen(unchecked_param_type = "string")] from: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] to: JsValue,
    #[wasm_bindgen(unchecked_param_type = "bigint")] amount: JsValue,
    #[wasm_bindgen(js_name = txType, unchecked_param_type = "TxType | undefined")] tx_type: Option<
        JsValue,
    >,
) -> JsResult<JsValue> {
    let tx_type = tx_type.unwrap_or(JsValue::UNDEFINED);
    DEFAULT_SCHEDULE.with(|s| quote_with(s, &from, &to, &amount, &tx_type))
}

/// A genesis phase.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhaseOut {
    number: u8,
    first: u64,
    last: u64,
}

/// Why a user receives nothing: the code and the reason in words.
#[derive(Serialize)]
struct IneligibleOut {
    code: String,
    reason: String,
}

/// A genesis allocation.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct GenesisOut {
    registration_number: u64,
    age: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    phase: Option<PhaseOut>,
    #[serde(serialize_with = "bigint")]
    user_amount: Qirat,
    #[serde(serialize_with = "bigint")]
    treasury_amount: Qirat,
    #[serde(skip_serializing_if = "Option::is_none")]
    ineligible: Option<IneligibleOut>,
}

/// The largest registration number a JavaScript `number` holds exactly.
const MAX_SAFE_INTEGER: u64 = (1 << 53) - 1;

/// What a user's genesis distribution gives them and their country's treasury, from their
/// 1-based registration number, date of birth and the distribution date (`YYYY-MM-DD`).
/// An ineligible user gets zero amounts and `ineligible` says why.
#[wasm_bindgen(js_name = genesisAllocation, unchecked_return_type = "GenesisAllocation")]
pub fn genesis_allocation(
    #[wasm_bindgen(js_name = registrationNumber, unchecked_param_type = "number")]
    registration_number: JsValue,
    #[wasm_bindgen(js_name = dateOfBirth, unchecked_param_type = "string")] date_of_birth: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] on: JsValue,
) -> JsResult<JsValue> {
    let index = input::whole_number(&registration_number, "registrationNumber", MAX_SAFE_INTEGER)?;
    let born: Date = input::string(&date_of_birth, "dateOfBirth")?
        .parse()
        .or_throw()?;
    let on: Date = input::string(&on, "on")?.parse().or_throw()?;
    let a = sdk_genesis(index, born, on).or_throw()?;
    to_js(&GenesisOut {
        registration_number: a.registration_number,
        age: a.age,
        phase: a.phase.map(|p| PhaseOut {
            number: p.number,
            first: p.first,
            last: p.last,
        }),
        user_amount: a.user_amount,
        treasury_amount: a.treasury_amount,
        ineligible: a.ineligible.map(|why| IneligibleOut {
            code: serde_json::to_value(why)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default(),
            reason: why.to_string(),
        }),
    })
}

/// The velocity tax on a balance.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct VelocityOut {
    #[serde(serialize_with = "bigint")]
    balance: Qirat,
    band_bps: u16,
    #[serde(serialize_with = "bigint")]
    annual: Qirat,
    #[serde(serialize_with = "bigint")]
    treasury_share: Qirat,
    #[serde(serialize_with = "bigint")]
    redistribution: Qirat,
}

/// A preview of the annual velocity tax on a balance (`bigint` Qirat): the band's rate, the
/// tax, the treasury's half and the redistributed rest. `method` is `WHOLE_BALANCE` (default,
/// the band's rate on the whole balance) or `MARGINAL` (each slice at its band's rate).
#[wasm_bindgen(js_name = velocityTax, unchecked_return_type = "VelocityTax")]
pub fn velocity_tax(
    #[wasm_bindgen(unchecked_param_type = "bigint")] balance: JsValue,
    #[wasm_bindgen(unchecked_param_type = "VelocityTaxMethod | undefined")] method: Option<JsValue>,
) -> JsResult<JsValue> {
    let method = method.unwrap_or(JsValue::UNDEFINED);
    let balance = input::qirat(&balance, "balance")?;
    // The method's names are gx-ledger's own (its serde form), not a second list here.
    let method = match input::optional_string(&method, "method")? {
        None => VelocityTaxMethod::default(),
        Some(name) => {
            serde_json::from_value(serde_json::Value::String(name.clone())).map_err(|_| {
                AdapterError::argument(
                    "method",
                    format!(
                        "unknown method {:?}; expected WHOLE_BALANCE or MARGINAL",
                        gx_core::echo_input(&name)
                    ),
                )
            })?
        }
    };
    let t = sdk_velocity_tax(balance, method);
    to_js(&VelocityOut {
        balance: t.balance,
        band_bps: t.band_bps.get(),
        annual: t.annual,
        treasury_share: t.treasury_share,
        redistribution: t.redistribution,
    })
}
