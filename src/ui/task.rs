//! Slow work off the UI thread (native file dialogs, exports): a closure runs on its own thread, the
//! window keeps drawing, and the result is collected on a later frame.

use std::sync::mpsc::{Receiver, TryRecvError, channel};

/// The thread of a task ended without a result (it panicked).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Lost;

/// A closure running on its own thread; its result is polled once per frame.
pub struct Task<T> {
    receiver: Receiver<T>,
}

impl<T: Send + 'static> Task<T> {
    /// Runs `work` on a new thread and asks for a repaint when it is done, so the result is picked up
    /// even when nothing else moves.
    pub fn spawn(ctx: &egui::Context, work: impl FnOnce() -> T + Send + 'static) -> Task<T> {
        let (sender, receiver) = channel();
        let ctx = ctx.clone();
        std::thread::spawn(move || {
            // The receiver is gone only when the app dropped the task; nobody waits for the result.
            let _ = sender.send(work());
            ctx.request_repaint();
        });
        Task { receiver }
    }
}

impl<T> Task<T> {
    /// The result, once; `Err(Lost)` when the thread ended without one (it panicked).
    pub fn poll(&self) -> Option<Result<T, Lost>> {
        match self.receiver.try_recv() {
            Ok(result) => Some(Ok(result)),
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => Some(Err(Lost)),
        }
    }
}

/// At most one task of a kind (one file dialog, one export) and what it returns.
pub struct Slot<T> {
    task: Option<Task<T>>,
}

impl<T> Default for Slot<T> {
    fn default() -> Slot<T> {
        Slot { task: None }
    }
}

impl<T: Send + 'static> Slot<T> {
    pub fn is_running(&self) -> bool {
        self.task.is_some()
    }

    /// Starts `work` unless a task is already running in this slot; returns whether it started.
    pub fn start(
        &mut self,
        ctx: &egui::Context,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> bool {
        if self.task.is_some() {
            return false;
        }
        self.task = Some(Task::spawn(ctx, work));
        true
    }

    /// The finished task's result; the slot is free again afterwards.
    pub fn poll(&mut self) -> Option<Result<T, Lost>> {
        let result = self.task.as_ref()?.poll()?;
        self.task = None;
        Some(result)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_slot_runs_one_task_and_hands_back_its_result() {
        let ctx = egui::Context::default();
        let mut slot = Slot::default();
        assert!(slot.start(&ctx, || 41 + 1));
        assert!(!slot.start(&ctx, || 0), "one task at a time");
        let mut result = None;
        for _ in 0..500 {
            result = slot.poll();
            if result.is_some() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(2));
        }
        assert_eq!(result, Some(Ok(42)));
        assert!(!slot.is_running());
    }

    #[test]
    fn a_task_that_panics_reports_no_result() {
        let ctx = egui::Context::default();
        let task: Task<u8> = Task::spawn(&ctx, || panic!("the dialog crashed"));
        let mut result = None;
        for _ in 0..500 {
            result = task.poll();
            if result.is_some() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(2));
        }
        assert_eq!(result, Some(Err(Lost)));
    }
}
