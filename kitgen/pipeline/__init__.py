"""The one build pipeline: sessions, jobs, keys, the store, workers and the build itself."""
