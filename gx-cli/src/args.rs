//! Value parsers shared by the commands' flags, so every numeric flag reads alike: blanks
//! around the value are ignored (as `Gxc` amounts ignore them), a negative number is refused
//! by the value's own rule, not taken for a flag.

/// A whole number (`--index`, `--expires-at-ms`): digits only, blanks around them ignored.
pub fn whole_number(text: &str) -> Result<u64, String> {
    let digits = text.trim();
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!(
            "{:?} is not a whole number: expected digits only, e.g. 42",
            gx_core::echo_input(text)
        ));
    }
    digits
        .parse()
        .map_err(|_| format!("{digits} is too large: expected at most {}", u64::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_numbers_ignore_blanks_and_refuse_signs_and_fractions() {
        assert_eq!(whole_number(" 42 "), Ok(42));
        for bad in ["-1", "+1", "1.5", "", " ", "1e3", "99999999999999999999"] {
            assert!(whole_number(bad).is_err(), "{bad}");
        }
        assert!(whole_number("-1")
            .unwrap_err()
            .contains("not a whole number"));
    }
}
