//! Logging in from the UI: choosing one of the four methods, then a form that is tested (one
//! exchange and one real call) before it is saved.

pub mod draw;
pub mod update;

use crate::api::address::parse_address;
use crate::auth::{DEFAULT_CSP_URL, LoginMethod};
use crate::config::accounts::{AccountsFile, SavedAccount};
use crate::secret::Secret;

use crate::app::input::TextInput;

/// The first pane: the four methods, one line each on when to use it, and an import offer.
#[derive(Debug, Default)]
pub struct MethodPicker {
    pub selected: usize,
    /// Keep imported tokens in the 0600 secrets file: offered (ctrl-o) only where no keyring
    /// works, as in the form.
    pub secrets_file: bool,
}

impl MethodPicker {
    /// The picker with the import chosen.
    pub fn on_import() -> Self {
        Self {
            selected: LoginMethod::ALL.len(),
            secrets_file: false,
        }
    }
}

/// What the picker offers, in order: the methods, then importing `~/.wavefront` when present.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PickerItem {
    Method(LoginMethod),
    ImportWf,
}

impl MethodPicker {
    pub fn items(import_offered: bool) -> Vec<PickerItem> {
        let mut items: Vec<PickerItem> = LoginMethod::ALL
            .iter()
            .map(|&m| PickerItem::Method(m))
            .collect();
        if import_offered {
            items.push(PickerItem::ImportWf);
        }
        items
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldId {
    Name,
    Address,
    Secret,
    ClientId,
    OrgId,
    CspUrl,
}

#[derive(Debug, Clone)]
pub struct Field {
    pub id: FieldId,
    pub label: &'static str,
    pub hint: &'static str,
    pub input: TextInput,
}

/// The account form. Secret fields are masked; their text never reaches the screen or `Debug`.
#[derive(Debug)]
pub struct AccountForm {
    pub method: LoginMethod,
    pub fields: Vec<Field>,
    /// Index into `fields`; `fields.len()` is the "test and save" button.
    pub focus: usize,
    pub error: Option<String>,
    /// Waiting for the worker's test of these credentials.
    pub testing: bool,
    /// The saved account being edited (its old name).
    pub editing: Option<String>,
    /// Keep secrets in the 0600 file: offered (ctrl-o) only where no keyring works.
    pub secrets_file: bool,
}

fn field(id: FieldId, label: &'static str, hint: &'static str, input: TextInput) -> Field {
    Field {
        id,
        label,
        hint,
        input,
    }
}

impl AccountForm {
    pub fn new(method: LoginMethod, suggested_name: &str) -> Self {
        Self::build(method, None, suggested_name)
    }

    /// A form for changing a saved account; secrets left empty keep the stored one.
    pub fn edit(saved: &SavedAccount) -> Self {
        Self::build(saved.method, Some(saved), &saved.name)
    }

    fn build(method: LoginMethod, saved: Option<&SavedAccount>, name: &str) -> Self {
        let keep = if saved.is_some() {
            "leave empty to keep the stored secret"
        } else {
            ""
        };
        let mut fields = vec![
            field(
                FieldId::Name,
                "Account name",
                "what you call it: prod, staging…; empty: after the instance",
                TextInput::new(name),
            ),
            field(
                FieldId::Address,
                "Instance",
                "acme.wavefront.com or https://…",
                TextInput::new(saved.map_or("", |s| s.address.as_str())),
            ),
        ];
        let secret = |label, hint: &'static str| {
            field(
                FieldId::Secret,
                label,
                if keep.is_empty() { hint } else { keep },
                TextInput::masked(),
            )
        };
        match method {
            LoginMethod::CspApiToken => {
                fields.push(secret(
                    "CSP API token",
                    "from VMware Cloud services › My Account › API Tokens",
                ));
            }
            LoginMethod::CspServerToServer => {
                fields.push(field(
                    FieldId::ClientId,
                    "App id",
                    "the OAuth app's client id",
                    TextInput::new(saved.and_then(|s| s.client_id.as_deref()).unwrap_or("")),
                ));
                fields.push(secret("App secret", "the OAuth app's secret"));
                fields.push(field(
                    FieldId::OrgId,
                    "Org id",
                    "optional: the CSP organization id",
                    TextInput::new(saved.and_then(|s| s.org_id.as_deref()).unwrap_or("")),
                ));
            }
            LoginMethod::ApiToken => {
                fields.push(secret("API token", "from your user profile: a UUID"));
            }
            LoginMethod::ServiceAccountToken => {
                fields.push(secret(
                    "Service account token",
                    "the service account's API token: a UUID",
                ));
            }
        }
        if method.is_csp() {
            fields.push(field(
                FieldId::CspUrl,
                "CSP address",
                "VMware Cloud services console",
                TextInput::new(
                    saved
                        .and_then(|s| s.csp_url.as_deref())
                        .unwrap_or(DEFAULT_CSP_URL),
                ),
            ));
        }
        Self {
            method,
            fields,
            focus: if saved.is_some() || !name.is_empty() {
                1
            } else {
                0
            },
            error: None,
            testing: false,
            editing: saved.map(|s| s.name.clone()),
            secrets_file: false,
        }
    }

    /// The name an account gets when its name is left empty: the instance's first label
    /// (`acme` for `acme.wavefront.com`), or the whole host for an IP address, made unique
    /// with `-2`, `-3`… `None` while the instance is not a valid address.
    pub fn derived_name(&self, accounts: &AccountsFile) -> Option<String> {
        let address = parse_address(self.value(FieldId::Address)).ok()?;
        let host = address.host_label();
        // `[::1]:8080`, `127.0.0.1:8080`: an address has no first label to name it by.
        let ip = host.starts_with('[')
            || host
                .split(':')
                .next()
                .is_some_and(|h| h.parse::<std::net::Ipv4Addr>().is_ok());
        let base = match host.split('.').next() {
            Some(first) if !ip && !first.is_empty() => first.to_string(),
            _ => host.clone(),
        };
        let free = |n: &str| accounts.get(n).is_none() || self.editing.as_deref() == Some(n);
        (1..)
            .map(|i| match i {
                1 => base.clone(),
                i => format!("{base}-{i}"),
            })
            .find(|n| free(n))
    }

    pub fn value(&self, id: FieldId) -> &str {
        self.fields
            .iter()
            .find(|f| f.id == id)
            .map_or("", |f| f.input.value().trim())
    }

    pub fn focused_field(&mut self) -> Option<&mut Field> {
        self.fields.get_mut(self.focus)
    }

    pub fn on_button(&self) -> bool {
        self.focus >= self.fields.len()
    }

    pub fn move_focus(&mut self, delta: isize) {
        let n = self.fields.len() + 1;
        self.focus = (self.focus as isize + delta).rem_euclid(n as isize) as usize;
    }

    /// Checks what was typed and turns it into what is saved plus the secret (if typed).
    pub fn validate(
        &self,
        accounts: &AccountsFile,
    ) -> Result<(SavedAccount, Option<Secret>), String> {
        let derived = self.derived_name(accounts);
        let name = match self.value(FieldId::Name) {
            "" => derived.as_deref().unwrap_or(""),
            typed => typed,
        };
        if name.is_empty() {
            // No name to derive: the instance is what is wrong, when it is.
            parse_address(self.value(FieldId::Address)).map_err(|e| format!("instance: {e}"))?;
            return Err("give the account a name".into());
        }
        if name.chars().any(char::is_control) {
            return Err("the name cannot hold control characters".into());
        }
        let renamed_onto_other =
            accounts.get(name).is_some() && self.editing.as_deref() != Some(name);
        if renamed_onto_other {
            return Err(format!("an account named {name} exists already"));
        }
        let address = self.value(FieldId::Address);
        parse_address(address).map_err(|e| format!("instance: {e}"))?;
        let secret = self.value(FieldId::Secret);
        if secret.is_empty() && self.editing.is_none() {
            let label = self
                .fields
                .iter()
                .find(|f| f.id == FieldId::Secret)
                .map_or("the secret", |f| f.label);
            return Err(format!("{label} is required"));
        }
        let client_id = self.value(FieldId::ClientId);
        if self.method == LoginMethod::CspServerToServer && client_id.is_empty() {
            return Err("App id is required".into());
        }
        let csp = self.value(FieldId::CspUrl);
        if self.method.is_csp() {
            parse_address(csp).map_err(|e| format!("CSP address: {e}"))?;
        }
        let non_empty = |s: &str| (!s.is_empty()).then(|| s.to_string());
        let saved = SavedAccount {
            name: name.to_string(),
            address: address.to_string(),
            method: self.method,
            csp_url: non_empty(csp).filter(|c| c != DEFAULT_CSP_URL),
            client_id: non_empty(client_id),
            org_id: non_empty(self.value(FieldId::OrgId)),
            readonly: false,
        };
        Ok((saved, non_empty(secret).map(Secret::new)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fill(form: &mut AccountForm, id: FieldId, text: &str) {
        let f = form.fields.iter_mut().find(|f| f.id == id).unwrap();
        f.input = TextInput::new(text);
    }

    #[test]
    fn fields_follow_the_method() {
        let ids = |m| {
            AccountForm::new(m, "")
                .fields
                .iter()
                .map(|f| f.id)
                .collect::<Vec<_>>()
        };
        use FieldId::*;
        assert_eq!(ids(LoginMethod::ApiToken), vec![Name, Address, Secret]);
        assert_eq!(
            ids(LoginMethod::CspApiToken),
            vec![Name, Address, Secret, CspUrl]
        );
        assert_eq!(
            ids(LoginMethod::CspServerToServer),
            vec![Name, Address, ClientId, Secret, OrgId, CspUrl]
        );
        let f = AccountForm::new(LoginMethod::CspApiToken, "");
        assert_eq!(f.value(CspUrl), DEFAULT_CSP_URL);
        assert!(f.fields[2].input.masked);
    }

    #[test]
    fn validation_says_what_is_missing() {
        let accounts = AccountsFile::default();
        let mut f = AccountForm::new(LoginMethod::ApiToken, "prod");
        assert_eq!(
            f.validate(&accounts).unwrap_err(),
            "instance: the address is empty"
        );
        fill(&mut f, FieldId::Address, "http://acme.wavefront.com");
        assert!(f.validate(&accounts).unwrap_err().contains("loopback"));
        fill(&mut f, FieldId::Address, "acme.wavefront.com");
        assert_eq!(f.validate(&accounts).unwrap_err(), "API token is required");
        fill(&mut f, FieldId::Secret, " tok ");
        let (saved, secret) = f.validate(&accounts).unwrap();
        assert_eq!(saved.name, "prod");
        assert_eq!(secret.unwrap().expose(), "tok");
    }

    #[test]
    fn editing_may_keep_the_secret_and_names_stay_unique() {
        let mut accounts = AccountsFile::default();
        let saved = SavedAccount {
            name: "prod".into(),
            address: "acme.wavefront.com".into(),
            method: LoginMethod::ApiToken,
            csp_url: None,
            client_id: None,
            org_id: None,
            readonly: false,
        };
        accounts.upsert(saved.clone(), None);
        accounts.upsert(
            SavedAccount {
                name: "dev".into(),
                ..saved.clone()
            },
            None,
        );
        let mut f = AccountForm::edit(&saved);
        let (again, secret) = f.validate(&accounts).unwrap();
        assert_eq!(again, saved);
        assert!(secret.is_none());
        fill(&mut f, FieldId::Name, "dev");
        assert!(
            f.validate(&accounts)
                .unwrap_err()
                .contains("exists already")
        );
    }

    /// The first-run form used to say `prod` for every instance: now the name starts empty
    /// and comes from the instance when left so.
    #[test]
    fn the_first_form_names_the_account_after_its_instance() {
        use crate::app::state::{State, View};
        let mut state = State::logged_out((90, 24), 0);
        let enter = crossterm::event::KeyEvent::from(crossterm::event::KeyCode::Enter);
        crate::app::update(&mut state, crate::app::Msg::Key(enter));
        let View::Form(form) = state.view_mut() else {
            panic!("the form opens");
        };
        assert_eq!(form.value(FieldId::Name), "", "no name suggested");
        assert_eq!(form.focus, 1, "typing starts on the instance");
        fill(form, FieldId::Address, "acme.wavefront.com");
        fill(form, FieldId::Secret, "tok");
        let mut accounts = AccountsFile::default();
        assert_eq!(form.validate(&accounts).unwrap().0.name, "acme");
        accounts.upsert(form.validate(&accounts).unwrap().0, None);
        assert_eq!(form.validate(&accounts).unwrap().0.name, "acme-2");
        fill(form, FieldId::Address, "http://127.0.0.1:4321");
        assert_eq!(form.derived_name(&accounts).unwrap(), "127.0.0.1:4321");
        fill(form, FieldId::Name, "mine");
        assert_eq!(form.validate(&accounts).unwrap().0.name, "mine");
        fill(form, FieldId::Name, "");
        fill(form, FieldId::Address, "");
        assert_eq!(form.derived_name(&accounts), None);
    }
}
