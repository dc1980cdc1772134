"""Templates, brands and rendering.

Public entry points: `rendering` (prepare_message / PreparedMessage.render / render_for,
what the delivery engine calls), `service` (stored templates and their versions),
`brands`, `presentation` (a publication's brand, templates and variable values),
`preview`. The rest are the parts: `sandbox` and `limits` (the Jinja2 environment and its
guards), `checks` (save-time validation), `resolution` and `selection` (which template
text a name means, live or pinned), `context` and `variables` (what templates see),
`formats`, `filters`, `markdown`, `engine` (one render), `builtin/` (default layouts).
"""
