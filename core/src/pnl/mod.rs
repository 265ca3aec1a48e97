//! Monthly P&L analysis (SPEC §2.2): account classification, the statement with margins,
//! changes, YTD and trailing 12 months, variance vs budget and prior period, input shapes
//! (ledger, trial balance, actual vs budget, QuickBooks Online and Xero exports) and the report.

pub mod classify;
pub(crate) mod functions;
pub mod input;
pub mod report;
pub mod statement;
pub mod variance;

pub use input::{PnlShape, Recognised, recognise};
pub use report::{PnlOptions, pnl_report};
