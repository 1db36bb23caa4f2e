"""The changes log partners mirror from, and the content version every cached answer is keyed on."""
