"""One module per spider family; ``crawler.families`` is the registry that names them."""
