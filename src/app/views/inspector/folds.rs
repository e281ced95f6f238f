//! Which containers are folded: a bit a value (a 1.5-million-value document costs 186 KB).

/// A bit a node; reads as `folds[i]`, writes with [`Folds::set`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Folds {
    words: Vec<u64>,
    len: usize,
}

impl Folds {
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub fn get(&self, i: usize) -> Option<bool> {
        (i < self.len).then(|| self.words[i / 64] >> (i % 64) & 1 == 1)
    }

    pub fn set(&mut self, i: usize, folded: bool) {
        assert!(i < self.len, "fold {i} of {}", self.len);
        let bit = 1u64 << (i % 64);
        if folded {
            self.words[i / 64] |= bit;
        } else {
            self.words[i / 64] &= !bit;
        }
    }

    /// The first `n` folds of `other` (a preview's, onto the complete document's).
    pub fn copy_prefix(&mut self, other: &Folds, n: usize) {
        for i in 0..n.min(other.len).min(self.len) {
            self.set(i, other[i]);
        }
    }
}

impl std::ops::Index<usize> for Folds {
    type Output = bool;

    fn index(&self, i: usize) -> &bool {
        match self.get(i) {
            Some(true) => &true,
            Some(false) => &false,
            None => panic!("fold {i} of {}", self.len),
        }
    }
}

impl FromIterator<bool> for Folds {
    fn from_iter<I: IntoIterator<Item = bool>>(iter: I) -> Folds {
        let mut folds = Folds::default();
        for folded in iter {
            if folds.len % 64 == 0 {
                folds.words.push(0);
            }
            folds.len += 1;
            folds.set(folds.len - 1, folded);
        }
        folds
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_are_bits() {
        let mut f: Folds = (0..130).map(|i| i % 3 == 0).collect();
        assert_eq!(f.len(), 130);
        assert!(f[0] && !f[1] && f[129] && f.get(130).is_none());
        f.set(1, true);
        f.set(129, false);
        assert!(f[1] && !f[129]);
        let mut g: Folds = std::iter::repeat_n(false, 200).collect();
        g.copy_prefix(&f, 130);
        assert!((0..130).all(|i| g[i] == f[i]) && !g[150]);
    }
}
