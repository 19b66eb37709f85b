//! The custom rubric editor: add, remove and reorder criteria, choose scales and weights,
//! write guidance; import and export as JSON. Saved locally with the review.

use std::rc::Rc;

use web_sys::HtmlInputElement;
use yew::prelude::*;

use talkback_core::rubric::{CheckLabels, Rubric, Scale};

/// The scales the editor offers, by the value of its Scale box.
pub const SCALE_CHOICES: [(&str, &str); 7] = [
    ("vote", "Vote: +1 / +0 / −0 / −1"),
    ("standards", "Meets / Concern / Does not meet"),
    ("marks", "✓ / partly / ✗"),
    ("yes-no", "Yes / No"),
    ("poor-excellent", "0 Poor … 4 Excellent"),
    ("reject-accept", "1 Reject … 5 Strong accept"),
    ("expertise", "1 No familiarity … 4 Expert"),
];

/// The scale behind an editor choice.
pub fn scale_for(choice: &str) -> Option<Scale> {
    Some(match choice {
        "vote" => Scale::Vote,
        "standards" => Scale::Check(CheckLabels::Standards),
        "marks" => Scale::Check(CheckLabels::Marks),
        "yes-no" => Scale::YesNo,
        "poor-excellent" => Scale::numbered(
            0,
            &[
                ("Poor", ""),
                ("Fair", ""),
                ("Good", ""),
                ("Very good", ""),
                ("Excellent", ""),
            ],
        ),
        "reject-accept" => Scale::numbered(
            1,
            &[
                ("Reject", ""),
                ("Weak reject", ""),
                ("Weak accept", ""),
                ("Accept", ""),
                ("Strong accept", ""),
            ],
        ),
        "expertise" => Scale::numbered(
            1,
            &[
                ("No familiarity", ""),
                ("Some familiarity", ""),
                ("Knowledgeable", ""),
                ("Expert", ""),
            ],
        ),
        _ => return None,
    })
}

/// The editor choice a scale came from (`None` for levels made elsewhere, e.g. imported).
pub fn choice_of(scale: &Scale) -> Option<&'static str> {
    SCALE_CHOICES
        .iter()
        .map(|(c, _)| *c)
        .find(|c| scale_for(c).as_ref() == Some(scale))
}

/// Props of [`RubricEditor`].
#[derive(Properties, PartialEq)]
pub struct RubricEditorProps {
    /// Where editing starts: the saved custom rubric, or a copy of the current one.
    pub initial: Rc<Rubric>,
    /// Save (already validated).
    pub on_save: Callback<Rubric>,
    /// Close without saving.
    pub on_cancel: Callback<()>,
}

/// The editor.
#[component]
pub fn RubricEditor(props: &RubricEditorProps) -> Html {
    let draft = use_state(|| (*props.initial).clone());
    let error = use_state(|| None::<String>);
    let import_text = use_state(String::new);
    // Every criterion's controls report through one handler on the list (events bubble
    // to it): the control's id, `edit-{i}-{what}`, says which criterion and what.
    let on_edit = {
        let (draft, error) = (draft.clone(), error.clone());
        move |e: &Event, kinds: &[&str]| {
            let el = e.target_unchecked_into::<HtmlInputElement>();
            let id = el.get_attribute("id").unwrap_or_default();
            let Some((i, what)) = id.strip_prefix("edit-").and_then(|r| r.split_once('-')) else {
                return;
            };
            let Ok(i) = i.parse::<usize>() else { return };
            if !kinds.contains(&what) {
                return;
            }
            let mut next = (*draft).clone();
            edit(&mut next, i, what, el.value(), el.checked());
            error.set(None);
            draft.set(next);
        }
    };
    let on_input = {
        let on_edit = on_edit.clone();
        Callback::from(move |e: InputEvent| on_edit(&e, &["label", "guidance", "weight"]))
    };
    let on_change = {
        let on_edit = on_edit.clone();
        Callback::from(move |e: Event| on_edit(&e, &["scale", "required", "independent"]))
    };
    let on_click = {
        let on_edit = on_edit.clone();
        Callback::from(move |e: MouseEvent| on_edit(&e, &["up", "down", "remove", "add"]))
    };
    let on_name = {
        let (draft, error) = (draft.clone(), error.clone());
        Callback::from(move |e: InputEvent| {
            let mut next = (*draft).clone();
            next.name = e.target_unchecked_into::<HtmlInputElement>().value();
            error.set(None);
            draft.set(next);
        })
    };
    let on_save = {
        let draft = draft.clone();
        let error = error.clone();
        let cb = props.on_save.clone();
        Callback::from(move |_: MouseEvent| match draft.validate() {
            Ok(()) => cb.emit((*draft).clone()),
            Err(e) => error.set(Some(e.to_string())),
        })
    };
    let on_cancel = props.on_cancel.reform(|_: MouseEvent| ());
    let on_import_text = {
        let import_text = import_text.clone();
        Callback::from(move |e: InputEvent| {
            import_text.set(e.target_unchecked_into::<HtmlInputElement>().value());
        })
    };
    let on_import = {
        let (draft, error, import_text) = (draft.clone(), error.clone(), import_text.clone());
        Callback::from(move |_: MouseEvent| match Rubric::from_json(&import_text) {
            Ok(rubric) => {
                error.set(None);
                draft.set(rubric.to_custom(&rubric.name));
            }
            Err(e) => error.set(Some(e.to_string())),
        })
    };
    let n = draft.criteria.len();
    html! {
        <section class="rubric-editor" aria-labelledby="rubric-editor-heading">
            <h2 id="rubric-editor-heading">{ "Custom rubric" }</h2>
            <label for="rubric-name">{ "Rubric name" }</label>
            <input id="rubric-name" type="text" value={draft.name.clone()} oninput={on_name} />
            <ol class="editor-criteria" oninput={on_input} onchange={on_change} onclick={on_click.clone()}>
                { for draft.criteria.iter().enumerate().map(|(i, c)| {
                    let choice = choice_of(&c.scale);
                    let id = |what: &str| format!("edit-{i}-{what}");
                    html! {
                        <li class="editor-criterion">
                            <label for={id("label")}>{ format!("Criterion {} label", i + 1) }</label>
                            <input id={id("label")} type="text" value={c.label.clone()} />
                            <label for={id("guidance")}>{ format!("Criterion {} guidance", i + 1) }</label>
                            <textarea id={id("guidance")} rows="2" value={c.guidance.clone()} />
                            <div class="editor-row">
                                <label for={id("scale")}>{ "Scale" }</label>
                                <select id={id("scale")}>
                                    if choice.is_none() { <option selected=true>{ "Imported levels" }</option> }
                                    { for SCALE_CHOICES.iter().map(|(value, name)| html! {
                                        <option value={*value} selected={choice == Some(*value)}>{ *name }</option>
                                    }) }
                                </select>
                                <label for={id("weight")}>{ "Weight" }</label>
                                <input id={id("weight")} type="number" min="0" max="10" value={c.weight.to_string()} />
                            </div>
                            <div class="editor-row">
                                <label class="check"><input id={id("required")} type="checkbox" checked={c.required} />{ " Required" }</label>
                                <label class="check"><input id={id("independent")} type="checkbox" checked={c.independent} />{ " Not in the total" }</label>
                            </div>
                            <div class="editor-row">
                                <button type="button" id={id("up")} disabled={i == 0} aria-label={format!("Move criterion {} up", i + 1)}>{ "↑" }</button>
                                <button type="button" id={id("down")} disabled={i + 1 == n} aria-label={format!("Move criterion {} down", i + 1)}>{ "↓" }</button>
                                <button type="button" id={id("remove")} aria-label={format!("Remove criterion {}", i + 1)}>{ "Remove" }</button>
                            </div>
                        </li>
                    }
                }) }
            </ol>
            <button type="button" id="edit-0-add" onclick={on_click}>{ "Add criterion" }</button>
            if let Some(message) = &*error {
                <p class="notice notice-warning" role="alert">{ message.clone() }</p>
            }
            <div class="share-actions">
                <button type="button" class="primary" onclick={on_save}>{ "Save rubric" }</button>
                <button type="button" onclick={on_cancel}>{ "Cancel" }</button>
            </div>
            <details class="rubric-json">
                <summary>{ "Import or export as JSON" }</summary>
                <label for="rubric-export">{ "This rubric as JSON" }</label>
                <textarea id="rubric-export" readonly=true rows="5" value={draft.to_json()} />
                <label for="rubric-import">{ "Paste a rubric's JSON to import it" }</label>
                <textarea id="rubric-import" rows="4" value={(*import_text).clone()} oninput={on_import_text} />
                <button type="button" onclick={on_import}>{ "Import" }</button>
            </details>
        </section>
    }
}

/// Applies one control's new state to criterion `i` (`add` appends a criterion).
fn edit(r: &mut Rubric, i: usize, what: &str, value: String, checked: bool) {
    match what {
        "add" => {
            let n = r.criteria.len() + 1;
            let scale = scale_for("poor-excellent").unwrap_or(Scale::Vote);
            r.add_criterion(&format!("Criterion {n}"), scale);
        }
        "up" => {
            r.move_criterion(i, i.saturating_sub(1));
        }
        "down" => {
            r.move_criterion(i, i + 1);
        }
        "remove" => {
            r.remove_criterion(i);
        }
        _ => {
            let Some(c) = r.criteria.get_mut(i) else {
                return;
            };
            match what {
                "label" => c.label = value,
                "guidance" => c.guidance = value,
                "scale" => {
                    if let Some(s) = scale_for(&value) {
                        c.scale = s;
                    }
                }
                "weight" => c.weight = value.parse::<u8>().unwrap_or(0),
                "required" => c.required = checked,
                "independent" => c.independent = checked,
                _ => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{choice_of, scale_for, SCALE_CHOICES};

    #[test]
    fn every_scale_choice_round_trips() {
        for (choice, _) in SCALE_CHOICES {
            let scale = scale_for(choice).expect("a scale");
            assert_eq!(choice_of(&scale), Some(choice));
        }
        assert_eq!(scale_for("nonsense"), None);
    }
}
