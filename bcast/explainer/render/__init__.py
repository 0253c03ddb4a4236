"""Drawing: the layout as plain text (``text``, no rich) and in colour or HTML (``terminal``)."""
