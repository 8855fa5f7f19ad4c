"""File → core records. One module per format; ``registry`` lists the built-ins once."""
