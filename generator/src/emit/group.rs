//! Folder modules: a handle struct per folder (`client.meetings()`) with an
//! accessor per sub-folder and per request, and the request builders of the
//! folder's requests. The collection's top-level requests get their builders
//! in an `operations` module and their accessors on the client.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use rayon::prelude::*;

use crate::diagnostics::Error;
use crate::ir::{GroupId, OperationId};

use super::doc_block;
use super::docs;
use super::model::ApiModel;
use super::operation::{self, OperationItems};
use super::print::FileText;
use super::repeated;
use super::rust::{doc_attrs, ident, inner_doc_attrs, print_items, print_members};
use super::types::TypePaths;
use super::{items_per_run, jobs_per_window, Context, CrateFiles, FileSink};

/// Whether a group (or anything below it) holds requests; empty folders get no module.
pub fn is_live(model: &ApiModel<'_>, group: GroupId) -> bool {
    model.api.groups.get(group.index()).is_some_and(|g| {
        !g.operations.is_empty() || g.children.iter().any(|&child| is_live(model, child))
    })
}

/// What a folder holds, for Rust readers: the path its requests share
/// (``Requests under `/meetings/{meetingId}`.``) rather than the Postman
/// folder's name, which is often a path of its own with spaces in it.
fn folder_summary(model: &ApiModel<'_>, group: GroupId) -> String {
    let api = model.api;
    let mut paths: Vec<Vec<String>> = Vec::new();
    let mut pending = vec![group];
    while let Some(id) = pending.pop() {
        let Some(g) = api.groups.get(id.index()) else {
            continue;
        };
        pending.extend(g.children.iter().copied());
        for &op in &g.operations {
            if let Some(op) = api.operations.get(op.index()) {
                let path = api.path_string(op);
                paths.push(path.split('/').map(str::to_string).collect());
            }
        }
    }
    let common = paths.split_first().map_or(0, |(first, rest)| {
        (0..first.len())
            .take_while(|&i| rest.iter().all(|p| p.get(i) == first.get(i)))
            .count()
    });
    let prefix = paths
        .first()
        .map(|p| p[..common].join("/"))
        .unwrap_or_default();
    if prefix.trim_matches('/').is_empty() {
        "Requests grouped as in the collection.".to_string()
    } else {
        format!("Requests under {}.", docs::code(&prefix))
    }
}

/// The live children of a group.
pub fn live_children(model: &ApiModel<'_>, group: GroupId) -> Vec<GroupId> {
    model.api[group]
        .children
        .iter()
        .copied()
        .filter(|&child| is_live(model, child))
        .collect()
}

/// `crate::zoom` (or `crate` for a flattened API) as a path.
pub fn api_path(model: &ApiModel<'_>) -> TokenStream {
    let modules = model.layout.path.iter().map(|m| ident(m));
    quote!(crate #(::#modules)*)
}

/// The accessor of a child group, for its parent's impl.
pub fn child_accessor(
    model: &ApiModel<'_>,
    child: GroupId,
    client: &TokenStream,
    lifetime: &TokenStream,
    relative: bool,
) -> TokenStream {
    let group = &model.api[child];
    let names = &model[child];
    let module_path = if relative {
        let module = ident(names.modules.last().map(String::as_str).unwrap_or_default());
        quote!(#module)
    } else {
        let root = api_path(model);
        let modules = names.modules.iter().map(|m| ident(m));
        quote!(#root #(::#modules)*)
    };
    let mut text = folder_summary(model, child);
    if let Some(description) = group
        .docs
        .as_deref()
        .map(docs::markdown)
        .filter(|d| !d.is_empty())
    {
        text.push_str("\n\n");
        text.push_str(&description);
    }
    super::operation::handle_accessor(
        &text,
        &names.accessor,
        &module_path,
        &names.handle,
        [client, lifetime],
    )
}

/// Writes the module of every live non-root group.
///
/// Folder modules are independent of one another, and building and
/// formatting them is most of a generation's time, so they are made on all
/// cores. Each file is a pure function of its folder, and the results are
/// put into `sink` in folder order, so the output (and the first error, if
/// any) is the same whatever the scheduling.
///
/// They are made in windows of eight per thread, the next window started
/// once this one is made: a sink that writes files out never has more than a
/// window's worth of folder modules in memory. Within a window, a folder's
/// file goes to the sink as soon as it and every folder before it are made,
/// not once the whole window is, so the files of a window are not all alive
/// at its end (0.6 to 0.85 MB less resident peak on p2o-github and
/// stripe-api: docs/performance.md, "Session 28: memory").
pub fn emit_groups(
    ctx: &Context<'_>,
    model: &ApiModel<'_>,
    paths_names: &[String],
    sink: &mut dyn FileSink,
) -> Result<(), Error> {
    let live: Vec<GroupId> = model
        .api
        .group_ids()
        .filter(|&id| model.api[id].parent.is_some() && is_live(model, id))
        .collect();
    let window = jobs_per_window();
    for folders in live.chunks(window) {
        // This thread is not one of the pool's (`emit_into` starts it), so it
        // can wait for the files while the pool makes them; the jobs are
        // queued in folder order and mostly finish in it.
        let (done, finished) = std::sync::mpsc::channel();
        let mut first_error = None;
        rayon::in_place_scope(|scope| {
            for (at, &index) in folders.iter().enumerate() {
                let done = done.clone();
                scope.spawn(move |_| {
                    let _docs = doc_block::scope();
                    let file = model.layout.file(
                        &model[index].modules,
                        !live_children(model, index).is_empty(),
                    );
                    let made = group_module(ctx, model, index, paths_names, &file);
                    // The receiver outlives the scope.
                    let _ = done.send((at, made.map(|text| (file, text))));
                });
            }
            drop(done);
            // Files made ahead of an earlier folder's wait for it.
            let mut waiting: Vec<Option<Result<(String, String), Error>>> =
                folders.iter().map(|_| None).collect();
            let mut next = 0;
            for (at, made) in finished.iter() {
                waiting[at] = Some(made);
                while let Some(made) = waiting.get_mut(next).and_then(Option::take) {
                    next += 1;
                    match made {
                        // Nothing after the first error (in folder order) is put.
                        Ok((file, text)) if first_error.is_none() => sink.put(file, text),
                        Ok(_) => {}
                        Err(error) => {
                            first_error.get_or_insert(error);
                        }
                    }
                }
            }
        });
        if let Some(error) = first_error {
            return Err(error);
        }
    }
    Ok(())
}

/// The text of one folder's module: the handle with its accessors first,
/// then the builders ([`operations_in_runs`]).
fn group_module(
    ctx: &Context<'_>,
    model: &ApiModel<'_>,
    index: GroupId,
    names: &[String],
    file: &str,
) -> Result<String, Error> {
    let group = &model.api[index];
    let handle = format_ident!("{}", model[index].handle);
    let client = quote!(self.client);
    let lifetime = quote!('a);

    let children = live_children(model, index);
    let parent_module = model[index].modules.last().cloned().unwrap_or_default();
    let child_modules = children.iter().map(|&child| {
        let module_name = model[child].modules.last().cloned().unwrap_or_default();
        let module = ident(&module_name);
        let inception =
            (module_name == parent_module).then(|| quote!(#[allow(clippy::module_inception)]));
        quote!(#inception pub mod #module;)
    });
    let child_accessors = children
        .iter()
        .map(|&child| child_accessor(model, child, &client, &lifetime, true));
    // A folder of many requests (Stripe's `payment_intents` prints 13,000
    // lines) is built and printed in runs on the pool too, so that it does
    // not keep one thread busy while the other has no folder left; a run is
    // at least a few requests, so that a small folder is one job.
    let run = items_per_run(group.operations.len()).max(MIN_FOLDER_RUN);
    let (accessors, items, types_used) = operations_in_runs(
        ctx,
        model,
        &group.operations,
        run,
        names,
        &|| [quote!(), quote!(self.client), quote!('a)],
        file,
    )?;
    let accessors = (!accessors.is_empty()).then(|| repeated::preprinted(accessors));

    let mut module_docs = folder_summary(model, index);
    if let Some(description) = group
        .docs
        .as_deref()
        .map(docs::markdown)
        .filter(|d| !d.is_empty())
    {
        module_docs.push_str("\n\n");
        module_docs.push_str(&description);
    }
    let inner_docs = inner_doc_attrs(&module_docs);
    let handle_docs = doc_attrs(&format!(
        "{} Get it with `{}`.",
        folder_summary(model, index),
        access_chain(model, index)
    ));
    let body = quote! {
        #handle_docs
        #[derive(Debug, Clone, Copy)]
        pub struct #handle<'a> {
            client: &'a Client,
        }

        impl<'a> #handle<'a> {
            pub(crate) fn new(client: &'a Client) -> Self {
                #handle { client }
            }

            #(#child_accessors)*
            #accessors
        }
    };
    let api = api_path(model);
    let runtime_import = (!group.operations.is_empty()).then(|| {
        quote!(
            use crate::runtime;
        )
    });
    let types_import = types_used.then(|| quote!(use #api::types;));
    let head = quote! {
        #inner_docs
        #(#child_modules)*
        #runtime_import
        use #api::Client;
        #types_import
        #body
    };
    // Spaced out as it is put together: the folder's builders are not
    // copied into a whole printed file first.
    let head = print_items(file, head)?;
    Ok(spaced_file(&head, items))
}

/// A module's file: its head, then the builders printed on the pool, each
/// spaced out as it is put in (not joined into one text first: a copy of
/// all of them, grown by reallocation).
fn spaced_file(head: &str, builders: Vec<String>) -> String {
    let items: usize = builders.iter().map(String::len).sum();
    let mut text = FileText::with_capacity(head.len() + items + items / 16);
    text.push(head);
    for builder in builders {
        text.push(&builder);
    }
    text.finish()
}

/// The top-level requests' builders, in their own module; returns the
/// accessors for the client's impl (one placeholder member standing for
/// their printed text, `repeated::preprinted`).
pub fn root_operations(
    ctx: &Context<'_>,
    model: &ApiModel<'_>,
    names: &[String],
    files: &mut CrateFiles,
) -> Result<Vec<TokenStream>, Error> {
    let Some(root) = model.api.root_group() else {
        return Ok(Vec::new());
    };
    let Some(module) = &model.root_operations_module else {
        return Ok(Vec::new());
    };
    let file = model.layout.file(std::slice::from_ref(module), false);
    // A flat collection is all top-level requests: they are built and
    // printed on all cores, in runs of a few, like folders. Token streams
    // are not `Send`, so each run prints its accessors too (as members of
    // the client's impl), and the client's impl takes their text in place
    // of a placeholder (`repeated::preprinted`). The runs are joined in
    // order, so the text is the same as printing them one by one.
    let operations = &model.api[root].operations;
    let (accessors, items, types_used) = operations_in_runs(
        ctx,
        model,
        operations,
        items_per_run(operations.len()),
        names,
        &|| {
            let module = ident(module);
            [quote!(#module::), quote!(self), quote!('_)]
        },
        &file,
    )?;
    let api = api_path(model);
    let types_import = types_used.then(|| quote!(use #api::types;));
    let head = quote! {
        //! Builders for the requests at the top level of the collection.
        use crate::runtime;
        use #api::Client;
        #types_import
    };
    let head = print_items(&file, head)?;
    files.insert(file, spaced_file(&head, items));
    Ok(if accessors.is_empty() {
        Vec::new()
    } else {
        vec![repeated::preprinted(accessors)]
    })
}

/// What one run of [`operations_in_runs`] prints: its accessors' text, each
/// builder's text, and whether they name a generated type.
type PrintedRun = (String, Vec<String>, bool);

/// The fewest requests of a folder built and printed as one job.
const MIN_FOLDER_RUN: usize = 4;

/// Builds and prints `operations` in runs of `run` on the rayon pool, joined
/// in order ([`emit_operations`] for each run). Token streams are not
/// `Send`, so each run prints its accessors too, as members of an impl at
/// the top level of a file (`print_members`), for the handle's (or the
/// client's) impl to take in place of one placeholder member
/// (`repeated::preprinted`). Returns the accessors' text, the builders' text
/// (one text a request, in order) and whether any of them names a generated
/// type.
fn operations_in_runs(
    ctx: &Context<'_>,
    model: &ApiModel<'_>,
    operations: &[OperationId],
    run: usize,
    names: &[String],
    access: &(dyn Fn() -> [TokenStream; 3] + Sync),
    file: &str,
) -> Result<(String, Vec<String>, bool), Error> {
    let runs: Vec<Result<PrintedRun, Error>> = operations
        .par_chunks(run.max(1))
        .map(|operations| {
            let _docs = doc_block::scope();
            let paths = TypePaths::new(model.types, names);
            let [builder_path, client, lifetime] = access();
            let (accessors, items) = emit_operations(
                ctx,
                model,
                operations,
                &paths,
                (&builder_path, &client, &lifetime),
                file,
            )?;
            let accessors = print_members(file, accessors)?;
            Ok((accessors, items, paths.used()))
        })
        .collect();
    let mut accessors = String::new();
    let mut items = Vec::with_capacity(operations.len());
    let mut types_used = false;
    for result in runs {
        let (run_accessors, run_items, used) = result?;
        accessors.push_str(&run_accessors);
        items.extend(run_items);
        types_used |= used;
    }
    Ok((accessors, items, types_used))
}

/// Emits the requests `operations` and prints each one's builder as soon as
/// it is built, keeping only its text: a folder of hundreds of requests never
/// has all their token streams alive at once (they take several times the
/// memory of the text). Returns the accessors, for the handle's `impl`, and
/// the printed builders, one text each: they are spaced into the module's
/// file from there, not first appended to one text of the run (on Stripe's
/// folders, hundreds of KB grown by reallocation into fresh pages, a copy
/// and a page fault for every 4 KB). `access` is what `operation::emit`
/// needs to spell the accessor: the builder's module path, the client
/// expression and the lifetime.
fn emit_operations(
    ctx: &Context<'_>,
    model: &ApiModel<'_>,
    operations: &[OperationId],
    paths: &TypePaths<'_>,
    access: (&TokenStream, &TokenStream, &TokenStream),
    file: &str,
) -> Result<(Vec<TokenStream>, Vec<String>), Error> {
    let (builder_path, client, lifetime) = access;
    let mut accessors = Vec::with_capacity(operations.len());
    let mut printed = Vec::with_capacity(operations.len());
    for &op in operations {
        let OperationItems { accessor, items } =
            operation::emit(ctx, model, op, paths, builder_path, client, lifetime);
        accessors.push(accessor);
        let mut builder = print_items(file, items)?;
        // Held until the file is put together; printing reserves up to
        // twice the text (`print::replace_lines`).
        builder.shrink_to_fit();
        printed.push(builder);
    }
    Ok((accessors, printed))
}

/// `client.meetings().registrants()`, for docs.
fn access_chain(model: &ApiModel<'_>, group: GroupId) -> String {
    let mut chain = String::from("client");
    for accessor in model.api.group_path(group) {
        chain.push('.');
        chain.push_str(accessor);
        chain.push_str("()");
    }
    chain
}
