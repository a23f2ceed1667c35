//! The lawful grounds on which a decryption may be requested.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::ApprovalError;

/// Why messages are to be opened: one of the five reasons the GX API accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum DecryptionReason {
    /// A criminal investigation by a competent authority.
    CriminalInvestigation,
    /// A court order (the request must carry the court-order number).
    CourtOrder,
    /// A regulator's request.
    RegulatoryCompliance,
    /// Preventing or investigating fraud.
    FraudPrevention,
    /// An anti-money-laundering investigation.
    AmlInvestigation,
}

impl DecryptionReason {
    /// All five reasons.
    pub const ALL: [DecryptionReason; 5] = [
        DecryptionReason::CriminalInvestigation,
        DecryptionReason::CourtOrder,
        DecryptionReason::RegulatoryCompliance,
        DecryptionReason::FraudPrevention,
        DecryptionReason::AmlInvestigation,
    ];

    /// The wire name, e.g. `AML_INVESTIGATION`.
    pub const fn as_str(self) -> &'static str {
        match self {
            DecryptionReason::CriminalInvestigation => "CRIMINAL_INVESTIGATION",
            DecryptionReason::CourtOrder => "COURT_ORDER",
            DecryptionReason::RegulatoryCompliance => "REGULATORY_COMPLIANCE",
            DecryptionReason::FraudPrevention => "FRAUD_PREVENTION",
            DecryptionReason::AmlInvestigation => "AML_INVESTIGATION",
        }
    }
}

impl fmt::Display for DecryptionReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for DecryptionReason {
    type Err = ApprovalError;

    /// Parses the exact wire name.
    ///
    /// ```
    /// use gx_compliance::approval::DecryptionReason;
    /// assert_eq!("COURT_ORDER".parse::<DecryptionReason>()?, DecryptionReason::CourtOrder);
    /// assert!("court order".parse::<DecryptionReason>().is_err());
    /// # Ok::<(), gx_compliance::approval::ApprovalError>(())
    /// ```
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| ApprovalError::InvalidReason {
                input: gx_core::echo_input(s),
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_names_round_trip_through_text_and_serde() {
        for r in DecryptionReason::ALL {
            assert_eq!(r.as_str().parse::<DecryptionReason>().unwrap(), r);
            assert_eq!(serde_json::to_string(&r).unwrap(), format!("\"{r}\""));
        }
    }
}
