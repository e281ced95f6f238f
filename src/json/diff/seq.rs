//! Aligning two sequences (array elements, a string's lines): the longest common subsequence,
//! after the common start and end are set aside. The table is bounded; past it the middle is
//! all removed then all added, which is still a true diff, only a longer one.

/// One step of an alignment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// `a[i]` and `b[j]` are equal.
    Same(usize, usize),
    /// `a[i]` is not in `b`.
    Removed(usize),
    /// `b[j]` is not in `a`.
    Added(usize),
}

/// Cells of the table past which the middle is not aligned (a few MB, well under a frame's
/// work for what a person edits).
const MAX_CELLS: usize = 4_000_000;

/// The steps from `a` to `b`, in order: removals before additions within a run of changes.
pub fn align<T: PartialEq>(a: &[T], b: &[T]) -> Vec<Op> {
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let suffix = a[prefix..]
        .iter()
        .rev()
        .zip(b[prefix..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (a_mid, b_mid) = (&a[prefix..a.len() - suffix], &b[prefix..b.len() - suffix]);
    let mut ops: Vec<Op> = (0..prefix).map(|i| Op::Same(i, i)).collect();
    ops.extend(middle(a_mid, b_mid).into_iter().map(|op| match op {
        Op::Same(i, j) => Op::Same(i + prefix, j + prefix),
        Op::Removed(i) => Op::Removed(i + prefix),
        Op::Added(j) => Op::Added(j + prefix),
    }));
    let (a_end, b_end) = (a.len() - suffix, b.len() - suffix);
    ops.extend((0..suffix).map(|k| Op::Same(a_end + k, b_end + k)));
    ops
}

/// The alignment of what is left once the common start and end are gone.
fn middle<T: PartialEq>(a: &[T], b: &[T]) -> Vec<Op> {
    let (n, m) = (a.len(), b.len());
    if n == 0 || m == 0 || n.saturating_mul(m) > MAX_CELLS {
        let mut ops: Vec<Op> = (0..n).map(Op::Removed).collect();
        ops.extend((0..m).map(Op::Added));
        return ops;
    }
    // lcs[i][j]: the longest common subsequence of a[i..] and b[j..].
    let width = m + 1;
    let mut lcs = vec![0u32; (n + 1) * width];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i * width + j] = if a[i] == b[j] {
                lcs[(i + 1) * width + j + 1] + 1
            } else {
                lcs[(i + 1) * width + j].max(lcs[i * width + j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut ops = Vec::with_capacity(n + m);
    while i < n && j < m {
        if a[i] == b[j] {
            ops.push(Op::Same(i, j));
            i += 1;
            j += 1;
        } else if lcs[(i + 1) * width + j] >= lcs[i * width + j + 1] {
            ops.push(Op::Removed(i));
            i += 1;
        } else {
            ops.push(Op::Added(j));
            j += 1;
        }
    }
    ops.extend((i..n).map(Op::Removed));
    ops.extend((j..m).map(Op::Added));
    ops
}

/// A run of changes between equal elements: what was removed and what was added there.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Run {
    pub removed: Vec<usize>,
    pub added: Vec<usize>,
}

/// An alignment as equal elements and runs of changes, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    Same(usize, usize),
    Changed(Run),
}

/// Groups an alignment's changes into runs.
pub fn pieces(ops: &[Op]) -> Vec<Piece> {
    let mut out = Vec::new();
    let mut run = Run::default();
    let flush = |run: &mut Run, out: &mut Vec<Piece>| {
        if !run.removed.is_empty() || !run.added.is_empty() {
            out.push(Piece::Changed(std::mem::take(run)));
        }
    };
    for op in ops {
        match *op {
            Op::Same(i, j) => {
                flush(&mut run, &mut out);
                out.push(Piece::Same(i, j));
            }
            Op::Removed(i) => run.removed.push(i),
            Op::Added(j) => run.added.push(j),
        }
    }
    flush(&mut run, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn apply<'a>(a: &[&'a str], b: &[&'a str], ops: &[Op]) -> Vec<&'a str> {
        let mut out = Vec::new();
        for op in ops {
            match *op {
                Op::Same(i, j) => {
                    assert_eq!(a[i], b[j]);
                    out.push(b[j]);
                }
                Op::Added(j) => out.push(b[j]),
                Op::Removed(_) => {}
            }
        }
        out
    }

    #[test]
    fn an_alignment_rebuilds_the_new_sequence_and_keeps_what_is_common() {
        let a = ["a", "b", "c", "d", "e"];
        let b = ["a", "x", "c", "e", "f"];
        let ops = align(&a, &b);
        assert_eq!(apply(&a, &b, &ops), b);
        let same = ops.iter().filter(|o| matches!(o, Op::Same(..))).count();
        assert_eq!(same, 3, "a, c and e are kept: {ops:?}");
    }

    #[test]
    fn runs_pair_what_was_removed_with_what_was_added() {
        let ops = align(&["a", "b", "c"], &["a", "B", "c", "d"]);
        assert_eq!(
            pieces(&ops),
            vec![
                Piece::Same(0, 0),
                Piece::Changed(Run {
                    removed: vec![1],
                    added: vec![1]
                }),
                Piece::Same(2, 2),
                Piece::Changed(Run {
                    removed: vec![],
                    added: vec![3]
                }),
            ]
        );
    }

    #[test]
    fn past_the_table_the_middle_is_replaced_whole() {
        let a: Vec<u32> = (0..3000).collect();
        let b: Vec<u32> = (0..3000).rev().collect();
        let ops = align(&a, &b);
        assert_eq!(ops.len(), 6000, "no alignment of 9 million cells");
        assert!(align::<u32>(&[], &[]).is_empty());
    }
}
