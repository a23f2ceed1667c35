//! Conversations and messages. The client sends and lists the API's encrypted fields; it never
//! sees a plaintext: encryption and decryption are gx-crypto's, on the caller's side.

use futures_util::stream::Stream;
use gx_api::messaging::{
    ConversationDto, ConversationType, CreateConversation, Envelope, MessageDto, MessageType,
    SendMessage,
};
use gx_api::paths;
use gx_crypto::EncryptedMessage;

use crate::client::Call;
use crate::paging::paged;
use crate::{Client, ClientError};

/// Messages are listed this many at a time.
const PAGE: u32 = 100;

/// Builds the body of a message from gx-crypto's encrypted message.
///
/// ```
/// use gx_crypto::{Account, EscrowPolicy, OsRng, Session};
/// let alice = Account::new(&mut OsRng);
/// let mut bob = Account::new(&mut OsRng);
/// let index = bob.generate_one_time_prekeys(1, &mut OsRng)?[0];
/// let mut session =
///     Session::initiate(&alice, &bob.prekey_bundle(Some(index)).unwrap(), EscrowPolicy::None, &mut OsRng)?;
/// let body = gx_client::outgoing(&session.encrypt(b"hi", &mut OsRng)?, Some("c-1"));
/// assert_eq!(body.client_message_id.as_deref(), Some("c-1"));
/// # Ok::<(), gx_crypto::E2eError>(())
/// ```
pub fn outgoing(message: &EncryptedMessage, client_message_id: Option<&str>) -> SendMessage {
    let fields = message.to_fields();
    SendMessage {
        conversation_id: None,
        kind: MessageType::Text,
        encrypted_content: fields.encrypted_content,
        content_nonce: fields.content_nonce,
        encryption_key_id: fields.encryption_key_id,
        reply_to_message_id: None,
        linked_transaction_id: None,
        client_message_id: client_message_id.map(str::to_owned),
    }
}

impl Client {
    /// The direct conversation with `profile_id` (the same one each time for the same pair).
    ///
    /// # Errors
    /// `CLIENT_NOT_LOGGED_IN`, the server's refusal (an unknown user), or no answer.
    pub async fn direct_conversation(
        &self,
        profile_id: &str,
    ) -> Result<ConversationDto, ClientError> {
        let body = CreateConversation {
            kind: ConversationType::Direct,
            participant_ids: vec![profile_id.to_owned()],
            name: None,
            linked_transaction_id: None,
        };
        let path = paths::conversations();
        // A pair has one direct conversation: asking twice gives the same one.
        let answer: Envelope<ConversationDto> =
            self.json(Call::post(&path, &body).safe_to_repeat()).await?;
        Ok(answer.data)
    }

    /// One page of the caller's conversations, most recent first.
    ///
    /// # Errors
    /// `CLIENT_NOT_LOGGED_IN`, the server's refusal, or no answer.
    pub async fn conversations(
        &self,
        limit: u32,
        offset: u64,
    ) -> Result<Vec<ConversationDto>, ClientError> {
        let path = paths::conversations();
        let query = [("limit", limit.to_string()), ("offset", offset.to_string())];
        let answer: Envelope<Vec<ConversationDto>> =
            self.json(Call::get(&path).query(&query)).await?;
        Ok(answer.data)
    }

    /// One conversation the caller takes part in.
    ///
    /// # Errors
    /// `404` when it does not exist or the caller is not in it, or no answer.
    pub async fn conversation(
        &self,
        conversation_id: &str,
    ) -> Result<ConversationDto, ClientError> {
        let path = paths::conversation(conversation_id);
        let answer: Envelope<ConversationDto> = self.json(Call::get(&path)).await?;
        Ok(answer.data)
    }

    /// Sends an encrypted message (see [`outgoing`]) to a conversation over REST; the server
    /// stores it and delivers it to every online participant, queueing it for the others.
    ///
    /// # Errors
    /// `NOT_PARTICIPANT`, `MESSAGE_TOO_LARGE`, …, or no answer (not retried: a retry could
    /// deliver the message twice).
    pub async fn send_message(
        &self,
        conversation_id: &str,
        message: &SendMessage,
    ) -> Result<MessageDto, ClientError> {
        let path = paths::conversation_messages(conversation_id);
        let answer: Envelope<MessageDto> = self.json(Call::post(&path, message)).await?;
        Ok(answer.data)
    }

    /// One page of a conversation's messages, newest first, and the cursor of the next page.
    ///
    /// # Errors
    /// `404` when the caller is not in the conversation, or no answer.
    pub async fn messages_page(
        &self,
        conversation_id: &str,
        limit: u32,
        cursor: Option<&str>,
    ) -> Result<(Vec<MessageDto>, Option<String>), ClientError> {
        let path = paths::conversation_messages(conversation_id);
        let mut query = vec![("limit", limit.to_string())];
        if let Some(cursor) = cursor {
            query.push(("cursor", cursor.to_owned()));
        }
        let answer: Envelope<Vec<MessageDto>> = self.json(Call::get(&path).query(&query)).await?;
        let next = answer
            .pagination
            .filter(|p| p.has_more)
            .and_then(|p| p.cursor);
        Ok((answer.data, next))
    }

    /// Every message of a conversation, newest first, a page at a time as the stream is read.
    /// (Decrypt pairwise messages oldest first: reverse what you collected.)
    pub fn messages<'a>(
        &'a self,
        conversation_id: &'a str,
    ) -> impl Stream<Item = Result<MessageDto, ClientError>> + 'a {
        paged(None, move |cursor: Option<String>| async move {
            let (page, next) = self
                .messages_page(conversation_id, PAGE, cursor.as_deref())
                .await?;
            Ok((page, next.map(Some)))
        })
    }
}
