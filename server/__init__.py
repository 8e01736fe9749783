"""Crisis Table's server: the store, the live games, HTTP and websocket, the CLI."""
