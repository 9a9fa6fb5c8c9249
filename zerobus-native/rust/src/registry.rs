//! Handles: Java holds opaque ids, never pointers. An id maps to an `Arc` in a registry; an unknown or freed id is an
//! error (IllegalStateException on the Java side), never a dangling pointer. Ids are never reused.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};

pub struct Registry<T> {
    /// Distinguishes kinds of handles, so an SDK handle passed as a stream handle is unknown rather than misused.
    tag: u64,
    next: AtomicU64,
    entries: RwLock<HashMap<u64, Arc<T>, BuildHasherDefault<IdHasher>>>,
}

/// Ids are sequential integers we mint ourselves, so a multiplicative hash is enough (and much cheaper than SipHash
/// on the per-record lookup).
#[derive(Default)]
pub struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0.rotate_left(8) ^ *b as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        }
    }

    fn write_u64(&mut self, id: u64) {
        self.0 = id.wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
}

const TAG_SHIFT: u32 = 56;

impl<T> Registry<T> {
    pub fn new(tag: u8) -> Self {
        Registry { tag: (tag as u64) << TAG_SHIFT, next: AtomicU64::new(1), entries: RwLock::new(HashMap::default()) }
    }

    pub fn insert(&self, value: T) -> i64 {
        let id = self.tag | self.next.fetch_add(1, Ordering::Relaxed);
        self.entries.write().unwrap_or_else(|e| e.into_inner()).insert(id, Arc::new(value));
        id as i64
    }

    pub fn get(&self, handle: i64) -> Option<Arc<T>> {
        self.entries.read().unwrap_or_else(|e| e.into_inner()).get(&(handle as u64)).cloned()
    }

    pub fn remove(&self, handle: i64) -> Option<Arc<T>> {
        self.entries.write().unwrap_or_else(|e| e.into_inner()).remove(&(handle as u64))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_tagged_unique_and_not_reused() {
        let a: Registry<&str> = Registry::new(1);
        let b: Registry<&str> = Registry::new(2);
        let x = a.insert("x");
        let y = a.insert("y");
        assert_ne!(x, y);
        assert_eq!(*a.get(x).unwrap(), "x");
        assert!(b.get(x).is_none(), "another registry's handle is unknown");
        assert!(a.get(0).is_none());
        assert!(a.get(-1).is_none());
        assert_eq!(*a.remove(x).unwrap(), "x");
        assert!(a.get(x).is_none());
        assert!(a.remove(x).is_none(), "double free is harmless");
        let z = a.insert("z");
        assert_ne!(z, x);
    }
}
