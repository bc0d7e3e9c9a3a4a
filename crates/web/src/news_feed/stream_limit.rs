//! How many live News Feed streams one client address may hold open at once. A
//! stream costs a socket and a little memory for as long as it lasts, so without a
//! cap one client could open thousands and exhaust the process's open files.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};

/// Counts open streams per address; `limit` 0 means no cap (behind a proxy that
/// hides readers' addresses, say).
#[derive(Debug)]
pub struct StreamLimiter {
    limit: u32,
    open: Arc<Mutex<HashMap<IpAddr, u32>>>,
}

/// One open stream; dropping it (the stream ended) gives the place back.
#[derive(Debug)]
pub struct StreamPermit {
    address: IpAddr,
    open: Arc<Mutex<HashMap<IpAddr, u32>>>,
}

impl StreamLimiter {
    pub fn new(limit: u32) -> StreamLimiter {
        StreamLimiter {
            limit,
            open: Arc::default(),
        }
    }

    pub fn limit(&self) -> u32 {
        self.limit
    }

    /// A place for one more stream from `address`, or `None` when it has `limit`.
    pub fn admit(&self, address: IpAddr) -> Option<StreamPermit> {
        let mut open = self.open.lock().expect("stream limiter lock");
        let count = open.entry(address).or_insert(0);
        if self.limit > 0 && *count >= self.limit {
            return None;
        }
        *count += 1;
        Some(StreamPermit {
            address,
            open: self.open.clone(),
        })
    }
}

impl Drop for StreamPermit {
    fn drop(&mut self) {
        let mut open = self.open.lock().expect("stream limiter lock");
        if let Some(count) = open.get_mut(&self.address) {
            *count -= 1;
            if *count == 0 {
                open.remove(&self.address);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_address_gets_its_own_places_back_when_streams_end() {
        let limiter = StreamLimiter::new(2);
        let a: IpAddr = "192.0.2.1".parse().unwrap();
        let b: IpAddr = "192.0.2.2".parse().unwrap();
        let first = limiter.admit(a).unwrap();
        let _second = limiter.admit(a).unwrap();
        assert!(limiter.admit(a).is_none());
        assert!(limiter.admit(b).is_some());
        drop(first);
        assert!(limiter.admit(a).is_some());
        let unlimited = StreamLimiter::new(0);
        let held: Vec<_> = (0..100).map(|_| unlimited.admit(a).unwrap()).collect();
        assert_eq!(held.len(), 100);
    }
}
