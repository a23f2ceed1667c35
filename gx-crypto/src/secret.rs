//! A 32-byte secret that is zeroized on drop and never printed.

use zeroize::{Zeroize, ZeroizeOnDrop};

/// 32 secret bytes (root key, chain key, message key seed, group key).
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub(crate) struct Secret32(pub(crate) [u8; 32]);

impl core::fmt::Debug for Secret32 {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("<redacted>")
    }
}

/// Debug output for a struct that holds secrets: its type name only.
macro_rules! redacted_debug {
    ($ty:ty) => {
        impl core::fmt::Debug for $ty {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.write_str(concat!(stringify!($ty), "(<secrets redacted>)"))
            }
        }
    };
}
pub(crate) use redacted_debug;

/// A value that can overwrite a secret's bytes: all zeros, built without any computation.
pub(crate) trait Wiped {
    /// The all-zero value.
    fn wiped() -> Self;
}

/// A `Vec` of secrets that leaves no copy behind in freed or spare memory.
///
/// A plain `Vec` frees its old buffer unwiped when it grows (the elements are moved bitwise, so
/// their `Drop` never runs there), and `remove` leaves a bitwise copy of the last element in the
/// spare capacity. Here growth copies the elements into a fresh buffer and drops the old ones in
/// place (each element wipes itself), and `remove` overwrites the vacated slot.
#[derive(Clone)]
pub(crate) struct SecretVec<T: Wiped + Clone>(Vec<T>);

impl<T: Wiped + Clone> SecretVec<T> {
    pub(crate) fn new() -> Self {
        Self(Vec::new())
    }

    pub(crate) fn with_capacity(capacity: usize) -> Self {
        Self(Vec::with_capacity(capacity))
    }

    /// Makes room for `additional` more elements without letting `Vec` reallocate.
    pub(crate) fn reserve(&mut self, additional: usize) {
        let needed = self.0.len().saturating_add(additional);
        if needed <= self.0.capacity() {
            return;
        }
        let mut bigger = Vec::with_capacity(needed.max(self.0.capacity().saturating_mul(2)));
        bigger.extend(self.0.iter().cloned());
        // The old elements are dropped in their buffer, so each wipes itself before it is freed.
        drop(core::mem::replace(&mut self.0, bigger));
    }

    pub(crate) fn push(&mut self, item: T) {
        self.reserve(1);
        self.0.push(item);
    }

    pub(crate) fn insert(&mut self, at: usize, item: T) {
        self.reserve(1);
        self.0.insert(at, item);
    }

    /// Removes and returns the element at `at`, wiping the slot the shift vacates.
    pub(crate) fn remove(&mut self, at: usize) -> T {
        let item = self.0.remove(at);
        if let Some(slot) = self.0.spare_capacity_mut().first_mut() {
            slot.write(T::wiped());
        }
        item
    }

    /// Removes every element for which `drop_it` is true.
    pub(crate) fn remove_where(&mut self, mut drop_it: impl FnMut(&T) -> bool) {
        let mut i = 0;
        while i < self.0.len() {
            if drop_it(&self.0[i]) {
                drop(self.remove(i));
            } else {
                i += 1;
            }
        }
    }

    #[cfg(test)]
    pub(crate) fn capacity(&self) -> usize {
        self.0.capacity()
    }
}

impl<T: Wiped + Clone> core::ops::Deref for SecretVec<T> {
    type Target = [T];
    fn deref(&self) -> &[T] {
        &self.0
    }
}

impl<T: Wiped + Clone> core::ops::DerefMut for SecretVec<T> {
    /// Elements change in place; a slice cannot reallocate. (Do not sort through it: the
    /// standard sort copies elements into a scratch buffer.)
    fn deref_mut(&mut self) -> &mut [T] {
        &mut self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Clone, Debug, PartialEq)]
    struct Item(u8);
    impl Wiped for Item {
        fn wiped() -> Self {
            Item(0)
        }
    }

    #[test]
    fn grows_removes_and_keeps_order() {
        let mut v = SecretVec::with_capacity(1);
        for i in 1..=5 {
            v.push(Item(i));
        }
        assert!(v.capacity() >= 5);
        assert_eq!(v.remove(1), Item(2));
        v.insert(0, Item(9));
        v.remove_where(|i| i.0 % 2 == 1);
        assert_eq!(&*v, &[Item(4)]);
    }
}
