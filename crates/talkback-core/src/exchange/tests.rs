//! Native tests of the exchange formats (fixtures in tests/fixtures/exports/).
