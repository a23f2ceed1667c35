//! Reading JSON without letting a repeated key through.
//!
//! serde_json's `Value` keeps the *last* value of a key that an object repeats, so the line
//! `{"actor":"mallory","actor":"alice",…}` reads as alice's entry while a reader that keeps the
//! first value (or a person looking at the file) sees mallory. An audit entry must mean one
//! thing, so every path that reads stored entries or events parses with [`parse`], which builds
//! the same `Value` serde_json would and refuses any object, at any depth, that names a key twice.

use std::cell::RefCell;
use std::fmt;

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::map::Entry;
use serde_json::{Map, Number, Value};

/// Why [`parse`] refused a text.
#[derive(Debug)]
pub(crate) enum StrictJsonError {
    /// Not one JSON value (serde_json's report, with line and column).
    Syntax(serde_json::Error),
    /// An object names `key` twice.
    DuplicateKey {
        /// The repeated key (at most 64 characters shown).
        key: String,
        /// JSON Pointer (RFC 6901) of the object that repeats it; empty for the top level (at
        /// most 64 characters shown).
        path: String,
    },
}

/// Parses one JSON value, refusing repeated keys at every depth. Otherwise the result is exactly
/// `serde_json::from_str::<Value>(text)` (a proptest checks this).
pub(crate) fn parse(text: &str) -> Result<Value, StrictJsonError> {
    let found = RefCell::new(None);
    let mut de = serde_json::Deserializer::from_str(text);
    let parsed = Strict(&found)
        .deserialize(&mut de)
        .and_then(|value| de.end().map(|()| value));
    match (parsed, found.into_inner()) {
        (Ok(value), _) => Ok(value),
        (Err(_), Some(duplicate)) => Err(duplicate.into_error()),
        (Err(e), None) => Err(StrictJsonError::Syntax(e)),
    }
}

/// A repeated key found while parsing, and the path to its object, innermost step first (the
/// path is collected while the error unwinds, so a clean parse pays nothing for it).
struct Duplicate {
    key: String,
    steps_inside_out: Vec<Step>,
}

enum Step {
    Member(String),
    Index(usize),
}

impl Duplicate {
    fn into_error(self) -> StrictJsonError {
        let mut path = String::new();
        for step in self.steps_inside_out.iter().rev() {
            path.push('/');
            match step {
                Step::Member(key) => path.push_str(&key.replace('~', "~0").replace('/', "~1")),
                Step::Index(i) => path.push_str(&i.to_string()),
            }
        }
        // Both may be arbitrarily long caller text: show a bounded prefix.
        StrictJsonError::DuplicateKey {
            key: gx_core::echo_input(&self.key),
            path: gx_core::echo_input(&path),
        }
    }
}

/// Seed and visitor in one: builds a `Value` like serde_json's own visitor does.
#[derive(Clone, Copy)]
struct Strict<'a>(&'a RefCell<Option<Duplicate>>);

impl Strict<'_> {
    /// Records `step` on the way out of a failed nested value, if a repeated key caused it.
    fn note_step(self, step: impl FnOnce() -> Step) {
        if let Some(duplicate) = self.0.borrow_mut().as_mut() {
            duplicate.steps_inside_out.push(step());
        }
    }
}

impl<'de> DeserializeSeed<'de> for Strict<'_> {
    type Value = Value;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Strict<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any valid JSON value")
    }

    fn visit_bool<E>(self, value: bool) -> Result<Value, E> {
        Ok(Value::Bool(value))
    }

    fn visit_i64<E>(self, value: i64) -> Result<Value, E> {
        Ok(Value::Number(value.into()))
    }

    fn visit_u64<E>(self, value: u64) -> Result<Value, E> {
        Ok(Value::Number(value.into()))
    }

    fn visit_f64<E>(self, value: f64) -> Result<Value, E> {
        Ok(Number::from_f64(value).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E>(self, value: &str) -> Result<Value, E> {
        Ok(Value::String(value.to_owned()))
    }

    fn visit_string<E>(self, value: String) -> Result<Value, E> {
        Ok(Value::String(value))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut access: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        loop {
            match access.next_element_seed(self) {
                Ok(Some(item)) => items.push(item),
                Ok(None) => return Ok(Value::Array(items)),
                Err(e) => {
                    let index = items.len();
                    self.note_step(|| Step::Index(index));
                    return Err(e);
                }
            }
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Value, A::Error> {
        let mut map = Map::new();
        while let Some(key) = access.next_key::<String>()? {
            match map.entry(key) {
                Entry::Occupied(taken) => {
                    *self.0.borrow_mut() = Some(Duplicate {
                        key: taken.key().clone(),
                        steps_inside_out: Vec::new(),
                    });
                    return Err(de::Error::custom("duplicate key"));
                }
                Entry::Vacant(slot) => match access.next_value_seed(self) {
                    Ok(value) => {
                        slot.insert(value);
                    }
                    Err(e) => {
                        self.note_step(|| Step::Member(slot.key().clone()));
                        return Err(e);
                    }
                },
            }
        }
        Ok(Value::Object(map))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn duplicate(text: &str) -> (String, String) {
        match parse(text) {
            Err(StrictJsonError::DuplicateKey { key, path }) => (key, path),
            other => panic!("{text}: {other:?}"),
        }
    }

    #[test]
    fn a_repeated_key_is_refused_at_any_depth_with_its_path() {
        let pair = |k: &str, p: &str| (k.to_owned(), p.to_owned());
        assert_eq!(
            duplicate(r#"{"actor":"mallory","actor":"alice"}"#),
            pair("actor", "")
        );
        assert_eq!(duplicate(r#"{"a":1,"d":{"k":1,"k":1}}"#), pair("k", "/d"));
        assert_eq!(
            duplicate(r#"{"a":[0,{"x":{}},{"y":1,"y":2}]}"#),
            pair("y", "/a/2")
        );
        assert_eq!(
            duplicate(r#"[{"a/b~":{"z":0,"z":0}}]"#),
            pair("z", "/0/a~1b~0")
        );
        // The same key spelled with an escape is still the same key.
        assert_eq!(duplicate(r#"{"a":1,"\u0061":2}"#), pair("a", ""));
    }

    #[test]
    fn syntax_errors_stay_syntax_errors() {
        for text in ["", "{", r#"{"a":1}x"#, r#"{"a":1,}"#, "[1,]"] {
            assert!(
                matches!(parse(text), Err(StrictJsonError::Syntax(_))),
                "{text}"
            );
        }
    }

    #[test]
    fn the_same_key_in_different_objects_is_fine() {
        let v = parse(r#"{"k":{"k":1},"l":[{"k":2},{"k":3}]}"#).unwrap();
        assert_eq!(v["l"][1]["k"], 3);
    }

    fn json_value() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::from),
            any::<u64>().prop_map(Value::from),
            any::<f64>().prop_map(|f| Number::from_f64(f).map_or(Value::Null, Value::Number)),
            any::<String>().prop_map(Value::String),
        ];
        leaf.prop_recursive(4, 32, 4, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                proptest::collection::btree_map(any::<String>(), inner, 0..4)
                    .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    proptest! {
        /// Without repeated keys, the strict reader gives exactly serde_json's value, compact or
        /// pretty.
        #[test]
        fn agrees_with_serde_json_when_no_key_repeats(v in json_value()) {
            for text in [serde_json::to_string(&v).unwrap(), serde_json::to_string_pretty(&v).unwrap()] {
                prop_assert_eq!(parse(&text).unwrap(), serde_json::from_str::<Value>(&text).unwrap());
            }
        }

        /// On any text, the strict reader accepts only what serde_json accepts, and then gives
        /// the same value.
        #[test]
        fn never_accepts_more_than_serde_json(text in "(?s)[\\[\\]{}\",:a0 \\\\u1.e-]{0,24}") {
            if let Ok(value) = parse(&text) {
                prop_assert_eq!(Ok(value), serde_json::from_str::<Value>(&text).map_err(|e| e.to_string()));
            }
        }
    }
}
