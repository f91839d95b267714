"""Pure types and rules of Vigile: no I/O, no framework."""
