//! Inventory management (SPEC §2.3): the inventory functions of the registry, the planning
//! engine ([`plan`]), the inventory report ([`report`]) and the recognition of inventory tables
//! for auto-detection.

pub mod fns;
pub mod plan;

pub use plan::{InventoryInput, Plan, PlanOptions, plan};
pub mod report;

pub use report::inventory_report;
