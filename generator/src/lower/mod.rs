//! Stage 2: the collection model lowered into the IR.
//!
//! Walks the item tree depth-first (newman's run order), resolving what
//! Postman resolves at run time (auth inheritance, `protocolProfileBehavior`
//! merging, body pruning, Content-Type defaults) and turning what varies per
//! call into parameters and what varies per deployment into client variables.

mod auth;
mod body;
pub(crate) mod credentials;
mod cycles;
mod naming;
mod prepare;
mod protocol_profile;
mod redirects;
mod response;
mod url;
mod variables;

use std::cell::RefCell;
use std::collections::BTreeMap;

use foldhash::{HashMap, HashMapExt};

use indexmap::IndexMap;
use serde_json::{Map, Value};

use crate::collection::{
    AuthDef, Collection, Event, Folder, Header, Item, RequestItem, VariableDef,
};
use crate::diagnostics::{Diagnostic, Error};
use crate::ir::{
    Api, ApiKeyLocation, AuthScheme, AuthSchemeId, Body, Credential, FormFieldKind,
    GraphQlVariables, Group, GroupId, HeaderParam, HeaderValue, HttpMethod, Operation, OperationId,
    Param, PathSegment, QueryParam, QueryValue, Script, Server, ServerId, Template, VariableUse,
};
use crate::names::{snake_ident, UniqueNames};

pub use auth::userinfo_credentials;
pub use body::{is_json_media_type, strip_json_comments};
pub use naming::{group_ident, RESERVED_METHODS};
pub use response::parse_json;
pub use variables::name_says_secret;

use naming::Child;

/// Builder-method names every operation builder has, so parameters never take them.
const RESERVED_SETTERS: &[&str] = &["send", "body", "header", "new", "client", "into_future"];

/// Settings that change how a collection is lowered.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LowerOptions {
    /// Variable values that override or complete the collection's, as an
    /// environment file or `--var` gives them; a later entry wins over an earlier
    /// one, and all win over the collection's own (Postman's scope order, §5.2).
    pub variables: Vec<VariableDef>,
    /// Names by Postman item id, used instead of the request's name so that a
    /// rename in Postman need not change the generated API.
    pub name_overrides: BTreeMap<String, String>,
    /// The names an earlier generation gave (from its name lock), kept for
    /// the folders and requests that still ask for them.
    pub previous_names: crate::name_lock::ApiNames,
}

/// Lowers a parsed collection into the IR with default options.
pub fn lower(collection: &Collection) -> Result<Api, Error> {
    lower_with(collection, &LowerOptions::default())
}

/// Lowers a parsed collection into the IR. Problems that still allow a usable
/// client are diagnostics in [`Api::diagnostics`]; nothing here fails today,
/// but the signature leaves room for input no client can be made from.
pub fn lower_with(collection: &Collection, options: &LowerOptions) -> Result<Api, Error> {
    let mut definitions = collection.variables.clone();
    for var in &options.variables {
        definitions.retain(|existing| existing.key != var.key);
        definitions.push(var.clone());
    }
    let mut diagnostics = Vec::new();
    cycles::check(&definitions, &collection.variables, &mut diagnostics);
    // Any value counts, a secret's too: the segment is then required client configuration.
    let has_value = |name: &str| {
        definitions
            .iter()
            .rev()
            .find(|v| v.key == name)
            .is_some_and(|v| !v.value.is_empty())
    };
    let path_constants = url::deployment_constants(&collection.items, &has_value);
    let prepared = prepare::prepare_all(
        &collection.items,
        &collection.protocol_profile_behavior,
        &definitions,
        &path_constants,
    );
    let mut lowering = Lowering {
        prepared: prepared.into_iter(),
        path_constants,
        definitions,
        name_overrides: &options.name_overrides,
        previous_names: &options.previous_names,
        wanted_texts: Vec::new(),
        api: Api {
            name: collection.name.clone(),
            docs: collection.description.clone(),
            postman_id: collection.postman_id.clone(),
            format: collection.format,
            servers: Vec::new(),
            variables: Vec::new(),
            auth_schemes: Vec::new(),
            groups: vec![Group {
                name: collection.name.clone(),
                ident: String::new(),
                postman_id: collection.postman_id.clone(),
                docs: collection.description.clone(),
                parent: None,
                children: Vec::new(),
                operations: Vec::new(),
            }],
            operations: Vec::new(),
            diagnostics,
        },
        order: vec![Vec::new()],
        base_names: Vec::new(),
        item_paths: Vec::new(),
        servers: IndexMap::new(),
        server_uses: Vec::new(),
        auth_schemes: IndexMap::new(),
        lowered_auth: HashMap::new(),
        uses: variables::Uses::default(),
        request_ids: BTreeMap::new(),
        query_key_verdicts: HashMap::new(),
        field_idents: RefCell::default(),
    };
    let collection_events = event_names(&collection.events);
    if !collection_events.is_empty() {
        lowering.api.diagnostics.push(inherited_scripts_note(
            "$.event",
            &format!("the collection '{}'", collection.name),
            &collection_events,
        ));
    }
    let scope = Scope {
        group: 0,
        folders: Vec::new(),
        auth: vec![&collection.auth],
        events: collection_events,
        scripts: scripts_of(&collection.events, "collection"),
        protocol_profile_behavior: collection.protocol_profile_behavior.clone(),
    };
    lowering.items(&collection.items, &scope);
    Ok(lowering.finish())
}

/// What a folder passes down to its children.
struct Scope<'c> {
    group: usize,
    folders: Vec<String>,
    /// Auth definitions from the innermost folder out to the collection.
    auth: Vec<&'c AuthDef>,
    events: Vec<String>,
    /// The scripts of the collection and the enclosing folders, outermost first.
    scripts: Vec<Script>,
    protocol_profile_behavior: Map<String, Value>,
}

struct Lowering<'c> {
    /// Each request's [`prepare::Prepared`], in the order the walk meets them.
    prepared: std::vec::IntoIter<Option<prepare::Prepared>>,
    /// Collection variables with the options' values applied.
    definitions: Vec<VariableDef>,
    /// Whole-segment variables that are client configuration (`url::deployment_constants`).
    path_constants: Vec<String>,
    name_overrides: &'c BTreeMap<String, String>,
    /// Names an earlier generation gave (`LowerOptions::previous_names`).
    previous_names: &'c crate::name_lock::ApiNames,
    /// Per operation, the name it asks for as written (its rename or its name).
    wanted_texts: Vec<String>,
    api: Api,
    /// Children of each group in collection order (groups and operations interleaved).
    order: Vec<Vec<Child>>,
    base_names: Vec<String>,
    /// JSON path of each operation's item, for diagnostics.
    item_paths: Vec<String>,
    servers: IndexMap<Template, usize>,
    server_uses: Vec<usize>,
    auth_schemes: IndexMap<AuthScheme, usize>,
    /// Folder and collection auth definitions already lowered, by address.
    lowered_auth: HashMap<usize, Option<usize>>,
    uses: variables::Uses,
    /// The first request with each Postman id, for `duplicate-id`.
    request_ids: BTreeMap<String, String>,
    /// [`credentials::query_key_verdict`] of each form field name met so
    /// far: large forms repeat their fields from request to request.
    query_key_verdicts: HashMap<String, Option<bool>>,
    /// Form field names made identifiers (see `body::BodyContext`).
    field_idents: RefCell<HashMap<String, String>>,
}

impl<'c> Lowering<'c> {
    fn items(&mut self, items: &'c [Item], scope: &Scope<'c>) {
        for item in items {
            match item {
                Item::Folder(folder) => self.folder(folder, scope),
                Item::Request(request) => self.request(request, scope),
            }
        }
    }

    fn folder(&mut self, folder: &'c Folder, scope: &Scope<'c>) {
        if naming::is_path_parameter_folder(&folder.name) {
            // Folded: its requests join the enclosing group (naming.rs).
            return self.folder_contents(folder, scope, scope.group);
        }
        let index = self.api.groups.len();
        self.api.groups.push(Group {
            name: folder.name.clone(),
            ident: String::new(),
            postman_id: folder.id.clone(),
            docs: folder.description.clone(),
            parent: Some(GroupId::new(scope.group)),
            children: Vec::new(),
            operations: Vec::new(),
        });
        self.api.groups[scope.group]
            .children
            .push(GroupId::new(index));
        self.order[scope.group].push(Child::Group(index));
        self.order.push(Vec::new());
        self.folder_contents(folder, scope, index);
    }

    /// The items of `folder`, in group `group`, with what the folder passes down.
    fn folder_contents(&mut self, folder: &'c Folder, scope: &Scope<'c>, group: usize) {
        let mut auth = vec![&folder.auth];
        auth.extend(scope.auth.iter().copied());
        let mut events = scope.events.clone();
        let own = event_names(&folder.events);
        if !own.is_empty() {
            self.api.diagnostics.push(inherited_scripts_note(
                folder.path.key("event").as_str(),
                &format!("folder '{}'", folder.name),
                &own,
            ));
        }
        extend_unique(&mut events, own);
        let mut ppb = scope.protocol_profile_behavior.clone();
        ppb.extend(folder.protocol_profile_behavior.clone());
        let mut folders = scope.folders.clone();
        folders.push(folder.name.clone());
        let mut scripts = scope.scripts.clone();
        scripts.extend(scripts_of(
            &folder.events,
            &format!("folder '{}'", folder.name),
        ));
        let inner = Scope {
            group,
            folders,
            auth,
            events,
            scripts,
            protocol_profile_behavior: ppb,
        };
        self.items(&folder.items, &inner);
    }

    fn request(&mut self, item: &'c RequestItem, scope: &Scope<'c>) {
        let request = &item.request;
        let at = item.path.as_str();
        let prepared = self.prepared.next().flatten();
        if request.url.is_empty() {
            self.api.diagnostics.push(Diagnostic::warning(
                "empty-url",
                at,
                format!(
                    "request '{}' has no URL; Postman cannot send it, so it gets no method",
                    item.name
                ),
            ));
            return;
        }
        if request.url.from_raw_fallback {
            self.api.diagnostics.push(Diagnostic::warning(
                "raw-url-fallback",
                item.path.key("request").key("url").as_str(),
                "the URL object has only `raw`, which Postman ignores (it would send nothing); the generator parsed `raw` instead",
            ));
        }

        if !is_http_token(&request.method) {
            self.api.diagnostics.push(Diagnostic::warning(
                "invalid-method",
                item.path.key("request").key("method").as_str(),
                format!(
                    "`{}` is not a valid HTTP method (a method is a token: letters, digits and !#$%&'*+-.^_`|~); \
                     the client refuses to send request '{}'",
                    request.method.escape_debug(),
                    item.name
                ),
            ));
        }
        if let Some(id) = &item.id {
            match self.request_ids.get(id) {
                Some(first) => self.api.diagnostics.push(Diagnostic::warning(
                    "duplicate-id",
                    at,
                    format!(
                        "request '{}' has the id `{id}` of the request '{first}' before it (a copied item keeps its id); \
                         name overrides by id apply to both, and `diff` pairs requests sharing an id by route and name",
                        item.name
                    ),
                )),
                None => {
                    self.request_ids.insert(id.clone(), item.name.clone());
                }
            }
        }
        let mut ppb = scope.protocol_profile_behavior.clone();
        ppb.extend(item.protocol_profile_behavior.clone());
        let ignored =
            protocol_profile::ignored(&ppb, item.path.key("protocolProfileBehavior").as_str());
        self.api.diagnostics.extend(ignored);
        let mut events = scope.events.clone();
        extend_unique(&mut events, event_names(&item.events));
        // One note per script definition: the collection's and a folder's
        // are noted where they are defined, not once per request below them.
        let own = event_names(&item.events);
        if !own.is_empty() {
            self.api.diagnostics.push(Diagnostic::note(
                "scripts-ignored",
                at,
                format!(
                    "request '{}' has {} scripts; the client runs them only when built with its `scripts` feature; without it, values they would set must be passed explicitly",
                    item.name,
                    own.join(" and ")
                ),
            ));
        }

        // Auth.
        let mut auth = auth::effective(&request.auth, &scope.auth)
            .and_then(|def| self.lower_auth(def, &item.name, &request.auth, scope));
        if let Some(userinfo) = &request.url.userinfo {
            // Postman's HTTP layer turns `user:pass@` into basic auth when no
            // auth and no header of the request sets `Authorization`.
            let authorization_header = request
                .headers
                .iter()
                .any(|h| !h.disabled && h.key.eq_ignore_ascii_case("authorization"));
            let applies = auth.is_none() && !authorization_header;
            let at = item.path.key("request").key("url");
            self.api.diagnostics.push(if applies {
                Diagnostic::note(
                    "url-userinfo",
                    at.as_str(),
                    "the URL's `user:pass@` is sent as basic auth, as Postman sends it; the values are not copied \
                     into generated code: the client takes them at run time (`basic_auth`), or from the \
                     `{{variables}}` they name",
                )
            } else {
                Diagnostic::warning(
                    "url-userinfo",
                    at.as_str(),
                    "the URL's `user:pass@` is not sent: the request's auth or `Authorization` header takes its place, \
                     as in Postman",
                )
            });
            if applies {
                auth = Some(self.intern_auth(auth::userinfo_scheme(userinfo)));
            }
        }

        // Server and path.
        let server_template = url::server_template(&request.url);
        self.uses.record(&server_template, VariableUse::Server);
        let server = self.intern_server(server_template);
        // The path, query, body and examples, worked out beforehand on the
        // pool (`prepare`); made here only if the walk ever met a request
        // the preparing walk did not.
        let mut prepared = match prepared {
            Some(prepared) => prepared,
            None => prepare::prepare_one(
                item,
                &ppb,
                &self.definitions,
                &self.path_constants,
                &self.field_idents,
            ),
        };
        let mut names = prepared.names();
        let prepare::Prepared {
            path,
            path_params,
            mut query,
            mut body,
            responses,
            ..
        } = prepared;
        // Only variables inside fixed segments are client configuration: a
        // segment that is one whole `{{var}}` became a path parameter, which
        // the caller passes to the method, so the client never reads the
        // variable there.
        for segment in &path {
            if let PathSegment::Literal { value } = segment {
                self.uses.record(value, VariableUse::Path);
            }
        }
        self.api
            .diagnostics
            .extend(url::dot_segments(&request.url, at));
        if let Some(key) = auth.and_then(|i| auth_query_key(&self.api.auth_schemes[i])) {
            // Query auth replaces user entries with the same key and is appended last (§9.3).
            query.retain(|q| q.key.as_deref() != Some(key.as_str()));
        }
        self.protect_credential_query(&mut query, item);
        for q in &query {
            if let QueryValue::Fixed { value } = &q.value {
                self.uses.record(value, VariableUse::Query);
            }
        }

        // Body, then headers (which depend on what the body and auth set).
        if let Some(body) = &mut body {
            self.protect_credential_fields(body);
            self.protect_credential_json(body, item);
        }
        if let Some(body) = &body {
            self.record_body_uses(body);
        }
        let auth_header = auth.and_then(|i| auth_header_name(&self.api.auth_schemes[i]));
        let mut headers = headers(
            &request.headers,
            body.is_some(),
            auth_header.as_deref(),
            &mut names,
        );
        self.protect_credential_headers(&mut headers, item);
        for header in &headers {
            if let HeaderValue::Fixed { value } = &header.value {
                self.uses.record(value, VariableUse::Header);
                self.uses
                    .record(&Template::parse(&header.name), VariableUse::Header);
            }
        }

        let path_words: Vec<String> = path
            .iter()
            .filter_map(|s| match s {
                PathSegment::Literal { value } => value.as_literal(),
                PathSegment::Param { .. } => None,
            })
            .collect();
        let index = self.api.operations.len();
        let overridden = item.id.as_ref().and_then(|id| self.name_overrides.get(id));
        let name = overridden.unwrap_or(&item.name);
        self.wanted_texts.push(name.clone());
        self.base_names.push(naming::operation_base_name(
            name,
            &request.method,
            &path_words.join(" "),
            overridden.is_some(),
        ));
        self.item_paths.push(item.path.to_string());
        self.api.groups[scope.group]
            .operations
            .push(OperationId::new(index));
        self.order[scope.group].push(Child::Operation(index));
        self.server_uses[server] += 1;
        for (index, example) in responses.iter().enumerate() {
            let limit = crate::example_values::MAX_NESTED_ARRAYS;
            if example
                .json
                .as_ref()
                .is_some_and(|json| response::nested_arrays(json) > limit)
            {
                self.api.diagnostics.push(Diagnostic::warning(
                    "deep-example",
                    item.path.key("response").index(index).as_str(),
                    format!(
                        "the example '{}' nests arrays more than {limit} deep; what is deeper is typed \
                         `serde_json::Value` (types nested that deep do not compile)",
                        example.name
                    ),
                ));
            }
        }
        self.api.operations.push(Operation {
            name: String::new(),
            method_name: String::new(),
            postman_name: item.name.clone(),
            postman_id: item.id.clone(),
            folder_path: scope.folders.clone(),
            group: GroupId::new(scope.group),
            method: HttpMethod::parse(&request.method),
            server: ServerId::new(server),
            path,
            path_params,
            query,
            headers,
            body,
            auth: auth.map(AuthSchemeId::new),
            responses,
            docs: item.description.clone(),
            events,
            scripts: {
                let mut scripts = scope.scripts.clone();
                scripts.extend(scripts_of(
                    &item.events,
                    &format!("request '{}'", item.name),
                ));
                scripts
            },
            redirects: redirects::rules(&ppb, at, &mut self.api.diagnostics),
            profile: protocol_profile::profile(
                &ppb,
                &request.url,
                request
                    .headers
                    .iter()
                    .any(|h| !h.disabled && h.key.trim().eq_ignore_ascii_case("content-type")),
                at,
                &mut self.api.diagnostics,
            ),
        });
    }

    /// Makes the variables of credential headers secrets, and a literal
    /// credential a secret variable named after the header (never generated
    /// code): the N-th literal of one header name in a request is `name_N`
    /// (`literal_header_variable`), since each holds its own value.
    fn protect_credential_headers(&mut self, headers: &mut [HeaderParam], item: &RequestItem) {
        let mut literals: Vec<String> = Vec::new();
        for header in headers {
            let HeaderValue::Fixed { value } = &mut header.value else {
                continue;
            };
            if !credentials::is_credential(&header.name, value) {
                continue;
            }
            for name in value.vars() {
                self.uses.record_name(name, VariableUse::Auth);
            }
            let nth = literals.iter().filter(|name| **name == header.name).count() + 1;
            let variable = literal_header_variable(&header.name, nth);
            if let Some(parameterised) = credentials::parameterise(value, &variable) {
                *value = parameterised;
                literals.push(header.name.clone());
                self.uses.record_name(&variable, VariableUse::Auth);
                let index = item
                    .request
                    .headers
                    .iter()
                    .rposition(|h| h.key == header.name)
                    .unwrap_or_default();
                let at = item.path.key("request").key("header").index(index);
                self.api.diagnostics.push(literal_credential(
                    at.as_str(),
                    &format!("header `{}`", header.name),
                    &variable,
                ));
            }
        }
    }

    /// [`Lowering::protect_credential_headers`] for query parameters: an
    /// enabled literal credential becomes a secret variable named after its key.
    fn protect_credential_query(&mut self, query: &mut [QueryParam], item: &RequestItem) {
        for (index, q) in query.iter_mut().enumerate() {
            let Some(key) = q.key.clone() else {
                continue;
            };
            let value = match &q.value {
                QueryValue::Fixed { value } => value.clone(),
                QueryValue::Param { param } => {
                    Template::literal(param.example.clone().unwrap_or_default())
                }
                QueryValue::KeyOnly => continue,
            };
            if !credentials::is_credential_query(&key, &value) {
                continue;
            }
            for name in value.vars() {
                self.uses.record_name(name, VariableUse::Auth);
            }
            let Some(parameterised) = credentials::parameterise(&value, &key) else {
                continue;
            };
            match &mut q.value {
                QueryValue::Param { param } if q.disabled => param.example = None,
                _ => {
                    q.value = QueryValue::Fixed {
                        value: parameterised,
                    }
                }
            }
            self.uses.record_name(&key, VariableUse::Auth);
            let at = item
                .path
                .key("request")
                .key("url")
                .key("query")
                .index(index);
            self.api.diagnostics.push(literal_credential(
                at.as_str(),
                &format!("query parameter `{key}`"),
                &key,
            ));
        }
    }

    /// Form fields that carry a credential (`password`, `client_secret`): their
    /// variables are secrets, and a literal value, which would only be the
    /// field's example, is dropped so it never reaches the generated docs.
    fn protect_credential_fields(&mut self, body: &mut Body) {
        let (Body::UrlEncoded { fields, .. } | Body::FormData { fields, .. }) = body else {
            return;
        };
        for field in fields {
            let FormFieldKind::Text { value: Some(value) } = &mut field.kind else {
                continue;
            };
            let key = field.key.to_postman_string();
            let verdict = match self.query_key_verdicts.get(&key) {
                Some(verdict) => *verdict,
                None => {
                    let verdict = credentials::query_key_verdict(&key);
                    self.query_key_verdicts.insert(key.clone(), verdict);
                    verdict
                }
            };
            if !verdict.unwrap_or_else(|| credentials::scheme_prefix(value).is_some()) {
                continue;
            }
            for name in value.vars() {
                self.uses.record_name(name, VariableUse::Auth);
            }
            if credentials::parameterise(value, &key).is_some() {
                field.kind = FormFieldKind::Text { value: None };
                field.samples.clear();
            }
        }
    }

    /// A raw JSON body whose credential keys (`password`, `client_secret`)
    /// hold literal values: the values become secret client variables in the
    /// body's text (so the body is a template the client fills in, and its
    /// setters take them), with a warning naming where each was, and the saved
    /// examples' bodies lose them too, so no literal reaches generated code or
    /// type inference.
    fn protect_credential_json(&mut self, body: &mut Body, item: &RequestItem) {
        let Body::Raw {
            text,
            is_json: true,
            samples,
            ..
        } = body
        else {
            return;
        };
        let (replaced, found) = credentials::parameterise_json(&text.to_postman_string());
        for sample in samples.iter_mut() {
            *sample = credentials::parameterise_json(sample).0;
        }
        if found.is_empty() {
            return;
        }
        *text = Template::parse(&replaced);
        let at = item.path.key("request").key("body").key("raw");
        for credential in found {
            self.uses.record_name(&credential.key, VariableUse::Auth);
            self.api.diagnostics.push(literal_credential(
                at.as_str(),
                &format!(
                    "the raw body's `{}` at `{}`",
                    credential.key, credential.pointer
                ),
                &credential.key,
            ));
        }
    }

    fn record_body_uses(&mut self, body: &Body) {
        match body {
            // A raw body is the caller's value (a typed struct or text): the
            // collection's text is an example, and its variables are never
            // read from the client. A raw body with a variable of its own is
            // a template, though, rendered when sent: the dynamic variables in
            // it (`{{$randomFirstName}}`) are the client's to draw, so the
            // crate must have what draws them.
            Body::Raw { text, .. } => {
                if text.vars().any(|name| !name.starts_with('$')) {
                    for name in text.vars().filter(|name| name.starts_with('$')) {
                        self.uses.record_name(name, VariableUse::Body);
                    }
                }
            }
            Body::UrlEncoded { fields, .. } | Body::FormData { fields, .. } => {
                for field in fields {
                    self.uses.record(&field.key, VariableUse::Body);
                    if let FormFieldKind::Text { value: Some(value) } = &field.kind {
                        self.uses.record(value, VariableUse::Body);
                    }
                }
            }
            Body::GraphQl {
                query, variables, ..
            } => {
                self.uses.record(query, VariableUse::Body);
                if let Some(GraphQlVariables::Text(text)) = variables {
                    self.uses.record(text, VariableUse::Body);
                }
            }
            Body::File { .. } => {}
        }
    }

    /// Lowers an auth definition once: every request inheriting it shares the
    /// scheme, and its diagnostics are reported once, naming its owner.
    fn lower_auth(
        &mut self,
        def: &'c AuthDef,
        request_name: &str,
        own: &'c AuthDef,
        scope: &Scope<'c>,
    ) -> Option<usize> {
        let key = def as *const AuthDef as usize;
        if let Some(&lowered) = self.lowered_auth.get(&key) {
            return lowered;
        }
        let owner = if std::ptr::eq(def, own) {
            format!("request '{request_name}'")
        } else {
            // `scope.auth` runs from the innermost folder out to the collection.
            match scope.auth.iter().position(|a| std::ptr::eq(*a, def)) {
                Some(index) if index < scope.folders.len() => {
                    format!(
                        "folder '{}'",
                        scope.folders[scope.folders.len() - 1 - index]
                    )
                }
                _ => format!("the collection '{}'", self.api.name),
            }
        };
        let lowered = auth::scheme(def, &owner, &mut self.api.diagnostics)
            .map(|scheme| self.intern_auth(scheme));
        // A request's own definition is seen once anyway; folders' and the collection's are shared.
        if !std::ptr::eq(def, own) {
            self.lowered_auth.insert(key, lowered);
        }
        lowered
    }

    fn intern_auth(&mut self, scheme: AuthScheme) -> usize {
        let credentials: Vec<&Credential> = match &scheme {
            AuthScheme::Basic { username, password } => vec![username, password],
            AuthScheme::Bearer { token } | AuthScheme::OAuth2 { token, .. } => vec![token],
            AuthScheme::ApiKey { value, .. } => vec![value],
            AuthScheme::Signed(signed) => {
                // Options are not secrets (they end up in headers), so their variables keep defaults.
                for text in signed.templates() {
                    self.uses
                        .record(&Template::parse(text), VariableUse::Header);
                }
                signed.credentials()
            }
            AuthScheme::Unsupported { .. } => vec![],
        };
        for credential in credentials {
            if let Credential::Variable(name) = credential {
                self.uses.record_name(name, VariableUse::Auth);
            }
        }
        if let Some(&index) = self.auth_schemes.get(&scheme) {
            return index;
        }
        let index = self.api.auth_schemes.len();
        self.auth_schemes.insert(scheme.clone(), index);
        self.api.auth_schemes.push(scheme);
        index
    }

    fn intern_server(&mut self, url: Template) -> usize {
        if let Some(&index) = self.servers.get(&url) {
            return index;
        }
        let index = self.api.servers.len();
        self.servers.insert(url.clone(), index);
        self.api.servers.push(Server {
            url,
            default_url: None,
            ident: String::new(),
        });
        self.server_uses.push(0);
        index
    }

    fn finish(mut self) -> Api {
        let mut api = std::mem::replace(&mut self.api, empty_api());
        sort_servers_by_use(&mut api, &self.server_uses);
        naming::assign(
            &mut api,
            &self.order,
            &self.base_names,
            &self.item_paths,
            &self.wanted_texts,
            self.previous_names,
        );
        api.variables = variables::variables(&self.definitions, &self.uses, &mut api.diagnostics);
        scrub_secret_examples(&mut api, &self.definitions);
        for server in &mut api.servers {
            server.default_url = variables::default_url(&server.url, &api.variables);
        }
        variables::name_servers(&mut api.servers);
        variables::report_unresolved(&api.variables, &mut api.diagnostics);
        api
    }
}

fn empty_api() -> Api {
    Api {
        name: String::new(),
        docs: None,
        postman_id: None,
        format: crate::ir::FormatVersion::Unknown,
        servers: Vec::new(),
        variables: Vec::new(),
        auth_schemes: Vec::new(),
        groups: Vec::new(),
        operations: Vec::new(),
        diagnostics: Vec::new(),
    }
}

/// Orders servers most-used first (ties by first use), so `base_url` is the main one.
fn sort_servers_by_use(api: &mut Api, uses: &[usize]) {
    let mut order: Vec<usize> = (0..api.servers.len()).collect();
    order.sort_by_key(|&i| (std::cmp::Reverse(uses[i]), i));
    let mut new_index = vec![0; order.len()];
    for (new, &old) in order.iter().enumerate() {
        new_index[old] = new;
    }
    let mut servers: Vec<Option<Server>> = std::mem::take(&mut api.servers)
        .into_iter()
        .map(Some)
        .collect();
    api.servers = order
        .iter()
        .filter_map(|&old| servers[old].take())
        .collect();
    for op in &mut api.operations {
        op.server = ServerId::new(new_index[op.server.index()]);
    }
}

/// The header an auth scheme sets, which replaces the user's header of that name.
fn auth_header_name(scheme: &AuthScheme) -> Option<String> {
    match scheme {
        AuthScheme::Basic { .. } => Some("authorization".to_string()),
        AuthScheme::Signed(signed) if !signed.never_signs() => Some("authorization".to_string()),
        AuthScheme::Bearer { token }
        | AuthScheme::OAuth2 {
            token,
            location: ApiKeyLocation::Header,
            ..
        } if *token != Credential::Empty => Some("authorization".to_string()),
        AuthScheme::ApiKey {
            name,
            location: ApiKeyLocation::Header,
            ..
        } => Some(name.to_ascii_lowercase()),
        _ => None,
    }
}

/// The query key an auth scheme sets, which replaces the user's entries with that key.
fn auth_query_key(scheme: &AuthScheme) -> Option<String> {
    match scheme {
        AuthScheme::ApiKey {
            name,
            location: ApiKeyLocation::Query,
            ..
        } => Some(name.clone()),
        AuthScheme::OAuth2 {
            token,
            location: ApiKeyLocation::Query,
            ..
        } if *token != Credential::Empty => Some("access_token".to_string()),
        _ => None,
    }
}

/// The headers the caller's request carries (§6): enabled, named, and not the
/// ones the body or auth set. When a name repeats in a different case only the
/// last spelling survives (as Postman's HTTP client does); same-case repeats are
/// all sent.
fn headers(
    headers: &[Header],
    has_body: bool,
    auth_header: Option<&str>,
    names: &mut UniqueNames,
) -> Vec<HeaderParam> {
    let enabled: Vec<&Header> = headers
        .iter()
        .filter(|h| !h.disabled && !h.key.is_empty())
        .filter(|h| !(has_body && h.key.eq_ignore_ascii_case("content-type")))
        .filter(|h| auth_header != Some(h.key.to_ascii_lowercase().as_str()))
        .collect();
    enabled
        .iter()
        .enumerate()
        .filter(|(i, h)| {
            !enabled[i + 1..]
                .iter()
                .any(|later| later.key.eq_ignore_ascii_case(&h.key) && later.key != h.key)
        })
        .map(|(_, h)| HeaderParam {
            name: h.key.clone(),
            value: HeaderValue::Fixed {
                value: Template::parse(&h.value),
            },
            docs: h.description.clone(),
        })
        .chain(disabled_headers(
            headers,
            &enabled,
            has_body,
            auth_header,
            names,
        ))
        .collect()
}

/// Disabled headers are the collection's optional headers: each becomes an
/// optional parameter (not sent unless set), with its value as the example.
/// Left out: headers the request already sends, the Content-Type of a body,
/// the header auth sets, and repeats of a name (the first one documents it).
fn disabled_headers(
    headers: &[Header],
    enabled: &[&Header],
    has_body: bool,
    auth_header: Option<&str>,
    names: &mut UniqueNames,
) -> Vec<HeaderParam> {
    let mut seen: Vec<String> = Vec::new();
    headers
        .iter()
        .filter(|h| h.disabled && !h.key.is_empty())
        .filter(|h| !(has_body && h.key.eq_ignore_ascii_case("content-type")))
        .filter(|h| auth_header != Some(h.key.to_ascii_lowercase().as_str()))
        .filter(|h| !enabled.iter().any(|e| e.key.eq_ignore_ascii_case(&h.key)))
        .filter(|h| {
            let lower = h.key.to_ascii_lowercase();
            let first = !seen.contains(&lower);
            seen.push(lower);
            first
        })
        .map(|h| HeaderParam {
            name: h.key.clone(),
            value: HeaderValue::Param {
                param: Param {
                    name: h.key.clone(),
                    ident: names.claim(&snake_ident(&h.key, "header")),
                    docs: h.description.clone(),
                    example: Some(h.value.clone()).filter(|v| !v.is_empty()),
                    required: false,
                },
            },
            docs: h.description.clone(),
        })
        .collect()
}

/// Removes parameter examples that hold a secret variable's value: a variable
/// can turn out to be a secret (by its use in a later request's credential
/// header) after its value became an earlier parameter's example.
fn scrub_secret_examples(api: &mut Api, definitions: &[VariableDef]) {
    let secret_values: Vec<&str> = api
        .variables
        .iter()
        .filter(|var| var.secret)
        .flat_map(|var| definitions.iter().filter(move |d| d.key == var.name))
        .map(|d| d.value.as_str())
        .filter(|value| !value.is_empty())
        .collect();
    if secret_values.is_empty() {
        return;
    }
    let holds_secret = |example: &Option<String>| {
        example
            .as_deref()
            .is_some_and(|text| secret_values.iter().any(|secret| text.contains(secret)))
    };
    for op in &mut api.operations {
        for param in &mut op.path_params {
            if holds_secret(&param.example) {
                param.example = None;
            }
        }
        for q in &mut op.query {
            if let QueryValue::Param { param } = &mut q.value {
                if holds_secret(&param.example) {
                    param.example = None;
                }
            }
        }
    }
}

/// Whether `method` is an HTTP token (RFC 9110 §5.6.2), which is what the
/// client's HTTP library accepts as a method.
fn is_http_token(method: &str) -> bool {
    !method.is_empty()
        && method
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// The warning for a literal credential taken out of generated code.
/// The literal credentials a raw JSON body's text holds, as (variable, value)
/// pairs: what generation replaces by secret client variables. Only for a
/// replay harness, which supplies them at run time as a caller would; they
/// are never part of generated code.
pub fn raw_json_body_credentials(text: &str) -> Vec<(String, String)> {
    credentials::parameterise_json(text)
        .1
        .into_iter()
        .map(|credential| (credential.key, credential.literal))
        .collect()
}

/// The secret variable of the `nth` (from 1) literal credential header named
/// `name` in one request: `name`, then `name_2`, `name_3`, ...
pub fn literal_header_variable(name: &str, nth: usize) -> String {
    match nth {
        1 => name.to_string(),
        n => format!("{name}_{n}"),
    }
}

/// The literal a header (`query: false`) or query parameter holds when
/// generation replaces it by the secret variable named after it (an API key
/// header `X-API-Key: abc123` becomes `{{X-API-Key}}`): the text after any
/// scheme (`Bearer `). Only for a replay harness, which supplies it at run
/// time as a caller would; `None` when the value is not such a literal (no
/// credential, or it holds variables).
pub fn literal_credential_value(name: &str, value: &str, query: bool) -> Option<String> {
    let template = Template::parse(value);
    let credential = if query {
        credentials::is_credential_query(name, &template)
    } else {
        credentials::is_credential(name, &template)
    };
    if !credential || template.vars().next().is_some() {
        return None;
    }
    let replaced = credentials::parameterise(&template, name)?.to_postman_string();
    let prefix = replaced.strip_suffix(&format!("{{{{{name}}}}}"))?;
    value.strip_prefix(prefix).map(str::to_string)
}

fn literal_credential(at: &str, place: &str, variable: &str) -> Diagnostic {
    Diagnostic::warning(
        "literal-credential",
        at,
        format!(
            "{place} holds a literal credential; it is not copied into generated code: the client \
             sends the secret variable `{variable}` instead, which the caller sets (its setter on the \
             client builder, or `.var(\"{variable}\", ..)`)"
        ),
    )
}

/// The `scripts-ignored` note for the scripts of the collection or a folder
/// (`owner`), which Postman runs for every request below it: one note for the
/// definition, not one per request.
fn inherited_scripts_note(at: &str, owner: &str, events: &[String]) -> Diagnostic {
    Diagnostic::note(
        "scripts-ignored",
        at,
        format!(
            "{owner} has {} scripts, which Postman runs for every request in it; the client runs \
             them only when built with its `scripts` feature; without it, values they would set \
             must be passed explicitly (each request's docs say what its scripts touch)",
            events.join(" and ")
        ),
    )
}

/// The scripts of one level (`collection`, `folder '..'`, `request '..'`).
fn scripts_of(events: &[Event], level: &str) -> Vec<Script> {
    events
        .iter()
        .map(|event| Script {
            listen: event.listen.clone(),
            level: level.to_string(),
            source: event.exec.clone(),
        })
        .collect()
}

fn event_names(events: &[Event]) -> Vec<String> {
    let mut names = Vec::new();
    extend_unique(
        &mut names,
        events.iter().map(|e| e.listen.clone()).collect(),
    );
    names
}

fn extend_unique(into: &mut Vec<String>, more: Vec<String>) {
    for name in more {
        if !into.contains(&name) {
            into.push(name);
        }
    }
}

#[cfg(test)]
mod tests;
