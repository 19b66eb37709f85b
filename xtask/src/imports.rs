//! Short import names. wasm-bindgen names every function its glue gives the wasm after
//! the JS function and a hash (`__wbg_addEventListener_f2d27251d333a631`, 189 of them),
//! and writes each name twice: in the wasm's import section and as a key of the glue's
//! import object. The hashes do not compress: renamed `a`, `b`, … in both files the site
//! is 4.7 KB brotli smaller (docs/size.md, session 10). Nothing else reads the names:
//! the glue hands the wasm its import object, and the exports are left as they are.

use std::fs;
use std::path::Path;

/// The module the glue's imports come from, in the wasm.
const GLUE_MODULE: &[u8] = b"./talkback_bg.js";

/// Renames the glue's imports in `wasm` and the keys of the glue `js` that give them (in
/// the order of the sorted old names). When the glue does not name each import exactly
/// once, as a key (a new wasm-bindgen writing its glue otherwise), both are left as they
/// are, and it says so: the site works, only larger.
///
/// # Errors
/// When a file cannot be read or written, or the wasm's imports cannot be read.
pub fn shorten(wasm: &Path, js: &Path) -> Result<(), String> {
    let bytes = fs::read(wasm).map_err(|e| format!("cannot read {}: {e}", wasm.display()))?;
    let (start, end, entries) =
        import_section(&bytes).ok_or("the wasm's import section cannot be read")?;
    let mut old: Vec<&[u8]> = entries
        .iter()
        .filter(|e| e.module == GLUE_MODULE)
        .map(|e| e.name)
        .collect();
    old.sort_unstable();
    old.dedup();
    let mut glue =
        fs::read_to_string(js).map_err(|e| format!("cannot read {}: {e}", js.display()))?;
    for (i, name) in old.iter().enumerate() {
        let name = String::from_utf8_lossy(name);
        let Some(renamed) = rename_key(&glue, &name, &short_name(i)) else {
            println!("(the glue does not give import {name} once, as a key: import names kept)");
            return Ok(());
        };
        glue = renamed;
    }
    let mut section = Vec::new();
    leb(&mut section, entries.len());
    for entry in &entries {
        let name = match old.binary_search(&entry.name) {
            Ok(i) if entry.module == GLUE_MODULE => short_name(i).into_bytes(),
            _ => entry.name.to_vec(),
        };
        leb(&mut section, entry.module.len());
        section.extend(entry.module);
        leb(&mut section, name.len());
        section.extend(name);
        section.extend(entry.rest);
    }
    let mut out = bytes[..start].to_vec();
    out.push(2);
    leb(&mut out, section.len());
    out.extend(section);
    out.extend(&bytes[end..]);
    fs::write(wasm, out).map_err(|e| format!("cannot write {}: {e}", wasm.display()))?;
    fs::write(js, glue).map_err(|e| format!("cannot write {}: {e}", js.display()))
}

/// The `i`-th short name: `a` … `Z`, then `ba` …: a JS identifier, never `__proto__`.
fn short_name(mut i: usize) -> String {
    const LETTERS: &[u8; 52] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    let mut name = vec![LETTERS[i % 52]];
    i /= 52;
    while i > 0 {
        name.push(LETTERS[i % 52]);
        i /= 52;
    }
    name.reverse();
    String::from_utf8(name).unwrap_or_default()
}

/// `glue` with the one key `name` (a whole identifier followed by `:`) renamed `new`;
/// `None` unless `name` occurs exactly once, and as such a key.
fn rename_key(glue: &str, name: &str, new: &str) -> Option<String> {
    let mut found = glue.match_indices(name);
    let (at, _) = found.next()?;
    if found.next().is_some() {
        return None;
    }
    let before = glue[..at].chars().next_back()?;
    let after = glue[at + name.len()..].trim_start();
    if before.is_alphanumeric() || before == '_' || before == '$' || !after.starts_with(':') {
        return None;
    }
    Some([&glue[..at], new, &glue[at + name.len()..]].concat())
}

/// One import: its module and name, and the bytes of its kind and type as they are.
struct Import<'a> {
    module: &'a [u8],
    name: &'a [u8],
    rest: &'a [u8],
}

/// Where the import section is (from its id byte to its end) and its entries.
fn import_section(bytes: &[u8]) -> Option<(usize, usize, Vec<Import<'_>>)> {
    let mut at = 8;
    while at < bytes.len() {
        let start = at;
        let id = *bytes.get(at)?;
        at += 1;
        let size = read_leb(bytes, &mut at)?;
        let end = at.checked_add(size)?;
        if id == 2 {
            let mut p = at;
            let count = read_leb(bytes, &mut p)?;
            let mut entries = Vec::with_capacity(count);
            for _ in 0..count {
                let module = read_name(bytes, &mut p)?;
                let name = read_name(bytes, &mut p)?;
                let kind_at = p;
                let kind = *bytes.get(p)?;
                p += 1;
                match kind {
                    0 => {
                        read_leb(bytes, &mut p)?; // a function: its type
                    }
                    1 | 2 => {
                        // A table: its element type, then limits; a memory: limits.
                        p += usize::from(kind == 1);
                        let flags = *bytes.get(p)?;
                        p += 1;
                        read_leb(bytes, &mut p)?;
                        if flags & 1 == 1 {
                            read_leb(bytes, &mut p)?;
                        }
                    }
                    3 => p += 2, // a global: its type and mutability
                    _ => return None,
                }
                entries.push(Import {
                    module,
                    name,
                    rest: bytes.get(kind_at..p)?,
                });
            }
            return (p == end).then_some((start, end, entries));
        }
        at = end;
    }
    None
}

fn read_name<'a>(bytes: &'a [u8], at: &mut usize) -> Option<&'a [u8]> {
    let len = read_leb(bytes, at)?;
    let name = bytes.get(*at..at.checked_add(len)?)?;
    *at += len;
    Some(name)
}

fn read_leb(bytes: &[u8], at: &mut usize) -> Option<usize> {
    let mut value = 0_usize;
    for shift in (0..35).step_by(7) {
        let byte = *bytes.get(*at)?;
        *at += 1;
        value |= usize::from(byte & 0x7f) << shift;
        if byte < 0x80 {
            return Some(value);
        }
    }
    None
}

fn leb(out: &mut Vec<u8>, mut value: usize) {
    loop {
        let byte = u8::try_from(value & 0x7f).unwrap_or(0);
        value >>= 7;
        if value == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

#[cfg(test)]
mod tests {
    use super::{rename_key, short_name, shorten};

    #[test]
    fn short_names_are_distinct_identifiers() {
        let names: Vec<String> = (0..3000).map(short_name).collect();
        let mut unique = names.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), names.len());
        assert!(names
            .iter()
            .all(|n| n.chars().all(|c| c.is_ascii_alphabetic())));
        assert_eq!(
            (short_name(0), short_name(51), short_name(52)),
            ("a".into(), "Z".into(), "ba".into())
        );
    }

    #[test]
    fn only_a_key_named_once_is_renamed() {
        let glue = "{__proto__:null,__wbg_x_1:function(n){},__wbg_x_12 : function(){}}";
        assert_eq!(
            rename_key(glue, "__wbg_x_12", "b").as_deref(),
            Some("{__proto__:null,__wbg_x_1:function(n){},b : function(){}}")
        );
        // `__wbg_x_1` is also inside `__wbg_x_12`: twice, so refused.
        assert_eq!(rename_key(glue, "__wbg_x_1", "a"), None);
        // Used, not given: refused.
        assert_eq!(rename_key("R.__wbg_y_3(1)", "__wbg_y_3", "a"), None);
    }

    /// (module (type (func)) (import "./talkback_bg.js" "__wbg_b_2" (func))
    /// (import "./talkback_bg.js" "__wbg_a_1" (func)) (import "env" "keep" (memory 1)))
    fn module() -> Vec<u8> {
        let mut wasm = b"\0asm\x01\0\0\0".to_vec();
        wasm.extend([1, 4, 1, 0x60, 0, 0]);
        let mut imports = vec![3];
        for name in ["__wbg_b_2", "__wbg_a_1"] {
            imports.push(16);
            imports.extend(b"./talkback_bg.js");
            imports.push(u8::try_from(name.len()).unwrap());
            imports.extend(name.as_bytes());
            imports.extend([0, 0]);
        }
        imports.extend([3, b'e', b'n', b'v', 4, b'k', b'e', b'e', b'p', 2, 0, 1]);
        wasm.push(2);
        wasm.push(u8::try_from(imports.len()).unwrap());
        wasm.extend(&imports);
        wasm
    }

    #[test]
    fn a_module_and_its_glue_are_renamed_together() {
        let dir = std::env::temp_dir().join("xtask-imports-test");
        std::fs::create_dir_all(&dir).unwrap();
        let (wasm_path, js_path) = (dir.join("m.wasm"), dir.join("m.js"));
        std::fs::write(&wasm_path, module()).unwrap();
        std::fs::write(
            &js_path,
            "{__wbg_b_2:function(){},\n  __wbg_a_1: function(){}}",
        )
        .unwrap();
        shorten(&wasm_path, &js_path).unwrap();
        let renamed = std::fs::read(&wasm_path).unwrap();
        let text = String::from_utf8_lossy(&renamed);
        assert!(!text.contains("__wbg_"), "{text}");
        assert!(text.contains("keep"));
        assert_eq!(renamed.len(), module().len() - 2 * 8);
        // Sorted: `__wbg_a_1` is `a`, `__wbg_b_2` is `b`, in the wasm as in the glue.
        assert!(text.contains("./talkback_bg.js\u{1}b\0\0"));
        assert_eq!(
            std::fs::read_to_string(&js_path).unwrap(),
            "{b:function(){},\n  a: function(){}}"
        );
    }

    #[test]
    fn a_glue_that_does_not_give_each_import_as_a_key_leaves_both_alone() {
        let dir = std::env::temp_dir().join("xtask-imports-test-kept");
        std::fs::create_dir_all(&dir).unwrap();
        let (wasm_path, js_path) = (dir.join("m.wasm"), dir.join("m.js"));
        let glue = "{__wbg_b_2:function(){}};R.__wbg_a_1()";
        std::fs::write(&wasm_path, module()).unwrap();
        std::fs::write(&js_path, glue).unwrap();
        shorten(&wasm_path, &js_path).unwrap();
        assert_eq!(std::fs::read(&wasm_path).unwrap(), module());
        assert_eq!(std::fs::read_to_string(&js_path).unwrap(), glue);
    }
}
