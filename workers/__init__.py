"""arq workers: settings per queue and thin jobs (load, call the domain, record)."""
