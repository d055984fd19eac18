//! One part of a corpus split by file: the files a shard of a sharded
//! index holds. A file's part is a hash of its path, so the split needs no
//! list, is the same on every machine and in every run, and a file added
//! later goes to one part only.

use serde::{Deserialize, Serialize};

/// Part `number` (from 0) of a corpus split into `of` parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Part {
    pub number: u32,
    pub of: u32,
}

impl Part {
    /// Whether the file at `path` (relative to the corpus, as the index
    /// stores it) belongs to this part.
    pub fn holds(&self, path: &str) -> bool {
        part_of(path, self.of) == self.number
    }
}

impl std::fmt::Display for Part {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} of {}", self.number + 1, self.of)
    }
}

/// The part of `parts` the file at `path` belongs to: FNV-1a (64 bits) of
/// its path's bytes, modulo the number of parts. Written out rather than
/// taken from `std`, whose hashers may change between releases; the split
/// must not.
pub fn part_of(path: &str, parts: u32) -> u32 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &byte in path.as_bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    (hash % u64::from(parts.max(1))) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_file_belongs_to_exactly_one_part() {
        for path in ["a.txt", "ru/слайды.txt", "ko/기사.txt", "x/y/z.pdf"] {
            let owners = (0..4)
                .filter(|&n| Part { number: n, of: 4 }.holds(path))
                .count();
            assert_eq!(owners, 1, "{path}");
        }
    }

    #[test]
    fn the_split_is_fixed_by_the_path_alone() {
        // FNV-1a's published value for "a": the split must not move.
        assert_eq!(
            part_of("a", u32::MAX),
            (0xaf63_dc4c_8601_ec8c_u64 % u64::from(u32::MAX)) as u32
        );
        assert_eq!(part_of("a.txt", 1), 0);
    }

    #[test]
    fn files_spread_over_the_parts() {
        let mut counts = [0usize; 8];
        for i in 0..800 {
            counts[part_of(&format!("doc_{i:04}.txt"), 8) as usize] += 1;
        }
        assert!(counts.iter().all(|&n| n > 50), "{counts:?}");
    }
}
