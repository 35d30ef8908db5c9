//! IR values built by hand, with every field that is not given empty: for
//! the tests, fuzz targets and benches that need an [`Api`] without a
//! collection. Lowering builds the real ones; a new IR field gets its empty
//! value here once, not in every test that builds IR.

use super::{
    Api, Field, FormatVersion, Group, GroupId, HttpMethod, Operation, OperationId, ServerId,
    TypeDef, TypeKind, TypeRef,
};

impl Operation {
    /// An operation named `method_name` (also its name and Postman name), in
    /// the root group, sent to the first server, with no path, parameters,
    /// headers, body, auth, examples or scripts.
    pub fn new(method_name: &str, method: HttpMethod) -> Operation {
        Operation {
            name: method_name.to_string(),
            method_name: method_name.to_string(),
            postman_name: method_name.to_string(),
            postman_id: None,
            folder_path: Vec::new(),
            group: GroupId::new(0),
            method,
            server: ServerId::new(0),
            path: Vec::new(),
            path_params: Vec::new(),
            query: Vec::new(),
            headers: Vec::new(),
            body: None,
            auth: None,
            responses: Vec::new(),
            docs: None,
            events: Vec::new(),
            scripts: Vec::new(),
            redirects: None,
            profile: None,
        }
    }
}

impl Group {
    /// A folder whose name is also its ident, with nothing in it yet.
    pub fn new(name: &str, parent: Option<GroupId>) -> Group {
        Group {
            name: name.to_string(),
            ident: name.to_string(),
            postman_id: None,
            docs: None,
            parent,
            children: Vec::new(),
            operations: Vec::new(),
        }
    }
}

impl Api {
    /// A v2.1 API named `name` holding `operations`: the root group is named
    /// `name` with the ident `name` in lower case, and each operation's
    /// [`folder_path`](Operation::folder_path) makes the folders it sits in
    /// (each named like its ident), its `group` set to match. No servers,
    /// variables or auth schemes.
    pub fn from_operations(name: &str, mut operations: Vec<Operation>) -> Api {
        let mut root = Group::new(name, None);
        root.ident = name.to_lowercase();
        let mut groups = vec![root];
        for (index, op) in operations.iter_mut().enumerate() {
            let mut current = GroupId::new(0);
            for folder in &op.folder_path {
                let existing = groups[current.index()]
                    .children
                    .iter()
                    .copied()
                    .find(|&child| groups[child.index()].ident == *folder);
                current = existing.unwrap_or_else(|| {
                    groups.push(Group::new(folder, Some(current)));
                    let child = GroupId::new(groups.len() - 1);
                    groups[current.index()].children.push(child);
                    child
                });
            }
            op.group = current;
            groups[current.index()]
                .operations
                .push(OperationId::new(index));
        }
        Api {
            name: name.to_string(),
            docs: None,
            postman_id: None,
            format: FormatVersion::V2_1,
            servers: Vec::new(),
            variables: Vec::new(),
            auth_schemes: Vec::new(),
            groups,
            operations,
            diagnostics: Vec::new(),
        }
    }
}

impl Field {
    /// A required field without docs: JSON key `name`, Rust name `ident`.
    pub fn new(name: &str, ident: &str, ty: TypeRef) -> Field {
        Field {
            name: name.to_string(),
            ident: ident.to_string(),
            ty,
            required: true,
            docs: None,
        }
    }
}

impl TypeDef {
    /// A type named `name`, without docs, not named after a parent, with
    /// no inference key.
    pub fn new(name: &str, kind: TypeKind) -> TypeDef {
        TypeDef {
            name: name.to_string(),
            docs: None,
            within: None,
            kind,
            key: String::new(),
            wanted: String::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folder_paths_make_each_folder_once_and_place_their_operations() {
        let mut a = Operation::new("a", HttpMethod::Get);
        a.folder_path = vec!["users".into(), "admin".into()];
        let mut b = Operation::new("b", HttpMethod::Post);
        b.folder_path = vec!["users".into()];
        let c = Operation::new("c", HttpMethod::Delete);
        let api = Api::from_operations("Test API", vec![a, b, c]);
        let idents: Vec<&str> = api.groups.iter().map(|g| g.ident.as_str()).collect();
        assert_eq!(idents, ["test api", "users", "admin"]);
        assert_eq!(api.groups[1].parent, Some(GroupId::new(0)));
        assert_eq!(api.groups[2].parent, Some(GroupId::new(1)));
        assert_eq!(api.groups[0].children, [GroupId::new(1)]);
        assert_eq!(api.groups[1].children, [GroupId::new(2)]);
        let placed: Vec<usize> = api.operations.iter().map(|op| op.group.index()).collect();
        assert_eq!(placed, [2, 1, 0]);
        assert_eq!(api.groups[2].operations, [OperationId::new(0)]);
        assert_eq!(api.groups[0].operations, [OperationId::new(2)]);
    }
}
