//! Just enough of a pseudo-terminal to run the TUI in tests.
#![cfg(unix)]

use std::io::{Read, Write};
use std::os::unix::process::CommandExt;
use std::process::{Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rustix::pty::{OpenptFlags, grantpt, openpt, ptsname, unlockpt};

/// What the test does once the screen showed a text.
pub enum Then<'a> {
    /// Types these bytes.
    Keys(&'a [u8]),
    /// Sends the process this signal (as `kill -N` would).
    Signal(i32),
    /// These steps in order (after the first text appeared).
    Steps(&'a [Step<'a>]),
}

/// One step of [`Then::Steps`].
pub enum Step<'a> {
    /// Waits (up to 30 s) until the screen showed this text.
    Shown(&'a str),
    /// Waits (up to 30 s) until this holds.
    Until(&'a dyn Fn() -> bool),
    /// Waits (up to 30 s) until the output held this text at least this many times (the app
    /// came back to its screen a second time, say).
    Times(&'a str, usize),
    Keys(&'a [u8]),
}

/// Runs `cmd` in a 100x30 pseudo-terminal that is its controlling terminal until it exits by
/// itself, or, with `keys`, types them once `(shown, keys)`'s `shown` appeared.
pub fn run(cmd: Command, keys: Option<(&str, &[u8])>) -> (ExitStatus, String) {
    let (status, out, _) = run_then(cmd, keys.map(|(shown, keys)| (shown, Then::Keys(keys))));
    (status, out)
}

/// [`run`], doing `then` once its text appeared; also returns the terminal's modes after the
/// process is gone (what a shell would be left with).
pub fn run_then(
    cmd: Command,
    then: Option<(&str, Then<'_>)>,
) -> (ExitStatus, String, rustix::termios::Termios) {
    run_with_input(cmd, None, then)
}

/// [`run_then`]; with `input`, standard input is a pipe that gets it (`… | wf-tui inspect -`)
/// while the terminal stays the controlling one (`/dev/tty`).
pub fn run_with_input(
    mut cmd: Command,
    input: Option<Vec<u8>>,
    then: Option<(&str, Then<'_>)>,
) -> (ExitStatus, String, rustix::termios::Termios) {
    let master = openpt(OpenptFlags::RDWR | OpenptFlags::NOCTTY).unwrap();
    grantpt(&master).unwrap();
    unlockpt(&master).unwrap();
    let name = ptsname(&master, Vec::new()).unwrap();
    let slave = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(name.to_str().unwrap())
        .unwrap();
    let size = rustix::termios::Winsize {
        ws_row: 30,
        ws_col: 100,
        ws_xpixel: 0,
        ws_ypixel: 0,
    };
    rustix::termios::tcsetwinsize(&master, size).unwrap();
    let controlling = slave.try_clone().unwrap();
    match input {
        Some(_) => cmd.stdin(Stdio::piped()),
        None => cmd.stdin(Stdio::from(slave.try_clone().unwrap())),
    };
    cmd.stdout(Stdio::from(slave.try_clone().unwrap()))
        .stderr(Stdio::from(slave.try_clone().unwrap()));
    // pre_exec is unsafe: the closure runs between fork and exec, and only makes two syscalls.
    #[allow(unsafe_code)]
    unsafe {
        cmd.pre_exec(move || {
            rustix::process::setsid().map_err(std::io::Error::from)?;
            rustix::process::ioctl_tiocsctty(&controlling).map_err(std::io::Error::from)?;
            Ok(())
        });
    }
    let mut child = cmd.spawn().unwrap();
    if let (Some(data), Some(mut pipe)) = (input, child.stdin.take()) {
        // A thread: a reader that stops early must not block the test.
        std::thread::spawn(move || {
            let _ = pipe.write_all(&data);
        });
    }
    // The command holds copies of the terminal's slave side: the reader sees the end only
    // once no copy is left here.
    drop(cmd);
    drop(slave);
    let master = std::fs::File::from(master);
    let mut writer = master.try_clone().unwrap();
    let output = Arc::new(Mutex::new(Vec::new()));
    let sink = output.clone();
    let reader = std::thread::spawn(move || {
        let mut master = master;
        let mut buf = [0u8; 8192];
        while let Ok(n) = master.read(&mut buf) {
            if n == 0 {
                break;
            }
            sink.lock().unwrap().extend_from_slice(&buf[..n]);
        }
    });
    if let Some((shown, then)) = then {
        let deadline = Instant::now() + Duration::from_secs(30);
        while !String::from_utf8_lossy(&output.lock().unwrap()).contains(shown) {
            if Instant::now() > deadline {
                let _ = child.kill();
                let screen = String::from_utf8_lossy(&output.lock().unwrap()).into_owned();
                panic!("{shown:?} never appeared: {screen:?}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        match then {
            Then::Keys(keys) => writer.write_all(keys).unwrap(),
            Then::Signal(signal) => {
                let pid = rustix::process::Pid::from_child(&child);
                let signal = rustix::process::Signal::from_named_raw(signal).unwrap();
                rustix::process::kill_process(pid, signal).unwrap();
            }
            Then::Steps(steps) => {
                for step in steps {
                    let deadline = Instant::now() + Duration::from_secs(30);
                    let done = || match step {
                        Step::Shown(text) => {
                            String::from_utf8_lossy(&output.lock().unwrap()).contains(text)
                        }
                        Step::Until(cond) => cond(),
                        Step::Times(text, n) => {
                            String::from_utf8_lossy(&output.lock().unwrap())
                                .matches(text)
                                .count()
                                >= *n
                        }
                        Step::Keys(_) => true,
                    };
                    while !done() {
                        if Instant::now() > deadline {
                            let _ = child.kill();
                            let screen =
                                String::from_utf8_lossy(&output.lock().unwrap()).into_owned();
                            let tail: String = screen.chars().rev().take(3000).collect();
                            let tail: String = tail.chars().rev().collect();
                            panic!("a step never happened; the output's end: {tail:?}");
                        }
                        std::thread::sleep(Duration::from_millis(50));
                    }
                    if let Step::Keys(keys) = step {
                        writer.write_all(keys).unwrap();
                    }
                }
            }
        }
    }
    let deadline = Instant::now() + Duration::from_secs(30);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("wf-tui did not exit");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let modes = rustix::termios::tcgetattr(&writer).unwrap();
    // The reader ends when the last holder of the terminal (the child) is gone.
    reader.join().unwrap();
    let all = output.lock().unwrap();
    (status, String::from_utf8_lossy(&all).into_owned(), modes)
}
