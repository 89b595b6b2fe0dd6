"""The document model every PDF or DOCX export is built into: shooting scripts, translator
packets, fonts and labels."""
