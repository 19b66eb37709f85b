//! `cargo xtask screenshots`: the README's pictures of each view (review, feedback from a
//! link, committee summary), on a desktop screen and a 375-pixel-wide phone, taken from the
//! real release site in headless Chromium. Writes PNGs to `SCREENSHOTS_DIR`.

use std::path::{Path, PathBuf};

use talkback_e2e::fantoccini::Client;
use talkback_e2e::{
    browser, committee_summary, load_example, open_app, paste, set_window, vote, wait_for_role,
    wait_until,
};

/// Three reviewers of the same example: the vote on the first criterion, a comment for
/// the author, and how they sign.
const REVIEWERS: [(u8, &str, &str); 3] = [
    (
        0,
        "A clear, practical topic. Add minutes to each outline item so we can see it fits.",
        "Sam",
    ),
    (
        1,
        "Good idea; the description could say who it is for and what they take home.",
        "Ana",
    ),
    (
        3,
        "Feels close to last year's talk on the same library.",
        "",
    ),
];

const DESKTOP: (u32, u32) = (1600, 1000);
const PHONE: (u32, u32) = (375, 812);

/// A screenshot of the page scrolled so that `top` (a CSS selector) is at the top.
async fn shoot(client: &Client, out: &Path, name: &str, top: &str) {
    client
        .execute(
            "document.activeElement && document.activeElement.blur(); \
             document.querySelector(arguments[0]).scrollIntoView({ block: 'start' });",
            vec![top.into()],
        )
        .await
        .expect("scroll");
    let png = client.screenshot().await.expect("screenshot");
    let path = out.join(format!("{name}.png"));
    std::fs::write(&path, png).expect("write the screenshot");
    println!("wrote {}", path.display());
}

/// Scores the example as one reviewer and returns the share link.
async fn review_and_share(client: &Client, (level, comment, name): (u8, &str, &str)) -> String {
    vote(client, level).await;
    let author = wait_for_role(client, "textbox", "Comment for the author").await;
    paste(client, &author, comment).await;
    let pseudonym = wait_for_role(client, "textbox", "Sign as (optional)").await;
    paste(client, &pseudonym, name).await;
    let before = match talkback_e2e::find_by_role(client, "textbox", "Link for the committee").await
    {
        Some(link) => link.prop("value").await.ok().flatten(),
        None => None,
    };
    wait_for_role(client, "button", "Create share link")
        .await
        .click()
        .await
        .expect("create the link");
    wait_until("a new share link", || async {
        let link = talkback_e2e::find_by_role(client, "textbox", "Link for the committee").await?;
        let value = link.prop("value").await.ok().flatten()?;
        (Some(&value) != before.as_ref()).then_some(value)
    })
    .await
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let out = PathBuf::from(std::env::var("SCREENSHOTS_DIR").expect("SCREENSHOTS_DIR"));
    std::fs::create_dir_all(&out).expect("create the screenshots folder");
    let client = browser().await;
    for ((width, height), suffix) in [(DESKTOP, ""), (PHONE, "-phone")] {
        set_window(&client, width, height).await;
        open_app(&client).await;
        client.execute("localStorage.clear()", vec![]).await.ok();
        client.refresh().await.expect("reload");
        load_example(&client, 2).await;
        let mut links = Vec::new();
        for reviewer in REVIEWERS {
            links.push(review_and_share(&client, reviewer).await);
        }
        shoot(&client, &out, &format!("review{suffix}"), "body").await;

        client.goto(&links[0]).await.expect("open the first link");
        wait_for_role(&client, "region", "Feedback").await;
        shoot(&client, &out, &format!("feedback{suffix}"), "body").await;

        let thread = format!(
            "Reviews so far:\n\n{}\n\n> On Tuesday, Ana wrote:\n> {}\n\nAnd: {}\n",
            links[0], links[1], links[2]
        );
        committee_summary(&client, &thread).await;
        // The summary, below the pasted thread.
        shoot(
            &client,
            &out,
            &format!("committee{suffix}"),
            ".committee-counts",
        )
        .await;
    }
    client.close().await.ok();
}
