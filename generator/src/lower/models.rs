//! The models lowering makes, addressed by [`ModelId`]: their shapes, their type names, and which
//! ones `merge` folded into another; the naming pass turns ids into names once, at the end.

use std::collections::BTreeMap;

use super::names::Scope;
use super::Pointer;
use crate::ir;

/// A model made by lowering: an index into [`Models`], in the order models were created.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct ModelId(usize);

/// The IR's references inside `lower`: models by id, and names made from a model's name left
/// for the naming pass.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct Ids;

impl ir::Refs for Ids {
    type Model = ModelId;
    type Name = Name;
}

/// A type inside `lower`: models by id.
pub(crate) type Type = ir::Type<Ids>;

/// An identifier inside `lower`: decided, or made from a model's name by the naming pass. Those
/// are claimed in their scope (a struct's fields, a union's variants, an operation's
/// parameters) after every name given there, in order.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Name {
    /// Decided while lowering, and claimed in its scope already.
    Given(String),
    /// This text, claimed in its scope.
    Claim(String),
    /// The type name of the model, claimed in its scope.
    ClaimType(ModelId),
    /// The snake_case form of the model's type name, claimed in its scope.
    ClaimSnake(ModelId),
    /// The type name of the model, as it is.
    Type(ModelId),
}

impl Name {
    /// The name, when it was decided while lowering.
    pub(crate) fn given(&self) -> Option<&str> {
        match self {
            Name::Given(name) => Some(name),
            _ => None,
        }
    }
}

/// A model's shape, without the names only the naming pass decides (module, file).
#[derive(Debug, Clone)]
pub(crate) struct Draft {
    /// The schema name or location in the spec it came from.
    pub(crate) spec_name: String,
    pub(crate) description: Option<String>,
    pub(crate) kind: ir::ModelKind<Ids>,
}

/// Every model of the crate by id, with its type name.
#[derive(Debug, Default)]
pub(crate) struct Models {
    /// Names taken in `crate::models`.
    scope: Scope,
    /// The type name of each id, claimed when the id is created.
    names: Vec<String>,
    /// Type names `merge` gave to the models it kept.
    renamed: BTreeMap<ModelId, String>,
    /// The shape of each id; `None` while it is being lowered, when lowering it failed, and
    /// after `merge` folded it into another model.
    drafts: Vec<Option<Draft>>,
    /// Ids `merge` folded into another model, and the model that stands for them.
    merged: BTreeMap<ModelId, ModelId>,
    /// Models made from inline schemas, by the schema's pointer.
    inline: BTreeMap<Pointer, ModelId>,
}

impl Models {
    /// An empty set whose type names may not take `reserved` (nor the prelude's types).
    pub(crate) fn new(reserved: &[&str]) -> Self {
        let mut scope = Scope::for_types();
        for name in reserved {
            scope.claim((*name).to_string());
        }
        Models { scope, ..Models::default() }
    }

    /// A new model named `candidate` (numbered when the name is taken); its shape comes later.
    pub(crate) fn add(&mut self, candidate: String) -> ModelId {
        let id = ModelId(self.names.len());
        self.names.push(self.scope.claim(candidate));
        self.drafts.push(None);
        id
    }

    /// A new model for the inline schema at `at`.
    pub(crate) fn add_inline(&mut self, at: &Pointer, candidate: String) -> ModelId {
        let id = self.add(candidate);
        self.inline.insert(at.clone(), id);
        id
    }

    /// The model already made from the inline schema at `at`.
    pub(crate) fn inline_at(&self, at: &Pointer) -> Option<ModelId> {
        self.inline.get(at).copied()
    }

    /// The models made from inline schemas, by pointer.
    pub(crate) fn inline(&self) -> &BTreeMap<Pointer, ModelId> {
        &self.inline
    }

    pub(crate) fn set(&mut self, id: ModelId, draft: Draft) {
        if let Some(slot) = self.drafts.get_mut(id.0) {
            *slot = Some(draft);
        }
    }

    pub(crate) fn get(&self, id: ModelId) -> Option<&Draft> {
        self.drafts.get(id.0).and_then(Option::as_ref)
    }

    pub(crate) fn get_mut(&mut self, id: ModelId) -> Option<&mut Draft> {
        self.drafts.get_mut(id.0).and_then(Option::as_mut)
    }

    /// The type name of `id` (of the model standing for it, when it was merged).
    pub(crate) fn name(&self, id: ModelId) -> &str {
        let id = self.canonical(id);
        match self.renamed.get(&id) {
            Some(name) => name,
            None => self.created_name(id),
        }
    }

    /// The type name `id` was created with, before `merge`: names made from a model's name
    /// (its variant in a union, a field or body named after it) keep it.
    pub(crate) fn created_name(&self, id: ModelId) -> &str {
        self.names.get(id.0).map_or("", String::as_str)
    }

    /// The model that stands for `id`: itself, or the one `merge` folded it into.
    pub(crate) fn canonical(&self, id: ModelId) -> ModelId {
        self.merged.get(&id).copied().unwrap_or(id)
    }

    /// Each id `merge` folded into another, with the model that stands for it.
    pub(crate) fn folded(&self) -> impl Iterator<Item = (ModelId, ModelId)> + '_ {
        self.merged.iter().map(|(from, into)| (*from, *into))
    }

    /// Every model with a shape, in creation order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (ModelId, &Draft)> {
        self.drafts.iter().enumerate().filter_map(|(i, d)| d.as_ref().map(|d| (ModelId(i), d)))
    }

    pub(crate) fn iter_mut(&mut self) -> impl Iterator<Item = (ModelId, &mut Draft)> {
        self.drafts.iter_mut().enumerate().filter_map(|(i, d)| d.as_mut().map(|d| (ModelId(i), d)))
    }

    /// Folds `from` into `into`: `from` has no model of its own any more, and every reference to
    /// it names `into`.
    pub(crate) fn merge(&mut self, from: ModelId, into: ModelId) {
        if let Some(slot) = self.drafts.get_mut(from.0) {
            *slot = None;
        }
        self.merged.insert(from, into);
    }

    /// Gives `id` the type name `candidate` if no model has it yet.
    pub(crate) fn rename_if_free(&mut self, id: ModelId, candidate: String) -> bool {
        if self.scope.contains(&candidate) {
            return false;
        }
        let name = self.scope.claim(candidate);
        self.renamed.insert(id, name);
        true
    }
}
