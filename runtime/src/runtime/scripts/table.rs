//! The runtime crate's own table of scripts, for its unit tests
//! (`src/tests/scripts.rs`). A generated crate never gets this file: the
//! generator writes each crate's `table.rs` from its collection
//! (`postman-codegen`'s `emit/scripts.rs`).

use super::Script;

/// A collection-level script: sets a variable and signs the query.
const COLLECTION: Script = Script {
    listen: "prerequest",
    level: "collection",
    source: "pm.environment.set('seen', pm.request.url.query.get('q'));\n\
             pm.request.headers.add({ key: 'X-Sig', value: CryptoJS.HmacSHA256(pm.request.url.getQueryString(), 'k').toString() });",
};

/// A request-level script that runs after it and sees what it did.
const REQUEST: Script = Script {
    listen: "prerequest",
    level: "request 'Signed'",
    source: "pm.request.headers.add({ key: 'X-Seen', value: pm.environment.get('seen') + ' ' + pm.request.headers.has('X-Sig') });",
};

/// A test script that stores what the response said.
const TEST: Script = Script {
    listen: "test",
    level: "request 'Signed'",
    source: "pm.collectionVariables.set('answer', pm.response.json().answer + '/' + pm.response.code);",
};

/// A script that fails on its third line.
const THROWS: Script = Script {
    listen: "prerequest",
    level: "request 'Throws'",
    source: "var a = 1;\nvar b = 2;\nthrow new Error('no ' + (a + b));",
};

/// Stores values that are not strings.
const TYPED_SET: Script = Script {
    listen: "prerequest",
    level: "collection",
    source: "pm.environment.set('n', 5); pm.environment.set('o', { a: [1, 2] }); pm.collectionVariables.set('s', '5');",
};

/// Reads them back, typed, and renders them.
const TYPED_GET: Script = Script {
    listen: "prerequest",
    level: "request 'Typed'",
    source: "var e = pm.environment;\n\
             pm.request.headers.add({ key: 'X-Types', value: [typeof e.get('n'), e.get('n') + 1, e.get('o').a[1], typeof pm.collectionVariables.get('s'), JSON.stringify(e.toObject())].join(' ') });\n\
             pm.request.headers.add({ key: 'X-In', value: pm.variables.replaceIn('{{o}}|{{n}}') });",
};

/// Sets a variable of every scope over the caller's and the collection's.
const PRECEDENCE: Script = Script {
    listen: "prerequest",
    level: "request 'Precedence'",
    source: "['col', 'env', 'both', 'mine', 'colset', 'only_global'].forEach(function (n) { pm.globals.set(n, 'global'); });\n\
             pm.environment.set('mine', 'script');\n\
             pm.collectionVariables.set('colset', 'script');\n\
             pm.request.headers.add({ key: 'X-V', value: [pm.variables.get('col'), pm.variables.get('env'), pm.variables.get('mine')].join(' ') });",
};

/// `moment` at a fixed offset.
const MOMENT_OFFSET: Script = Script {
    listen: "prerequest",
    level: "request 'Moment'",
    source: "var moment = require('moment'); var at = Date.UTC(2024, 0, 31, 23, 30);\n\
             pm.request.headers.add({ key: 'X-M', value: [moment(at).utcOffset(-300).format(), moment(at).utcOffset('+05:30').format('YYYY-MM-DD HH:mm ZZ'),\n\
               moment(at).utcOffset(-5).startOf('day').toISOString(), moment(at).utcOffset(2).utcOffset(), moment(at).utcOffset('not an offset').format()].join(' ') });",
};

/// `replaceIn` on nested references, in every scope.
const REPLACE_NESTED: Script = Script {
    listen: "prerequest",
    level: "request 'Replace nested'",
    source: "pm.environment.set('one', '1'); pm.environment.set('host.1', 'env-host'); pm.globals.set('host.1', 'global-host');\n\
             pm.request.headers.add({ key: 'X-R', value: [pm.variables.replaceIn('{{host.{{one}}}}|') + (pm.variables.replaceIn('{{host.{{two}}}}') === '{{host.{{two}}}}' ? 'kept' : 'changed'), pm.globals.replaceIn('{{host.1}}')].join(' ') });",
};

const REPLACE_DYNAMIC: Script = Script {
    listen: "prerequest",
    level: "request 'Replace dynamic'",
    source: "pm.request.headers.add({ key: 'X-D', value: [pm.variables.replaceIn('{{$guid}}'), pm.environment.replaceIn('n{{$randomInt}}'), (pm.variables.replaceIn('{{$notPostmans}}') === '{{$notPostmans}}' ? 'kept' : 'changed')].join(' ') });",
};

/// (API, operation, its scripts in the order they run).
pub(crate) static SCRIPTS: &[(&str, &str, &[Script])] = &[
    ("scripts-unit", "signed", &[COLLECTION, REQUEST, TEST]),
    ("scripts-unit", "throws", &[THROWS]),
    ("scripts-unit", "typed", &[TYPED_SET, TYPED_GET]),
    ("scripts-unit", "precedence", &[PRECEDENCE]),
    ("scripts-unit", "moment", &[MOMENT_OFFSET]),
    ("scripts-unit", "replace_nested", &[REPLACE_NESTED]),
    ("scripts-unit", "replace_dynamic", &[REPLACE_DYNAMIC]),
];
