//! WebAssembly bindings of the AISM core.
