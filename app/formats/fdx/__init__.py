"""Final Draft FDX files: reader and writer."""
