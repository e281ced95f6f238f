//! The index's storage: a few bytes a value. Every value has its first byte's position (its
//! kind is that byte); the containers, one bit a value marks them, have their subtree's size,
//! their parent, their position among the parent's children and their depth, each in two bytes
//! when it fits (else in a sorted side table). What a scalar does not store (its parent, depth,
//! position, length) is found from its neighbours and its bytes when asked ([`super::Doc`]).

/// A bit a value, with the count of ones before every word (rank in O(1)).
#[derive(Debug, Clone, Default)]
pub(super) struct Bits {
    words: Vec<u64>,
    ranks: Vec<u32>,
    len: usize,
}

impl Bits {
    pub(super) fn with_capacity(bits: usize) -> Bits {
        Bits {
            words: Vec::with_capacity(bits / 64 + 1),
            ranks: Vec::new(),
            len: 0,
        }
    }

    pub(super) fn push(&mut self, bit: bool) {
        if self.len % 64 == 0 {
            self.words.push(0);
        }
        if bit {
            self.words[self.len / 64] |= 1 << (self.len % 64);
        }
        self.len += 1;
    }

    pub(super) fn get(&self, i: usize) -> bool {
        i < self.len && self.words[i / 64] >> (i % 64) & 1 == 1
    }

    /// Counts the ones before each word; after the last push.
    pub(super) fn finish(&mut self) {
        self.ranks.clear();
        self.ranks.reserve_exact(self.words.len());
        let mut ones = 0u32;
        for w in &self.words {
            self.ranks.push(ones);
            ones += w.count_ones();
        }
    }

    /// The ones before bit `i`.
    pub(super) fn rank(&self, i: usize) -> usize {
        let w = i / 64;
        let below = self.words[w] & ((1u64 << (i % 64)) - 1);
        self.ranks[w] as usize + below.count_ones() as usize
    }

    /// The last one before bit `i`.
    pub(super) fn prev_one(&self, i: usize) -> Option<usize> {
        if i == 0 {
            return None;
        }
        let i = i.min(self.len);
        let mut w = (i - 1) / 64;
        let bit = (i - 1) % 64;
        let mut word = self.words[w] & (u64::MAX >> (63 - bit));
        loop {
            if word != 0 {
                return Some(w * 64 + 63 - word.leading_zeros() as usize);
            }
            if w == 0 {
                return None;
            }
            w -= 1;
            word = self.words[w];
        }
    }

    /// A one in front: every bit moves up by one.
    pub(super) fn insert_front_one(&mut self) {
        if self.len % 64 == 0 {
            self.words.push(0);
        }
        let mut carry = 1u64;
        for w in &mut self.words {
            let out = *w >> 63;
            *w = *w << 1 | carry;
            carry = out;
        }
        self.len += 1;
        self.finish();
    }

    pub(super) fn heap_bytes(&self) -> usize {
        self.words.capacity() * 8 + self.ranks.capacity() * 4
    }
}

/// Numbers that are nearly all small: two bytes each, the rare large one in a side table.
#[derive(Debug, Clone, Default)]
pub(super) struct Packed {
    small: Vec<u16>,
    /// (slot, value) of the values that do not fit in two bytes; sorted by slot once built.
    big: Vec<(u32, u32)>,
}

const BIG: u16 = u16::MAX;

impl Packed {
    pub(super) fn with_capacity(n: usize) -> Packed {
        Packed {
            small: Vec::with_capacity(n),
            big: Vec::new(),
        }
    }

    pub(super) fn push(&mut self, value: u32) {
        self.small.push(0);
        self.set(self.small.len() - 1, value);
    }

    pub(super) fn set(&mut self, slot: usize, value: u32) {
        if self.small[slot] == BIG {
            self.big.retain(|&(s, _)| s as usize != slot);
        }
        if value < BIG as u32 {
            self.small[slot] = value as u16;
        } else {
            self.small[slot] = BIG;
            self.big.push((slot as u32, value));
        }
    }

    /// Sorts the side table; after the last `set` that could have added to it.
    pub(super) fn finish(&mut self) {
        self.big.sort_unstable();
    }

    pub(super) fn get(&self, slot: usize) -> u32 {
        match self.small[slot] {
            BIG => {
                let at = self
                    .big
                    .binary_search_by_key(&(slot as u32), |&(s, _)| s)
                    .expect("a large value has its entry");
                self.big[at].1
            }
            v => v as u32,
        }
    }

    /// A value in front: every slot moves up by one.
    pub(super) fn insert_front(&mut self, value: u32) {
        self.small.insert(0, 0);
        self.big.iter_mut().for_each(|e| e.0 += 1);
        self.set(0, value);
        self.finish();
    }

    pub(super) fn heap_bytes(&self) -> usize {
        self.small.capacity() * 2 + self.big.capacity() * 8
    }
}

/// The whole index.
#[derive(Debug, Clone, Default)]
pub(super) struct Index {
    /// Each value's first byte.
    pub(super) starts: Vec<u32>,
    /// Which values are containers; a container's slot in the columns below is its rank.
    pub(super) containers: Bits,
    /// Per container: `end - i` (its subtree's nodes, itself included).
    pub(super) size: Packed,
    /// Per container: `i - parent`, 0 for a root.
    pub(super) up: Packed,
    /// Per container: its position among its parent's children.
    pub(super) index: Packed,
    /// Per container: its depth, saturating at `u16::MAX`.
    pub(super) depth: Vec<u16>,
}

impl Index {
    /// Room for a text of `bytes` bytes: reserved from the size, so indexing does not grow
    /// (and copy) its vectors on typical JSON.
    pub(super) fn for_text(bytes: usize) -> Index {
        // About one value per 12 bytes and one container per 32 in dense API JSON; the pages
        // reserved and never written cost no memory.
        Self::with_capacity(bytes / 12 + 1, bytes / 32 + 1)
    }

    pub(super) fn with_capacity(values: usize, containers: usize) -> Index {
        Index {
            starts: Vec::with_capacity(values),
            containers: Bits::with_capacity(values),
            size: Packed::with_capacity(containers),
            up: Packed::with_capacity(containers),
            index: Packed::with_capacity(containers),
            depth: Vec::with_capacity(containers),
        }
    }

    /// Appends a value; a container's slot comes back.
    pub(super) fn push(
        &mut self,
        start: usize,
        container: bool,
        parent: u32,
        position: u32,
        depth: u16,
    ) -> Option<usize> {
        let i = self.starts.len() as u32;
        self.starts.push(start as u32);
        self.containers.push(container);
        if !container {
            return None;
        }
        let slot = self.depth.len();
        self.size.push(1);
        self.up.push(if parent == super::NO_PARENT {
            0
        } else {
            i - parent
        });
        self.index.push(position);
        self.depth.push(depth);
        Some(slot)
    }

    /// After the last push: the side tables sorted, the room reserved and not used given back
    /// (it was never written, so it cost no memory, but it would count as the index's).
    pub(super) fn finish(&mut self) {
        self.containers.finish();
        self.size.finish();
        self.up.finish();
        self.index.finish();
        self.starts.shrink_to_fit();
        self.containers.words.shrink_to_fit();
        for p in [&mut self.size, &mut self.up, &mut self.index] {
            p.small.shrink_to_fit();
            p.big.shrink_to_fit();
        }
        self.depth.shrink_to_fit();
    }

    /// The bytes the index holds (its vectors' capacity).
    pub(super) fn heap_bytes(&self) -> usize {
        self.starts.capacity() * 4
            + self.containers.heap_bytes()
            + self.size.heap_bytes()
            + self.up.heap_bytes()
            + self.index.heap_bytes()
            + self.depth.capacity() * 2
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bits_rank_and_look_back() {
        let pattern: Vec<bool> = (0..300).map(|i| i % 7 == 0 || i == 130).collect();
        let mut b = Bits::with_capacity(0);
        pattern.iter().for_each(|&x| b.push(x));
        b.finish();
        for i in 0..300 {
            assert_eq!(b.get(i), pattern[i]);
            assert_eq!(b.rank(i), pattern[..i].iter().filter(|&&x| x).count());
            assert_eq!(b.prev_one(i), pattern[..i].iter().rposition(|&x| x), "{i}");
        }
        b.insert_front_one();
        assert!(b.get(0) && b.get(1) && !b.get(2) && b.get(8) && b.get(131));
        assert_eq!(b.rank(300), 1 + pattern.iter().filter(|&&x| x).count());
    }

    #[test]
    fn packed_values_of_any_size() {
        let values = [0, 1, 65_534, 65_535, 65_536, u32::MAX - 1, 7, 1 << 20];
        let mut p = Packed::with_capacity(0);
        values.iter().for_each(|&v| p.push(v));
        p.set(1, 100_000);
        p.set(3, 5);
        p.finish();
        let expected = [0, 100_000, 65_534, 5, 65_536, u32::MAX - 1, 7, 1 << 20];
        for (slot, &v) in expected.iter().enumerate() {
            assert_eq!(p.get(slot), v, "{slot}");
        }
        p.insert_front(70_000);
        assert_eq!(p.get(0), 70_000);
        assert_eq!(p.get(2), 100_000);
        assert_eq!(p.get(8), 1 << 20);
    }
}
