"""The command-line interface (Typer). Thin: parse, call services, print."""
