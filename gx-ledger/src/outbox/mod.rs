//! The transactional outbox: commands the backend queues for the chain, their life cycle and
//! their chaincode calls.

mod command;
mod status;

pub use command::{ChaincodeCall, CommandPayload, CommandType, TOKENOMICS_CONTRACT};
pub use status::{CommandStatus, OutboxCommand, OutboxError, RetryPolicy};
