//! The scoring panel: the `Rubric` combobox, one radiogroup per criterion (named by its
//! label, radios named by the scale's labels), comments, and the live total.
//!
//! Keyboard: arrows move inside a criterion (native radios), a digit picks a level, `n`
//! jumps to the next unanswered criterion.

use std::rc::Rc;

use wasm_bindgen::JsCast as _;
use web_sys::{HtmlElement, HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

use talkback_core::committee::format_number;
use talkback_core::rubric::{self, Criterion, Rubric, Scale, CUSTOM_ID};
use talkback_core::scoring::{score, Audience, Review};

/// Props of [`ScoringPanel`].
#[derive(Properties, PartialEq)]
pub struct ScoringPanelProps {
    /// The rubric in use.
    pub rubric: Rc<Rubric>,
    /// The review being written.
    pub review: Rc<Review>,
    /// The user's custom rubric, if any (offered in the Rubric box).
    pub custom_rubric: Option<Rc<Rubric>>,
    /// A rubric id was picked.
    pub on_choose_rubric: Callback<String>,
    /// `(criterion, level)`: a level picked or cleared.
    pub on_answer: Callback<(usize, Option<u8>)>,
    /// `(criterion, text)`.
    pub on_criterion_comment: Callback<(usize, String)>,
    /// The comment for the author.
    pub on_author_comment: Callback<String>,
    /// The comment for the committee.
    pub on_committee_comment: Callback<String>,
    /// `(n, audience)`: whom the comment on criterion `n` is for.
    #[prop_or_default]
    pub on_criterion_audience: Callback<(usize, Audience)>,
    /// Whether the speaker sees the scores.
    #[prop_or_default]
    pub on_scores_to_speaker: Callback<bool>,
    /// Open the custom rubric editor.
    pub on_edit_custom: Callback<()>,
}

/// The level a digit key picks: on an ordinal scale the level whose value is that
/// digit (`0` is "0 Poor"), on the other scales the digit-th level counted from 1
/// (`1` is "+1", `4` is "−1").
pub fn level_for_digit(scale: &Scale, digit: u32) -> Option<u8> {
    if let Scale::Ordinal(levels) = scale {
        let i = levels
            .iter()
            .position(|l| i64::from(l.value) == i64::from(digit))?;
        return u8::try_from(i).ok();
    }
    let index = usize::try_from(digit).ok()?.checked_sub(1)?;
    (index < scale.len())
        .then(|| u8::try_from(index).ok())
        .flatten()
}

fn textarea_value(e: &InputEvent) -> String {
    e.target_unchecked_into::<HtmlTextAreaElement>().value()
}

/// Focuses the radio for `level` (or the first) of criterion `i`.
fn focus_radio(i: usize, level: Option<u8>) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let selector = match level {
        Some(level) => format!("input[name=crit-{i}][value=\"{level}\"]"),
        None => format!("input[name=crit-{i}]"),
    };
    if let Ok(Some(el)) = document.query_selector(&selector) {
        let _ = el.unchecked_into::<HtmlElement>().focus();
    }
}

/// The scoring panel.
#[component]
pub fn ScoringPanel(props: &ScoringPanelProps) -> Html {
    let s = score(&props.rubric, &props.review);
    let on_rubric = {
        let cb = props.on_choose_rubric.clone();
        Callback::from(move |e: Event| {
            cb.emit(e.target_unchecked_into::<HtmlSelectElement>().value());
        })
    };
    let presets = rubric::presets();
    let current_id = props.rubric.id.clone();
    let missing: Vec<&str> = s
        .required_missing
        .iter()
        .filter_map(|&i| props.rubric.criteria.get(i).map(|c| c.label.as_str()))
        .collect();
    let summary = format!(
        "Total {} (from {} to {}) · {} of {} answered",
        format_number(s.total),
        format_number(s.min),
        format_number(s.max),
        s.answered,
        props.rubric.criteria.len()
    );
    let on_author = props
        .on_author_comment
        .reform(|e: InputEvent| textarea_value(&e));
    let on_committee = props
        .on_committee_comment
        .reform(|e: InputEvent| textarea_value(&e));
    let on_edit_custom = props.on_edit_custom.reform(|_: MouseEvent| ());
    let on_scores = props.on_scores_to_speaker.reform(|e: Event| {
        e.target_unchecked_into::<web_sys::HtmlInputElement>()
            .checked()
    });
    // The criteria's controls report through handlers on the section (events bubble to
    // it): a control's id `crit-{i}-{what}` (a radio's name `crit-{i}`) says which.
    let on_criterion = {
        let (on_answer, on_comment, on_audience) = (
            props.on_answer.clone(),
            props.on_criterion_comment.clone(),
            props.on_criterion_audience.clone(),
        );
        move |e: &Event, kinds: &[&str]| {
            let el = e.target_unchecked_into::<HtmlInputElement>();
            let Some((i, what)) = control(&el) else {
                return;
            };
            if !kinds.contains(&what.as_str()) {
                return;
            }
            match what.as_str() {
                "level" => {
                    on_answer.emit((i, el.checked().then(|| el.value().parse().ok()).flatten()));
                }
                "audience" => on_audience.emit((
                    i,
                    if el.checked() {
                        Audience::Committee
                    } else {
                        Audience::Speaker
                    },
                )),
                "comment" => on_comment.emit((i, el.value())),
                "clear" => on_answer.emit((i, None)),
                _ => {}
            }
        }
    };
    let on_change = {
        let f = on_criterion.clone();
        Callback::from(move |e: Event| f(&e, &["level", "audience"]))
    };
    let on_input = {
        let f = on_criterion.clone();
        Callback::from(move |e: InputEvent| f(&e, &["comment"]))
    };
    let on_click = Callback::from(move |e: MouseEvent| on_criterion(&e, &["clear"]));
    let on_key = {
        let (rubric, review, on_answer) = (
            Rc::clone(&props.rubric),
            Rc::clone(&props.review),
            props.on_answer.clone(),
        );
        Callback::from(move |e: KeyboardEvent| {
            // Keys count inside a criterion's radiogroup: its radios and its Clear button.
            match control(&e.target_unchecked_into::<HtmlInputElement>()) {
                Some((i, what)) if what == "level" || what == "clear" => {
                    on_key(&e, i, &rubric, &review, &on_answer);
                }
                _ => {}
            }
        })
    };
    html! {
        <section class="scoring" aria-labelledby="scoring-heading"
                 onchange={on_change} oninput={on_input} onclick={on_click} onkeydown={on_key}>
            <h2 id="scoring-heading">{ "Score" }</h2>
            <div class="rubric-bar">
                <label for="rubric">{ "Rubric" }</label>
                <select id="rubric" onchange={on_rubric}>
                    { for presets.iter().map(|r| html! {
                        <option value={r.id.clone()} selected={r.id == current_id}>{ r.name.clone() }</option>
                    }) }
                    if let Some(custom) = &props.custom_rubric {
                        <option value={CUSTOM_ID} selected={current_id == CUSTOM_ID}>{ format!("Custom: {}", custom.name) }</option>
                    }
                </select>
                <button type="button" onclick={on_edit_custom}>
                    { if props.custom_rubric.is_some() { "Edit custom rubric" } else { "Make a custom rubric" } }
                </button>
            </div>
            <label class="check"><input type="checkbox" checked={props.review.scores_shown(&props.rubric)} onchange={on_scores} />{ " Show the scores to the speaker" }</label>
            <p class="hint">{ "Keyboard: arrow keys move within a criterion, a digit picks a level, N jumps to the next unanswered criterion." }</p>
            <p class="score-summary" aria-live="polite">
                { summary }
                if s.complete {
                    <span class="score-complete">{ " · complete" }</span>
                } else {
                    <span class="score-missing">{ format!(" · still to answer: {}", missing.join(", ")) }</span>
                }
            </p>
            { for props.rubric.criteria.iter().enumerate().map(|(i, c)| criterion_view(props, i, c)) }
            <div class="overall-comments">
                <label for="author-comment">{ "Comment for the author" }</label>
                <textarea id="author-comment" rows="5" value={props.review.author_comment.clone()} oninput={on_author} />
                <label for="committee-comment">{ "Comment for the committee" }</label>
                <textarea id="committee-comment" rows="3" value={props.review.committee_comment.clone()} oninput={on_committee} />
            </div>
        </section>
    }
}

/// The criterion and the control an event came from: `crit-{i}-{what}` by id, or a
/// radio named `crit-{i}` (what: `level`).
fn control(el: &HtmlInputElement) -> Option<(usize, String)> {
    let id = el.get_attribute("id").unwrap_or_default();
    let key = if id.is_empty() {
        format!("{}-level", el.name())
    } else {
        id
    };
    let (i, what) = key.strip_prefix("crit-")?.split_once('-')?;
    Some((i.parse().ok()?, what.to_string()))
}

/// A key pressed in criterion `i`: a digit picks a level, `n` moves to the next
/// unanswered criterion.
fn on_key(
    e: &KeyboardEvent,
    i: usize,
    rubric: &Rubric,
    review: &Review,
    on_answer: &Callback<(usize, Option<u8>)>,
) {
    let key = e.key();
    if let Some(digit) = key
        .chars()
        .next()
        .filter(|_| key.len() == 1)
        .and_then(|ch| ch.to_digit(10))
    {
        if let Some(level) = rubric
            .criteria
            .get(i)
            .and_then(|c| level_for_digit(&c.scale, digit))
        {
            e.prevent_default();
            on_answer.emit((i, Some(level)));
            focus_radio(i, Some(level));
        }
    } else if key.eq_ignore_ascii_case("n") {
        e.prevent_default();
        let n = rubric.criteria.len();
        let next = (1..=n)
            .map(|k| (i + k) % n)
            .find(|&j| review.answers.get(j).copied().flatten().is_none());
        if let Some(j) = next {
            focus_radio(j, None);
        }
    }
}

fn criterion_view(props: &ScoringPanelProps, i: usize, c: &Criterion) -> Html {
    let answer = props.review.answers.get(i).copied().flatten();
    let committee_only = props.review.criterion_audience(i, &props.rubric) == Audience::Committee;
    let comment = props
        .review
        .criterion_comments
        .get(i)
        .cloned()
        .unwrap_or_default();
    let weight = (c.weight != 1 && !c.independent).then(|| format!(" ×{}", c.weight));
    html! {
        <div class={if answer.is_none() { "criterion unanswered" } else { "criterion" }}>
            <div role="radiogroup" class="levels" aria-labelledby={format!("crit-{i}-label")}
                 aria-describedby={format!("crit-{i}-guidance")} aria-required={if c.required { "true" } else { "false" }}>
                <div class="criterion-head">
                    <span id={format!("crit-{i}-label")} class="criterion-label">{ c.label.clone() }</span>
                    if let Some(w) = weight { <span class="criterion-weight">{ w }</span> }
                    if c.independent { <span class="criterion-tag">{ " not in total" }</span> }
                    if !c.required { <span class="criterion-tag">{ " optional" }</span> }
                </div>
                <p id={format!("crit-{i}-guidance")} class="guidance">{ c.guidance.clone() }</p>
                <div class="level-row">
                    { for c.scale.levels().enumerate().map(|(j, level)| {
                        let level_index = u8::try_from(j).unwrap_or(u8::MAX);
                        html! {
                            <label class="level" title={level.meaning.to_string()}>
                                <input type="radio" name={format!("crit-{i}")} value={j.to_string()}
                                       checked={answer == Some(level_index)} />
                                <span>{ level.label.to_string() }</span>
                            </label>
                        }
                    }) }
                    if answer.is_some() {
                        <button type="button" class="link-button" id={format!("crit-{i}-clear")}
                                aria-label={format!("Clear {}", c.label)}>{ "Clear" }</button>
                    }
                </div>
                if let Some(level) = props.review.answer_level(i, c) {
                    if !level.meaning.is_empty() { <p class="level-meaning">{ level.meaning.to_string() }</p> }
                }
            </div>
            <label class="criterion-comment-label" for={format!("crit-{i}-comment")}>{ format!("Comment on {}", c.label) }</label>
            <textarea id={format!("crit-{i}-comment")} class="criterion-comment" rows="2" value={comment} />
            <label class="check audience"><input id={format!("crit-{i}-audience")} type="checkbox" checked={committee_only} />{ format!(" Only the committee sees the comment on {}", c.label) }</label>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::level_for_digit;
    use talkback_core::rubric::{Level, Scale};

    #[test]
    fn digits_pick_levels_by_value_on_ordinal_scales_and_by_position_otherwise() {
        let poor_to_excellent = Scale::Ordinal(
            (0..=4)
                .map(|v| Level {
                    value: v,
                    label: format!("{v}"),
                    meaning: String::new(),
                })
                .collect(),
        );
        assert_eq!(level_for_digit(&poor_to_excellent, 0), Some(0));
        assert_eq!(level_for_digit(&poor_to_excellent, 4), Some(4));
        assert_eq!(level_for_digit(&poor_to_excellent, 5), None);
        assert_eq!(level_for_digit(&Scale::Vote, 1), Some(0), "1 is +1");
        assert_eq!(level_for_digit(&Scale::Vote, 4), Some(3), "4 is −1");
        assert_eq!(level_for_digit(&Scale::Vote, 0), None);
        assert_eq!(level_for_digit(&Scale::YesNo, 3), None);
    }
}
