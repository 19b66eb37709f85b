//! `cargo xtask screenshots`: the README's pictures of each view, taken from the real
//! release site in headless Chromium. Writes PNGs to `SCREENSHOTS_DIR`.

use std::path::PathBuf;

use talkback_e2e::fantoccini::Locator;
use talkback_e2e::{browser, open_app, wait_for_role};

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let out = PathBuf::from(std::env::var("SCREENSHOTS_DIR").expect("SCREENSHOTS_DIR"));
    std::fs::create_dir_all(&out).expect("create the screenshots folder");
    let client = browser().await;
    for (width, height, name) in [(1600, 1000, "review"), (375, 812, "review-phone")] {
        client
            .set_window_size(width, height)
            .await
            .expect("window size");
        open_app(&client).await;
        client.execute("localStorage.clear()", vec![]).await.ok();
        client.refresh().await.expect("reload");
        let picker = wait_for_role(&client, "combobox", "Try an example").await;
        picker.select_by_index(2).await.expect("pick an example");
        // Score a little, so the panel shows a total.
        if let Ok(radio) = client
            .find(Locator::Css("input[name=crit-0][value='1']"))
            .await
        {
            radio.click().await.ok();
        }
        let png = client.screenshot().await.expect("screenshot");
        std::fs::write(out.join(format!("{name}.png")), png).expect("write the screenshot");
        println!("wrote {}", out.join(format!("{name}.png")).display());
    }
    client.close().await.ok();
}
