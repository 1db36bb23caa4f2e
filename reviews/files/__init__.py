"""Document files: checked uploads, whole-file storage, the sample PDF."""
