"""The agenda planner: a PuLP model that fixes each session's day, start and room."""
