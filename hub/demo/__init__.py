"""Demo content for ``gongkai hub --demo``: a district that reads like a real one (all text invented)."""
