"""The MCP front end: the user's AI assistant asks innercircle through the Model Context Protocol.

``tools`` is the table of what an assistant may ask (each tool: its arguments, the use case it calls and
the typed result it answers, the same data as the CLI's ``--json``); ``server`` serves that table over
stdio with the official ``mcp`` SDK. Like cli and web it calls use cases only; ``innercircle mcp``
starts it by name, so the CLI never imports it.
"""
