//! The committee page's reducer: how a paste's links are read, on the page and in the
//! decoding worker, as plain state transitions. It holds no worker, timer or cache: each
//! [`ReaderEvent`] gives back the [`ReaderEffect`]s the page then carries out, in order
//! (post to the worker, start a clock, read links here, keep the worker's results, stop
//! the worker, show a paste's summary). So the whole protocol is tested natively: worker
//! answers, nonsense, errors, a silent worker, a paste while links are in flight, no
//! worker at all.

#![deny(clippy::wildcard_enum_match_arm)]

use talkback_core::link::LinkError;

/// Below this many new links a paste is read on the main thread alone: sending them to
/// the worker would cost more than it saves.
pub const OFF_THREAD_FROM: usize = 4;

/// What the worker made of each link of a request, in order.
pub type Unpacked = Vec<Result<Vec<u8>, LinkError>>;

/// Something that happened.
#[derive(Debug, Clone, PartialEq)]
pub enum ReaderEvent {
    /// The decoding worker started (it may still fail later).
    WorkerStarted,
    /// The user pasted `text`; `unread` are its links not read yet (per the page's cache).
    Pasted {
        /// The whole text of the textbox.
        text: String,
        /// Its links the cache does not hold yet, in order, without repeats.
        unread: Vec<String>,
    },
    /// The worker answered request `id`; `None` when the answer was not a batch of results.
    Answered {
        /// The request number.
        id: u32,
        /// What it made of the links, if the answer could be read.
        results: Option<Unpacked>,
    },
    /// The worker reported an error, or a message could not be posted to it.
    WorkerFailed,
    /// Request `id` has waited its whole patience.
    TimedOut {
        /// The request number.
        id: u32,
    },
}

/// Something the page must do, in the order given.
#[derive(Debug, Clone, PartialEq)]
pub enum ReaderEffect {
    /// Post these links to the worker as request `id`.
    Post {
        /// The request number.
        id: u32,
        /// The links.
        links: Vec<String>,
    },
    /// Start request `id`'s patience once the page's current task is over.
    StartClock {
        /// The request number.
        id: u32,
    },
    /// Read these links on the page, into the cache.
    ReadHere(Vec<String>),
    /// Keep what the worker made of these links in the cache.
    Keep(Vec<(String, Result<Vec<u8>, LinkError>)>),
    /// Stop the worker; every later paste is read on the page.
    StopWorker,
    /// Summarise this text (all its links are read or will be read as it is summarised).
    Show(String),
}

/// A request the worker has not answered yet.
#[derive(Debug, Clone, PartialEq)]
struct Request {
    id: u32,
    links: Vec<String>,
}

/// Where the reading of the pastes stands.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Reader {
    /// Whether a worker is running and usable.
    worker: bool,
    /// The number of the last request.
    last_id: u32,
    /// Requests waiting for the worker.
    requests: Vec<Request>,
    /// The latest paste and its links that were unread when it came.
    latest: String,
    latest_unread: Vec<String>,
}

impl Reader {
    /// Whether any link of the latest paste waits on the worker.
    pub fn waiting(&self) -> bool {
        self.latest_unread.iter().any(|l| self.in_flight(l))
    }

    fn in_flight(&self, link: &str) -> bool {
        self.requests
            .iter()
            .any(|r| r.links.iter().any(|l| l == link))
    }

    /// The latest paste, if none of its links waits on the worker.
    fn show_if_read(&self, effects: &mut Vec<ReaderEffect>) {
        if !self.waiting() {
            effects.push(ReaderEffect::Show(self.latest.clone()));
        }
    }

    /// The worker is gone: stop it, read every waiting link here, show the latest paste.
    fn give_up_on_worker(&mut self, effects: &mut Vec<ReaderEffect>) {
        if self.worker {
            effects.push(ReaderEffect::StopWorker);
        }
        self.worker = false;
        for request in self.requests.drain(..) {
            effects.push(ReaderEffect::ReadHere(request.links));
        }
        self.show_if_read(effects);
    }

    /// Applies `event`; returns what the page must do.
    pub fn reduce(&mut self, event: ReaderEvent) -> Vec<ReaderEffect> {
        let mut effects = Vec::new();
        match event {
            ReaderEvent::WorkerStarted => self.worker = true,
            ReaderEvent::Pasted { text, unread } => {
                // Links already on their way back from the worker are not sent again;
                // the summary waits for them.
                let fresh: Vec<String> = unread
                    .iter()
                    .filter(|l| !self.in_flight(l))
                    .cloned()
                    .collect();
                self.latest = text;
                self.latest_unread = unread;
                if self.worker && fresh.len() >= OFF_THREAD_FROM {
                    // Half to the worker, half read here meanwhile; shown when both are in.
                    let mut theirs = fresh;
                    let ours = theirs.split_off(theirs.len() / 2);
                    self.last_id = self.last_id.wrapping_add(1);
                    let id = self.last_id;
                    self.requests.push(Request {
                        id,
                        links: theirs.clone(),
                    });
                    effects.push(ReaderEffect::Post { id, links: theirs });
                    effects.push(ReaderEffect::ReadHere(ours));
                    effects.push(ReaderEffect::StartClock { id });
                } else {
                    // Read as it is summarised, unless some wait on the worker.
                    self.show_if_read(&mut effects);
                }
            }
            ReaderEvent::Answered { id, results } => {
                let Some(at) = self.requests.iter().position(|r| r.id == id) else {
                    // Late (already read here) or unknown: nothing to do.
                    return effects;
                };
                let request = self.requests.remove(at);
                if let Some(results) = results.filter(|r| r.len() == request.links.len()) {
                    effects.push(ReaderEffect::Keep(
                        request.links.into_iter().zip(results).collect(),
                    ));
                    self.show_if_read(&mut effects);
                } else {
                    // An answer that does not fit: read them here, and the rest too,
                    // without the worker.
                    effects.push(ReaderEffect::ReadHere(request.links));
                    self.give_up_on_worker(&mut effects);
                }
            }
            ReaderEvent::WorkerFailed => self.give_up_on_worker(&mut effects),
            ReaderEvent::TimedOut { id } => {
                if self.requests.iter().any(|r| r.id == id) {
                    self.give_up_on_worker(&mut effects);
                }
            }
        }
        effects
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn links(n: usize) -> Vec<String> {
        (0..n).map(|i| format!("https://t.test/#link{i}")).collect()
    }

    fn pasted(text: &str, unread: &[String]) -> ReaderEvent {
        ReaderEvent::Pasted {
            text: text.into(),
            unread: unread.to_vec(),
        }
    }

    fn started() -> Reader {
        let mut reader = Reader::default();
        assert!(reader.reduce(ReaderEvent::WorkerStarted).is_empty());
        reader
    }

    fn show(text: &str) -> ReaderEffect {
        ReaderEffect::Show(text.into())
    }

    #[test]
    fn a_big_paste_is_split_between_worker_and_page_and_shown_when_the_worker_answers() {
        let mut reader = started();
        let all = links(6);
        let effects = reader.reduce(pasted("six", &all));
        assert_eq!(
            effects,
            vec![
                ReaderEffect::Post {
                    id: 1,
                    links: all[..3].to_vec()
                },
                ReaderEffect::ReadHere(all[3..].to_vec()),
                ReaderEffect::StartClock { id: 1 },
            ],
            "not shown before the worker's half is in"
        );
        assert!(reader.waiting());
        let results: Unpacked = vec![
            Ok(vec![1]),
            Ok(vec![2]),
            Err(talkback_core::link::unpack("").expect_err("no payload")),
        ];
        let effects = reader.reduce(ReaderEvent::Answered {
            id: 1,
            results: Some(results.clone()),
        });
        assert_eq!(
            effects,
            vec![
                ReaderEffect::Keep(all[..3].iter().cloned().zip(results).collect()),
                show("six"),
            ]
        );
        assert!(!reader.waiting());
    }

    #[test]
    fn a_small_paste_or_no_worker_is_read_on_the_page() {
        let mut reader = started();
        assert_eq!(
            reader.reduce(pasted("three", &links(3))),
            vec![show("three")]
        );
        let mut without = Reader::default();
        assert_eq!(
            without.reduce(pasted("many", &links(40))),
            vec![show("many")]
        );
    }

    #[test]
    fn a_paste_while_links_are_in_flight_waits_for_them_and_does_not_resend_them() {
        let mut reader = started();
        let all = links(8);
        reader.reduce(pasted("first", &all));
        // The user adds a line: the page read its half already, the worker's half is
        // still unread, and two links are new.
        let mut more = all[..4].to_vec();
        more.extend(links(10)[8..].iter().cloned());
        let effects = reader.reduce(pasted("first and more", &more));
        assert!(
            effects
                .iter()
                .all(|e| !matches!(e, ReaderEffect::Post { .. } | ReaderEffect::Show(_))),
            "the in-flight links are not sent again and the paste waits: {effects:?}"
        );
        let effects = reader.reduce(ReaderEvent::Answered {
            id: 1,
            results: Some(vec![Ok(vec![0]); 4]),
        });
        assert_eq!(
            effects.last(),
            Some(&show("first and more")),
            "the latest paste, not the first"
        );
        assert!(!effects.contains(&show("first")));
    }

    #[test]
    fn nonsense_from_the_worker_is_read_here_and_the_worker_stopped() {
        let mut reader = started();
        let all = links(4);
        reader.reduce(pasted("four", &all));
        for results in [None, Some(vec![Ok(vec![0])])] {
            let mut reader = reader.clone();
            let effects = reader.reduce(ReaderEvent::Answered { id: 1, results });
            assert_eq!(
                effects,
                vec![
                    ReaderEffect::ReadHere(all[..2].to_vec()),
                    ReaderEffect::StopWorker,
                    show("four"),
                ]
            );
            // Later pastes are read on the page alone.
            assert_eq!(
                reader.reduce(pasted("again", &links(20))),
                vec![show("again")]
            );
        }
    }

    #[test]
    fn a_silent_worker_times_out_and_its_links_are_read_here() {
        let mut reader = started();
        let all = links(4);
        reader.reduce(pasted("four", &all));
        assert!(
            reader.reduce(ReaderEvent::TimedOut { id: 7 }).is_empty(),
            "unknown request"
        );
        let effects = reader.reduce(ReaderEvent::TimedOut { id: 1 });
        assert_eq!(
            effects,
            vec![
                ReaderEffect::StopWorker,
                ReaderEffect::ReadHere(all[..2].to_vec()),
                show("four"),
            ]
        );
        // Its answer, if it comes after all, changes nothing.
        assert!(reader
            .reduce(ReaderEvent::Answered {
                id: 1,
                results: Some(vec![Ok(vec![0]); 2]),
            })
            .is_empty());
    }

    #[test]
    fn a_worker_error_reads_every_waiting_request_here() {
        let mut reader = started();
        reader.reduce(pasted("a", &links(4)));
        reader.reduce(pasted("b", &links(12)));
        let effects = reader.reduce(ReaderEvent::WorkerFailed);
        assert_eq!(
            effects,
            vec![
                ReaderEffect::StopWorker,
                ReaderEffect::ReadHere(links(4)[..2].to_vec()),
                ReaderEffect::ReadHere(links(12)[2..7].to_vec()),
                show("b"),
            ]
        );
        assert!(!reader.waiting());
    }
}
