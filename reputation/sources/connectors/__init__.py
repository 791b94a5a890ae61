"""Live connectors: fetch new mentions from APIs and feeds, incrementally (cursors kept in the warehouse)."""
