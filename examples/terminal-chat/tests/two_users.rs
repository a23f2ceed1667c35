//! Two chat processes, two users, one real gx-devnet on loopback: lines typed by one arrive
//! decrypted at the other, both ways, and both see the same safety number.

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

/// A running chat: its stdin and the lines it prints.
struct Chat {
    child: Child,
    stdin: Option<ChildStdin>,
    lines: mpsc::Receiver<String>,
}

impl Chat {
    fn start(base: &str, user: &gx_devnet::Account, peer: &str) -> Chat {
        let mut child = Command::new(env!("CARGO_BIN_EXE_terminal-chat"))
            .arg(peer)
            .env("GX_API_URL", base)
            .env("GX_EMAIL", &user.email)
            .env("GX_PASSWORD", &user.password)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let stdout = BufReader::new(child.stdout.take().unwrap());
        let (tx, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in stdout.lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        Chat {
            stdin: child.stdin.take(),
            child,
            lines,
        }
    }

    /// The next line that starts with `prefix` (others are skipped), within 20 s.
    fn expect(&self, prefix: &str) -> String {
        loop {
            let line = self
                .lines
                .recv_timeout(Duration::from_secs(20))
                .unwrap_or_else(|_| panic!("no line starting with {prefix:?} within 20 s"));
            if line.starts_with(prefix) {
                return line;
            }
        }
    }

    fn say(&mut self, text: &str) {
        let stdin = self.stdin.as_mut().unwrap();
        writeln!(stdin, "{text}").unwrap();
        stdin.flush().unwrap();
    }

    /// Ends the input; the chat logs out and exits 0.
    fn finish(mut self) -> bool {
        drop(self.stdin.take());
        self.child.wait().unwrap().success()
    }
}

impl Drop for Chat {
    fn drop(&mut self) {
        self.child.kill().ok();
        self.child.wait().ok();
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn two_users_chat_end_to_end_through_the_sandbox() {
    let devnet = gx_devnet::Devnet::start(gx_devnet::Config {
        accounts: 2,
        port: 0,
        ..gx_devnet::Config::default()
    })
    .await
    .unwrap();
    let base = format!("http://{}", devnet.local_addr().unwrap());
    let users: Vec<_> = devnet
        .accounts
        .iter()
        .filter(|a| a.role == "user")
        .cloned()
        .collect();
    tokio::spawn(devnet.serve(std::future::pending()));

    // The processes are driven from a blocking thread; the sandbox runs on the runtime.
    tokio::task::spawn_blocking(move || {
        let (alice, bob) = (&users[0], &users[1]);
        let mut alice_chat = Chat::start(&base, alice, &bob.profile_id);
        let mut bob_chat = Chat::start(&base, bob, &alice.profile_id);
        alice_chat.expect("ready ");
        bob_chat.expect("ready ");

        alice_chat.say("hello Bob");
        let alice_number = alice_chat.expect("safety number: ");
        assert_eq!(bob_chat.expect("safety number: "), alice_number);
        assert_eq!(
            bob_chat.expect(&alice.profile_id),
            format!("{}: hello Bob", alice.profile_id)
        );
        bob_chat.say("hi Alice, and ünïcödé");
        assert_eq!(
            alice_chat.expect(&bob.profile_id),
            format!("{}: hi Alice, and ünïcödé", bob.profile_id)
        );
        alice_chat.say("bye");
        assert_eq!(
            bob_chat.expect(&alice.profile_id),
            format!("{}: bye", alice.profile_id)
        );
        assert!(alice_chat.finish(), "exit 0 at the end of input");
        assert!(bob_chat.finish(), "exit 0 at the end of input");
    })
    .await
    .unwrap();
}
