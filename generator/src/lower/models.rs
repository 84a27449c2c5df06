//! The models lowering makes, addressed by [`ModelId`]: their shapes, what each type name is to
//! be made from, and which ones `merge` folded into one. Names come later, from `naming`.

use std::collections::BTreeMap;

use super::Pointer;
use crate::ir;

/// A model made by lowering: an index into [`Models`], in the order models were created.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct ModelId(usize);

impl ModelId {
    /// The position of the model in creation order.
    pub(crate) fn index(self) -> usize {
        self.0
    }
}

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

/// A model's shape; its names are the naming pass's.
#[derive(Debug, Clone)]
pub(crate) struct Draft {
    /// The schema name or location in the spec it came from.
    pub(crate) spec_name: String,
    pub(crate) description: Option<String>,
    pub(crate) kind: ir::ModelKind<Ids>,
}

/// What a model's type name is made from; the naming pass claims them in creation order.
#[derive(Debug, Clone)]
pub(crate) enum NameRequest {
    /// This name (a component schema's, in PascalCase already).
    Exact(String),
    /// The PascalCase form of the hint.
    Hint(Hint),
}

/// A type name to be: a text after the type name of the model it belongs to, if any
/// (`{FlexBox}Position`, `{Message}Variant1`, `{Items}Item`).
#[derive(Debug, Clone)]
pub(crate) struct Hint {
    /// The model whose type name comes first; it is always created (and named) before the
    /// models hinted from it.
    pub(crate) parent: Option<ModelId>,
    pub(crate) text: String,
}

impl Hint {
    /// A hint made of `text` alone (an operation's `{Stem}Request`).
    pub(crate) fn text(text: impl Into<String>) -> Self {
        Hint { parent: None, text: text.into() }
    }

    /// The type name of `parent` itself.
    pub(crate) fn model(parent: ModelId) -> Self {
        Hint { parent: Some(parent), text: String::new() }
    }

    /// This hint followed by `suffix`.
    pub(crate) fn join(&self, suffix: &str) -> Self {
        Hint { parent: self.parent, text: format!("{}{suffix}", self.text) }
    }
}

/// Models `merge` made one: one of them stands for all, the others are not rendered.
#[derive(Debug, Clone)]
pub(crate) struct Fold {
    /// In creation order.
    pub(crate) members: Vec<ModelId>,
    /// The type name the kept member takes when no model has it (the property they all come from).
    pub(crate) shared: Option<String>,
}

/// Every model of the crate by id.
#[derive(Debug, Default)]
pub(crate) struct Models {
    /// What the type name of each id is made from.
    requests: Vec<NameRequest>,
    /// The shape of each id; `None` while it is being lowered, or when lowering it failed.
    drafts: Vec<Option<Draft>>,
    /// The groups of models `merge` folded into one, in the order it found them.
    folds: Vec<Fold>,
    /// The fold each folded model belongs to, by index into `folds`.
    fold_of: BTreeMap<ModelId, usize>,
    /// Models made from inline schemas, by the schema's pointer.
    inline: BTreeMap<Pointer, ModelId>,
}

impl Models {
    /// A new model whose type name is made from `request`; its shape comes later.
    pub(crate) fn add(&mut self, request: NameRequest) -> ModelId {
        let id = ModelId(self.requests.len());
        self.requests.push(request);
        self.drafts.push(None);
        id
    }

    /// A new model for the inline schema at `at`.
    pub(crate) fn add_inline(&mut self, at: &Pointer, hint: Hint) -> ModelId {
        let id = self.add(NameRequest::Hint(hint));
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

    /// Every model's name request, with its id, in creation order (folded ones too).
    pub(crate) fn requests(&self) -> impl Iterator<Item = (ModelId, &NameRequest)> {
        self.requests.iter().enumerate().map(|(i, r)| (ModelId(i), r))
    }

    /// One model for every member of its fold, for passes over ids (the first member; which one
    /// keeps its shape and name is the naming pass's choice): `id` when it was not folded.
    pub(crate) fn canonical(&self, id: ModelId) -> ModelId {
        self.fold_of
            .get(&id)
            .and_then(|i| self.folds.get(*i))
            .and_then(|f| f.members.first().copied())
            .unwrap_or(id)
    }

    /// Each folded model with the one [`Self::canonical`] gives for it, when that is another.
    pub(crate) fn folded(&self) -> impl Iterator<Item = (ModelId, ModelId)> + '_ {
        self.fold_of.keys().map(|id| (*id, self.canonical(*id))).filter(|(id, canonical)| id != canonical)
    }

    /// The groups `merge` folded, in the order it found them.
    pub(crate) fn folds(&self) -> &[Fold] {
        &self.folds
    }

    /// Every model with a shape, in creation order (each member of a fold, until naming keeps one).
    pub(crate) fn iter(&self) -> impl Iterator<Item = (ModelId, &Draft)> {
        self.drafts.iter().enumerate().filter_map(|(i, d)| d.as_ref().map(|d| (ModelId(i), d)))
    }

    pub(crate) fn iter_mut(&mut self) -> impl Iterator<Item = (ModelId, &mut Draft)> {
        self.drafts.iter_mut().enumerate().filter_map(|(i, d)| d.as_mut().map(|d| (ModelId(i), d)))
    }

    /// Makes the members of `fold` one model; a model is in one fold at most.
    pub(crate) fn fold(&mut self, fold: Fold) {
        let i = self.folds.len();
        for id in &fold.members {
            self.fold_of.insert(*id, i);
        }
        self.folds.push(fold);
    }
}
