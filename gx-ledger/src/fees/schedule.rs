//! The fee schedule: rates by type × scope × amount band, the split policy and the exemptions.

use gx_core::{echo_input, Qirat, QIRAT_PER_GXC};
use serde::{Deserialize, Serialize};

use super::bands::{Band, Bands};
use super::bps::{parse_digits, BasisPoints};
use super::exemptions::Exemptions;
use super::kinds::{Scope, TxType};
use super::FeeScheduleError;
use crate::pools::SystemPool;

/// Who pays a transfer's fee.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum SplitPolicy {
    /// The sender pays the whole fee and the receiver gets the full amount: what the chain does
    /// today, and the default.
    SenderPaysAll,
    /// The chain's first design: P2P fees split 50/50 (the sender pays the odd Qirat, the
    /// receiver's half comes off the amount). Other types stay sender-pays-all.
    #[serde(rename = "SPLIT_P2P_50_50")]
    SplitP2P5050,
}

impl SplitPolicy {
    /// The policy in words, for people.
    ///
    /// ```
    /// use gx_ledger::SplitPolicy;
    /// assert_eq!(
    ///     SplitPolicy::SenderPaysAll.description(),
    ///     "the sender pays the whole fee; the receiver gets the full amount"
    /// );
    /// ```
    pub const fn description(self) -> &'static str {
        match self {
            SplitPolicy::SenderPaysAll => {
                "the sender pays the whole fee; the receiver gets the full amount"
            }
            SplitPolicy::SplitP2P5050 => {
                "P2P fees are split 50/50 (the sender pays the odd Qirat); other types: the sender pays the whole fee"
            }
        }
    }
}

/// The rules a transfer's fee is computed by.
///
/// [`FeeSchedule::protocol_default`] is the table on chain (gx-protocol §4):
///
/// | type | LOCAL | CROSS_BORDER |
/// |---|---|---|
/// | P2P | 0 bps below 3 GXC; 5 bps from 3 to 100 GXC; 10 bps above 100 GXC | 15 bps up to 100 GXC; 25 bps above |
/// | MERCHANT | 15 | 30 |
/// | GOVERNMENT | 10 | 20 |
/// | B2B | 20 | 40 |
///
/// Band edges: "below 3" is `< 3 GXC`, "3 to 100" is `3 GXC ≤ amount ≤ 100 GXC`, "up to 100" is
/// `≤ 100 GXC`, "above 100" is `> 100 GXC` (from 100.000001 GXC). See [`Bands`].
///
/// A schedule serialises to JSON (and back, validated) so services and the wallet load the same
/// one; governance changes are applied with [`FeeSchedule::with_governance_parameter`].
///
/// ```
/// use gx_core::Qirat;
/// use gx_ledger::{FeeSchedule, Scope, TxType};
/// let s = FeeSchedule::protocol_default();
/// assert_eq!(s.bps(TxType::P2P, Scope::CrossBorder, Qirat::new(1_000_000)).get(), 15);
/// let json = serde_json::to_string(&s)?;
/// assert_eq!(serde_json::from_str::<FeeSchedule>(&json)?, s);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "ScheduleSpec", into = "ScheduleSpec")]
pub struct FeeSchedule {
    /// `rules[type.index()][scope.index()]`.
    rules: [[Bands; 2]; 4],
    split: SplitPolicy,
    exemptions: Exemptions,
}

/// One GXC in Qirat, for the default table.
const GXC: u64 = QIRAT_PER_GXC;

fn bands(list: &[(u64, u16)]) -> Bands {
    Bands::new(
        list.iter()
            .map(|&(from, bps)| Band {
                from: Qirat::new(from),
                bps: BasisPoints::new(bps).expect("the built-in rates are at most 100 %"),
            })
            .collect(),
    )
    .expect("the built-in table is valid")
}

impl FeeSchedule {
    /// The schedule on chain today: the reference table, sender pays all, every system pool and
    /// every `treasury_*` account exempt.
    pub fn protocol_default() -> FeeSchedule {
        let flat = |local: u16, cross: u16| [bands(&[(0, local)]), bands(&[(0, cross)])];
        FeeSchedule {
            rules: [
                [
                    bands(&[(0, 0), (3 * GXC, 5), (100 * GXC + 1, 10)]),
                    bands(&[(0, 15), (100 * GXC + 1, 25)]),
                ],
                flat(15, 30),
                flat(10, 20),
                flat(20, 40),
            ],
            split: SplitPolicy::SenderPaysAll,
            exemptions: Exemptions::protocol_default(),
        }
    }

    /// Reads a schedule from its JSON (as its `Serialize` writes it, and `gx fee table --json`
    /// prints it). A missing or duplicated rule keeps its own code (`FEE_MISSING_RULE`,
    /// `FEE_DUPLICATE_RULE`); anything found while reading the JSON itself (syntax, fields,
    /// types, bands out of order, a rate above 10 000 bps) is [`FeeScheduleError::InvalidJson`]
    /// with serde's description of it.
    ///
    /// ```
    /// use gx_ledger::FeeSchedule;
    /// let json = serde_json::to_string(&FeeSchedule::protocol_default()).unwrap();
    /// assert_eq!(FeeSchedule::from_json(&json), Ok(FeeSchedule::protocol_default()));
    /// assert!(FeeSchedule::from_json("{}").is_err());
    /// ```
    pub fn from_json(text: &str) -> Result<FeeSchedule, FeeScheduleError> {
        let spec: ScheduleSpec =
            serde_json::from_str(text).map_err(|e| FeeScheduleError::InvalidJson {
                // serde echoes an offending string whole: keep the message (with its line and
                // column) unless a huge value would make it unreadable.
                reason: match e.to_string() {
                    m if m.len() > 300 => gx_core::echo_input(&m),
                    m => m,
                },
            })?;
        FeeSchedule::try_from(spec)
    }

    /// The bands for one type and scope.
    pub fn bands(&self, tx_type: TxType, scope: Scope) -> &Bands {
        &self.rules[tx_type.index()][scope.index()]
    }

    /// The rate for a transfer of `amount`.
    pub fn bps(&self, tx_type: TxType, scope: Scope, amount: Qirat) -> BasisPoints {
        self.bands(tx_type, scope).bps_for(amount)
    }

    /// Who pays the fee.
    pub fn split(&self) -> SplitPolicy {
        self.split
    }

    /// The accounts that make a transfer free.
    pub fn exemptions(&self) -> Exemptions {
        self.exemptions
    }

    /// Whether transfers touching `pool` are free.
    pub fn is_pool_exempt(&self, pool: SystemPool) -> bool {
        self.exemptions.is_pool_exempt(pool)
    }

    /// Whether transfers touching a `treasury_*` account are free.
    pub fn treasuries_exempt(&self) -> bool {
        self.exemptions.treasuries()
    }

    /// Every rule, type by type, local before cross-border.
    pub fn rules(&self) -> impl Iterator<Item = (TxType, Scope, &Bands)> {
        TxType::ALL.into_iter().flat_map(move |t| {
            Scope::ALL
                .into_iter()
                .map(move |s| (t, s, self.bands(t, s)))
        })
    }

    /// The same schedule with other bands for one type and scope.
    pub fn with_rule(mut self, tx_type: TxType, scope: Scope, bands: Bands) -> FeeSchedule {
        self.rules[tx_type.index()][scope.index()] = bands;
        self
    }

    /// The same schedule with another split policy.
    pub fn with_split(mut self, split: SplitPolicy) -> FeeSchedule {
        self.split = split;
        self
    }

    /// The same schedule with exactly these pools exempt.
    pub fn with_exempt_pools(mut self, pools: impl IntoIterator<Item = SystemPool>) -> FeeSchedule {
        self.exemptions = self.exemptions.with_pools(pools);
        self
    }

    /// The same schedule with treasuries exempt or not.
    pub fn with_exempt_treasuries(mut self, exempt: bool) -> FeeSchedule {
        self.exemptions = self.exemptions.with_treasuries(exempt);
        self
    }

    /// The same schedule with these exemptions.
    pub fn with_exemptions(mut self, exemptions: Exemptions) -> FeeSchedule {
        self.exemptions = exemptions;
        self
    }

    /// Applies one governance parameter, as the chain's admin contract names them (see
    /// [`FeeSchedule::with_governance_parameters`] for the names and values).
    ///
    /// ```
    /// use gx_core::Qirat;
    /// use gx_ledger::{FeeSchedule, Scope, TxType};
    /// let s = FeeSchedule::protocol_default()
    ///     .with_governance_parameter("transactionFeeBps", "8")?
    ///     .with_governance_parameter("transactionFeeThreshold", "1000000")?;
    /// assert_eq!(s.bps(TxType::P2P, Scope::Local, Qirat::new(999_999)).get(), 0);
    /// assert_eq!(s.bps(TxType::P2P, Scope::Local, Qirat::new(1_000_000)).get(), 8);
    /// # Ok::<(), gx_ledger::FeeScheduleError>(())
    /// ```
    pub fn with_governance_parameter(
        self,
        name: &str,
        value: &str,
    ) -> Result<FeeSchedule, FeeScheduleError> {
        self.with_governance_parameters([(name, value)])
    }

    /// Applies a set of governance parameters at once: every one is parsed and checked first,
    /// then all are applied and the result is checked as a whole, so the outcome does not
    /// depend on their order and an error leaves nothing half-applied.
    ///
    /// - `transactionFeeBps`: the standard P2P LOCAL rate (the band that starts at the free
    ///   threshold; 5 bps by default), an integer 0–10 000.
    /// - `transactionFeeThreshold`: the P2P LOCAL free threshold in Qirat (3 000 000 by default):
    ///   amounts below it pay nothing. It must stay below the next band's edge (100.000001 GXC
    ///   by default).
    ///
    /// Values are decimal digits only: `"+5"`, `" 5"`, `"5.0"` and `""` are refused. A name given
    /// twice is refused.
    ///
    /// ```
    /// use gx_core::Qirat;
    /// use gx_ledger::{FeeSchedule, Scope, TxType};
    /// let s = FeeSchedule::from_governance_parameters([
    ///     ("transactionFeeThreshold", "1000000"),
    ///     ("transactionFeeBps", "8"),
    /// ])?;
    /// assert_eq!(s.bps(TxType::P2P, Scope::Local, Qirat::new(1_000_000)).get(), 8);
    /// assert!(FeeSchedule::from_governance_parameters([("transactionFeeBps", "+5")]).is_err());
    /// # Ok::<(), gx_ledger::FeeScheduleError>(())
    /// ```
    pub fn with_governance_parameters<N, V>(
        mut self,
        parameters: impl IntoIterator<Item = (N, V)>,
    ) -> Result<FeeSchedule, FeeScheduleError>
    where
        N: AsRef<str>,
        V: AsRef<str>,
    {
        let mut fee_bps: Option<BasisPoints> = None;
        let mut threshold: Option<Qirat> = None;
        for (name, value) in parameters {
            let (name, value) = (name.as_ref(), value.as_ref());
            let invalid = |expected: &'static str| FeeScheduleError::InvalidGovernanceValue {
                name: echo_input(name),
                value: echo_input(value),
                expected,
            };
            let duplicate = || FeeScheduleError::DuplicateGovernanceParameter {
                name: echo_input(name),
            };
            match name {
                "transactionFeeBps" => {
                    let bps = BasisPoints::parse_strict(value).ok_or_else(|| {
                        invalid("an integer number of basis points from 0 to 10000, digits only")
                    })?;
                    if fee_bps.replace(bps).is_some() {
                        return Err(duplicate());
                    }
                }
                "transactionFeeThreshold" => {
                    let q = parse_digits(value).filter(|&q| q > 0).ok_or_else(|| {
                        invalid("a positive integer number of Qirat, digits only")
                    })?;
                    if threshold.replace(Qirat::new(q)).is_some() {
                        return Err(duplicate());
                    }
                }
                _ => {
                    return Err(FeeScheduleError::UnknownGovernanceParameter {
                        name: echo_input(name),
                    })
                }
            }
        }
        if fee_bps.is_none() && threshold.is_none() {
            return Ok(self);
        }
        let p2p_local = &mut self.rules[TxType::P2P.index()][Scope::Local.index()];
        let mut list = p2p_local.as_slice().to_vec();
        let standard = list
            .get_mut(1)
            .ok_or_else(|| FeeScheduleError::InvalidBands {
                reason:
                    "the P2P LOCAL rule needs a free band and a standard band for these parameters"
                        .into(),
            })?;
        if let Some(bps) = fee_bps {
            standard.bps = bps;
        }
        if let Some(q) = threshold {
            standard.from = q;
        }
        *p2p_local = Bands::new(list)?;
        Ok(self)
    }

    /// The protocol default with a set of governance parameters applied at once (see
    /// [`FeeSchedule::with_governance_parameters`]).
    pub fn from_governance_parameters<N, V>(
        parameters: impl IntoIterator<Item = (N, V)>,
    ) -> Result<FeeSchedule, FeeScheduleError>
    where
        N: AsRef<str>,
        V: AsRef<str>,
    {
        FeeSchedule::protocol_default().with_governance_parameters(parameters)
    }
}

impl Default for FeeSchedule {
    fn default() -> Self {
        FeeSchedule::protocol_default()
    }
}

/// The serialised form: explicit and readable, checked on the way in.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct ScheduleSpec {
    split: SplitPolicy,
    exempt_pools: Vec<SystemPool>,
    exempt_treasuries: bool,
    rules: Vec<RuleSpec>,
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct RuleSpec {
    #[serde(rename = "type")]
    tx_type: TxType,
    scope: Scope,
    bands: Bands,
}

impl From<FeeSchedule> for ScheduleSpec {
    fn from(s: FeeSchedule) -> Self {
        ScheduleSpec {
            split: s.split,
            exempt_pools: s.exemptions.pools().collect(),
            exempt_treasuries: s.exemptions.treasuries(),
            rules: s
                .rules()
                .map(|(tx_type, scope, bands)| RuleSpec {
                    tx_type,
                    scope,
                    bands: bands.clone(),
                })
                .collect(),
        }
    }
}

impl TryFrom<ScheduleSpec> for FeeSchedule {
    type Error = FeeScheduleError;

    fn try_from(spec: ScheduleSpec) -> Result<Self, Self::Error> {
        let mut rules: [[Option<Bands>; 2]; 4] = Default::default();
        for rule in spec.rules {
            let slot = &mut rules[rule.tx_type.index()][rule.scope.index()];
            if slot.is_some() {
                return Err(FeeScheduleError::DuplicateRule {
                    tx_type: rule.tx_type,
                    scope: rule.scope,
                });
            }
            *slot = Some(rule.bands);
        }
        let mut schedule = FeeSchedule::protocol_default()
            .with_split(spec.split)
            .with_exempt_pools(spec.exempt_pools)
            .with_exempt_treasuries(spec.exempt_treasuries);
        for (t, row) in TxType::ALL.into_iter().zip(rules) {
            for (s, bands) in Scope::ALL.into_iter().zip(row) {
                let bands = bands.ok_or(FeeScheduleError::MissingRule {
                    tx_type: t,
                    scope: s,
                })?;
                schedule = schedule.with_rule(t, s, bands);
            }
        }
        Ok(schedule)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use gx_core::ErrorCode;

    const fn gxc(coins: u64) -> Qirat {
        Qirat::new(coins * GXC)
    }

    /// (type, scope, amount, expected bps): both sides of every edge in the reference table.
    #[test]
    fn default_table_on_both_sides_of_every_edge() {
        let s = FeeSchedule::protocol_default();
        let one = Qirat::new(1);
        let cases = [
            (TxType::P2P, Scope::Local, Qirat::new(1), 0),
            (TxType::P2P, Scope::Local, gxc(3).saturating_sub(one), 0),
            (TxType::P2P, Scope::Local, gxc(3), 5),
            (TxType::P2P, Scope::Local, gxc(100), 5),
            (
                TxType::P2P,
                Scope::Local,
                Qirat::new(gxc(100).get() + 1),
                10,
            ),
            (TxType::P2P, Scope::Local, Qirat::MAX, 10),
            (TxType::P2P, Scope::CrossBorder, Qirat::new(1), 15),
            (TxType::P2P, Scope::CrossBorder, gxc(100), 15),
            (
                TxType::P2P,
                Scope::CrossBorder,
                Qirat::new(gxc(100).get() + 1),
                25,
            ),
            (TxType::Merchant, Scope::Local, gxc(1_000_000), 15),
            (TxType::Merchant, Scope::CrossBorder, Qirat::new(1), 30),
            (TxType::Government, Scope::Local, gxc(5), 10),
            (TxType::Government, Scope::CrossBorder, gxc(5), 20),
            (TxType::B2B, Scope::Local, gxc(5), 20),
            (TxType::B2B, Scope::CrossBorder, gxc(5), 40),
        ];
        for (t, sc, amount, bps) in cases {
            assert_eq!(s.bps(t, sc, amount).get(), bps, "{t} {sc} {amount}");
        }
    }

    #[test]
    fn default_exempts_every_pool_and_treasuries() {
        let s = FeeSchedule::protocol_default();
        assert!(SystemPool::ALL.into_iter().all(|p| s.is_pool_exempt(p)));
        assert!(s.treasuries_exempt());
        let s = s.with_exempt_pools([SystemPool::Minter]);
        assert!(s.is_pool_exempt(SystemPool::Minter));
        assert!(!s.is_pool_exempt(SystemPool::Loan));
    }

    #[test]
    fn json_round_trip_and_validation() {
        let s = FeeSchedule::protocol_default().with_split(SplitPolicy::SplitP2P5050);
        let json = serde_json::to_string_pretty(&s).unwrap();
        assert!(json.contains("\"SPLIT_P2P_50_50\""), "{json}");
        assert!(json.contains("\"CROSS_BORDER\""), "{json}");
        assert_eq!(serde_json::from_str::<FeeSchedule>(&json).unwrap(), s);

        let mut value: serde_json::Value = serde_json::from_str(&json).unwrap();
        value["rules"].as_array_mut().unwrap().pop();
        let err = serde_json::from_value::<FeeSchedule>(value.clone()).unwrap_err();
        assert!(
            err.to_string().contains("no rule for B2B CROSS_BORDER"),
            "{err}"
        );

        let first = value["rules"][0].clone();
        value["rules"].as_array_mut().unwrap().push(first);
        let err = serde_json::from_value::<FeeSchedule>(value).unwrap_err();
        assert!(err.to_string().contains("P2P LOCAL"), "{err}");
    }

    #[test]
    fn governance_parameters() {
        let bps = |s: &FeeSchedule, q: Qirat| s.bps(TxType::P2P, Scope::Local, q).get();
        let s = FeeSchedule::protocol_default()
            .with_governance_parameter("transactionFeeBps", "7")
            .unwrap();
        assert_eq!(bps(&s, gxc(3)), 7);
        assert_eq!(bps(&s, gxc(101)), 10);

        let s = s
            .with_governance_parameter("transactionFeeThreshold", "5000000")
            .unwrap();
        assert_eq!(bps(&s, Qirat::new(4_999_999)), 0);
        assert_eq!(bps(&s, gxc(5)), 7);

        let bad = [
            ("transactionFeeBps", "10001"),
            ("transactionFeeBps", "-1"),
            ("transactionFeeBps", "+5"),
            ("transactionFeeBps", " 5"),
            ("transactionFeeBps", ""),
            ("transactionFeeThreshold", "0"),
            ("transactionFeeThreshold", "1.5"),
            ("transactionFeeThreshold", "+3000000"),
            ("transactionFeeThreshold", "18446744073709551616"),
        ];
        for (name, value) in bad {
            let err = FeeSchedule::protocol_default()
                .with_governance_parameter(name, value)
                .unwrap_err();
            assert!(
                matches!(err, FeeScheduleError::InvalidGovernanceValue { .. }),
                "{name}={value:?}: {err}"
            );
            assert!(err.to_string().contains("digits only"), "{err}");
        }
        // A threshold at or past the next edge would break the band order.
        let err = FeeSchedule::protocol_default()
            .with_governance_parameter("transactionFeeThreshold", "100000001")
            .unwrap_err();
        assert!(
            matches!(err, FeeScheduleError::InvalidBands { .. }),
            "{err}"
        );
        let err = FeeSchedule::protocol_default()
            .with_governance_parameter("velocityTaxRate", "1")
            .unwrap_err();
        assert!(err.to_string().contains("velocityTaxRate"), "{err}");
    }

    #[test]
    fn governance_set_applies_at_once_in_any_order() {
        let a = FeeSchedule::from_governance_parameters([
            ("transactionFeeBps", "8"),
            ("transactionFeeThreshold", "1000000"),
        ])
        .unwrap();
        let b = FeeSchedule::from_governance_parameters(vec![
            ("transactionFeeThreshold".to_owned(), "1000000".to_owned()),
            ("transactionFeeBps".to_owned(), "8".to_owned()),
        ])
        .unwrap();
        assert_eq!(a, b);
        assert_eq!(
            a,
            FeeSchedule::protocol_default()
                .with_governance_parameter("transactionFeeBps", "8")
                .unwrap()
                .with_governance_parameter("transactionFeeThreshold", "1000000")
                .unwrap()
        );
        let none: [(&str, &str); 0] = [];
        assert_eq!(
            FeeSchedule::from_governance_parameters(none).unwrap(),
            FeeSchedule::protocol_default()
        );
        // One bad value refuses the whole set.
        let err = FeeSchedule::from_governance_parameters([
            ("transactionFeeBps", "8"),
            ("transactionFeeThreshold", "x"),
        ])
        .unwrap_err();
        assert_eq!(err.code(), "FEE_INVALID_GOVERNANCE_VALUE");
        let err = FeeSchedule::from_governance_parameters([
            ("transactionFeeBps", "8"),
            ("transactionFeeBps", "9"),
        ])
        .unwrap_err();
        assert_eq!(err.code(), "FEE_DUPLICATE_GOVERNANCE_PARAMETER");
        assert!(err.to_string().contains("twice"), "{err}");
    }

    #[test]
    fn deserialising_refuses_rates_above_100_percent() {
        let mut value = serde_json::to_value(FeeSchedule::protocol_default()).unwrap();
        value["rules"][0]["bands"][1]["bps"] = 10_001.into();
        let err = serde_json::from_value::<FeeSchedule>(value).unwrap_err();
        assert!(
            err.to_string().contains("10001 bps is above 100 %"),
            "{err}"
        );
    }
}
