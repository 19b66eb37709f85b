//! Short import names. wasm-bindgen names every function its glue gives the wasm after
//! the JS function and a hash (`__wbg_addEventListener_f2d27251d333a631`, 189 of them),
//! and writes each name twice: in the wasm's import section and as a key of the glue's
//! import object. The hashes do not compress: renamed `a`, `b`, … in both files the site
//! is 4.7 KB brotli smaller (docs/size.md, session 10). Nothing else reads the names:
//! the glue hands the wasm its import object, and the exports are left as they are.

use std::fs;
use std::path::Path;

use wasm_encoder::{EntityType, ImportSection, Module, RawSection, SectionId};
use wasmparser::{Encoding, Import, Parser, Payload};

/// The module the glue's imports come from, in the wasm.
const GLUE_MODULE: &str = "./talkback_bg.js";

/// Renames the glue's imports in `wasm` and the keys of the glue `js` that give them (in
/// the order of the sorted old names). When the glue does not name each import exactly
/// once, as a key (a new wasm-bindgen writing its glue otherwise), both are left as they
/// are, and it says so: the site works, only larger. The wasm is read with `wasmparser`
/// and written with `wasm-encoder`: a new import section, every other section as it was.
///
/// # Errors
/// When a file cannot be read or written, or the wasm cannot be read (not a module, a
/// section cut short, no import section).
pub fn shorten(wasm: &Path, js: &Path) -> Result<(), String> {
    let bytes = fs::read(wasm).map_err(|e| format!("cannot read {}: {e}", wasm.display()))?;
    let (sections, imports) =
        read(&bytes).map_err(|e| format!("cannot read the wasm {}: {e}", wasm.display()))?;
    let mut old: Vec<&str> = imports
        .iter()
        .filter(|i| i.module == GLUE_MODULE)
        .map(|i| i.name)
        .collect();
    old.sort_unstable();
    old.dedup();
    let mut glue =
        fs::read_to_string(js).map_err(|e| format!("cannot read {}: {e}", js.display()))?;
    for (i, name) in old.iter().enumerate() {
        let Some(renamed) = rename_key(&glue, name, &short_name(i)) else {
            println!("(the glue does not give import {name} once, as a key: import names kept)");
            return Ok(());
        };
        glue = renamed;
    }
    let mut renamed = ImportSection::new();
    for import in &imports {
        let name = match old.binary_search(&import.name) {
            Ok(i) if import.module == GLUE_MODULE => short_name(i),
            _ => import.name.to_string(),
        };
        let ty = EntityType::try_from(import.ty)
            .map_err(|e| format!("cannot write import {}: {e}", import.name))?;
        renamed.import(import.module, &name, ty);
    }
    let mut out = Module::new();
    for section in &sections {
        if section.id == u8::from(SectionId::Import) {
            out.section(&renamed);
        } else {
            out.section(section);
        }
    }
    fs::write(wasm, out.finish()).map_err(|e| format!("cannot write {}: {e}", wasm.display()))?;
    fs::write(js, glue).map_err(|e| format!("cannot write {}: {e}", js.display()))
}

/// A module's sections in order (id and contents, as they are) and its imports.
fn read(bytes: &[u8]) -> Result<(Vec<RawSection<'_>>, Vec<Import<'_>>), String> {
    let mut sections = Vec::new();
    let mut imports = None;
    for payload in Parser::new(0).parse_all(bytes) {
        let payload = payload.map_err(|e| e.to_string())?;
        match &payload {
            Payload::Version {
                encoding: Encoding::Component,
                ..
            } => return Err("a component, not a module".into()),
            Payload::ImportSection(reader) if imports.is_none() => {
                let read: Result<Vec<_>, _> = reader.clone().into_imports().collect();
                imports = Some(read.map_err(|e| e.to_string())?);
            }
            Payload::ImportSection(_) => return Err("two import sections".into()),
            _ => {}
        }
        if let Some((id, range)) = payload.as_section() {
            let data = usize::try_from(range.start)
                .ok()
                .zip(usize::try_from(range.end).ok())
                .and_then(|(start, end)| bytes.get(start..end))
                .ok_or("a section out of bounds")?;
            sections.push(RawSection { id, data });
        }
    }
    Ok((sections, imports.ok_or("no import section")?))
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

#[cfg(test)]
mod tests {
    use super::{rename_key, short_name, shorten, EntityType, ImportSection, Module, GLUE_MODULE};

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

    /// A module importing functions `glue` from the glue, in that order, and a memory, a
    /// table and a global from elsewhere; then a function and a custom section.
    fn module(glue: [&str; 2]) -> Vec<u8> {
        use wasm_encoder::{
            CodeSection, CustomSection, Function, FunctionSection, GlobalType, MemoryType, RefType,
            TableType, TypeSection, ValType,
        };
        let mut types = TypeSection::new();
        types.ty().function([], []);
        let mut imports = ImportSection::new();
        for name in glue {
            imports.import(GLUE_MODULE, name, EntityType::Function(0));
        }
        let memory = MemoryType {
            minimum: 1,
            maximum: None,
            memory64: false,
            shared: false,
            page_size_log2: None,
        };
        let table = TableType {
            element_type: RefType::FUNCREF,
            table64: false,
            minimum: 2,
            maximum: Some(300),
            shared: false,
        };
        let global = GlobalType {
            val_type: ValType::I32,
            mutable: true,
            shared: false,
        };
        imports
            .import("env", "keep", memory)
            .import("env", "table", table)
            .import("env", "sp", global);
        let mut functions = FunctionSection::new();
        functions.function(0);
        let mut code = CodeSection::new();
        let mut body = Function::new([]);
        body.instructions().call(1).end();
        code.function(&body);
        let mut module = Module::new();
        module
            .section(&types)
            .section(&imports)
            .section(&functions)
            .section(&code)
            .section(&CustomSection {
                name: "producers".into(),
                data: b"\x01\x02kept".as_slice().into(),
            });
        module.finish()
    }

    /// `shorten` on files `wasm` and `glue` in a folder of its own (`test`): its result,
    /// then the two files after it.
    fn shorten_files(test: &str, wasm: &[u8], glue: &str) -> (Result<(), String>, Vec<u8>, String) {
        let dir = std::env::temp_dir().join(format!("xtask-imports-{test}"));
        std::fs::create_dir_all(&dir).unwrap();
        let (wasm_path, js_path) = (dir.join("m.wasm"), dir.join("m.js"));
        std::fs::write(&wasm_path, wasm).unwrap();
        std::fs::write(&js_path, glue).unwrap();
        let result = shorten(&wasm_path, &js_path);
        let wasm = std::fs::read(&wasm_path).unwrap();
        (result, wasm, std::fs::read_to_string(&js_path).unwrap())
    }

    #[test]
    fn a_module_and_its_glue_are_renamed_together() {
        let glue = "{__wbg_b_2:function(){},\n  __wbg_a_1: function(){}}";
        let (result, wasm, glue) =
            shorten_files("renamed", &module(["__wbg_b_2", "__wbg_a_1"]), glue);
        assert_eq!(result, Ok(()));
        // Sorted: `__wbg_a_1` is `a`, `__wbg_b_2` is `b`, in the wasm as in the glue; the
        // other imports, the code and the custom section as they were.
        assert_eq!(wasm, module(["b", "a"]));
        assert_eq!(glue, "{b:function(){},\n  a: function(){}}");
    }

    #[test]
    fn a_glue_that_does_not_give_each_import_as_a_key_leaves_both_alone() {
        let glue = "{__wbg_b_2:function(){}};R.__wbg_a_1()";
        let wasm = module(["__wbg_b_2", "__wbg_a_1"]);
        assert_eq!(
            shorten_files("kept", &wasm, glue),
            (Ok(()), wasm, glue.to_string())
        );
    }

    #[test]
    fn a_wasm_that_cannot_be_read_is_an_error_and_leaves_both_alone() {
        let glue = "{__wbg_b_2:function(){},__wbg_a_1:function(){}}";
        let whole = module(["__wbg_b_2", "__wbg_a_1"]);
        let no_imports = {
            let mut module = Module::new();
            module.section(&wasm_encoder::TypeSection::new());
            module.finish()
        };
        for wasm in [&whole[..whole.len() - 3], b"not wasm", &no_imports] {
            let (result, after, glue_after) = shorten_files("broken", wasm, glue);
            assert!(result.is_err());
            assert_eq!((after.as_slice(), glue_after.as_str()), (wasm, glue));
        }
    }
}
