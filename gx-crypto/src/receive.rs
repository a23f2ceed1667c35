//! Which session a pairwise envelope belongs to: the one rule every receiving client needs,
//! so a service, the CLI and an app route incoming messages the same way.

use crate::envelope::Envelope;
use crate::error::{E2eError, Result};
use crate::escrow::EscrowPolicy;
use crate::{Account, Session};

/// What [`Account::receive`] did with a pairwise envelope.
#[derive(Debug)]
#[non_exhaustive]
pub enum Received {
    /// It belonged to the session held for its sender: the plaintext.
    InSession(Vec<u8>),
    /// It started a new session (a PreKey message of a handshake not held): keep the session
    /// for this sender in place of any older one.
    NewSession(Box<Session>, Vec<u8>),
}

impl Received {
    /// The plaintext, whichever way it came.
    pub fn plaintext(&self) -> &[u8] {
        match self {
            Received::InSession(p) | Received::NewSession(_, p) => p,
        }
    }
}

impl Account {
    /// Decrypts a pairwise envelope from a peer, given the session held for that peer, if any:
    ///
    /// - a Ratchet message goes to that session;
    /// - a PreKey message goes to it when it is the same handshake (a sender repeats the PreKey
    ///   prefix until it sees a reply); any other PreKey message starts a new session: the peer
    ///   started again (new device, lost state) or both sides started at once;
    /// - a group message is refused (it needs the group's [`crate::GroupSession`]).
    ///
    /// On any error the account and the session are unchanged.
    ///
    /// ```
    /// use gx_crypto::envelope::Envelope;
    /// use gx_crypto::{Account, EscrowPolicy, OsRng, Received, Session};
    ///
    /// let alice = Account::new(&mut OsRng);
    /// let mut bob = Account::new(&mut OsRng);
    /// let index = bob.generate_one_time_prekeys(1, &mut OsRng)?[0];
    /// let bundle = bob.prekey_bundle(Some(index)).expect("published");
    /// let mut to_bob = Session::initiate(&alice, &bundle, EscrowPolicy::None, &mut OsRng)?;
    ///
    /// let mut held: Option<Session> = None; // Bob's session with Alice
    /// for text in ["one", "two"] {
    ///     let sent = to_bob.encrypt(text.as_bytes(), &mut OsRng)?;
    ///     let envelope = Envelope::from_base64(&sent.encrypted_content())?;
    ///     match bob.receive(held.as_mut(), &envelope, EscrowPolicy::None)? {
    ///         Received::NewSession(session, plaintext) => {
    ///             assert_eq!(plaintext, b"one");
    ///             held = Some(*session);
    ///         }
    ///         Received::InSession(plaintext) => assert_eq!(plaintext, b"two"),
    ///         _ => unreachable!(),
    ///     }
    /// }
    /// # Ok::<(), gx_crypto::E2eError>(())
    /// ```
    pub fn receive(
        &mut self,
        session: Option<&mut Session>,
        envelope: &Envelope,
        escrow: EscrowPolicy,
    ) -> Result<Received> {
        match (envelope, session) {
            (Envelope::PreKey(message), Some(held))
                if held.check_prekey_message(message).is_ok() =>
            {
                held.decrypt(envelope).map(Received::InSession)
            }
            (Envelope::PreKey(message), _) => self
                .accept_prekey_message(message, escrow)
                .map(|(session, plaintext)| Received::NewSession(Box::new(session), plaintext)),
            (Envelope::Ratchet(_), Some(held)) => held.decrypt(envelope).map(Received::InSession),
            (Envelope::Ratchet(_), None) => Err(E2eError::WrongSession {
                reason: "a Ratchet message needs the session it belongs to, and none is held for \
                         this sender",
            }),
            (Envelope::Group(_), _) => Err(E2eError::WrongEnvelopeKind {
                reason: "a group message needs the group session",
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::OsRng;

    /// Alice, Bob (with a second unused prekey) and Alice's session to Bob.
    fn pair() -> (Account, Account, u32, Session) {
        let alice = Account::new(&mut OsRng);
        let mut bob = Account::new(&mut OsRng);
        let indexes = bob.generate_one_time_prekeys(2, &mut OsRng).unwrap();
        let bundle = bob.prekey_bundle(Some(indexes[0])).unwrap();
        let to_bob = Session::initiate(&alice, &bundle, EscrowPolicy::None, &mut OsRng).unwrap();
        (alice, bob, indexes[1], to_bob)
    }

    fn envelope(session: &mut Session, text: &str) -> Envelope {
        let sent = session.encrypt(text.as_bytes(), &mut OsRng).unwrap();
        Envelope::from_base64(&sent.encrypted_content()).unwrap()
    }

    #[test]
    fn repeated_prekey_messages_stay_in_one_session_until_the_reply() {
        let (_alice, mut bob, _, mut to_bob) = pair();
        let Received::NewSession(mut held, first) = bob
            .receive(None, &envelope(&mut to_bob, "one"), EscrowPolicy::None)
            .unwrap()
        else {
            panic!("the first PreKey message starts a session")
        };
        assert_eq!(first, b"one");
        let second = bob
            .receive(
                Some(&mut held),
                &envelope(&mut to_bob, "two"),
                EscrowPolicy::None,
            )
            .unwrap();
        assert!(matches!(second, Received::InSession(ref p) if p == b"two"));
        // Bob answers; Alice's next message is a Ratchet message for the same session.
        let reply = envelope(&mut held, "hi");
        assert_eq!(to_bob.decrypt(&reply).unwrap(), b"hi");
        let third = envelope(&mut to_bob, "three");
        assert!(matches!(third, Envelope::Ratchet(_)));
        assert_eq!(
            bob.receive(Some(&mut held), &third, EscrowPolicy::None)
                .unwrap()
                .plaintext(),
            b"three"
        );
    }

    #[test]
    fn a_new_handshake_replaces_the_session_and_strays_are_refused() {
        let (alice, mut bob, spare, mut to_bob) = pair();
        let Received::NewSession(mut held, _) = bob
            .receive(None, &envelope(&mut to_bob, "one"), EscrowPolicy::None)
            .unwrap()
        else {
            panic!("a new session")
        };
        // Alice lost her state and starts again with Bob's second prekey.
        let bundle = bob.prekey_bundle(Some(spare)).unwrap();
        let mut again = Session::initiate(&alice, &bundle, EscrowPolicy::None, &mut OsRng).unwrap();
        let restarted = bob
            .receive(
                Some(&mut held),
                &envelope(&mut again, "again"),
                EscrowPolicy::None,
            )
            .unwrap();
        assert!(matches!(restarted, Received::NewSession(_, ref p) if p == b"again"));
        // A Ratchet message with no session held is refused, naming why.
        let reply = envelope(&mut held, "x");
        assert_eq!(to_bob.decrypt(&reply).unwrap(), b"x");
        let stray = envelope(&mut to_bob, "stray");
        let error = bob.receive(None, &stray, EscrowPolicy::None).unwrap_err();
        assert!(matches!(error, E2eError::WrongSession { .. }), "{error:?}");
    }
}
