"""The claim graph: what only many documents tell (actors across articles, events, claims,
positions, conflicts). Pure functions over FORMAT.md records; the store keeps their results."""
