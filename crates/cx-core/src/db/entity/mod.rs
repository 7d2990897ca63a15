//! sea-orm 2 entities, one file per table. Enums are stored as snake_case text so the database
//! stays readable and portable to PostgreSQL.

pub mod agent;
pub mod agent_password;
pub mod audit_log;
pub mod canned_response;
pub mod customer;
pub mod customer_profile;
pub mod enums;
pub mod message;
pub mod order;
pub mod pending_action;
pub mod session;
pub mod session_insight;
pub mod ticket;
pub mod verification_failure;
pub mod verification_lock;

pub use enums::*;
