//! One writer thread owns the store; requests reach it as jobs and are committed in groups.
//!
//! SQLite allows one writer at a time, and every rule of the ledger needs a consistent view,
//! so all jobs run on one thread, in order. The thread takes every job waiting (up to
//! [`MAX_BATCH`]), runs each inside its own savepoint (a job that fails leaves nothing behind)
//! and commits them together: one fsync for the group (group commit). Replies are sent only
//! after the commit, so a 2xx means the change is on disk. Serial execution is also what makes
//! a Q Send paid once and a prekey handed out once: two racing requests are two jobs, one after
//! the other.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::mpsc;
use std::thread;

use gx_api::ApiError;
use tokio::sync::oneshot;

use crate::problem::internal;
use crate::store::Store;

/// The most jobs committed together.
pub const MAX_BATCH: usize = 512;

type Reply = Box<dyn FnOnce(Option<ApiError>) + Send>;
type Job = Box<dyn FnOnce(&mut Store) -> (bool, Reply) + Send>;

/// A handle to the writer thread; cheap to clone.
#[derive(Clone)]
pub struct Db {
    jobs: mpsc::Sender<Job>,
}

impl Db {
    /// Starts the writer thread over `store`.
    pub fn start(store: Store) -> Db {
        let (jobs, inbox) = mpsc::channel::<Job>();
        thread::Builder::new()
            .name("gx-devnet-store".into())
            .spawn(move || run(store, &inbox))
            .expect("the store thread starts");
        Db { jobs }
    }

    /// Runs `f` on the store in a transaction; its result is returned once committed.
    pub async fn call<R, F>(&self, f: F) -> Result<R, ApiError>
    where
        R: Send + 'static,
        F: FnOnce(&mut Store) -> Result<R, ApiError> + Send + 'static,
    {
        let (tx, rx) = oneshot::channel();
        let job: Job = Box::new(move |store: &mut Store| {
            let result = catch_unwind(AssertUnwindSafe(|| f(store)))
                .unwrap_or_else(|_| Err(internal("the request failed inside the sandbox")));
            let ok = result.is_ok();
            let reply: Reply = Box::new(move |commit_error: Option<ApiError>| {
                let outcome = match commit_error {
                    Some(e) => Err(e),
                    None => result,
                };
                let _ = tx.send(outcome);
            });
            (ok, reply)
        });
        self.jobs
            .send(job)
            .map_err(|_| internal("the sandbox's store has stopped"))?;
        rx.await
            .map_err(|_| internal("the sandbox's store could not run the request"))?
    }
}

fn run(mut store: Store, inbox: &mpsc::Receiver<Job>) {
    while let Ok(first) = inbox.recv() {
        let mut batch = vec![first];
        while batch.len() < MAX_BATCH {
            match inbox.try_recv() {
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        let mut replies = Vec::with_capacity(batch.len());
        if store.begin().is_err() {
            // The callers see their reply channel close: a 500 naming the store.
            continue;
        }
        for job in batch {
            let savepoint = store.savepoint();
            let (ok, reply) = job(&mut store);
            let ended = if ok {
                store.release(savepoint)
            } else {
                store.rollback_to(savepoint)
            };
            if let Err(e) = ended {
                store.mark_poisoned(&e);
            }
            replies.push(reply);
        }
        let commit_error = store.commit_or_recover();
        for reply in replies {
            reply(commit_error.clone());
        }
    }
}
