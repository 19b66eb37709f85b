//! Method 1's compressor: a small context-mixing model (in the manner of
//! Matt Mahoney's lpaq1) driving a binary arithmetic coder.
//!
//! Each bit of the body is predicted by seven context models (the previous
//! 0, 1, 2, 3, 4 and 6 bytes, and the current word), a match model (the bit
//! that followed the last occurrence of the previous six bytes) and a bias,
//! mixed by a logistic mixer chosen by the partial byte, refined by an
//! adaptive probability map, then coded with 12-bit precision. The model is
//! first run over the dictionary, so a short text starts with the statistics
//! of thousands of talk descriptions: that is what makes it beat deflate on
//! bodies of a few kilobytes.
//!
//! **FROZEN.** Every constant, table size, hash, rounding and update rule
//! here is part of link format 1: changing any of them changes how old links
//! decode. A better model is a new method byte with its own copy. Integer
//! arithmetic only (no floats), and explicit `u32`/`u64` wherever bits are
//! mixed, so every platform decodes the same bytes.

/// Context models whose counters live in [`Model::tables`].
const ORDERS: usize = 7;
/// Mixer inputs: the context models, the match model, a bias.
const INPUTS: usize = ORDERS + 3;
/// Slots per context table: 2^18 four-byte counters (1 MiB).
const TABLE_BITS: u32 = 18;
/// Match model hash table: 2^16 positions.
const MATCH_BITS: u32 = 16;
/// Bytes that must repeat before the match model predicts.
const MATCH_MIN: usize = 6;
/// Longest match length the match model distinguishes.
const MATCH_MAX: usize = 31;
/// A counter stops slowing its adaptation after this many updates.
const COUNT_LIMIT: u32 = 250;
/// A fresh counter: p = ½, seen 0 times.
const HALF: u32 = 32768 << 16;

/// `squash(d) = 4096 / (1 + e^(−d/256))`, by interpolation, for
/// `d` in −2047..=2047; the result is a 12-bit probability.
#[inline(always)]
fn squash(d: i32) -> i32 {
    const T: [i32; 33] = [
        1, 2, 3, 6, 10, 16, 27, 45, 73, 120, 194, 310, 488, 747, 1101, 1546, 2047, 2549, 2994,
        3348, 3607, 3785, 3901, 3975, 4022, 4050, 4068, 4079, 4085, 4089, 4092, 4093, 4094,
    ];
    if d > 2047 {
        return 4095;
    }
    if d < -2047 {
        return 1;
    }
    let w = d & 127;
    let i = usize::try_from((d >> 7) + 16).unwrap_or(0);
    (T[i] * (128 - w) + T[i + 1] * w + 64) >> 7
}

/// Multiplicative hash of a context, with a different salt per model.
fn hash(context: u64, salt: u32) -> u32 {
    let h = (context ^ u64::from(salt) << 56).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    (h >> 32) as u32
}

/// The predictor. Both sides build it the same way, prime it with the same
/// dictionary, and feed it the same bits.
#[derive(Clone)]
pub(super) struct Model {
    /// stretch(p) = ln(p / (1 − p)) scaled like [`squash`]'s input, for 12-bit p.
    stretch: Box<[i16]>,
    /// `RECIP[n] = 65536 / (n + 1.5)`: the adaptation rate of a counter seen n times.
    recip: [u32; COUNT_LIMIT as usize + 1],
    /// One table per context model; a counter is `p16 << 16 | count`, stored
    /// XOR [`HALF`] so that a fresh table is zeroed memory: the allocator hands
    /// out 7 MiB of new pages as they are, instead of writing ½ into every slot
    /// (3–10 ms of a cold feedback link's start-up in Chromium).
    tables: [Box<[u32]>; ORDERS],
    /// Order 0 by partial byte.
    order0: [u32; 256],
    /// Per model: the 16-slot block of the current nibble.
    blocks: [usize; ORDERS],
    /// Per model: the context hash for the current byte.
    hashes: [u32; ORDERS],
    /// Slots used for the current bit.
    slots: [usize; ORDERS],
    /// Mixer weights, one set per partial byte, 16.16 fixed point.
    weights: Box<[i32]>,
    /// Stretched inputs for the current bit.
    inputs: [i32; INPUTS],
    /// Adaptive probability map by partial byte: 33 interpolation points each.
    apm: Box<[u16]>,
    apm_slot: usize,
    /// Bytes seen so far (dictionary, then data), for the match model.
    history: Vec<u8>,
    /// Last position after each hashed 6-byte context.
    match_table: Box<[u32]>,
    /// Position of the predicted byte in `history`, when `match_len > 0`.
    match_ptr: usize,
    match_len: usize,
    /// Counters for the match model by (length, predicted bit).
    match_counters: [u32; 2 * (MATCH_MAX + 1)],
    match_slot: Option<usize>,
    /// Partial byte with a leading 1 (1..=255).
    partial: u32,
    /// Position in the nibble with a leading 1 (1..=15).
    nibble: u32,
    /// The last eight bytes, newest in the low byte.
    last: u64,
    /// Hash of the current word (letters, lowercased), 0 between words.
    word: u32,
    /// Mixer output and final probability of a 1, 12 bits.
    mixed: i32,
    prediction: u32,
    /// What the tables held before the writes since [`Model::checkpoint`].
    undo: Undo,
}

/// An undo log: what [`Model::rollback`] must put back. A link of a few
/// kilobytes writes a few thousand of the tables' 16-counter blocks; saving
/// each block before its first write is cheaper than copying the 7 MiB of
/// tables, or even the same blocks from a primed twin (whose memory is cold).
#[derive(Clone, Default)]
struct Undo {
    /// One bit per 16-counter block of every table: already saved. Empty
    /// until [`Model::checkpoint`]: nothing is recorded while priming.
    seen: Vec<u64>,
    /// `table << TABLE_BITS | first slot` of every block saved, each once.
    blocks: Vec<u32>,
    /// The 16 counters of each block in `blocks`, as they were before.
    saved: Vec<u32>,
    /// `(index, value before)` of every match-table write, oldest first.
    matches: Vec<(u32, u32)>,
}

impl Undo {
    fn recording(&self) -> bool {
        !self.seen.is_empty()
    }
}

/// Undo-log capacity kept between links: enough for a body of about 5 KB
/// (a link with a long proposal), 0.4 MiB in all.
const UNDO_KEPT_BLOCKS: usize = 6_000;

/// The model at a [`Model::checkpoint`], without its tables: what
/// [`Model::rollback`] restores besides the undo log.
pub(super) struct Checkpoint {
    small: Model,
    history_len: usize,
}

impl Model {
    pub(super) fn new() -> Model {
        let mut stretch = vec![0i16; 4096];
        let mut next = 0usize;
        for d in -2047i16..=2047 {
            let p = usize::try_from(squash(i32::from(d))).unwrap_or(0);
            for s in stretch.iter_mut().take(p + 1).skip(next) {
                *s = d;
            }
            next = next.max(p + 1);
        }
        for s in stretch.iter_mut().skip(next) {
            *s = 2047;
        }
        let mut recip = [0u32; COUNT_LIMIT as usize + 1];
        for (n, r) in (0u32..).zip(recip.iter_mut()) {
            *r = 131_072 / (2 * n + 3);
        }
        let mut apm = vec![0u16; 256 * 33];
        for (i, a) in apm.iter_mut().enumerate() {
            let j = i32::try_from(i % 33).unwrap_or(0);
            *a = u16::try_from(squash((j - 16) * 128) * 16).unwrap_or(0);
        }
        let half = HALF;
        let mut model = Model {
            stretch: stretch.into_boxed_slice(),
            recip,
            tables: std::array::from_fn(|_| vec![0; 1 << TABLE_BITS].into_boxed_slice()),
            order0: [half; 256],
            blocks: [0; ORDERS],
            hashes: [0; ORDERS],
            slots: [0; ORDERS],
            weights: vec![(1 << 16) / 4; 256 * INPUTS].into_boxed_slice(),
            inputs: [0; INPUTS],
            apm: apm.into_boxed_slice(),
            apm_slot: 0,
            history: Vec::new(),
            match_table: vec![0; 1 << MATCH_BITS].into_boxed_slice(),
            match_ptr: 0,
            match_len: 0,
            match_counters: [half; 2 * (MATCH_MAX + 1)],
            match_slot: None,
            partial: 1,
            nibble: 1,
            last: 0,
            word: 0,
            mixed: 2048,
            prediction: 2048,
            undo: Undo::default(),
        };
        model.new_byte();
        model.predict();
        model
    }

    /// Remembers the model as it is now, and from now on records what each
    /// write to the tables overwrites, so that [`Model::rollback`] can come
    /// back here. Recording changes nothing the model predicts.
    pub(super) fn checkpoint(&mut self) -> Checkpoint {
        self.undo = Undo {
            seen: vec![0; (ORDERS << TABLE_BITS) / 16 / 64],
            ..Undo::default()
        };
        self.record_blocks();
        Checkpoint {
            small: self.without_tables(|model| model.clone()),
            history_len: self.history.len(),
        }
    }

    /// Puts the model back as it was at `checkpoint` (taken from this model,
    /// with nothing rolled back past it since), and goes on recording.
    pub(super) fn rollback(&mut self, checkpoint: &Checkpoint) {
        let mask = (1usize << TABLE_BITS) - 1;
        let mut undo = std::mem::take(&mut self.undo);
        for (&at, saved) in undo.blocks.iter().zip(undo.saved.chunks_exact(16)) {
            let (table, slot) = ((at >> TABLE_BITS) as usize, at as usize & mask);
            self.tables[table][slot..slot + 16].copy_from_slice(saved);
            undo.seen[(at >> 10) as usize] = 0;
        }
        for &(at, before) in undo.matches.iter().rev() {
            self.match_table[at as usize] = before;
        }
        self.history.truncate(checkpoint.history_len);
        // Keep the lists' memory for the next link, but not what one huge body
        // (up to 9 MiB for a hostile 64 KiB one) made them grow to.
        undo.blocks.clear();
        undo.blocks.shrink_to(UNDO_KEPT_BLOCKS);
        undo.saved.clear();
        undo.saved.shrink_to(16 * UNDO_KEPT_BLOCKS);
        undo.matches.clear();
        undo.matches.shrink_to(UNDO_KEPT_BLOCKS);
        self.history
            .shrink_to(checkpoint.history_len + UNDO_KEPT_BLOCKS);
        self.without_tables(|model| model.clone_from(&checkpoint.small));
        // The restored blocks are those of the checkpoint's nibble again.
        self.undo = undo;
        self.record_blocks();
    }

    /// Runs `f` on the model with its tables, match table, history and undo
    /// log taken out (left empty), then puts them back.
    fn without_tables<T>(&mut self, f: impl FnOnce(&mut Model) -> T) -> T {
        let tables = std::mem::take(&mut self.tables);
        let match_table = std::mem::take(&mut self.match_table);
        let history = std::mem::take(&mut self.history);
        let undo = std::mem::take(&mut self.undo);
        let out = f(self);
        self.tables = tables;
        self.match_table = match_table;
        self.history = history;
        self.undo = undo;
        out
    }

    /// Counters are only written inside the current nibble's blocks: saves
    /// those not saved yet.
    fn record_blocks(&mut self) {
        let undo = &mut self.undo;
        if !undo.recording() {
            return;
        }
        for (i, &block) in (0u32..).zip(&self.blocks) {
            let at = i << TABLE_BITS | u32::try_from(block).unwrap_or(0);
            let (word, bit) = ((at >> 10) as usize, 1u64 << (at >> 4 & 63));
            if undo.seen[word] & bit == 0 {
                undo.seen[word] |= bit;
                undo.blocks.push(at);
                undo.saved
                    .extend_from_slice(&self.tables[i as usize][block..block + 16]);
            }
        }
    }

    /// Runs the model over `dictionary` without coding anything.
    pub(super) fn prime(&mut self, dictionary: &[u8]) {
        for &byte in dictionary {
            for i in (0..8).rev() {
                self.update(u32::from(byte >> i & 1));
            }
        }
    }

    /// Probability that the next bit is 1, in 1..=4095 (of 4096).
    pub(super) fn p(&self) -> u32 {
        self.prediction
    }

    // Measured: opt-level "z" otherwise calls these per bit; inlined, decoding
    // a link takes a fifth less time.
    #[allow(clippy::inline_always)]
    #[inline(always)]
    fn stretch(&self, p16: u32) -> i32 {
        i32::from(self.stretch[(p16 >> 4) as usize & 4095])
    }

    /// Context hashes for a new byte, and the blocks of its first nibble.
    fn new_byte(&mut self) {
        let l = self.last;
        let contexts = [
            l & 0xFF,
            l & 0xFFFF,
            l & 0xFF_FFFF,
            l & 0xFFFF_FFFF,
            l & 0xFFFF_FFFF_FFFF,
            u64::from(self.word) << 8 | (l & 0xFF),
        ];
        for (i, &c) in contexts.iter().enumerate() {
            self.hashes[i] = hash(c, u32::try_from(i).unwrap_or(0) + 1);
        }
        // Model 6: the byte before last and the word so far, order 2 sparse.
        self.hashes[6] = hash((l >> 8 & 0xFF) | u64::from(self.word) << 8, 7);
        self.new_nibble();
    }

    fn new_nibble(&mut self) {
        let mask = (1usize << TABLE_BITS) - 1;
        for i in 0..ORDERS {
            let h = self.hashes[i] ^ self.partial.wrapping_mul(0x2F0B_4A13);
            let h = h.wrapping_mul(0x9E37_79B1) ^ h >> 15;
            self.blocks[i] = (h as usize) << 4 & mask;
        }
        self.nibble = 1;
        self.record_blocks();
    }

    fn predict(&mut self) {
        for i in 0..ORDERS {
            let slot = self.blocks[i] | self.nibble as usize;
            self.slots[i] = slot;
            self.inputs[i] = self.stretch((self.tables[i][slot] ^ HALF) >> 16);
        }
        self.inputs[ORDERS + 2] = self.stretch(self.order0[self.partial as usize] >> 16);

        self.match_slot = None;
        self.inputs[ORDERS] = 0;
        if self.match_len > 0 {
            let predicted = u32::from(self.history[self.match_ptr]) | 256;
            let known = self.partial.ilog2();
            if predicted >> (8 - known) == self.partial {
                let bit = (predicted >> (7 - known)) & 1;
                let slot = self.match_len.min(MATCH_MAX) * 2 + bit as usize;
                self.match_slot = Some(slot);
                self.inputs[ORDERS] = self.stretch(self.match_counters[slot] >> 16);
            } else {
                self.match_len = 0;
            }
        }
        self.inputs[ORDERS + 1] = 256;

        let set = self.partial as usize * INPUTS;
        let dot: i64 = self.weights[set..set + INPUTS]
            .iter()
            .zip(&self.inputs)
            .map(|(&w, &x)| i64::from(w) * i64::from(x))
            .sum();
        let d = i32::try_from((dot >> 16).clamp(-2047, 2047)).unwrap_or(0);
        self.mixed = squash(d);

        let s = d + 2048;
        let w = s & 127;
        let base = self.partial as usize * 33 + usize::try_from(s >> 7).unwrap_or(0);
        let refined =
            (i32::from(self.apm[base]) * (128 - w) + i32::from(self.apm[base + 1]) * w) >> 11;
        self.apm_slot = if w >= 64 { base + 1 } else { base };
        self.prediction =
            u32::try_from(((self.mixed + 3 * refined) >> 2).clamp(1, 4095)).unwrap_or(2048);
    }

    #[allow(clippy::inline_always)]
    #[inline(always)]
    fn train(&self, counter: u32, bit: u32) -> u32 {
        let p = counter >> 16;
        let n = (counter & 0xFFFF).min(COUNT_LIMIT);
        let rate = self.recip[n as usize];
        let p = if bit == 1 {
            p + (((65535 - p) * rate) >> 16)
        } else {
            p - ((p * rate) >> 16)
        };
        p << 16 | (n + 1).min(COUNT_LIMIT)
    }

    /// Learns the actual bit and predicts the next one.
    pub(super) fn update(&mut self, bit: u32) {
        let err = i32::try_from(bit << 12).unwrap_or(0) - self.mixed;
        let set = self.partial as usize * INPUTS;
        for (w, &x) in self.weights[set..set + INPUTS].iter_mut().zip(&self.inputs) {
            *w = (*w + ((x * err) >> 11)).clamp(-(1 << 22), 1 << 22);
        }
        for i in 0..ORDERS {
            let slot = self.slots[i];
            self.tables[i][slot] = self.train(self.tables[i][slot] ^ HALF, bit) ^ HALF;
        }

        let p = self.partial as usize;
        self.order0[p] = self.train(self.order0[p], bit);
        if let Some(slot) = self.match_slot {
            self.match_counters[slot] = self.train(self.match_counters[slot], bit);
        }
        let target = if bit == 1 { 65535 } else { 0 };
        let a = i32::from(self.apm[self.apm_slot]);
        self.apm[self.apm_slot] = u16::try_from(a + ((target - a) >> 6)).unwrap_or(32768);

        self.partial = self.partial << 1 | bit;
        self.nibble = self.nibble << 1 | bit;
        if self.partial >= 256 {
            self.end_byte((self.partial & 0xFF) as u8);
            self.partial = 1;
            self.new_byte();
        } else if self.nibble >= 16 {
            self.new_nibble();
        }
        self.predict();
    }

    fn end_byte(&mut self, byte: u8) {
        self.last = self.last << 8 | u64::from(byte);
        self.word = if byte.is_ascii_alphabetic() {
            (self.word ^ u32::from(byte.to_ascii_lowercase())).wrapping_mul(0x0100_0193)
        } else {
            0
        };
        self.history.push(byte);
        let n = self.history.len();
        if self.match_len > 0 {
            self.match_len += 1;
            self.match_ptr += 1;
            if self.match_ptr >= n {
                self.match_len = 0;
            }
        }
        if n >= MATCH_MIN {
            let key = self.last & 0xFFFF_FFFF_FFFF;
            let h = (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - MATCH_BITS)) as usize;
            if self.match_len == 0 {
                let candidate = self.match_table[h] as usize;
                if candidate > 0 && candidate < n {
                    let len = (0..MATCH_MAX.min(candidate))
                        .take_while(|&k| self.history[candidate - 1 - k] == self.history[n - 1 - k])
                        .count();
                    if len >= MATCH_MIN {
                        self.match_len = len;
                        self.match_ptr = candidate;
                    }
                }
            }
            if self.undo.recording() {
                self.undo
                    .matches
                    .push((u32::try_from(h).unwrap_or(0), self.match_table[h]));
            }
            self.match_table[h] = u32::try_from(n).unwrap_or(0);
        }
    }
}

/// Compresses `data` with `model` (primed with the dictionary).
///
/// The coder is lpaq1's: a 32-bit range split at `p`, emitting a byte when
/// the top bytes of both ends agree, and one flush byte at the end. The
/// decoder reads past the end as 0xFF bytes, so exactly
/// `shifts + 1` bytes are written, which [`decompress`] checks.
pub(super) fn compress(data: &[u8], model: &mut Model) -> Vec<u8> {
    let (mut low, mut high) = (0u32, u32::MAX);
    let mut out = Vec::with_capacity(data.len() / 2 + 8);
    for &byte in data {
        for i in (0..8).rev() {
            let bit = u32::from(byte >> i & 1);
            let mid = low + ((high - low) >> 12) * model.p();
            if bit == 1 {
                high = mid;
            } else {
                low = mid + 1;
            }
            model.update(bit);
            while (low ^ high) & 0xFF00_0000 == 0 {
                out.push((high >> 24) as u8);
                low <<= 8;
                high = high << 8 | 0xFF;
            }
        }
    }
    out.push((low >> 24) as u8);
    out
}

/// Why [`decompress`] failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum DecompressError {
    /// The stream ended before `len` bytes were decoded.
    Truncated,
    /// Bytes were left over after `len` bytes were decoded.
    TrailingBytes,
}

/// Decodes exactly `len` bytes with `model` (primed with the dictionary; the
/// caller caps `len`), and checks that the
/// stream is exactly as long as [`compress`] makes it.
pub(super) fn decompress(
    packed: &[u8],
    model: &mut Model,
    len: usize,
) -> Result<Vec<u8>, DecompressError> {
    let mut read = 0usize;
    let mut next_byte = || {
        let b = packed.get(read).copied().unwrap_or(0xFF);
        read += 1;
        u32::from(b)
    };
    let (mut low, mut high) = (0u32, u32::MAX);
    let mut x = 0u32;
    for _ in 0..4 {
        x = x << 8 | next_byte();
    }
    let mut out = Vec::with_capacity(len);
    for _ in 0..len {
        let mut byte = 0u8;
        for _ in 0..8 {
            let mid = low + ((high - low) >> 12) * model.p();
            let bit = u32::from(x <= mid);
            if bit == 1 {
                high = mid;
            } else {
                low = mid + 1;
            }
            model.update(bit);
            byte = byte << 1 | u8::from(bit == 1);
            while (low ^ high) & 0xFF00_0000 == 0 {
                low <<= 8;
                high = high << 8 | 0xFF;
                x = x << 8 | next_byte();
            }
        }
        out.push(byte);
    }
    // The encoder wrote one byte per shift plus one; the decoder has read
    // four ahead of the shifts.
    let written = read - 3;
    match written.cmp(&packed.len()) {
        std::cmp::Ordering::Equal => Ok(out),
        std::cmp::Ordering::Greater => Err(DecompressError::Truncated),
        std::cmp::Ordering::Less => Err(DecompressError::TrailingBytes),
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::{compress, decompress, Model};

    type State = (
        Vec<Vec<u32>>,
        Vec<u32>,
        Vec<u8>,
        Vec<i32>,
        Vec<u16>,
        Vec<u32>,
        [u64; 4],
    );

    fn state(m: &Model) -> State {
        let mut small = m.order0.to_vec();
        small.extend_from_slice(&m.match_counters);
        small.extend_from_slice(&m.hashes);
        (
            m.tables.iter().map(|t| t.to_vec()).collect(),
            m.match_table.to_vec(),
            m.history.clone(),
            m.weights.to_vec(),
            m.apm.to_vec(),
            small,
            [
                m.last,
                u64::from(m.word) << 32 | u64::from(m.prediction),
                (m.match_ptr as u64) << 32 | m.match_len as u64,
                u64::from(m.partial) << 32 | u64::from(m.nibble),
            ],
        )
    }

    #[test]
    fn rolling_back_restores_the_primed_model_exactly() {
        let mut work = Model::new();
        work.prime(b"Talks about Python packaging, testing and the standard library. ");
        let primed = work.clone();
        let checkpoint = work.checkpoint();
        let packed = compress(
            b"A talk about testing Python packages, twice: testing!",
            &mut work,
        );
        assert!(state(&work) != state(&primed), "coding changes the model");
        work.rollback(&checkpoint);
        assert!(
            state(&work) == state(&primed),
            "the undo log put everything back"
        );
        // And the rolled-back model decodes as a fresh copy would, twice.
        for _ in 0..2 {
            let text = decompress(&packed, &mut work, 53).expect("decodes");
            assert_eq!(
                text,
                b"A talk about testing Python packages, twice: testing!"
            );
            work.rollback(&checkpoint);
        }
        let mut fresh = primed.clone();
        let again = compress(b"Another body entirely.", &mut fresh);
        assert_eq!(compress(b"Another body entirely.", &mut work), again);
        work.rollback(&checkpoint);
        assert!(state(&work) == state(&primed));
    }

    #[test]
    fn a_body_that_writes_most_blocks_still_rolls_back_exactly() {
        let mut work = Model::new();
        let primed = work.clone();
        let checkpoint = work.checkpoint();
        // Pseudo-random bytes touch a new block at almost every nibble.
        let mut x = 1u32;
        let big: Vec<u8> = (0..70_000)
            .map(|_| {
                x = x.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
                (x >> 24) as u8
            })
            .collect();
        compress(&big, &mut work);
        assert!(
            work.undo.blocks.len() > 80_000,
            "{}",
            work.undo.blocks.len()
        );
        work.rollback(&checkpoint);
        assert!(state(&work) == state(&primed));
        assert!(
            work.undo.saved.capacity() <= 16 * super::UNDO_KEPT_BLOCKS,
            "the log gives back what the big body made it take"
        );
    }
}
