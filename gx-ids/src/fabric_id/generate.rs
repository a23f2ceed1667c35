//! Generating a fresh Fabric User ID from a cryptographically secure generator.

use gx_core::{AccountType, CountryCode, Date, Gender};
use rand_core::{CryptoRng, RngCore};

use super::decoded::id_bytes;
use super::error::FabricIdError;
use super::offset::{checksum, encode_dob_block, join_offset, Holder, FEMALE_OFFSET, LAST_DAY};
use super::FabricUserId;
use crate::random::uniform_bytes_below;

impl FabricUserId {
    /// Generates an ID for a person born (or an organisation founded) on `date_of_birth`.
    ///
    /// The random letters and digits come from `rng`, which must be a CSPRNG.
    ///
    /// Type `0` (individual) takes `male` or `female`; `system-assigned` with type `0` is
    /// refused, because an individual cannot be system-assigned (the reference would encode a
    /// male). Types `1`–`F` (organisations) take any gender, as the reference does: an
    /// organisation's ID carries no gender, so the gender is not used and decoding reports
    /// `system-assigned`. The date must be within 1900-01-01..=4000-01-01, and an
    /// individual's before 3268-12-14 (see the crate docs).
    ///
    /// ```
    /// use gx_core::{AccountType, Gender};
    /// use gx_ids::FabricUserId;
    /// use rand_chacha::rand_core::SeedableRng;
    /// let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(7);
    /// let id = FabricUserId::generate(
    ///     "MY".parse()?, "1992-08-20".parse()?, Gender::Female, AccountType::Individual, &mut rng,
    /// ).unwrap();
    /// assert!(id.as_str().starts_with("MY "));
    /// assert_eq!(id.decode().date_of_birth().to_string(), "1992-08-20");
    /// # Ok::<(), gx_core::Error>(())
    /// ```
    pub fn generate<R: RngCore + CryptoRng + ?Sized>(
        country: CountryCode,
        date_of_birth: Date,
        gender: Gender,
        account_type: AccountType,
        rng: &mut R,
    ) -> Result<FabricUserId, FabricIdError> {
        let dob_block = encode_dob_block(offset_for(date_of_birth, gender, account_type)?);
        let letters = uniform_bytes_below::<4, R>(rng, 26);
        let digits = uniform_bytes_below::<4, R>(rng, 10);
        let suffix = [
            b'A' + letters[0],
            b'A' + letters[1],
            b'A' + letters[2],
            b'A' + letters[3],
            b'0' + digits[0],
            b'0' + digits[1],
            b'0' + digits[2],
            b'0' + digits[3],
        ];
        let bytes = id_bytes(
            country,
            checksum(dob_block),
            dob_block,
            account_type,
            suffix,
        );
        Ok(FabricUserId { bytes })
    }

    /// [`FabricUserId::generate`] with the operating system's CSPRNG.
    #[cfg(feature = "os-rng")]
    pub fn generate_os(
        country: CountryCode,
        date_of_birth: Date,
        gender: Gender,
        account_type: AccountType,
    ) -> Result<FabricUserId, FabricIdError> {
        Self::generate(
            country,
            date_of_birth,
            gender,
            account_type,
            &mut rand_core::OsRng,
        )
    }
}

/// The day offset for these inputs, or why they cannot have an ID.
fn offset_for(date: Date, gender: Gender, account_type: AccountType) -> Result<u32, FabricIdError> {
    let days = u32::try_from(date.days_since_1900())
        .ok()
        .filter(|&d| d <= LAST_DAY)
        .ok_or(FabricIdError::DateOutOfRange)?;
    let holder = match (gender, account_type.is_organization()) {
        // The reference's rule: an organisation's offset whatever the gender.
        (_, true) => Holder::Organization,
        (Gender::Male, false) => Holder::Male,
        (Gender::Female, false) => Holder::Female,
        (Gender::SystemAssigned, false) => return Err(FabricIdError::GenderContradictsType),
    };
    if holder != Holder::Organization && days >= FEMALE_OFFSET {
        return Err(FabricIdError::AmbiguousDate);
    }
    Ok(join_offset(holder, days))
}
