"""What the use cases run on: the workspace and its transactions, the analysis cache and its file,
identity resolution, storing records, the owner's zone, background sync and serving checks."""
