//! The lookups of a [`DataSet`](super::DataSet), built once at load so the checks and the
//! tables never build a key out of strings: periods, dimensions and members are interned
//! to small ids, and a value is found by `(metric, period id, dimensions id)`.
//!
//! 20,000 rows are looked up several times each (breakdowns, sums, ratios, the year-on-year
//! change); with string keys, building and hashing those keys was most of the data stage.

use super::{Metric, Value, period_key};
use rustc_hash::FxHashMap;
use std::hash::{Hash, Hasher};
use std::sync::{Arc, OnceLock};

/// A period of the data set, interned (`2022` → 0).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PeriodId(u32);

/// A set of dimensions of a row, interned; [`DimsId::TOTAL`] is a metric's total (none set).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DimsId(u32);

impl DimsId {
    /// No dimension set: the metric's total.
    pub const TOTAL: DimsId = DimsId(0);
}

/// Strings numbered in order of first appearance.
#[derive(Debug, Clone, Default)]
pub(super) struct Interner {
    ids: FxHashMap<Arc<str>, u32>,
    names: Vec<Arc<str>>,
}

impl Interner {
    /// The id of `name`, numbering it when new.
    pub(super) fn intern(&mut self, name: &str) -> u32 {
        if let Some(id) = self.ids.get(name) {
            return *id;
        }
        let id = self.names.len() as u32;
        let name: Arc<str> = Arc::from(name);
        self.names.push(name.clone());
        self.ids.insert(name, id);
        id
    }

    /// The id of `name`, if it was interned.
    pub(super) fn get(&self, name: &str) -> Option<u32> {
        self.ids.get(name).copied()
    }

    /// The string of `id`.
    pub(super) fn name(&self, id: u32) -> &Arc<str> {
        &self.names[id as usize]
    }

    /// Every string, in order of first appearance.
    pub(super) fn names(&self) -> &[Arc<str>] {
        &self.names
    }
}

/// A breakdown's members, each with the id of its dimensions.
pub type Members = Vec<(Arc<str>, DimsId)>;

/// The identity of a value without its strings.
type Key = (u32, PeriodId, DimsId);

/// The lookups of a data set (see the module comment).
#[derive(Debug, Clone, Default)]
pub(super) struct Index {
    /// Metric ids to their index in `DataSet::metrics`.
    pub(super) by_id: FxHashMap<String, usize>,
    periods: Interner,
    dimensions: Interner,
    members: Interner,
    /// Each set of (dimension, member) ids, in the metric's dimension order.
    dim_sets: FxHashMap<Vec<(u32, u32)>, DimsId>,
    /// The same sets as strings; `DimsId::TOTAL` is the empty one.
    dim_strings: Vec<Arc<[(String, String)]>>,
    by_key: FxHashMap<Key, usize>,
    /// The members of each (metric, dimension) breakdown, in order of first appearance.
    by_breakdown: FxHashMap<(u32, u32), Members>,
    /// Each metric's values, in row order.
    by_metric: Vec<Vec<usize>>,
    /// The report's period and the two before it, newest first (see `DataSet::columns`).
    pub(super) columns: Vec<String>,
    pub(super) column_ids: Vec<Option<PeriodId>>,
    /// What each metric's tables show, hashed when first asked (see `DataSet::metric_hash`).
    metric_hashes: Vec<OnceLock<u64>>,
}

impl Index {
    /// An index of `metrics`, with no values yet.
    pub(super) fn new(metrics: &[Metric]) -> Index {
        Index {
            by_id: metrics
                .iter()
                .enumerate()
                .map(|(i, m)| (m.id.clone(), i))
                .collect(),
            dim_strings: vec![Arc::from(Vec::new())],
            by_metric: vec![Vec::new(); metrics.len()],
            metric_hashes: vec![OnceLock::new(); metrics.len()],
            ..Index::default()
        }
    }

    /// Interns a row's period.
    pub(super) fn period(&mut self, period: &str) -> (PeriodId, Arc<str>) {
        let id = self.periods.intern(period);
        (PeriodId(id), self.periods.name(id).clone())
    }

    /// Interns a row's dimensions, given in the metric's order as (dimension, member).
    pub(super) fn dims(
        &mut self,
        dims: &[(&str, &str)],
        scratch: &mut Vec<(u32, u32)>,
    ) -> (DimsId, Arc<[(String, String)]>) {
        if dims.is_empty() {
            return (DimsId::TOTAL, self.dim_strings[0].clone());
        }
        scratch.clear();
        for (dimension, member) in dims {
            scratch.push((
                self.dimensions.intern(dimension),
                self.members.intern(member),
            ));
        }
        if let Some(id) = self.dim_sets.get(scratch.as_slice()) {
            return (*id, self.dim_strings[id.0 as usize].clone());
        }
        let id = DimsId(self.dim_strings.len() as u32);
        let strings: Arc<[(String, String)]> = dims
            .iter()
            .map(|(d, m)| (d.to_string(), m.to_string()))
            .collect();
        self.dim_strings.push(strings.clone());
        self.dim_sets.insert(scratch.clone(), id);
        (id, strings)
    }

    /// The index of the value with `value`'s identity, if one was added.
    pub(super) fn find(&self, value: &Value) -> Option<usize> {
        self.by_key
            .get(&(value.metric as u32, value.period_id, value.dims_id))
            .copied()
    }

    /// Adds `value`, which will be at `at` in `DataSet::values`.
    pub(super) fn add(&mut self, value: &Value, at: usize) {
        let metric = value.metric as u32;
        if let [(dimension, member)] = &value.dims[..] {
            let dimension = self.dimensions.intern(dimension);
            let members = self.by_breakdown.entry((metric, dimension)).or_default();
            if !members.iter().any(|(m, _)| **m == **member) {
                members.push((Arc::from(member.as_str()), value.dims_id));
            }
        }
        self.by_key
            .insert((metric, value.period_id, value.dims_id), at);
        self.by_metric[value.metric].push(at);
    }

    /// Sets the table columns: `period` and the two before it (see `DataSet::columns`).
    pub(super) fn set_columns(&mut self, period: Option<&str>) {
        let Some(period) = period else { return };
        self.columns = if let Ok(year) = period.parse::<i32>() {
            (0..3).map(|back| (year - back).to_string()).collect()
        } else {
            let key = period_key(period);
            let mut earlier: Vec<&str> = self
                .periods
                .names()
                .iter()
                .map(|p| &**p)
                .filter(|p| period_key(p) < key)
                .collect();
            earlier.sort_by_key(|p| std::cmp::Reverse(period_key(p)));
            let mut out = vec![period.to_string()];
            out.extend(earlier.into_iter().take(2).map(str::to_string));
            out
        };
        self.column_ids = self.columns.iter().map(|c| self.period_id(c)).collect();
    }

    /// Every period of a row, in order of first appearance.
    pub(super) fn period_names(&self) -> &[Arc<str>] {
        self.periods.names()
    }

    /// The id of `period`, if a row has it.
    pub(super) fn period_id(&self, period: &str) -> Option<PeriodId> {
        self.periods.get(period).map(PeriodId)
    }

    /// The value of `metric` for `period` with the dimensions `dims`.
    pub(super) fn get(&self, metric: usize, period: PeriodId, dims: DimsId) -> Option<usize> {
        self.by_key.get(&(metric as u32, period, dims)).copied()
    }

    /// The interned id of `dims` (given in the metric's order), if a row has them.
    pub(super) fn dims_id(&self, dims: &[(String, String)]) -> Option<DimsId> {
        if dims.is_empty() {
            return Some(DimsId::TOTAL);
        }
        let key: Option<Vec<(u32, u32)>> = dims
            .iter()
            .map(|(d, m)| Some((self.dimensions.get(d)?, self.members.get(m)?)))
            .collect();
        self.dim_sets.get(&key?).copied()
    }

    /// The members of `metric`'s breakdown by `dimension` with their dimensions' ids.
    pub(super) fn breakdown(&self, metric: usize, dimension: &str) -> &[(Arc<str>, DimsId)] {
        self.dimensions
            .get(dimension)
            .and_then(|d| self.by_breakdown.get(&(metric as u32, d)))
            .map_or(&[], Vec::as_slice)
    }

    /// A hash of what a table of `metric` shows: its definition, the columns, and each of
    /// its values' period, dimensions, figure as written, note and assured mark (not their lines: a
    /// row moved in its file shows the same).
    pub(super) fn metric_hash(&self, metrics: &[Metric], values: &[Value], metric: usize) -> u64 {
        *self.metric_hashes[metric].get_or_init(|| {
            crate::text::hash_of(|h| {
                metrics[metric].hash(h);
                self.columns.hash(h);
                for v in &self.by_metric[metric] {
                    let v = &values[*v];
                    // Mantissa and scale: `1.0` and `1` are equal decimals (with equal
                    // hashes) but print differently.
                    let figure = v.value.map(|d| (d.mantissa(), d.scale()));
                    (&v.period, &v.dims, figure, &v.note, v.assured).hash(h);
                }
                h.write_u8(0);
            })
        })
    }
}
