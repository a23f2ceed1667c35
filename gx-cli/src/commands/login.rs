//! `gx login`, `gx logout`: the session the network commands use.

use std::io::{BufRead, IsTerminal};

use clap::Args;

use crate::exit::{Failure, Outcome, RunResult};
use crate::network::{block_on, remote, NetworkArgs, SessionFile};
use crate::output::print_line;

/// Log in to a GX network; the session is kept for the other commands.
#[derive(Args)]
#[command(after_help = "Examples:\n  \
    gx login --email user1@devnet.gx\n  \
    printf '%s\\n' \"$PASSWORD\" | gx --api http://127.0.0.1:8547 login --email user1@devnet.gx --password-stdin\n  \
    gx login --admin --email admin1@devnet.gx\n\n\
    The password is read from a prompt (not echoed) or, with --password-stdin, from the first line\n\
    of standard input; never from the command line. The session is kept in\n\
    $XDG_CONFIG_HOME/gx/session.json (or ~/.config/gx/session.json), readable by you only.")]
pub struct LoginArgs {
    /// The account's email (an administrator's username with --admin).
    #[arg(long)]
    email: String,
    /// Read the password from standard input's first line.
    #[arg(long)]
    password_stdin: bool,
    /// Log in as an administrator (/admin/auth/login).
    #[arg(long)]
    admin: bool,
}

/// Forget the session (the server revokes its refresh token).
#[derive(Args)]
#[command(after_help = "Examples:\n  gx logout")]
pub struct LogoutArgs {}

fn password(from_stdin: bool) -> Result<String, Failure> {
    let secret = if from_stdin || !std::io::stdin().is_terminal() {
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .map_err(|e| Failure::Io(format!("reading the password: {e}")))?;
        line.trim_end_matches(['\r', '\n']).to_owned()
    } else {
        rpassword::prompt_password("Password: ")
            .map_err(|e| Failure::Io(format!("reading the password: {e}")))?
    };
    if secret.is_empty() {
        return Err(Failure::Usage(
            "an empty password: give one on the prompt or the first line of standard input".into(),
        ));
    }
    Ok(secret)
}

/// `gx login`.
pub fn run(network: &NetworkArgs, args: &LoginArgs) -> RunResult {
    let client = network.client()?;
    let password = zeroize::Zeroizing::new(password(args.password_stdin)?);
    block_on(async {
        if args.admin {
            let login = client
                .admin_login(&args.email, &password)
                .await
                .map_err(|e| remote(&e))?;
            print_line(format!(
                "logged in to {} as administrator {}",
                client.base_url(),
                login.admin.username
            ))?;
        } else {
            let auth = client
                .login(&args.email, &password)
                .await
                .map_err(|e| remote(&e))?;
            print_line(format!(
                "logged in to {} as {} ({})",
                client.base_url(),
                args.email,
                auth.user.profile_id
            ))?;
        }
        Ok(Outcome::Success)
    })
}

/// `gx logout`.
pub fn run_logout(network: &NetworkArgs, _args: &LogoutArgs) -> RunResult {
    let client = network.client()?;
    block_on(async {
        let result = client.logout().await;
        print_line(format!(
            "logged out (session file {})",
            SessionFile::path()?.display()
        ))?;
        result.map_err(|e| remote(&e))?;
        Ok(Outcome::Success)
    })
}
