//! What the engine keeps of a session between its turns, so that a turn costs the same at turn
//! 200 as at turn 5: the model's chat history, the claim ledger's facts, the earlier customer
//! lines (for the repeat check), the recent customer moods and the system prompt. It is brought up
//! to date from the messages stored since it last read (`seq` > `last_seq`), whoever wrote them —
//! an agent in the workspace, another process on the same database — so it is never the source of
//! truth, only a cache of what the database says.

use std::collections::{HashMap, VecDeque};
use std::sync::Arc;

use cx_llm::ChatMessage;
use tokio::sync::Mutex;

use super::converse::add_row_facts;
use super::transcript::chat_history;
use crate::db::entity::{MessageRole, message};
use crate::error::Result;
use crate::escalation::grounding::Facts;
use crate::escalation::repeat::Prepared;
use crate::sessions;

/// How many sessions are remembered at once; the least recently used is forgotten first.
const SESSIONS_KEPT: usize = 2048;
/// Customer messages kept for the mood trend (the rule looks at a handful).
const MOODS_KEPT: usize = 16;

/// One session's derived state.
#[derive(Default)]
pub(super) struct SessionMemory {
    /// The last message (by `seq`) this memory has taken in.
    pub last_seq: i32,
    pub chat: Vec<ChatMessage>,
    pub facts: Facts,
    /// Earlier customer lines, with their message ids, prepared for the repeat check.
    pub customer_lines: Vec<(i64, Prepared)>,
    /// The latest customer messages, oldest first, for the sentiment trend.
    pub recent_customer: VecDeque<message::Model>,
    /// The prompt, for the tone and verified customer it was built for.
    pub prompt: Option<(String, Option<i64>, super::prompt::Prompt)>,
}

impl SessionMemory {
    /// Takes in the messages stored after `last_seq`.
    pub async fn catch_up(
        &mut self,
        db: &sea_orm::DatabaseConnection,
        session_id: i64,
    ) -> Result<()> {
        let rows = sessions::messages_after(db, session_id, self.last_seq).await?;
        self.take_in(&rows, true);
        Ok(())
    }

    /// Takes in the customer message this turn has just stored, reading the database only when
    /// something else was stored since this memory last read.
    pub async fn catch_up_to(
        &mut self,
        db: &sea_orm::DatabaseConnection,
        stored: &message::Model,
    ) -> Result<()> {
        if stored.seq == self.last_seq + 1 {
            self.take_in(std::slice::from_ref(stored), true);
            return Ok(());
        }
        self.catch_up(db, stored.session_id).await
    }

    /// Takes in the rows this turn stored after its customer message, when nothing else came in
    /// between (otherwise the next catch-up reads them). Their tool results are among the facts
    /// already: the conversation learned them under the same call ids.
    pub fn take_own(&mut self, rows: &[message::Model]) {
        let next = self.last_seq + 1;
        if rows.iter().zip(next..).all(|(m, seq)| m.seq == seq) {
            self.take_in(rows, false);
        }
    }

    fn take_in(&mut self, rows: &[message::Model], learn_tools: bool) {
        let Some(last) = rows.last() else {
            return;
        };
        self.last_seq = last.seq;
        self.chat.extend(chat_history(rows));
        for m in rows {
            if learn_tools || m.role != MessageRole::Tool {
                add_row_facts(&mut self.facts, m);
            }
            if m.role == MessageRole::Customer {
                self.customer_lines.push((m.id, Prepared::new(&m.content)));
                if self.recent_customer.len() == MOODS_KEPT {
                    self.recent_customer.pop_front();
                }
                self.recent_customer.push_back(m.clone());
            }
        }
    }
}

/// The engine's memories, one per session, each behind its own lock: a session's turns run one
/// at a time, different sessions' in parallel.
#[derive(Clone, Default)]
pub(super) struct Memories {
    inner: Arc<std::sync::Mutex<Lru>>,
}

#[derive(Default)]
struct Lru {
    map: HashMap<i64, (u64, Arc<Mutex<SessionMemory>>)>,
    clock: u64,
}

impl Memories {
    /// The session's memory (new and empty the first time).
    pub fn of(&self, session_id: i64) -> Arc<Mutex<SessionMemory>> {
        let mut lru = match self.inner.lock() {
            Ok(g) => g,
            Err(poisoned) => poisoned.into_inner(),
        };
        lru.clock += 1;
        let now = lru.clock;
        if !lru.map.contains_key(&session_id) && lru.map.len() >= SESSIONS_KEPT {
            let oldest = lru.map.iter().min_by_key(|(_, (t, _))| *t).map(|(k, _)| *k);
            if let Some(k) = oldest {
                lru.map.remove(&k);
            }
        }
        let entry = lru.map.entry(session_id).or_default();
        entry.0 = now;
        entry.1.clone()
    }

    /// Forget a session (closed, or its memory may no longer match the database).
    pub fn forget(&self, session_id: i64) {
        let mut lru = match self.inner.lock() {
            Ok(g) => g,
            Err(poisoned) => poisoned.into_inner(),
        };
        lru.map.remove(&session_id);
    }
}
