"""Import and export of content as JSON."""
