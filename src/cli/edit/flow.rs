//! The edit commands' steps: the session, the editor and its text checked (syntax, then an
//! alert's condition by the API), the diff and the question, the write.

use serde_json::Value;

use super::show::{colour, confirm, diff_text, say};
use super::{WriteCommand, WriteOpts};
use crate::api::catalog::{Arg, Editing, Kind, Verb, editing, kind_by_name, mask_secrets};
use crate::api::edit::{Purpose, check_query, describe_check, read_back, text_for, text_for_new};
use crate::api::{ApiRequest, Executor};
use crate::cli::account::{CliAccount, Who};
use crate::cli::actions::{ActOutput, Refused};
use crate::editor::{EditorJob, edits_dir, run_editor, run_with};
use crate::readonly::ReadOnly;
use crate::worker::edit::{EditWrite, WriteOutcome, discard, write_one};

/// Runs one of the edit commands.
pub async fn run(
    who: Who<'_>,
    command: WriteCommand,
    timeouts: crate::api::client::Timeouts,
    read_only: ReadOnly,
) -> anyhow::Result<()> {
    match command {
        WriteCommand::Edit { kind, id, opts } => {
            let (kind, api) = session(who, &kind, timeouts, read_only, "edit").await?;
            edit(&api, kind, &id, &opts).await
        }
        WriteCommand::Create { kind, file, opts } => {
            let (kind, api) = session(who, &kind, timeouts, read_only, "create").await?;
            create(&api, kind, file.as_deref(), &opts).await
        }
        WriteCommand::Clone {
            kind,
            id,
            name,
            opts,
        } => {
            let (kind, api) = session(who, &kind, timeouts, read_only, "clone").await?;
            clone(&api, kind, &id, name.as_deref(), &opts).await
        }
        WriteCommand::Delete { kind, id, opts } => {
            let (kind, api) = session(who, &kind, timeouts, read_only, "delete").await?;
            delete(&api, kind, &id, &opts).await
        }
    }
}

/// The kind named, and a session for the account; refused first in read-only mode.
async fn session(
    who: Who<'_>,
    name: &str,
    timeouts: crate::api::client::Timeouts,
    mut read_only: ReadOnly,
    what: &str,
) -> anyhow::Result<(&'static Kind, Executor)> {
    let kind = kind_by_name(name).ok_or_else(|| anyhow::anyhow!("no kind named {name}"))?;
    let target = CliAccount::resolve(who).await?;
    read_only.account = target.readonly();
    if let Some(why) = read_only.because() {
        return Err(Refused(format!("read-only: {what} refused ({why})")).into());
    }
    let account = target.with_secret(who.paths).await?;
    let http = crate::api::client::http_client(timeouts);
    let retry = crate::api::retry::RetryPolicy::default();
    let (_, api) = crate::auth::Session::open(http, account, retry).await?;
    Ok((kind, api))
}

fn editable(kind: &'static Kind) -> anyhow::Result<&'static Editing> {
    editing(kind).ok_or_else(|| {
        anyhow::anyhow!(
            "{} cannot be edited: the API has no update for them",
            kind.title.to_lowercase()
        )
    })
}

fn noun(kind: &Kind) -> String {
    kind.title.to_lowercase().trim_end_matches('s').to_string()
}

async fn read(api: &Executor, kind: &Kind, id: &str) -> anyhow::Result<Value> {
    let request = kind
        .detail_request(id)
        .ok_or_else(|| anyhow::anyhow!("{} have no detail endpoint", kind.title))?;
    let announce = crate::api::retry::announce_on_stderr(&request.path);
    Ok(api.execute(&request, &announce).await?)
}

/// "your text is kept in FILE".
fn kept(file: Option<&std::path::Path>) -> String {
    file.map(|f| format!("; your text is kept in {}", f.display()))
        .unwrap_or_default()
}

/// The editor on `text` until it gives a usable item (or the person stops): its body and the
/// file, or `None` when nothing changed.
async fn edit_until_usable(
    api: &Executor,
    e: &'static Editing,
    purpose: Purpose,
    opened: Option<&Value>,
    mut text: String,
    name: String,
) -> anyhow::Result<(Option<Value>, Option<std::path::PathBuf>)> {
    let command = crate::editor::command_from(|k| std::env::var(k).ok());
    let dir = edits_dir();
    let mut file = None;
    let opened_list: Vec<Value> = opened.into_iter().cloned().collect();
    loop {
        let job = EditorJob {
            id: 0,
            file: file.clone(),
            name: name.clone(),
            text: text.clone(),
        };
        let now = crate::auth::session::wall_ms();
        let edited = run_with(job, &dir, now, |f| run_editor(&command, f)).await;
        file = edited.file;
        text = edited
            .result
            .map_err(|err| anyhow::anyhow!("{err}{}", kept(file.as_deref())))?;
        let problem = match read_back(e, &text, purpose, &opened_list) {
            Err(err) => format!("the text cannot be used: {err}"),
            Ok(mut bodies) if !bodies.is_empty() => {
                let body = bodies.remove(0);
                if opened == Some(&body) || (opened.is_none() && unchanged_template(e, &body)) {
                    return Ok((None, file));
                }
                match check(api, e, &body).await {
                    Ok(()) => return Ok((Some(body), file)),
                    Err(why) => why,
                }
            }
            Ok(_) => return Ok((None, file)),
        };
        say(&crate::text::sanitize(&problem));
        if !ask("open the editor again on your text?") {
            anyhow::bail!("{problem}{}", kept(file.as_deref()));
        }
    }
}

/// Whether a new item is the template as it was.
fn unchanged_template(e: &Editing, body: &Value) -> bool {
    let mut template = (e.template)(0);
    if let Some(m) = template.as_object_mut() {
        m.retain(|k, _| !crate::api::edit::is_note(k));
    }
    &template == body
}

/// An alert's condition, checked by the API; what it said is shown.
async fn check(api: &Executor, e: &Editing, body: &Value) -> Result<(), String> {
    let Some(request) = (e.kind.name == "alert")
        .then(|| check_query(body))
        .flatten()
    else {
        return Ok(());
    };
    match api.execute(&request, &|_| {}).await {
        Ok(answer) => {
            say(&crate::text::sanitize(&describe_check(&answer)));
            Ok(())
        }
        Err(err) => Err(format!("the condition was refused: {err}")),
    }
}

/// A yes or no on the terminal; no terminal is a no.
fn ask(question: &str) -> bool {
    confirm(question, false).unwrap_or(false)
}

async fn edit(
    api: &Executor,
    kind: &'static Kind,
    id: &str,
    opts: &WriteOpts,
) -> anyhow::Result<()> {
    let e = editable(kind)?;
    let opened = read(api, kind, id).await?;
    let text = text_for(e, std::slice::from_ref(&opened));
    let name = format!("{}-{id}", kind.name);
    let (body, file) =
        edit_until_usable(api, e, Purpose::Update, Some(&opened), text, name).await?;
    let Some(body) = body else {
        say("no change: nothing written");
        file.as_deref().map(discard);
        return Ok(());
    };
    say(&diff_text(&opened, &body, colour()));
    let op = kind
        .operation(Verb::Update)
        .ok_or_else(|| anyhow::anyhow!("no update"))?;
    let write = EditWrite {
        item_id: Some(id.to_string()),
        opened: Some(opened.clone()),
        request: op.request(id, Arg::Item(body.clone())),
    };
    let question = format!("write {} {}?", noun(kind), crate::text::sanitize(id));
    if !confirm(&question, opts.yes)? {
        anyhow::bail!("nothing written{}", kept(file.as_deref()));
    }
    match write_one(api, kind, &write).await {
        WriteOutcome::Written { item, .. } => {
            file.as_deref().map(discard);
            print(kind, item, "updated", opts)
        }
        WriteOutcome::Conflict { theirs } => {
            say(&format!(
                "{} {id} changed on the server since you opened it:",
                noun(kind)
            ));
            say("what you opened → what the server has now:");
            say(&diff_text(&opened, &theirs, colour()));
            say("what you opened → yours:");
            say(&diff_text(&opened, &body, colour()));
            anyhow::bail!(
                "nothing written (the check is made just before the write){}",
                kept(file.as_deref())
            )
        }
        WriteOutcome::Failed(err) => anyhow::bail!("{err}{}", kept(file.as_deref())),
    }
}

async fn create(
    api: &Executor,
    kind: &'static Kind,
    from: Option<&std::path::Path>,
    opts: &WriteOpts,
) -> anyhow::Result<()> {
    let e = editable(kind)?;
    let (body, file) = match from {
        Some(path) => {
            let text = read_input(path)?;
            let shown = path.display().to_string();
            let mut bodies = read_back(e, &text, Purpose::Create, &[])
                .map_err(|err| anyhow::anyhow!("{shown}: {err}"))?;
            let body = bodies.remove(0);
            check(api, e, &body).await.map_err(anyhow::Error::msg)?;
            (Some(body), None)
        }
        None => {
            let now_s = crate::auth::session::wall_ms() / 1000;
            let text = text_for_new(e, None, now_s);
            let name = format!("{}-new", kind.name);
            edit_until_usable(api, e, Purpose::Create, None, text, name).await?
        }
    };
    let Some(body) = body else {
        say("the template was not changed: nothing created");
        file.as_deref().map(discard);
        return Ok(());
    };
    write_new(api, kind, body, file, opts).await
}

/// Shows a new item, asks, and creates it.
async fn write_new(
    api: &Executor,
    kind: &'static Kind,
    body: Value,
    file: Option<std::path::PathBuf>,
    opts: &WriteOpts,
) -> anyhow::Result<()> {
    say(&diff_text(
        &Value::Object(Default::default()),
        &body,
        colour(),
    ));
    let op = kind
        .operation(Verb::Create)
        .ok_or_else(|| anyhow::anyhow!("no create"))?;
    if !confirm(&format!("create this {}?", noun(kind)), opts.yes)? {
        anyhow::bail!("nothing created{}", kept(file.as_deref()));
    }
    let write = EditWrite {
        item_id: None,
        opened: None,
        request: op.request("", Arg::Item(body)),
    };
    match write_one(api, kind, &write).await {
        WriteOutcome::Written { item, .. } => {
            file.as_deref().map(discard);
            print(kind, item, "created", opts)
        }
        WriteOutcome::Conflict { .. } => anyhow::bail!("nothing created"),
        WriteOutcome::Failed(err) => anyhow::bail!("{err}{}", kept(file.as_deref())),
    }
}

/// A file's text, or standard input's for `-`.
fn read_input(path: &std::path::Path) -> anyhow::Result<String> {
    if path.as_os_str() == "-" {
        return std::io::read_to_string(std::io::stdin())
            .map_err(|e| anyhow::anyhow!("cannot read standard input: {e}"));
    }
    std::fs::read_to_string(path)
        .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", path.display()))
}

async fn clone(
    api: &Executor,
    kind: &'static Kind,
    id: &str,
    name: Option<&str>,
    opts: &WriteOpts,
) -> anyhow::Result<()> {
    let original = read(api, kind, id).await?;
    let original_name = original["name"].as_str().unwrap_or_default();
    if let Some(op) = kind.operation(Verb::Clone) {
        let name = name.map_or_else(|| format!("{original_name} (copy)"), str::to_string);
        let request = op.request(id, Arg::Name(Some(&name)));
        say(&crate::text::sanitize(&request.to_string()));
        let question = format!(
            "clone {} {id} as “{}”?",
            noun(kind),
            crate::text::sanitize(&name)
        );
        if !confirm(&question, opts.yes)? {
            anyhow::bail!("nothing created");
        }
        let item = send(api, &request).await?;
        return print(kind, item, "cloned", opts);
    }
    let e = editable(kind)?;
    let text = text_for_new(e, Some(&original), 0);
    let mut body = read_back(e, &text, Purpose::Create, &[])?.remove(0);
    if let Some(name) = name {
        let key = if body.get("title").is_some() {
            "title"
        } else {
            "name"
        };
        body[key] = Value::String(name.to_string());
    }
    write_new(api, kind, body, None, opts).await
}

async fn send(api: &Executor, request: &ApiRequest) -> anyhow::Result<Value> {
    Ok(api.execute(request, &|_| {}).await?)
}

async fn delete(
    api: &Executor,
    kind: &'static Kind,
    id: &str,
    opts: &WriteOpts,
) -> anyhow::Result<()> {
    let op = kind
        .operation(Verb::Delete)
        .ok_or_else(|| anyhow::anyhow!("{} cannot be deleted", kind.title.to_lowercase()))?;
    let item = read(api, kind, id).await?;
    let name = ["name", "title"]
        .iter()
        .find_map(|k| item.get(*k).and_then(Value::as_str))
        .map(|n| format!("“{}” ", crate::text::sanitize(n)))
        .unwrap_or_default();
    let question = format!(
        "delete {} {name}({})?",
        noun(kind),
        crate::text::sanitize(id)
    );
    if !confirm(&question, opts.yes)? {
        anyhow::bail!("nothing deleted");
    }
    let answer = send(api, &op.request(id, Arg::None)).await?;
    let shown = if answer.is_object() { answer } else { item };
    print(kind, shown, "deleted", opts)
}

/// The item written, as JSON (secrets masked) or one line.
fn print(kind: &Kind, mut item: Value, done: &str, opts: &WriteOpts) -> anyhow::Result<()> {
    use std::io::Write;
    mask_secrets(&mut item, kind.secret_keys);
    let mut out = std::io::stdout().lock();
    match opts.output {
        ActOutput::Json => {
            out.write_all(crate::json::value::to_pretty_text(&item).as_bytes())?;
            writeln!(out)?;
        }
        ActOutput::Text => {
            let id = kind.item_id(&item).unwrap_or_default();
            writeln!(out, "{done} {} {}", noun(kind), crate::text::sanitize(&id))?;
        }
    }
    Ok(out.flush()?)
}
