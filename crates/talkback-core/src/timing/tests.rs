use super::*;

/// One outline line and the length a reader would take from it.
struct LineCase {
    line: &'static str,
    /// Shortest and longest minutes (equal unless a range was written).
    minutes: (f64, f64),
    /// The text a UI would highlight.
    marked: &'static str,
}

const fn case(line: &'static str, low: f64, high: f64, marked: &'static str) -> LineCase {
    LineCase {
        line,
        minutes: (low, high),
        marked,
    }
}

fn minutes(secs: u32) -> f64 {
    f64::from(secs) / 60.0
}

#[test]
fn reads_the_forms_people_write() {
    let cases = [
        case("1. Why async at all? (5 min)", 5.0, 5.0, "5 min"),
        case("- Intro 5m", 5.0, 5.0, "5m"),
        case("- Setup [5']", 5.0, 5.0, "5'"),
        case("- Setup (3’)", 3.0, 3.0, "3’"),
        case("- Patterns 0:05–0:10", 5.0, 5.0, "0:05–0:10"),
        case("* 0:10-0:25 Three patterns", 15.0, 15.0, "0:10-0:25"),
        case("- Demo, 15:00-20:00", 5.0, 5.0, "15:00-20:00"),
        case(
            "- Demo 00:05:00 - 00:12:30",
            7.5,
            7.5,
            "00:05:00 - 00:12:30",
        ),
        case("Context ~5 minutes", 5.0, 5.0, "5 minutes"),
        case("- Live demo: 5-7 min", 5.0, 7.0, "5-7 min"),
        case("- Live demo: 5 – 7 minutes", 5.0, 7.0, "5 – 7 minutes"),
        case("- Q&A (10 mins)", 10.0, 10.0, "10 mins"),
        case("Wrap-up: 2 minutes", 2.0, 2.0, "2 minutes"),
        case("Closing thoughts (5 min.)", 5.0, 5.0, "5 min."),
        case("- A five-minute detour", 5.0, 5.0, "five-minute"),
        case(
            "- Refactoring together, ten minutes",
            10.0,
            10.0,
            "ten minutes",
        ),
        case("Hands-on exercises (1h)", 60.0, 60.0, "1h"),
        case("Exercises: 1h30", 90.0, 90.0, "1h30"),
        case(
            "Exercises: 1 hour 15 minutes",
            75.0,
            75.0,
            "1 hour 15 minutes",
        ),
        case("Part two (1.5 hours)", 90.0, 90.0, "1.5 hours"),
        case("Lightning round (90 sec)", 1.5, 1.5, "90 sec"),
        case("Break - half an hour", 30.0, 30.0, "half an hour"),
        case("3. Two mistakes — 7min", 7.0, 7.0, "7min"),
        case("- Wrap up (2 to 3 min)", 2.0, 3.0, "2 to 3 min"),
        case("**Intro** _(4 minutes)_", 4.0, 4.0, "4 minutes"),
        case("Porting to Python 3.12 (10 min)", 10.0, 10.0, "10 min"),
        case("Build a bot in 5 minutes (12 min)", 12.0, 12.0, "12 min"),
    ];
    for c in &cases {
        let t = line_timing(c.line).unwrap_or_else(|| panic!("no timing in {:?}", c.line));
        let (low, high) = t
            .range_secs(None)
            .unwrap_or_else(|| panic!("no length in {:?}", c.line));
        assert_eq!((minutes(low), minutes(high)), c.minutes, "{:?}", c.line);
        assert_eq!(&c.line[t.span], c.marked, "{:?}", c.line);
    }
}

#[test]
fn numbers_that_are_not_timings() {
    let lines = [
        "Python 3.12",
        "Upgrading to Python 3.12.1",
        "What changed in 2019",
        "Serving 10,000 users",
        "HTTP/2 and HTTP/3",
        "Chapter 3",
        "Scaling to 5m users",
        "Twos complement and 2s complement",
        "PEP 8, PEP 20 and PEP 484",
        "Top 10 mistakes",
        "In the 90's we wrote Perl",
        "Ratio 16:9 screens",
        "Take the 30-minute version if the slot is short",
        "Build a web app in 30 minutes",
        "Run the job every 10 minutes",
        "John 3:16",
        "1. Introduction",
        "- Step 2",
    ];
    for line in lines {
        let t = line_timing(line).filter(|t| !matches!(t.kind, TimingKind::Bare { .. }));
        assert_eq!(t, None, "{line:?} read as a timing");
    }
}

#[test]
fn bare_trailing_numbers_count_only_when_the_outline_uses_them() {
    let outline = "- Intro - 5\n- Patterns - 15\n- Mistakes - 5";
    assert_eq!(outline_timing(outline, 0, Some(30)).total_minutes(), 25);
    let one = "- Intro (5 min)\n- Upgrading to version - 3";
    assert_eq!(outline_timing(one, 0, Some(30)).total_minutes(), 5);
    assert_eq!(
        line_timing("Intro (5)").map(|t| t.kind),
        Some(TimingKind::Bare { minutes: 5 })
    );
}

#[test]
fn sums_an_outline_for_a_30_minute_slot() {
    let over = "1. Why async (10 min)\n2. Patterns (20 min)\n3. Mistakes (10 min)";
    let t = outline_timing(over, 100, Some(30));
    assert_eq!(t.total_minutes(), 40);
    assert_eq!(t.items.len(), 3);
    assert_eq!(t.items[0].span, 100 + 14..100 + 20);
    let fixed = "1. Why async (5 min)\n2. Patterns (15 min)\n3. Mistakes (5 min)";
    assert_eq!(outline_timing(fixed, 0, Some(30)).total_minutes(), 25);
}

#[test]
fn nested_items_do_not_count_twice() {
    let outline = "\
- Part 1: basics (15 min)
  - lists (5 min)
  - dicts (10 min)
- Part 2: untimed
  - sets (4 min)
  - tuples (6 min)
### Part 3 (5 min)
- recap (2 min)
- questions (3 min)";
    let t = outline_timing(outline, 0, Some(30));
    assert_eq!(t.total_minutes(), 30);
    let counted: Vec<bool> = t.items.iter().map(|i| i.counted).collect();
    assert_eq!(
        counted,
        [true, false, false, true, true, true, false, false]
    );
    // The questions item sits under a timed heading: not counted itself.
    assert!(!t.plans_questions());
}

#[test]
fn clock_stamps_add_their_spread() {
    let outline = "0:00 Welcome\n0:05 Setup\n0:20 Exercises\n0:40 Wrap-up";
    assert_eq!(outline_timing(outline, 0, Some(45)).total_minutes(), 40);
    let wall_clock = "9:00 Welcome\n9:15 Setup\n10:30 Break\n11:00 Exercises";
    assert_eq!(
        outline_timing(wall_clock, 0, Some(180)).total_minutes(),
        120
    );
    let minutes_seconds = "00:00 Intro\n05:00 Demo\n20:00 Wrap-up";
    assert_eq!(
        outline_timing(minutes_seconds, 0, Some(30)).total_minutes(),
        20
    );
}

#[test]
fn a_clock_range_longer_than_the_slot_is_minutes_and_seconds() {
    let outline = "- 10:00-12:00 Demo";
    assert_eq!(outline_timing(outline, 0, Some(30)).total_minutes(), 2);
    assert_eq!(outline_timing(outline, 0, Some(180)).total_minutes(), 120);
}

#[test]
fn never_panics_on_odd_text() {
    let odd = [
        "",
        "0",
        "9:",
        "9:9",
        "1h",
        "h1",
        "—5 min",
        "5–",
        "½ min",
        "٥ دقائق",
        "(5)",
        "[]",
        "- - 5",
        "99999999999 minutes",
        "1.5.5 min",
        "0 min",
        "5 min\u{301}",
        "é5m",
    ];
    for s in odd {
        let _ = line_timing(s);
        let _ = outline_timing(s, 0, None);
    }
    let mut deep = String::new();
    for i in 0..300 {
        deep.push_str(&" ".repeat(i));
        deep.push_str("- item (1 min)\n");
    }
    assert!(outline_timing(&deep, 0, None).total_minutes() > 0);
}

/// Issue 15: the outline and the duration field share one unit table, so every
/// spelling one reads the other reads too ("minut" once failed in an outline).
#[test]
fn outline_and_duration_field_read_the_same_unit_spellings() {
    let minutes = [
        "min", "mins", "minute", "minutes", "mn", "mnt", "mnts", "minut", "Minut", "minuty",
        "minuten", "minuto", "minutos", "minuti",
    ];
    for unit in minutes {
        let line = format!("- Intro (5 {unit})");
        let t = line_timing(&line).unwrap_or_else(|| panic!("no timing in {line:?}"));
        assert_eq!(
            t.kind,
            TimingKind::Length {
                low_secs: 300,
                high_secs: 300
            },
            "{line}"
        );
        let p = crate::proposal::parse(&format!("Duration: 5 {unit}\n"));
        assert_eq!(p.duration_minutes(), Some(5), "Duration: 5 {unit}");
        let outline = format!("## Outline\n\n- Intro (10 {unit})\n- Demo (20 {unit})\n");
        assert_eq!(
            outline_timing(&outline, 0, Some(30)).items.len(),
            2,
            "{outline}"
        );
    }
    for unit in [
        "h", "hr", "hour", "godzina", "godziny", "stunde", "hora", "heure",
    ] {
        // Single letters are read only glued to their number (`1h`).
        let sep = if unit.len() == 1 { "" } else { " " };
        let line = format!("- Workshop (1{sep}{unit})");
        let t = line_timing(&line).unwrap_or_else(|| panic!("no timing in {line:?}"));
        assert_eq!(
            t.kind,
            TimingKind::Length {
                low_secs: 3600,
                high_secs: 3600
            },
            "{line}"
        );
        let p = crate::proposal::parse(&format!("Duration: 1 {unit}\n"));
        assert_eq!(p.duration_minutes(), Some(60), "Duration: 1 {unit}");
    }
}

/// Issue 16, class 5: the outline forms real drafts use, each summed as a
/// reader would: running totals count each part once, ranges give a low and
/// a high total, both-slot parts count their long-slot length.
#[test]
fn running_totals_ranges_and_both_slot_parts() {
    let sum = |text: &str, slot| {
        let t = outline_timing(text, 0, Some(slot));
        (t.total_minutes(), t.total_high_secs / 60)
    };
    // A running total after each part is not a part.
    assert_eq!(
        sum(
            "- Intro (5 min, total 5)\n- Generators (10 min, total 15)\n\
             - Pipelines (10 min, total 25)\n- Questions (5 min, total 30)\n",
            30
        ),
        (30, 30)
    );
    // Clock stamps: the spread from the first to the last.
    assert_eq!(
        sum(
            "0:00 Intro\n0:05 Generators\n0:15 Pipelines\n0:25 Questions\n",
            30
        )
        .0,
        25
    );
    // Ranges: 5–7 + 15–20 + 5.
    assert_eq!(
        sum(
            "- Intro (5–7 min)\n- Body (15-20 min)\n- Questions (5 min)\n",
            30
        ),
        (25, 32)
    );
    // Both slots on each part, in brackets or sharing one unit: the long slot counts.
    assert_eq!(
        sum(
            "- Intro [10m / 5m]\n- Body [25m / 20m]\n- Questions [10m / 5m]\n",
            45
        )
        .0,
        45
    );
    let shared = "- Intro (10 / 5 min)\n- Body (25 / 20 min)\n- Q&A (10 / 5 min)\n";
    assert_eq!(sum(shared, 45).0, 45);
    let t = outline_timing(shared, 0, Some(45));
    assert_eq!(&shared[t.items[2].span.clone()], "10 / 5 min");
    // Order does not matter, and a number glued to a word is not a slot.
    assert_eq!(sum("- Intro (5 / 10 min)\n", 45).0, 10);
    assert_eq!(
        line_timing("- Python3 / 5 min").and_then(|t| t.seconds()),
        Some(300)
    );
}
