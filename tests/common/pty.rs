//! Just enough of a pseudo-terminal to run the TUI in tests.
#![cfg(unix)]

use std::io::{Read, Write};
use std::os::unix::process::CommandExt;
use std::process::{Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rustix::pty::{OpenptFlags, grantpt, openpt, ptsname, unlockpt};

/// Runs `cmd` in a 100x30 pseudo-terminal that is its controlling terminal until it exits by
/// itself, or, with `keys`, types them once `(shown, keys)`'s `shown` appeared.
pub fn run(mut cmd: Command, keys: Option<(&str, &[u8])>) -> (ExitStatus, String) {
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
    cmd.stdin(Stdio::from(slave.try_clone().unwrap()))
        .stdout(Stdio::from(slave.try_clone().unwrap()))
        .stderr(Stdio::from(slave.try_clone().unwrap()));
    unsafe {
        cmd.pre_exec(move || {
            rustix::process::setsid().map_err(std::io::Error::from)?;
            rustix::process::ioctl_tiocsctty(&controlling).map_err(std::io::Error::from)?;
            Ok(())
        });
    }
    let mut child = cmd.spawn().unwrap();
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
    if let Some((shown, keys)) = keys {
        let deadline = Instant::now() + Duration::from_secs(30);
        while !String::from_utf8_lossy(&output.lock().unwrap()).contains(shown) {
            assert!(Instant::now() < deadline, "{shown:?} never appeared");
            std::thread::sleep(Duration::from_millis(50));
        }
        writer.write_all(keys).unwrap();
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
    // The reader ends when the last holder of the terminal (the child) is gone.
    reader.join().unwrap();
    let all = output.lock().unwrap();
    (status, String::from_utf8_lossy(&all).into_owned())
}
