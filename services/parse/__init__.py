"""Parse stage: read files into text, clean it, build the heading tree."""
